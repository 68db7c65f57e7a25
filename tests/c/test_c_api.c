/* The C ABI, from C: loading with diagnostics, a definition's identity, actors and steps, the
 * analysis, a whole Sidoarjo case with its refusals, due times and history, snapshots, rendering,
 * calendars, and the errors of bad calls. Compiled as C11 with -Wall -Wextra -pedantic -Werror;
 * run under ASan and UBSan in the sanitizer build, which also fails on any leak. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <sopengine/sopengine.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(condition)                                                                  \
    do {                                                                                  \
        if (!(condition)) {                                                               \
            fprintf(stderr, "%s:%d: failed: %s (last message: %s)\n", __FILE__, __LINE__, \
                    #condition, sop_last_message());                                      \
            ++failures;                                                                   \
        }                                                                                 \
    } while (0)

#define CHECK_TEXT(actual, expected)                                                          \
    do {                                                                                      \
        const char* got_ = (actual);                                                          \
        if (got_ == NULL || strcmp(got_, (expected)) != 0) {                                  \
            fprintf(stderr, "%s:%d: %s is \"%s\", not \"%s\"\n", __FILE__, __LINE__, #actual, \
                    got_ == NULL ? "(null)" : got_, (expected));                              \
            ++failures;                                                                       \
        }                                                                                     \
    } while (0)

/* The whole file, NUL-terminated (free it); NULL when it cannot be read. */
static char* read_file(const char* path, size_t* length) {
    FILE* file = fopen(path, "rb");
    char* text = NULL;
    long size = 0;
    if (file == NULL) return NULL;
    if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) >= 0 &&
        fseek(file, 0, SEEK_SET) == 0) {
        text = malloc((size_t)size + 1);
        if (text != NULL && fread(text, 1, (size_t)size, file) == (size_t)size) {
            text[size] = '\0';
            *length = (size_t)size;
        } else {
            free(text);
            text = NULL;
        }
    }
    fclose(file);
    return text;
}

static int64_t at(const char* local) {
    int64_t out = -1;
    if (sop_calendar_parse(NULL, local, &out) != SOP_OK) {
        fprintf(stderr, "cannot parse %s\n", local);
        ++failures;
    }
    return out;
}

static const char* step_id(const sop_instance* work) {
    sop_step step;
    const int64_t index = sop_instance_current_step(work);
    if (index < 0 || sop_definition_step(sop_instance_definition(work), (size_t)index, &step) != 0)
        return "";
    return step.id;
}

static void test_version(void) {
    CHECK(sop_abi_version() == SOP_ABI_VERSION);
    CHECK(strchr(sop_version(), '.') != NULL);
}

/* Every diagnostic of a failed load is the one the C++ loader prints (the golden file). */
static void test_diagnostics_match_the_golden_file(void) {
    size_t length = 0;
    size_t golden_length = 0;
    char* text = read_file(SOPENGINE_TEST_DATA "/invalid/actor-lists.xml", &length);
    char* golden = read_file(SOPENGINE_TEST_DATA "/invalid/actor-lists.xml.errors", &golden_length);
    sop_definition* definition = (sop_definition*)1;
    sop_diagnostics* diagnostics = NULL;
    char* line = NULL;
    size_t index = 0;
    CHECK(text != NULL && golden != NULL);
    if (text == NULL || golden == NULL) {
        free(text);
        free(golden);
        return;
    }
    CHECK(sop_load_string(text, length, "actor-lists.xml", &definition, &diagnostics) ==
          SOP_ERROR_LOAD_FAILED);
    CHECK(definition == NULL);
    CHECK(strstr(sop_last_message(), "actor-lists.xml:15:29: error:") == sop_last_message());
    for (line = strtok(golden, "\n"); line != NULL; line = strtok(NULL, "\n"), ++index) {
        sop_diagnostic item;
        CHECK(sop_diagnostics_get(diagnostics, index, &item) == SOP_OK);
        if (index >= sop_diagnostics_count(diagnostics)) break;
        CHECK_TEXT(item.text, line);
        CHECK(item.severity == SOP_ERROR);
        CHECK(item.line > 0 && item.column > 0);
        CHECK(strstr(line, item.message) != NULL);
        CHECK(strstr(line, item.code) != NULL);
        CHECK_TEXT(item.file, "actor-lists.xml");
    }
    CHECK(index == sop_diagnostics_count(diagnostics));
    {
        sop_diagnostic item;
        CHECK(sop_diagnostics_get(diagnostics, index, &item) == SOP_ERROR_INVALID_ARGUMENT);
    }
    sop_diagnostics_free(diagnostics);
    free(text);
    free(golden);

    /* A file that is not there: an error diagnostic, no definition. */
    diagnostics = NULL;
    CHECK(sop_load_file(SOPENGINE_TEST_DATA "/no-such-file.xml", &definition, &diagnostics) ==
          SOP_ERROR_LOAD_FAILED);
    CHECK(definition == NULL);
    CHECK(sop_diagnostics_count(diagnostics) == 1);
    sop_diagnostics_free(diagnostics);
}

