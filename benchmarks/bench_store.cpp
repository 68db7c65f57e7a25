// Benchmarks of the durable store (sopengine::store) on SQLite and on PostgreSQL: committed
// operations per second from one client and from 8, the worklist, overdue and listing queries
// over 1,000,000 stored cases, and the bytes stored per event. The PostgreSQL figures run on a
// throwaway cluster (scripts/pg-cluster.sh) started on first use and stopped at the end.
// docs/benchmarks.md records the figures.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sopengine/sopengine.hpp>
#include <sopengine/store.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/database.hpp"
#include "throwaway_cluster.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path definitions = SOPENGINE_DEFINITIONS;
constexpr std::array<const char*, 5> shipped{"sidoarjo", "pace", "way-kanan", "kalbar", "kediri"};
constexpr std::array<const char*, 2> backends{"sqlite", "postgresql"};

// The cases of the query benchmarks: 1,000 walked through the store, each cloned 999 times.
constexpr std::int64_t templates = 1'000;
constexpr std::int64_t clones_per_template = 999;
// How far apart the clones of one case are in time: 10 minutes, so that the million cases'
// due times spread over about a week.
constexpr std::int64_t clone_spacing_seconds = 600;

sop::time_point first_monday() {
    return *sop::working_calendar().parse("2024-06-03T08:00");
}

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "store benchmark: %s\n", what.c_str());
    std::abort();
}

// Where the benchmarks' databases live: SQLite files in one temporary folder, PostgreSQL
// databases in one throwaway cluster. Everything is removed when the program ends.
class places {
public:
    static places& get() {
        static places instance;
        return instance;
    }

    // A new, empty database of the backend.
    std::string new_database(std::string_view backend) {
        const std::lock_guard lock(mutex_);
        if (backend == "postgresql") return cluster_.new_database();
        if (folder_.empty()) {
            folder_ = sop_test::command_output("mktemp -d /tmp/sopengine-bench.XXXXXX");
        }
        return (fs::path(folder_) / fmt::format("b{}.sqlite", ++files_)).string();
    }

    // Plain SQL on a database of the backend.
    static std::unique_ptr<sop::detail::database> raw(std::string_view backend,
                                                      const std::string& where) {
        if (backend == "postgresql") return sop::detail::open_postgresql(where);
        return sop::detail::open_sqlite(where, 10'000);
    }

    void clear() {
        cluster_.stop();
        if (!folder_.empty()) fs::remove_all(folder_);
        folder_.clear();
    }

private:
    std::mutex mutex_;
    sop_test::throwaway_cluster cluster_;
    std::string folder_;
    int files_ = 0;
};

// One database per backend and purpose, made by `make` on first use (by whichever benchmark
// thread asks first), then shared by every run and thread.
template <typename Make>
const std::string& shared_database(const std::string& key, Make make) {
    static std::mutex mutex;
    static std::map<std::string, std::string> made;
    const std::lock_guard lock(mutex);
    auto found = made.find(key);
    if (found == made.end()) found = made.emplace(key, make()).first;
    return found->second;
}

// A client of the store as an application is one: walks cases of an SOP, one committed
// operation per call to next(). It starts a case, then performs each step by its first actor on
// the revision it last read (the first decision answered no once, every other yes), and starts
// a new case when one ends.
class walker {
public:
    walker(sop::store& db, std::string sop, sop::time_point at)
        : db_(db), sop_(std::move(sop)), at_(at) {}

    void next() {
        at_ += std::chrono::minutes(20);
        sop::store_outcome done = step();
        if (!done) fail(fmt::format("operation refused: {}", done.message));
        current_ = std::move(done.state);
    }

    // True when the case walked is finished (or none was started yet).
    bool between_cases() const {
        return !current_ || current_->status == sop::status::completed ||
               current_->status == sop::status::cancelled;
    }

private:
    sop::store_outcome step() {
        if (between_cases()) {
            said_no_ = false;
            return db_.start({.sop = sop_}, first_actor(), at_);
        }
        const sop::act_options options{.revision = current_->revision};
        const std::string& actor = current_->actors.front();
        if (current_->status == sop::status::at_decision) {
            const sop::answer value = said_no_ ? sop::answer::yes : sop::answer::no;
            said_no_ = true;
            return db_.answer(current_->id, actor, value, at_, options);
        }
        return db_.complete(current_->id, actor, at_, options);
    }

    const std::string& first_actor() {
        if (actor_.empty()) {
            const auto stored = db_.definitions(sop_);
            if (stored.empty()) fail(fmt::format("no stored definition of {}", sop_));
            actor_ =
                db_.find_definition(stored.front().fingerprint)->steps().front().actors.front();
        }
        return actor_;
    }

