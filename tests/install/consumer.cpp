// Loads an SOP with the installed sopengine and drives it to completion, answering yes.
#include <cstdio>
#include <sopengine/sopengine.hpp>

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    const sop::load_result loaded = sop::load_file(argv[1]);
    if (!loaded) return 1;
    sop::instance work(*loaded.definition);
    sop::time_point at = *work.calendar().parse("2024-03-12T08:00");
    if (!work.start(work.definition().actors().front().id, at)) return 1;
    while (const sop::step* current = work.current_step()) {
        at = work.due().value_or(at);
        const std::string& who = current->actors.front();
        const sop::outcome done = current->kind == sop::step_kind::activity
                                      ? work.complete(who, at)
                                      : work.answer(who, sop::answer::yes, at);
        if (!done) return 1;
    }
    std::printf("%s: %s after %zu steps\n", work.definition().id().c_str(),
                std::string(sop::to_string(work.status())).c_str(), work.history_size());
    return work.status() == sop::status::completed ? 0 : 1;
}