static void test_definition(const sop_definition* sidoarjo) {
    sop_actor actor;
    sop_step step;
    int year = 0;
    int month = 0;
    int day = 0;
    CHECK_TEXT(sop_definition_id(sidoarjo), "sidoarjo-setda-pengumpulan-data-kinerja");
    CHECK_TEXT(sop_definition_language(sidoarjo), "id");
    CHECK(strlen(sop_definition_fingerprint(sidoarjo)) >= 16);
    CHECK_TEXT(sop_definition_header(sidoarjo, "approved_by.position"),
               "KEPALA BAGIAN PERENCANAAN DAN KEUANGAN");
    CHECK(sop_definition_header(sidoarjo, "title") != NULL);
    CHECK(sop_definition_header(sidoarjo, "no-such-key") == NULL);
    CHECK(sop_definition_header(sidoarjo, "approved_by.age") == NULL);
    CHECK(sop_definition_header(sidoarjo, "legal_basis") == NULL);
    CHECK(sop_definition_header_date(sidoarjo, "effective", &year, &month, &day) == SOP_OK);
    CHECK(year == 2024 && month == 3 && day == 12);
    CHECK(sop_definition_header_date(sidoarjo, "title", &year, &month, &day) ==
          SOP_ERROR_INVALID_ARGUMENT);
    CHECK(sop_definition_list_count(sidoarjo, "legal_basis") > 0);
    CHECK(sop_definition_list_item(sidoarjo, "legal_basis", 0) != NULL);
    CHECK(sop_definition_list_item(sidoarjo, "legal_basis",
                                   sop_definition_list_count(sidoarjo, "legal_basis")) == NULL);
    CHECK(sop_definition_list_count(sidoarjo, "title") == 0);

    CHECK(sop_definition_actor_count(sidoarjo) == 6);
    CHECK(sop_definition_actor(sidoarjo, 2, &actor) == SOP_OK);
    CHECK_TEXT(actor.id, "kabag");
    CHECK_TEXT(actor.name, "Kabag Perencanaan");
    CHECK(sop_definition_actor(sidoarjo, 6, &actor) == SOP_ERROR_INVALID_ARGUMENT);

    CHECK(sop_definition_step_count(sidoarjo) == 10);
    CHECK(sop_definition_find_step(sidoarjo, "8") == 7);
    CHECK(sop_definition_find_step(sidoarjo, "88") == SOP_ERROR_NOT_FOUND);
    CHECK(sop_definition_step(sidoarjo, 7, &step) == SOP_OK);
    CHECK_TEXT(step.id, "8");
    CHECK(step.kind == SOP_DECISION);
    CHECK_TEXT(step.yes, "9");
    CHECK_TEXT(step.no, "7");
    CHECK(step.has_duration == 1 && step.most.minutes == 60 && step.most.days == 0);
    CHECK(step.actor_count == 1);
    CHECK_TEXT(sop_definition_step_actor(sidoarjo, 7, 0), "kabag");
    CHECK(sop_definition_step_actor(sidoarjo, 7, 1) == NULL);
    CHECK(step.line == 100);
    CHECK(sop_definition_step(sidoarjo, 5, &step) == SOP_OK);
    CHECK(step.kind == SOP_ACTIVITY && step.most.days == 1 && step.most.minutes == 0);
    CHECK_TEXT(step.duration_text, "1 Hari");
    CHECK_TEXT(step.next, "7");
}

static void test_analysis(const sop_definition* sidoarjo) {
    sop_analysis* analysis = NULL;
    sop_path_info path;
    sop_workload load;
    CHECK(sop_analyze(sidoarjo, NULL, &analysis) == SOP_OK);
    CHECK(sop_analysis_day_minutes(analysis) == 480);
    CHECK(sop_analysis_path(analysis, SOP_PATH_STANDARD, &path) == SOP_OK);
    /* 1-5 one hour each, 6 one day, 7 two hours, 8-10 one hour each */
    CHECK(path.step_count == 10);
    CHECK(path.minutes == 5 * 60 + 480 + 120 + 3 * 60);
    CHECK_TEXT(sop_analysis_path_step(analysis, SOP_PATH_STANDARD, 7), "8");
    CHECK(sop_analysis_path_step(analysis, SOP_PATH_STANDARD, 10) == NULL);
    CHECK(sop_analysis_path(analysis, 9, &path) == SOP_ERROR_INVALID_ARGUMENT);
    CHECK(sop_analysis_path_step(analysis, 9, 0) == NULL);
    CHECK(sop_analysis_workload_count(analysis) == 6);
    CHECK(sop_analysis_workload(analysis, 2, &load) == SOP_OK);
    CHECK_TEXT(load.actor, "kabag");
    CHECK(load.minutes == 3 * 60); /* steps 3, 8 and 10 */
    CHECK(sop_analysis_untimed_count(analysis) == 0);
    sop_analysis_free(analysis);
}

