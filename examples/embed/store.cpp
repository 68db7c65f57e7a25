// Durable cases: keep an SOP and a case in a SQLite file, find the work on each desk, act on it
// as its actor, and check the audit chain: the README's store example.
#include <cstdio>
#include <sopengine/sopengine.hpp>
#include <sopengine/store.hpp>

int main(int argc, char** argv) {
    const char* file = argc > 1 ? argv[1] : "sop-definitions/sidoarjo.xml";
    const char* where = argc > 2 ? argv[2] : "cases.sqlite";
    sop::store db = sop::store::open(where);  // or "postgresql://host/database"
    const sop::definition sop = db.add_definition_file(file);

    const sop::working_calendar calendar;  // Mon-Fri 08:00-16:00 WIB
    sop::time_point now = *calendar.parse("2024-03-18T08:00");
    sop::store_outcome done = db.start({.sop = sop.id()}, sop.steps().front().actors.front(), now);
    while (done && !done.state->step.empty()) {
        const sop::case_info& info = *done.state;
        const std::string& actor = info.actors.front();
        // What is on this actor's desk: the case is there.
        const auto desk = db.inbox(actor, sop.id(), 1000);
        std::printf("%3s  %-10s %zu on the desk", info.step.c_str(), actor.c_str(), desk.size());
        now = info.due.value_or(now);  // every step takes exactly its standard time
        const sop::act_options options{.revision = info.revision, .by = {"Contoh Pegawai", ""}};
        done = info.status == sop::status::at_decision
                   ? db.answer(info.id, actor, sop::answer::yes, now, options)
                   : db.complete(info.id, actor, now, options);
        std::printf(", done %s\n", calendar.format(now).c_str());
    }
    if (!done) {
        std::fprintf(stderr, "refused: %s\n", done.message.c_str());
        return 1;
    }
    const sop::verify_result audit = db.verify(done.state->id);
    std::printf("case %s: %s, %lld events, chain %s\n", done.state->id.c_str(),
                std::string(sop::to_string(done.state->status)).c_str(),
                static_cast<long long>(audit.events), audit ? "verified" : "BROKEN");
    return audit ? 0 : 1;
}
