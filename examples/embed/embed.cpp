// Load an SOP, drive one case through it, and answer its decisions: the README's example.
#include <cstdio>
#include <sopengine/sopengine.hpp>

int main(int argc, char** argv) {
    const char* file = argc > 1 ? argv[1] : "sop-definitions/sidoarjo.xml";
    const sop::load_result loaded = sop::load_file(file);
    for (const sop::diagnostic& problem : loaded.diagnostics) {
        std::fprintf(stderr, "%s\n", sop::to_string(problem).c_str());
    }
    if (!loaded) return 1;

    sop::instance work(*loaded.definition);  // Mon-Fri 08:00-16:00 WIB
    sop::time_point now = *work.calendar().parse("2024-03-12T08:00");
    sop::outcome done = work.start(loaded.definition->actors().front().id, now);
    while (const sop::step* step = done ? work.current_step() : nullptr) {
        const std::string& actor = step->actors.front();
        now = work.due().value_or(now);  // every step takes exactly its standard time
        done = step->kind == sop::step_kind::decision ? work.answer(actor, sop::answer::yes, now)
                                                      : work.complete(actor, now);
        std::printf("%3s  %-10s done %s\n", step->id.c_str(), actor.c_str(),
                    work.calendar().format(now).c_str());
    }
    if (!done) std::fprintf(stderr, "refused: %s\n", done.message.c_str());
    std::printf("%s: %s\n", loaded.definition->header().title.c_str(),
                std::string(sop::to_string(work.status())).c_str());
    return done ? 0 : 1;
}