/* A whole case: each step at its due time, the decision answered no once. */
static void test_case(const sop_definition* sidoarjo) {
    sop_instance* work = NULL;
    sop_record record;
    int64_t due = 0;
    int64_t started = 0;
    char text[32];
    CHECK(sop_instance_new(sidoarjo, NULL, &work) == SOP_OK);
    CHECK(sop_instance_status(work) == SOP_NOT_STARTED);
    CHECK(sop_instance_due(work, &due) == SOP_ERROR_NOT_FOUND);
    CHECK(sop_instance_complete(work, "sekda", at("2024-03-11T08:00")) == SOP_REFUSED_NOT_STARTED);
    CHECK(strlen(sop_last_message()) > 0);

    CHECK(sop_instance_start(work, "sekda", at("2024-03-11T08:00")) == SOP_ACCEPTED);
    CHECK_TEXT(sop_last_message(), "");
    CHECK(sop_instance_status(work) == SOP_AT_ACTIVITY);
    CHECK_TEXT(step_id(work), "1");
    CHECK(sop_instance_actor_count(work) == 1);
    CHECK_TEXT(sop_instance_actor(work, 0), "sekda");
    CHECK(sop_instance_due(work, &due) == SOP_OK && due == at("2024-03-11T09:00"));
    CHECK(sop_instance_step_started(work, &started) == SOP_OK && started == at("2024-03-11T08:00"));
    CHECK(sop_instance_overdue(work, at("2024-03-11T09:01")) == 1);
    CHECK(sop_instance_overdue(work, at("2024-03-11T09:00")) == 0);

    /* Refusals change nothing. */
    CHECK(sop_instance_complete(work, "staf", at("2024-03-11T09:00")) == SOP_REFUSED_NOT_YOUR_TURN);
    CHECK(strstr(sop_last_message(), "staf") != NULL);
    CHECK(sop_instance_complete(work, "nobody", at("2024-03-11T09:00")) ==
          SOP_REFUSED_UNKNOWN_ACTOR);
    CHECK(sop_instance_answer(work, "sekda", SOP_YES, at("2024-03-11T09:00")) ==
          SOP_REFUSED_STEP_IS_ACTIVITY);
    CHECK(sop_instance_complete(work, "sekda", at("2024-03-11T07:00")) ==
          SOP_REFUSED_TIME_GOES_BACK);
    CHECK(sop_instance_cancel(work, "sekda", "", at("2024-03-11T09:00")) ==
          SOP_REFUSED_MISSING_REASON);
    CHECK_TEXT(step_id(work), "1");
    CHECK(sop_instance_history_count(work) == 0);

    {
        const char* actors[] = {"sekda", "asisten", "kabag", "jf", "staf", "bagian", "jf"};
        size_t i = 0;
        for (i = 0; i < sizeof actors / sizeof actors[0]; ++i) {
            CHECK(sop_instance_due(work, &due) == SOP_OK);
            CHECK(sop_instance_complete(work, actors[i], due) == SOP_ACCEPTED);
        }
    }
    /* Step 6 ("1 Hari") began on Monday 13:00 (after steps 1-5 from 08:00, an hour each) and
     * was due a working day later: Tuesday 13:00. */
    CHECK(sop_instance_history(work, 5, &record) == SOP_OK);
    CHECK_TEXT(record.step, "6");
    CHECK_TEXT(record.actor, "bagian");
    CHECK(record.started == at("2024-03-11T13:00"));
    CHECK(record.has_due == 1 && record.due == at("2024-03-12T13:00"));
    CHECK(record.on_time == 1 && record.answer == -1);
    CHECK(sop_calendar_format(NULL, record.due, text, sizeof text) == 25);
    CHECK_TEXT(text, "2024-03-12T13:00:00+07:00");

    CHECK(sop_instance_status(work) == SOP_AT_DECISION);
    CHECK(sop_instance_complete(work, "kabag", at("2024-03-12T16:00")) ==
          SOP_REFUSED_STEP_IS_DECISION);
    CHECK(sop_instance_answer(work, "kabag", 7, at("2024-03-12T16:00")) ==
          SOP_ERROR_INVALID_ARGUMENT);
    CHECK(sop_instance_answer(work, "kabag", SOP_NO, at("2024-03-12T16:00")) == SOP_ACCEPTED);
    CHECK_TEXT(step_id(work), "7");

    {
        /* A snapshot restores to the same case; garbage and another SOP are refused. */
        char* saved = sop_instance_snapshot(work);
        sop_instance* restored = NULL;
        int64_t restored_due = 0;
        CHECK(saved != NULL);
        CHECK(sop_instance_restore(sidoarjo, saved, NULL, &restored) == SOP_RESTORED);
        CHECK_TEXT(step_id(restored), "7");
        CHECK(sop_instance_history_count(restored) == sop_instance_history_count(work));
        CHECK(sop_instance_due(work, &due) == SOP_OK);
        CHECK(sop_instance_due(restored, &restored_due) == SOP_OK && restored_due == due);
        sop_instance_free(restored);
        restored = (sop_instance*)1;
        CHECK(sop_instance_restore(sidoarjo, "not a snapshot", NULL, &restored) ==
              SOP_RESTORE_MALFORMED);
        CHECK(restored == NULL);
        CHECK(strlen(sop_last_message()) > 0);
        CHECK_TEXT(sop_restore_error_name(SOP_RESTORE_MALFORMED), "malformed");
        sop_free(saved);
    }

    CHECK(sop_instance_due(work, &due) == SOP_OK);
    CHECK(sop_instance_complete(work, "jf", due) == SOP_ACCEPTED);
    CHECK(sop_instance_answer(work, "kabag", SOP_YES, due) == SOP_ACCEPTED);
    CHECK(sop_instance_complete(work, "staf", due) == SOP_ACCEPTED);
    CHECK(sop_instance_complete(work, "kabag", due) == SOP_ACCEPTED);
    CHECK(sop_instance_status(work) == SOP_COMPLETED);
    CHECK(sop_instance_current_step(work) == -1);
    CHECK(sop_instance_actor_count(work) == 0);
    CHECK(sop_instance_history_count(work) == 12);
    CHECK(sop_instance_history(work, 7, &record) == SOP_OK);
    CHECK_TEXT(record.step, "8");
    CHECK(record.answer == SOP_NO);
    CHECK(sop_instance_history(work, 12, &record) == SOP_ERROR_INVALID_ARGUMENT);
    CHECK(sop_instance_complete(work, "kabag", due) == SOP_REFUSED_ALREADY_FINISHED);

    {
        /* A copy is an independent case. */
        sop_instance* other = NULL;
        CHECK(sop_instance_new(sidoarjo, NULL, &other) == SOP_OK);
        CHECK(sop_instance_start(other, "sekda", at("2024-03-11T08:00")) == SOP_ACCEPTED);
        sop_instance* copy = NULL;
        CHECK(sop_instance_copy(other, &copy) == SOP_OK);
        CHECK(sop_instance_cancel(copy, "sekda", "ditarik", at("2024-03-11T08:30")) ==
              SOP_ACCEPTED);
        CHECK(sop_instance_status(copy) == SOP_CANCELLED);
        CHECK_TEXT(sop_instance_cancel_reason(copy), "ditarik");
        CHECK(sop_instance_status(other) == SOP_AT_ACTIVITY);
        CHECK_TEXT(sop_instance_cancel_reason(other), "");
        sop_instance_free(copy);
        sop_instance_free(other);
    }
    sop_instance_free(work);
}

static void test_rendering(const sop_definition* sidoarjo) {
    char* dot = sop_to_dot(sidoarjo);
    char* html = sop_to_html(sidoarjo, NULL);
    char* svg = sop_to_svg(sidoarjo);
    CHECK(dot != NULL && strstr(dot, "digraph") != NULL);
    CHECK(html != NULL && strstr(html, "<html") != NULL &&
          strstr(html, "PENGUMPULAN DATA KINERJA"));
    CHECK(svg != NULL && strstr(svg, "<svg") != NULL);
    sop_free(dot);
    sop_free(html);
    sop_free(svg);
    CHECK(sop_to_dot(NULL) == NULL);
    CHECK(strlen(sop_last_message()) > 0);
}

