/* The README's walk through the C ABI: load an SOP, drive one case, answer its decisions. */
#include <sopengine/sopengine.h>
#include <stdio.h>

int main(int argc, char** argv) {
    const char* file = argc > 1 ? argv[1] : "sop-definitions/sidoarjo.xml";
    sop_definition* sop = NULL;
    sop_diagnostics* problems = NULL;
    sop_instance* work = NULL;
    sop_diagnostic problem;
    sop_step step;
    sop_actor first;
    int64_t now = 0;
    int64_t index = 0;
    int done = sop_load_file(file, &sop, &problems);
    for (size_t i = 0; sop_diagnostics_get(problems, i, &problem) == SOP_OK; ++i) {
        fprintf(stderr, "%s\n", problem.text);
    }
    sop_diagnostics_free(problems);
    if (done != SOP_OK) return 1;

    sop_instance_new(sop, NULL, &work); /* Mon-Fri 08:00-16:00 WIB */
    sop_calendar_parse(NULL, "2024-03-12T08:00", &now);
    sop_definition_actor(sop, 0, &first);
    done = sop_instance_start(work, first.id, now);
    while (done == SOP_ACCEPTED && (index = sop_instance_current_step(work)) >= 0) {
        char when[32];
        sop_definition_step(sop, (size_t)index, &step);
        const char* actor = sop_instance_actor(work, 0);
        sop_instance_due(work, &now); /* every step takes exactly its standard time */
        done = step.kind == SOP_DECISION ? sop_instance_answer(work, actor, SOP_YES, now)
                                         : sop_instance_complete(work, actor, now);
        sop_calendar_format(NULL, now, when, sizeof when);
        printf("%3s  %-10s done %s\n", step.id, actor, when);
    }
    if (done != SOP_ACCEPTED) fprintf(stderr, "refused: %s\n", sop_last_message());
    printf("%s: %s\n", sop_definition_header(sop, "title"),
           sop_instance_status(work) == SOP_COMPLETED ? "completed" : "not completed");
    sop_instance_free(work);
    sop_definition_free(sop);
    return done == SOP_ACCEPTED ? 0 : 1;
}
