// libFuzzer target: the loader on arbitrary bytes. Whatever the input, loading must not crash,
// hang or trip a sanitizer; a definition that loads must load again to the same fingerprint,
// and analysis, DOT export and a walk through it must work.
#include <cstdint>
#include <cstdlib>
#include <sopengine/sopengine.hpp>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const sop::load_result result = sop::load_string(text, "fuzz.xml");
    if (!result) {
        if (!sop::has_errors(result.diagnostics)) std::abort();  // refused without saying why
        return 0;
    }
    const sop::definition& sop = *result.definition;
    if (sop::load_string(text, "again.xml").definition->fingerprint() != sop.fingerprint()) {
        std::abort();
    }
    (void)sop::analyze(sop);
    (void)sop::to_dot(sop);

    // Walk: each step by its first actor, alternating answers, at most 4 steps per step.
    sop::instance work(sop);
    const sop::time_point at = *work.calendar().parse("2024-03-12T08:00");
    if (!work.start(sop.steps().front().actors.front(), at)) std::abort();
    bool yes = false;
    for (std::size_t i = 0; i < 4 * sop.steps().size() && work.current_step() != nullptr; ++i) {
        const sop::step& step = *work.current_step();
        const sop::outcome done =
            step.kind == sop::step_kind::decision
                ? work.answer(step.actors.front(),
                              (yes = !yes) ? sop::answer::yes : sop::answer::no, at)
                : work.complete(step.actors.front(), at);
        if (!done) std::abort();
    }
    const sop::restore_result back = sop::restore(sop, sop::snapshot(work));
    if (!back || sop::snapshot(*back.instance) != sop::snapshot(work)) std::abort();
    return 0;
}