static void test_calendar(const sop_definition* sidoarjo) {
    sop_calendar* national = NULL;
    sop_diagnostics* diagnostics = NULL;
    sop_instance* work = NULL;
    int64_t minutes = -1;
    int64_t due = 0;
    CHECK(sop_calendar_load_file(SOPENGINE_DEFINITIONS "/calendars/indonesia-2025.xml", &national,
                                 &diagnostics) == SOP_OK);
    CHECK(sop_diagnostics_count(diagnostics) == 0);
    sop_diagnostics_free(diagnostics);
    CHECK(strlen(sop_calendar_name(national)) > 0);
    /* Idul Fitri (31 March 2025) has no working time; the Monday two weeks on has some. */
    CHECK(sop_calendar_working_minutes_between(national, at("2025-03-31T00:00"),
                                               at("2025-04-01T00:00"), &minutes) == SOP_OK);
    CHECK(minutes == 0);
    CHECK(sop_calendar_working_minutes_between(national, at("2025-04-14T00:00"),
                                               at("2025-04-15T00:00"), &minutes) == SOP_OK);
    CHECK(minutes > 0);
    /* A case on it: the due time of its first hour is what the calendar says. */
    CHECK(sop_instance_new(sidoarjo, national, &work) == SOP_OK);
    sop_calendar_free(national); /* the case keeps its own reference */
    CHECK(sop_instance_start(work, "sekda", at("2025-04-14T10:00")) == SOP_ACCEPTED);
    CHECK(sop_instance_due(work, &due) == SOP_OK);
    CHECK(due == at("2025-04-14T11:00"));
    sop_instance_free(work);

    national = (sop_calendar*)1;
    CHECK(sop_calendar_load_string("<calendar/>", 11, "bad.xml", &national, &diagnostics) ==
          SOP_ERROR_LOAD_FAILED);
    CHECK(national == NULL);
    CHECK(sop_diagnostics_count(diagnostics) > 0);
    sop_diagnostics_free(diagnostics);
}

static void test_bad_calls(void) {
    sop_definition* definition = NULL;
    char small[5];
    int64_t out = 0;
    CHECK(sop_load_file(NULL, &definition, NULL) == SOP_ERROR_INVALID_ARGUMENT);
    CHECK(sop_load_file("x.xml", NULL, NULL) == SOP_ERROR_INVALID_ARGUMENT);
    CHECK(sop_instance_new(NULL, NULL, NULL) == SOP_ERROR_INVALID_ARGUMENT);
    CHECK(sop_instance_start(NULL, "sekda", 0) == SOP_ERROR_INVALID_ARGUMENT);
    CHECK(sop_calendar_parse(NULL, "11 Maret 2024", &out) == SOP_ERROR_INVALID_ARGUMENT);
    CHECK(strstr(sop_last_message(), "11 Maret 2024") != NULL);
    CHECK(sop_calendar_format(NULL, -1, small, sizeof small) == SOP_ERROR_INVALID_ARGUMENT);
    CHECK(sop_calendar_format(NULL, SOP_LATEST_TIME + 1, small, sizeof small) ==
          SOP_ERROR_INVALID_ARGUMENT);
    /* snprintf semantics: the length needed, the text cut to fit and terminated. */
    CHECK(sop_calendar_format(NULL, at("2024-03-11T08:00"), small, sizeof small) == 25);
    CHECK_TEXT(small, "2024");
    CHECK(sop_calendar_format(NULL, at("2024-03-11T08:00"), NULL, 0) == 25);
    CHECK_TEXT(sop_code_name(SOP_ERROR_LOAD_FAILED), "load_failed");
    CHECK_TEXT(sop_code_name(SOP_REFUSED_NOT_YOUR_TURN), "not_your_turn");
    CHECK_TEXT(sop_code_name(SOP_REFUSED_CONFLICT), "conflict");
    CHECK_TEXT(sop_code_name(SOP_REFUSED_NO_SUCH_CALENDAR), "no_such_calendar");
    CHECK_TEXT(sop_code_name(SOP_ERROR_DAMAGED), "damaged");
    CHECK_TEXT(sop_code_name(SOP_OK), "ok");
    CHECK_TEXT(sop_code_name(12345), "unknown");
    CHECK(sop_definition_step_count(NULL) == 0);
    CHECK(sop_definition_id(NULL) == NULL);
    CHECK(sop_instance_status(NULL) == SOP_NOT_STARTED);
    sop_free(NULL);
    sop_definition_free(NULL);
    sop_instance_free(NULL);
    sop_calendar_free(NULL);
    sop_diagnostics_free(NULL);
    sop_analysis_free(NULL);
}

/* The store on a SQLite file: a case started, refused on a stale revision, walked, listed,
 * reported and verified; a tampered event is named by verify. */
