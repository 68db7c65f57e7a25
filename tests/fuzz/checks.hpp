#pragma once

// The properties the fuzz targets check on every input, in one place: the libFuzzer targets
// abort when one fails, and tests/test_fuzz_regressions.cpp replays saved inputs through the
// very same checks in every build.

#include <pugixml.hpp>
#include <sopengine/sopengine.hpp>
#include <string>
#include <string_view>

namespace sop_fuzz {

/// The standard document and the flowchart image parse back as XML and draw every step once.
inline bool check_render(const sop::definition& sop) {
    for (const std::string& markup : {sop::to_html(sop), sop::to_svg(sop)}) {
        pugi::xml_document document;
        if (!document.load_buffer(markup.data(), markup.size())) return false;
        if (document.select_nodes("//g[@class='step']").size() != sop.steps().size()) return false;
    }
    return true;
}

/// Loading never crashes; a refusal says why; a definition that loads loads again to the same
/// fingerprint, can be analysed, exported and rendered (check_render), walked (each step by its
/// first actor and a person who performed nothing before, so that separation of duties holds;
/// answers alternating, at most 4 visits per step) and snapshotted and restored to the same text;
/// one that runs related SOPs does not link alone and runs no case. False when a property fails.
inline bool check_load(std::string_view text) {
    const sop::load_result result = sop::load_string(text, "fuzz.xml");
    if (!result) return sop::has_errors(result.diagnostics);
    const sop::definition& sop = *result.definition;
    if (sop::load_string(text, "again.xml").definition->fingerprint() != sop.fingerprint()) {
        return false;
    }
    (void)sop::analyze(sop);
    (void)sop::to_dot(sop);
    if (!check_render(sop)) return false;

    // A step that runs a related SOP needs a catalog that has it; one file alone is no such
    // catalog: linking it is a located unknown-sop error, and a case of it is refused.
    if (!sop.linked()) {
        const sop::catalog_result alone = sop::catalog::link({sop});
        if (alone || alone.diagnostics.empty() || alone.diagnostics.front().code != "unknown-sop" ||
            alone.diagnostics.front().where.line == 0) {
            return false;
        }
        try {
            sop::instance refused(sop);
            return false;
        } catch (const sop::error& error) {
            return error.code() == sop::errc::not_linked;
        }
    }

    sop::instance work(sop);
    const sop::time_point at = *work.calendar().parse("2024-03-12T08:00");
    if (!work.start(sop.steps().front().actors.front(), at)) return false;
    bool yes = false;
    for (std::size_t i = 0; i < 4 * sop.steps().size() && work.current_step() != nullptr; ++i) {
        const sop::step& step = *work.current_step();
        yes = !yes;
        const std::string person = "person-" + std::to_string(i);
        const sop::outcome done =
            step.kind == sop::step_kind::decision
                ? work.answer(step.actors.front(), yes ? sop::answer::yes : sop::answer::no, at,
                              person)
                : work.complete(step.actors.front(), at, person);
        if (!done) return false;
    }
    const sop::restore_result back = sop::restore(sop, sop::snapshot(work));
    return back && sop::snapshot(*back.instance) == sop::snapshot(work);
}

/// Restoring never crashes; a refusal has a reason; an accepted snapshot snapshots back to text
/// that restores to the same state, and the restored instance accepts its next operation or
/// refuses it only because the time goes back or its due time would leave the supported range;
/// a refusal changes nothing. False when a property fails.
inline bool check_restore(const sop::definition& sop, std::string_view text) {
    sop::restore_result result = sop::restore(sop, text);
    if (!result) return result.error != sop::restore_error::none && !result.message.empty();
    sop::instance& work = *result.instance;
    const std::string again = sop::snapshot(work);
    const sop::restore_result twice = sop::restore(sop, again);
    if (!twice || sop::snapshot(*twice.instance) != again) return false;
    if (const sop::step* step = work.current_step()) {
        const sop::time_point at = work.last_event().value_or(sop::time_point{});
        const sop::outcome done = step->kind == sop::step_kind::decision
                                      ? work.answer(step->actors.front(), sop::answer::yes, at)
                                      : work.complete(step->actors.front(), at);
        if (!done && done.code != sop::outcome_code::time_goes_back &&
            done.code != sop::outcome_code::time_out_of_range) {
            return false;
        }
        if (!done && sop::snapshot(work) != again) return false;
    }
    return true;
}

}  // namespace sop_fuzz
