// libFuzzer target: snapshot restore on arbitrary text, against the shipped Sidoarjo SOP.
// Whatever the input, restore must not crash, hang or trip a sanitizer; a refused snapshot has
// a reason; an accepted one must snapshot back to text that restores to the same state, and the
// restored instance must accept its next operation or refuse it cleanly.
#include <cstdint>
#include <cstdlib>
#include <sopengine/sopengine.hpp>
#include <string>
#include <string_view>

namespace {
const sop::definition& sidoarjo() {
    static const sop::definition sop =
        sop::load_file_or_throw(std::string(SOPENGINE_DEFINITIONS) + "/sidoarjo.xml");
    return sop;
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)sidoarjo();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    sop::restore_result result = sop::restore(sidoarjo(), text);
    if (!result) {
        if (result.error == sop::restore_error::none || result.message.empty()) std::abort();
        return 0;
    }
    sop::instance& work = *result.instance;
    const std::string again = sop::snapshot(work);
    const sop::restore_result twice = sop::restore(sidoarjo(), again);
    if (!twice || sop::snapshot(*twice.instance) != again) std::abort();
    if (const sop::step* step = work.current_step()) {
        const sop::time_point at = work.last_event().value_or(sop::time_point{});
        const sop::outcome done = step->kind == sop::step_kind::decision
                                      ? work.answer(step->actors.front(), sop::answer::yes, at)
                                      : work.complete(step->actors.front(), at);
        if (!done && done.code != sop::outcome_code::time_goes_back) std::abort();
    }
    return 0;
}