static void test_store(void) {
    char path[] = "/tmp/sopengine-c-store-XXXXXX";
    char file[64];
    sop_store* store = NULL;
    sop_case* state = NULL;
    sop_case_info info;
    sop_case_list* list = NULL;
    sop_event_list* events = NULL;
    sop_event event;
    sop_report* report = NULL;
    sop_step_measure measure;
    sop_instance* loaded = NULL;
    sop_diagnostics* diagnostics = NULL;
    const sop_new_case what = {"sidoarjo-setda-pengumpulan-data-kinerja", "case-1", NULL, NULL};
    sop_act_options options = {0, 0, "Drs. Ahmad", "196801011990031001"};
    int64_t cases = 0;
    int64_t checked = 0;
    char* problems = NULL;
    int status = 0;
    if (mkdtemp(path) == NULL) {
        ++failures;
        return;
    }
    snprintf(file, sizeof file, "%s/cases.sqlite", path);
    CHECK(sop_store_open(file, &store) == SOP_OK);
    CHECK_TEXT(sop_store_backend(store), "sqlite");
    CHECK(sop_store_add_definition_file(store, SOPENGINE_DEFINITIONS "/sidoarjo.xml",
                                        &diagnostics) == SOP_OK);
    sop_diagnostics_free(diagnostics);
    CHECK(sop_store_add_definition(store, "<sop/>", 6, "bad.xml", &diagnostics) ==
          SOP_ERROR_LOAD_FAILED);
    CHECK(sop_diagnostics_count(diagnostics) > 0);
    sop_diagnostics_free(diagnostics);

    /* Before the SOP is effective (12 March 2024) there is nothing to start. */
    CHECK(sop_store_start(store, &what, "sekda", at("2024-03-11T08:00"), NULL, &state) ==
          SOP_REFUSED_NO_SUCH_DEFINITION);
    CHECK(state == NULL);
    CHECK(sop_store_start(store, &what, "sekda", at("2024-03-12T08:00"), &options, &state) ==
          SOP_ACCEPTED);
    CHECK(sop_case_get(state, &info) == SOP_OK);
    CHECK_TEXT(info.id, "case-1");
    CHECK_TEXT(info.step, "1");
    CHECK(info.revision == 1 && info.status == SOP_AT_ACTIVITY);
    CHECK(info.has_due == 1 && info.due == at("2024-03-12T09:00"));
    CHECK_TEXT(sop_case_actor(state, 0), "sekda");
    sop_case_free(state);
    CHECK(sop_store_start(store, &what, "sekda", at("2024-03-12T08:00"), NULL, NULL) ==
          SOP_REFUSED_CASE_EXISTS);

    /* A stale revision is a conflict; the current one is accepted. */
    options.has_revision = 1;
    options.revision = 0;
    CHECK(sop_store_complete(store, "case-1", "sekda", at("2024-03-12T09:00"), &options, &state) ==
          SOP_REFUSED_CONFLICT);
    CHECK(sop_case_get(state, &info) == SOP_OK && info.revision == 1);
    sop_case_free(state);
    options.revision = 1;
    CHECK(sop_store_complete(store, "case-1", "sekda", at("2024-03-12T09:00"), &options, NULL) ==
          SOP_ACCEPTED);
    CHECK(sop_store_complete(store, "case-1", "sekda", at("2024-03-12T09:30"), NULL, NULL) ==
          SOP_REFUSED_NOT_YOUR_TURN);
    CHECK(sop_store_complete(store, "case-9", "sekda", at("2024-03-12T09:30"), NULL, NULL) ==
          SOP_REFUSED_NO_SUCH_CASE);
    CHECK(sop_store_answer(store, "case-1", "asisten", 7, at("2024-03-12T09:30"), NULL, NULL) ==
          SOP_ERROR_INVALID_ARGUMENT);

    CHECK(sop_store_inbox(store, "asisten", NULL, 10, &list) == SOP_OK);
    CHECK(sop_case_list_count(list) == 1);
    CHECK(sop_case_get(sop_case_list_get(list, 0), &info) == SOP_OK);
    CHECK_TEXT(info.id, "case-1");
    CHECK(sop_case_list_get(list, 1) == NULL);
    sop_case_list_free(list);
    CHECK(sop_store_overdue(store, at("2024-03-12T10:01"), 10, &list) == SOP_OK);
    CHECK(sop_case_list_count(list) == 1);
    sop_case_list_free(list);
    CHECK(sop_store_overdue(store, at("2024-03-12T10:00"), 10, &list) == SOP_OK);
    CHECK(sop_case_list_count(list) == 0);
    sop_case_list_free(list);
    CHECK(sop_store_cases(store, NULL, SOP_AT_ACTIVITY, 10, &list) == SOP_OK);
    CHECK(sop_case_list_count(list) == 1);
    sop_case_list_free(list);
    CHECK(sop_store_cases(store, NULL, 7, 10, &list) == SOP_ERROR_INVALID_ARGUMENT);

    CHECK(sop_store_history(store, "case-1", &events) == SOP_OK);
    CHECK(sop_event_list_count(events) == 2);
    CHECK(sop_event_list_get(events, 1, &event) == SOP_OK);
    CHECK(event.sequence == 2);
    CHECK_TEXT(event.kind, "complete");
    CHECK_TEXT(event.step, "1");
    CHECK_TEXT(event.person_name, "Drs. Ahmad");
    CHECK(event.has_minutes == 1 && event.working_minutes == 60 && event.standard_minutes == 60);
    CHECK(event.on_time == 1);
    CHECK(strlen(event.hash) == 64);
    sop_event_list_free(events);

    CHECK(sop_store_load_case(store, "case-1", &loaded) == SOP_OK);
    CHECK_TEXT(step_id(loaded), "2");
    CHECK(sop_instance_history_count(loaded) == 1);
    sop_instance_free(loaded);
    CHECK(sop_store_load_case(store, "case-9", &loaded) == SOP_ERROR_NOT_FOUND);

    CHECK(sop_store_report(store, "sidoarjo-setda-pengumpulan-data-kinerja", &report) == SOP_OK);
    CHECK(sop_report_count(report) == 10);
    CHECK(sop_report_get(report, 0, &measure) == SOP_OK);
    CHECK_TEXT(measure.step, "1");
    CHECK(measure.performed == 1 && measure.on_time == 1 && measure.working_minutes == 60);
    sop_report_free(report);

    CHECK(sop_store_verify(store, NULL, &cases, &checked, &problems) == SOP_OK);
    CHECK(cases == 1 && checked == 2 && problems == NULL);
    CHECK(sop_store_cancel(store, "case-1", "asisten", "ditarik", at("2024-03-12T11:00"), NULL,
                           &state) == SOP_ACCEPTED);
    CHECK(sop_case_get(state, &info) == SOP_OK);
    status = (int)info.status;
    CHECK(status == SOP_CANCELLED);
    sop_case_free(state);
    sop_store_close(store);

    {
        /* Another process edits an event: verify names the case and the event. */
        char command[256];
        snprintf(command, sizeof command,
                 "sqlite3 %s \"UPDATE sop_events SET actor = 'kabag' WHERE seq = 2\"", file);
        if (system(command) == 0) {
            CHECK(sop_store_open(file, &store) == SOP_OK);
            CHECK(sop_store_verify(store, "case-1", NULL, NULL, &problems) == SOP_ERROR_DAMAGED);
            CHECK(problems != NULL && strstr(problems, "case case-1, event 2") == problems);
            sop_free(problems);
            sop_store_close(store);
        } else {
            fprintf(stderr, "sqlite3 could not run: %s\n", command);
            ++failures;
        }
    }
    CHECK(sop_store_open("/proc/no/such/dir/cases.sqlite", &store) == SOP_ERROR_UNAVAILABLE);
    CHECK(store == NULL);
    snprintf(file, sizeof file, "rm -rf %s", path);
    CHECK(system(file) == 0);
}