    sop::store& db_;
    std::string sop_;
    sop::time_point at_;
    std::optional<sop::case_info> current_;
    std::string actor_;
    bool said_no_ = false;
};

std::string sop_id(const char* name) {
    return sop::load_file_or_throw(definitions / fmt::format("{}.xml", name)).id();
}

// A database with the five shipped SOPs stored.
std::string database_with_definitions(std::string_view backend) {
    const std::string where = places::get().new_database(backend);
    sop::store db = sop::store::open(where);
    for (const char* name : shipped) {
        db.add_definition_file(definitions / fmt::format("{}.xml", name));
    }
    return where;
}

// Committed operations: each iteration is one operation (start, complete or answer) on a
// Sidoarjo case, one transaction, durable when it returns. Each thread is one client with its
// own connection and its own cases.
void store_operations(benchmark::State& state, const std::string& backend) {
    try {
        const std::string& where = shared_database(fmt::format("operations/{}", backend), [&] {
            return database_with_definitions(backend);
        });
        sop::store db = sop::store::open(where);
        walker client(db, sop_id("sidoarjo"), first_monday());
        for (auto _ : state) client.next();
        state.SetItemsProcessed(state.iterations());
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
    }
}

// The five SOPs' cases at every stage, 1,000,000 of them: 1,000 cases walked through the store
// (case i of SOP i mod 5, walked i mod 11 operations past its start, so some are done), then
// each cloned 999 times by SQL with its times moved on by 10 minutes per clone (worklist rows
// too; the clones have no events, which these queries do not read). Analysed afterwards, as a
// database that has been in use is.
std::string million_cases(std::string_view backend) {
    const std::string where = database_with_definitions(backend);
    {
        sop::store db = sop::store::open(where);
        std::vector<std::string> ids;
        for (const char* name : shipped) ids.push_back(sop_id(name));
        for (std::int64_t i = 0; i < templates; ++i) {
            walker client(db, ids.at(static_cast<std::size_t>(i) % ids.size()),
                          first_monday() + std::chrono::minutes(i));
            client.next();
            for (std::int64_t more = i % 11; more > 0 && !client.between_cases(); --more) {
                client.next();
            }
        }
    }
    const auto raw = places::raw(backend, where);
    const std::string numbers =
        fmt::format("WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < {}) ",
                    clones_per_template);
    const std::string shift = fmt::format("(n.k * {})", clone_spacing_seconds);
    raw->begin();
    raw->script(fmt::format(
        "{0}INSERT INTO sop_cases (id, sop_id, fingerprint, calendar_name, calendar, status, "
        "step, actors, step_started, due, started, updated, revision, head, snapshot) SELECT "
        "c.id || '.' || n.k, c.sop_id, c.fingerprint, c.calendar_name, c.calendar, c.status, "
        "c.step, c.actors, c.step_started + {1}, c.due + {1}, c.started + {1}, c.updated + {1}, "
        "c.revision, c.head, c.snapshot FROM sop_cases c, n",
        numbers, shift));
    raw->script(fmt::format(
        "{0}INSERT INTO sop_case_actors (case_id, actor, sop_id, sort_due, step_started) SELECT "
        "a.case_id || '.' || n.k, a.actor, a.sop_id, CASE WHEN a.sort_due = {2} THEN a.sort_due "
        "ELSE a.sort_due + {1} END, a.step_started + {1} FROM sop_case_actors a, n",
        numbers, shift, std::numeric_limits<std::int64_t>::max()));
    raw->commit();
    raw->script("ANALYZE");
    return where;
}

const std::string& million_cases_database(const std::string& backend) {
    return shared_database(fmt::format("million/{}", backend),
                           [&] { return million_cases(backend); });
}

std::int64_t count(sop::detail::database& db, const std::string& sql) {
    return db.query(sql, {}).at(0).integer(0);
}

// The worklist of the actor with the most work waiting (of one SOP when `of_one_sop`), first
// page of 100.
void store_inbox(benchmark::State& state, const std::string& backend, bool of_one_sop) {
    try {
        const std::string& where = million_cases_database(backend);
        const auto raw = places::raw(backend, where);
        const auto busiest = raw->query(
            "SELECT actor, sop_id, COUNT(*) FROM sop_case_actors GROUP BY actor, sop_id ORDER BY "
            "COUNT(*) DESC, actor LIMIT 1",
            {});
        const std::string actor = busiest.at(0).text(0);
        const std::string sop = of_one_sop ? busiest.at(0).text(1) : std::string();
        sop::store db = sop::store::open(where);
        std::size_t listed = 0;
        for (auto _ : state) {
            const auto page = db.inbox(actor, sop, 100);
            listed = page.size();
            benchmark::DoNotOptimize(page.data());
        }
        if (listed != 100) fail(fmt::format("a worklist page of {} cases", listed));
        state.counters["cases"] =
            static_cast<double>(count(*raw, "SELECT COUNT(*) FROM sop_cases"));
        state.counters["waiting"] = static_cast<double>(busiest.at(0).integer(2));
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
    }
}

// The cases overdue at a time when half of those with a due time are, first page of 100.
void store_overdue(benchmark::State& state, const std::string& backend) {
    try {
        const std::string& where = million_cases_database(backend);
        const auto raw = places::raw(backend, where);
        const std::int64_t timed =
            count(*raw, "SELECT COUNT(*) FROM sop_cases WHERE due IS NOT NULL");
        const std::int64_t middle = count(
            *raw,
            fmt::format(
                "SELECT due FROM sop_cases WHERE due IS NOT NULL ORDER BY due LIMIT 1 OFFSET {}",
                timed / 2));
        const sop::time_point at{std::chrono::seconds(middle)};
        sop::store db = sop::store::open(where);
        std::size_t listed = 0;
        for (auto _ : state) {
            const auto page = db.overdue(at, 100);
            listed = page.size();
            benchmark::DoNotOptimize(page.data());
        }
        if (listed != 100) fail(fmt::format("an overdue page of {} cases", listed));
        state.counters["cases"] =
            static_cast<double>(count(*raw, "SELECT COUNT(*) FROM sop_cases"));
        state.counters["overdue"] = static_cast<double>(
            count(*raw, fmt::format("SELECT COUNT(*) FROM sop_cases WHERE due < {}", middle)));
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
    }
}

// The latest 100 running cases of one SOP (cases(filter)).
void store_cases_of_sop(benchmark::State& state, const std::string& backend) {
    try {
        const std::string& where = million_cases_database(backend);
        sop::store db = sop::store::open(where);
        const sop::case_filter filter{
            .sop = sop_id("sidoarjo"), .status = sop::status::at_activity, .limit = 100};
        std::size_t listed = 0;
        for (auto _ : state) {
            const auto page = db.cases(filter);
            listed = page.size();
            benchmark::DoNotOptimize(page.data());
        }
        if (listed != 100) fail(fmt::format("a listing of {} cases", listed));
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
    }
}

// The bytes a database holds, all of it: SQLite's pages (after a checkpoint folds the
// write-ahead log in), PostgreSQL's database size.
std::int64_t database_bytes(sop::detail::database& db, std::string_view backend) {
    if (backend == "postgresql") return count(db, "SELECT pg_database_size(current_database())");
    db.query("PRAGMA wal_checkpoint(TRUNCATE)", {});
    return count(db, "PRAGMA page_count") * count(db, "PRAGMA page_size");
}

// The bytes of the event log: the table, its indexes (and PostgreSQL's TOAST).
std::int64_t event_log_bytes(sop::detail::database& db, std::string_view backend) {
    if (backend == "postgresql") return count(db, "SELECT pg_total_relation_size('sop_events')");
    return count(db,
                 "SELECT SUM(pgsize) FROM dbstat WHERE name IN ('sop_events', "
                 "'sqlite_autoindex_sop_events_1', 'sop_events_by_step')");
}

// Bytes stored per event: 500 Sidoarjo cases walked to the end (each iteration one whole case),
// then the event log's bytes per event, and the whole database's growth per event (cases,
// worklist rows and snapshots included).
void store_event_bytes(benchmark::State& state, const std::string& backend) {
    try {
        const std::string where = database_with_definitions(backend);
        const auto raw = places::raw(backend, where);
        const std::int64_t before = database_bytes(*raw, backend);
        sop::store db = sop::store::open(where);
        walker client(db, sop_id("sidoarjo"), first_monday());
        for (auto _ : state) {
            do {
                client.next();
            } while (!client.between_cases());
        }
        const std::int64_t events = count(*raw, "SELECT COUNT(*) FROM sop_events");
        const auto per_event = [&](std::int64_t bytes) {
            return static_cast<double>(bytes) / static_cast<double>(events);
        };
        state.counters["events"] = static_cast<double>(events);
        state.counters["log_bytes_per_event"] = per_event(event_log_bytes(*raw, backend));
        state.counters["database_bytes_per_event"] =
            per_event(database_bytes(*raw, backend) - before);
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
    }
}

}  // namespace

int main(int argc, char** argv) {
    for (const char* backend : backends) {
        const std::string name(backend);
        for (const int clients : {1, 8}) {
            benchmark::RegisterBenchmark(fmt::format("store_operations/{}", name).c_str(),
                                         store_operations, name)
                ->Threads(clients)
                ->UseRealTime()
                ->MinTime(2.0)
                ->Unit(benchmark::kMicrosecond);
        }
        benchmark::RegisterBenchmark(fmt::format("store_inbox/{}", name).c_str(), store_inbox, name,
                                     false)
            ->UseRealTime()
            ->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(fmt::format("store_inbox_of_one_sop/{}", name).c_str(),
                                     store_inbox, name, true)
            ->UseRealTime()
            ->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(fmt::format("store_overdue/{}", name).c_str(), store_overdue,
                                     name)
            ->UseRealTime()
            ->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(fmt::format("store_cases_of_sop/{}", name).c_str(),
                                     store_cases_of_sop, name)
            ->UseRealTime()
            ->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(fmt::format("store_event_bytes/{}", name).c_str(),
                                     store_event_bytes, name)
            ->Iterations(500)
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond);
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    places::get().clear();
}