/* Endings, external actors and joint steps (tests/data/valid/service.xml). */
static void test_service(void) {
    sop_definition* service = NULL;
    sop_diagnostics* diagnostics = NULL;
    sop_instance* work = NULL;
    sop_actor actor;
    sop_ending ending;
    sop_step step;
    sop_record record;
    sop_analysis* analysis = NULL;
    sop_path_info path;
    int64_t due = 0;
    int64_t unit = 0;
    int64_t external = 0;
    CHECK(sop_load_file(SOPENGINE_TEST_DATA "/valid/service.xml", &service, &diagnostics) ==
          SOP_OK);
    sop_diagnostics_free(diagnostics);
    if (service == NULL) return;
    CHECK(sop_definition_ending_count(service) == 3);
    CHECK(sop_definition_ending(service, 2, &ending) == SOP_OK);
    CHECK_TEXT(ending.id, "dikembalikan");
    CHECK_TEXT(ending.label, "Berkas dikembalikan kepada pemohon");
    CHECK(ending.declared == 1);
    CHECK(sop_definition_ending(service, 3, &ending) == SOP_ERROR_INVALID_ARGUMENT);
    CHECK(sop_definition_actor(service, 0, &actor) == SOP_OK && actor.external == 1);
    CHECK(sop_definition_actor(service, 1, &actor) == SOP_OK && actor.external == 0);
    CHECK(sop_definition_step(service, 2, &step) == SOP_OK && step.together == 1);
    CHECK(sop_definition_step(service, 1, &step) == SOP_OK && step.together == 0);
    CHECK_TEXT(step.no, "dikembalikan");

    CHECK(sop_analyze(service, NULL, &analysis) == SOP_OK);
    CHECK(sop_analysis_path(analysis, SOP_PATH_SHORTEST, &path) == SOP_OK);
    CHECK_TEXT(path.ending, "dikembalikan");
    CHECK(path.minutes == 30 && path.external_minutes == 480);
    sop_analysis_free(analysis);

    CHECK(sop_instance_new(service, NULL, &work) == SOP_OK);
    CHECK(sop_instance_start(work, "pemohon", at("2024-03-11T08:00")) == SOP_ACCEPTED);
    CHECK(sop_instance_due(work, &due) == SOP_ERROR_NOT_FOUND); /* the applicant's step */
    CHECK(sop_instance_complete(work, "pemohon", at("2024-03-12T08:00")) == SOP_ACCEPTED);
    CHECK(sop_instance_answer(work, "petugas", SOP_YES, at("2024-03-12T08:30")) == SOP_ACCEPTED);
    CHECK(sop_instance_complete(work, "kabid", at("2024-03-12T09:00")) == SOP_ACCEPTED);
    CHECK_TEXT(step_id(work), "3");
    CHECK(sop_instance_actor_count(work) == 2);
    CHECK_TEXT(sop_instance_actor(work, 0), "petugas");
    CHECK_TEXT(sop_instance_actor(work, 1), "teknis");
    CHECK(sop_instance_actor(work, 2) == NULL);
    CHECK(sop_instance_complete(work, "kabid", at("2024-03-12T09:10")) ==
          SOP_REFUSED_ALREADY_CONFIRMED);
    CHECK_TEXT(sop_code_name(SOP_REFUSED_ALREADY_CONFIRMED), "already_confirmed");
    CHECK(sop_instance_history(work, 2, &record) == SOP_OK && record.completes == 0);
    CHECK(sop_instance_complete(work, "teknis", at("2024-03-12T09:30")) == SOP_ACCEPTED);
    CHECK(sop_instance_complete(work, "petugas", at("2024-03-12T10:00")) == SOP_ACCEPTED);
    CHECK(sop_instance_history(work, 4, &record) == SOP_OK && record.completes == 1);
    CHECK(sop_instance_ending(work) == NULL);
    CHECK(sop_instance_answer(work, "kabid", SOP_NO, at("2024-03-12T10:30")) == SOP_ACCEPTED);
    CHECK_TEXT(sop_instance_ending(work), "ditolak");
    CHECK(sop_instance_clock(work, at("2024-03-20T08:00"), &unit, &external) == SOP_OK);
    CHECK(unit == 150 && external == 480);
    CHECK(sop_instance_clock(work, -1, &unit, &external) == SOP_ERROR_INVALID_ARGUMENT);
    CHECK(sop_instance_clock(work, 0, NULL, &external) == SOP_ERROR_INVALID_ARGUMENT);
    sop_instance_free(work);
    sop_definition_free(service);
}

/* The people behind the roles (tests/data/valid/four-eyes.xml, unit "U"): separation of duties in
 * memory; in a store, people and assignments, operations by a person as holder and as Plh.
 * inside and outside the letter's period, the events' capacities, a desk, the staff history and
 * the printed record. */
static void test_people(void) {
    static const char* const drafter = "199001012015032001";
    static const char* const checker = "199202022016031002";
    static const char* const kabag = "197501012000031002";
    static const char* const plh = "198203032006042003";
    static const char* const letter = "800/112/404.1.1/2026";
    char path[] = "/tmp/sopengine-c-people-XXXXXX";
    char file[64];
    sop_definition* four_eyes = NULL;
    sop_diagnostics* diagnostics = NULL;
    sop_instance* work = NULL;
    sop_record record;
    sop_store* store = NULL;
    sop_case* state = NULL;
    sop_case_info info;
    sop_event_list* events = NULL;
    sop_event event;
    sop_assignment_list* list = NULL;
    sop_assignment found;
    sop_desk* desk = NULL;
    sop_staff_log* log = NULL;
    sop_staff_change change;
    const sop_new_case what = {"empat-mata", "c1", NULL, NULL};
    const sop_date march_3 = {2026, 3, 3};
    const sop_date march_4 = {2026, 3, 4};
    const sop_date april_31 = {2026, 4, 31};
    sop_assignment appoint = {0,    drafter,      "U",       "staf", SOP_HOLDER,
                              NULL, {2020, 1, 1}, {0, 0, 0}, 0,      NULL};
    const sop_act_options named = {0, 0, "Ani", drafter};
    int64_t id = 0;
    const char* role = NULL;
    const char* desk_letter = NULL;
    sop_capacity capacity = SOP_CAPACITY_NONE;
    char* text = NULL;
    CHECK(sop_load_file(SOPENGINE_TEST_DATA "/valid/four-eyes.xml", &four_eyes, &diagnostics) ==
          SOP_OK);
    sop_diagnostics_free(diagnostics);
    if (four_eyes == NULL) return;
    text = sop_definition_unit(four_eyes);
    CHECK_TEXT(text, "U");
    sop_free(text);

    /* In memory: the verifier must be named, and not be the drafter. */
    CHECK(sop_instance_new(four_eyes, NULL, &work) == SOP_OK);
    CHECK(sop_instance_start(work, "staf", at("2026-03-02T08:00")) == SOP_ACCEPTED);
    CHECK(sop_instance_complete_by(work, "staf", drafter, at("2026-03-02T08:30")) == SOP_ACCEPTED);
    CHECK(sop_instance_answer(work, "kasubag", SOP_YES, at("2026-03-02T08:40")) ==
          SOP_REFUSED_PERSON_REQUIRED);
    CHECK(sop_instance_answer_by(work, "kasubag", drafter, SOP_YES, at("2026-03-02T08:40")) ==
          SOP_REFUSED_SEPARATION_OF_DUTIES);
    CHECK(sop_instance_answer_by(work, "kasubag", checker, SOP_YES, at("2026-03-02T08:45")) ==
          SOP_ACCEPTED);
    CHECK(sop_instance_history(work, 1, &record) == SOP_OK);
    CHECK_TEXT(record.person, checker);
    sop_instance_free(work);
    sop_definition_free(four_eyes);

    if (mkdtemp(path) == NULL) {
        ++failures;
        return;
    }
    snprintf(file, sizeof file, "%s/cases.sqlite", path);
    CHECK(sop_store_open(file, &store) == SOP_OK);
    CHECK(sop_store_add_definition_file(store, SOPENGINE_TEST_DATA "/valid/four-eyes.xml", NULL) ==
          SOP_OK);
    CHECK(sop_store_put_person(store, drafter, "Ani Lestari", NULL, at("2026-01-02T08:00")) ==
          SOP_OK);
    CHECK(sop_store_put_person(store, checker, "Dedi Kurnia", NULL, at("2026-01-02T08:00")) ==
          SOP_OK);
    CHECK(sop_store_put_person(store, kabag, "Budi Santoso", "Pembina (IV/a)",
                               at("2026-01-02T08:00")) == SOP_OK);
    CHECK(sop_store_put_person(store, plh, "Sari Dewi", "Penata Tk. I (III/d)",
                               at("2026-01-02T08:00")) == SOP_OK);
    CHECK(sop_store_put_person(store, "1", "", NULL, at("2026-01-02T08:00")) ==
          SOP_ERROR_INVALID_ARGUMENT);

    /* Assignments: holders, a Plh. for two days, and what is refused. */
    CHECK(sop_store_assign(store, &appoint, at("2026-01-02T08:00"), &id) == SOP_OK && id > 0);
    CHECK(sop_store_assign(store, &appoint, at("2026-01-02T08:00"), &id) ==
          SOP_REFUSED_OVERLAPPING);
    CHECK(id == 0);
    CHECK_TEXT(sop_code_name(SOP_REFUSED_OVERLAPPING), "overlapping");
    appoint.nip = checker;
    CHECK(sop_store_assign(store, &appoint, at("2026-01-02T08:00"), NULL) == SOP_OK);
    appoint.nip = kabag;
    appoint.role = "kabag";
    CHECK(sop_store_assign(store, &appoint, at("2026-01-02T08:00"), NULL) == SOP_OK);
    appoint.role = "bupati";
    CHECK(sop_store_assign(store, &appoint, at("2026-01-02T08:00"), NULL) ==
          SOP_REFUSED_NO_SUCH_ROLE);
    appoint.nip = "0";
    appoint.role = "kabag";
    CHECK(sop_store_assign(store, &appoint, at("2026-01-02T08:00"), NULL) ==
          SOP_REFUSED_NO_SUCH_PERSON);
    appoint.nip = plh;
    appoint.capacity = SOP_PLH;
    appoint.from = march_3;
    appoint.to = april_31;
    CHECK(sop_store_assign(store, &appoint, at("2026-03-02T08:00"), NULL) ==
          SOP_ERROR_INVALID_ARGUMENT);
    appoint.to = march_4;
    CHECK(sop_store_assign(store, &appoint, at("2026-03-02T08:00"), NULL) ==
          SOP_ERROR_INVALID_ARGUMENT); /* a Plh. without a letter */
    appoint.letter = letter;
    CHECK(sop_store_assign(store, &appoint, at("2026-03-02T08:00"), &id) == SOP_OK);
    CHECK(sop_store_assignments(store, NULL, "U", "kabag", &march_4, 0, &list) == SOP_OK);
    CHECK(sop_assignment_list_count(list) == 2);
    CHECK(sop_assignment_list_get(list, 1, &found) == SOP_OK);
    CHECK(found.id == id && found.capacity == SOP_PLH);
    CHECK_TEXT(found.letter, letter);
    CHECK(found.from.day == 3 && found.to.year == 2026 && found.to.month == 3 && found.to.day == 4);
    CHECK(sop_assignment_list_get(list, 2, &found) == SOP_ERROR_INVALID_ARGUMENT);
    sop_assignment_list_free(list);

    /* Operations by a person. */
    CHECK(sop_store_start_by(store, &what, drafter, NULL, at("2026-03-02T08:00"), NULL, NULL) ==
          SOP_ACCEPTED);
    CHECK(sop_store_complete_by(store, "c1", drafter, NULL, at("2026-03-02T08:30"), &named, NULL) ==
          SOP_ERROR_INVALID_ARGUMENT);
    CHECK(sop_store_complete_by(store, "c1", drafter, NULL, at("2026-03-02T08:30"), NULL, NULL) ==
          SOP_ACCEPTED);
    CHECK(sop_store_answer_by(store, "c1", drafter, NULL, SOP_YES, at("2026-03-02T08:40"), NULL,
                              NULL) == SOP_REFUSED_SEPARATION_OF_DUTIES);
    CHECK(sop_store_answer_by(store, "c1", plh, NULL, SOP_YES, at("2026-03-02T08:40"), NULL,
                              NULL) == SOP_REFUSED_NOT_ASSIGNED);
    CHECK(sop_store_answer_by(store, "c1", checker, NULL, SOP_YES, at("2026-03-02T08:45"), NULL,
                              NULL) == SOP_ACCEPTED);
    CHECK(sop_store_complete_by(store, "c1", plh, NULL, at("2026-03-02T15:00"), NULL, &state) ==
          SOP_REFUSED_APPOINTMENT_NOT_STARTED);
    CHECK(sop_case_get(state, &info) == SOP_OK && info.revision == 3);
    sop_case_free(state);
    CHECK(sop_store_complete_by(store, "c1", plh, "kabag", at("2026-03-05T09:00"), NULL, NULL) ==
          SOP_REFUSED_APPOINTMENT_EXPIRED);
    CHECK_TEXT(sop_code_name(SOP_REFUSED_APPOINTMENT_EXPIRED), "appointment_expired");

    /* On the 4th the case is on the Plh.'s desk, and she signs it. */
    CHECK(sop_store_desk(store, plh, &march_4, NULL, 10, &desk) == SOP_OK);
    CHECK(sop_desk_count(desk) == 1);
    CHECK(sop_case_get(sop_desk_get(desk, 0, &role, &capacity, &desk_letter), &info) == SOP_OK);
    CHECK_TEXT(info.id, "c1");
    CHECK_TEXT(role, "kabag");
    CHECK_TEXT(desk_letter, letter);
    CHECK(capacity == SOP_PLH);
    CHECK(sop_desk_get(desk, 1, NULL, NULL, NULL) == NULL);
    sop_desk_free(desk);
    CHECK(sop_store_complete_by(store, "c1", plh, NULL, at("2026-03-04T09:00"), NULL, NULL) ==
          SOP_ACCEPTED);
    CHECK(sop_store_history(store, "c1", &events) == SOP_OK);
    CHECK(sop_event_list_count(events) == 4);
    CHECK(sop_event_list_get(events, 3, &event) == SOP_OK);
    CHECK_TEXT(event.actor, "kabag");
    CHECK_TEXT(event.person_name, "Sari Dewi");
    CHECK_TEXT(event.person_rank, "Penata Tk. I (III/d)");
    CHECK_TEXT(event.letter, letter);
    CHECK(event.capacity == SOP_PLH);
    CHECK(sop_event_list_get(events, 0, &event) == SOP_OK && event.capacity == SOP_HOLDER);
    sop_event_list_free(events);
    CHECK(sop_store_verify(store, "c1", NULL, NULL, NULL) == SOP_OK);
    text = sop_store_record_html(store, "c1");
    CHECK(text != NULL && strstr(text, "Plh. Kabag") != NULL && strstr(text, letter) != NULL);
    sop_free(text);
    CHECK(sop_store_record_html(store, "c9") == NULL);

    /* The staff history: four people, four assignments, then the Plh.'s period and revocation. */
    CHECK(sop_store_set_period(store, id, &march_3, &march_3, at("2026-03-05T08:00")) == SOP_OK);
    CHECK(sop_store_revoke(store, id, "salah orang", at("2026-03-05T09:00")) == SOP_OK);
    CHECK(sop_store_revoke(store, 999, "x", at("2026-03-05T09:00")) ==
          SOP_REFUSED_NO_SUCH_ASSIGNMENT);
    CHECK(sop_store_staff_history(store, plh, &log) == SOP_OK);
    CHECK(sop_staff_log_count(log) == 4);
    CHECK(sop_staff_log_get(log, 3, &change) == SOP_OK && change.assignment == id);
    CHECK_TEXT(change.kind, "revoke");
    CHECK(change.at == at("2026-03-05T09:00"));
    sop_staff_log_free(log);
    CHECK(sop_store_assignments(store, plh, NULL, NULL, NULL, 1, &list) == SOP_OK);
    CHECK(sop_assignment_list_get(list, 0, &found) == SOP_OK && found.revoked == 1);
    CHECK_TEXT(found.revoked_reason, "salah orang");
    sop_assignment_list_free(list);
    sop_store_close(store);
    snprintf(file, sizeof file, "rm -rf %s", path);
    CHECK(system(file) == 0);
}

int main(void) {
    sop_definition* sidoarjo = NULL;
    sop_diagnostics* diagnostics = NULL;
    test_version();
    test_diagnostics_match_the_golden_file();
    if (sop_load_file(SOPENGINE_DEFINITIONS "/sidoarjo.xml", &sidoarjo, &diagnostics) != SOP_OK) {
        fprintf(stderr, "cannot load sidoarjo.xml: %s\n", sop_last_message());
        return 1;
    }
    CHECK(sop_diagnostics_count(diagnostics) == 0);
    sop_diagnostics_free(diagnostics);
    test_definition(sidoarjo);
    test_analysis(sidoarjo);
    test_case(sidoarjo);
    test_rendering(sidoarjo);
    test_calendar(sidoarjo);
    test_bad_calls();
    test_store();
    test_service();
    test_people();
    sop_definition_free(sidoarjo);
    if (failures > 0) {
        fprintf(stderr, "%d checks failed\n", failures);
        return 1;
    }
    puts("all checks passed");
    return 0;
}
