// The store under several processes: racing writers, and a writer killed at random moments.
// Children report over a pipe, one line per event (lines under PIPE_BUF arrive whole), and end
// with _exit: no test assertion runs in a child.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "store_support.hpp"

namespace {

using sop_test::backend_test;

// A pipe a child writes lines to and the parent reads whole.
class line_pipe {
public:
    line_pipe() {
        if (::pipe(ends_.data()) != 0) throw std::runtime_error("pipe failed");
    }
    ~line_pipe() {
        close_end(0);
        close_end(1);
    }
    line_pipe(const line_pipe&) = delete;
    line_pipe& operator=(const line_pipe&) = delete;
    line_pipe(line_pipe&&) = delete;
    line_pipe& operator=(line_pipe&&) = delete;

    void write_line(const std::string& line) const {
        const std::string text = line + "\n";
        (void)!::write(ends_[1], text.data(), text.size());
    }
    void close_end(int end) {
        if (ends_[static_cast<std::size_t>(end)] >= 0)
            ::close(ends_[static_cast<std::size_t>(end)]);
        ends_[static_cast<std::size_t>(end)] = -1;
    }
    // Every whole line until all writers closed their end (the parent closes its own first).
    std::vector<std::string> read_lines() {
        close_end(1);
        std::string text;
        std::array<char, 4096> buffer{};
        ssize_t got = 0;
        while ((got = ::read(ends_[0], buffer.data(), buffer.size())) > 0) {
            text.append(buffer.data(), static_cast<std::size_t>(got));
        }
        std::vector<std::string> lines;
        std::size_t at = 0;
        while (true) {
            const std::size_t end = text.find('\n', at);
            if (end == std::string::npos) break;  // a line cut by a kill was never sent whole
            lines.push_back(text.substr(at, end - at));
            at = end + 1;
        }
        return lines;
    }

private:
    std::array<int, 2> ends_{-1, -1};
};

// A barrier between forked processes: each child arrives, and none goes on before the parent
// opens the gate. A child that dies before arriving closes its ends, so the parent never hangs.
class process_gate {
public:
    process_gate() {
        if (::pipe(ready_.data()) != 0 || ::pipe(go_.data()) != 0) {
            throw std::runtime_error("pipe failed");
        }
    }
    ~process_gate() {
        for (const int end : {ready_[0], ready_[1], go_[0], go_[1]}) {
            if (end >= 0) ::close(end);
        }
    }
    process_gate(const process_gate&) = delete;
    process_gate& operator=(const process_gate&) = delete;
    process_gate(process_gate&&) = delete;
    process_gate& operator=(process_gate&&) = delete;

    // In a child: says it is ready, then waits until the parent opens the gate.
    void arrive_and_wait() {
        close_end(go_[1]);
        const char byte = 'r';
        (void)!::write(ready_[1], &byte, 1);
        close_end(ready_[1]);
        char ignored = 0;
        while (::read(go_[0], &ignored, 1) > 0) {
        }
    }
    // In the parent: waits until `count` children arrived (or died), then lets them all go.
    // Returns how many arrived.
    int open_when_arrived(int count) {
        close_end(ready_[1]);
        int arrived = 0;
        char byte = 0;
        while (arrived < count && ::read(ready_[0], &byte, 1) == 1) ++arrived;
        close_end(go_[1]);
        return arrived;
    }

private:
    static void close_end(int& end) {
        if (end >= 0) ::close(end);
        end = -1;
    }
    std::array<int, 2> ready_{-1, -1};
    std::array<int, 2> go_{-1, -1};
};

// Performs the current step of a case as it was read (complete, or answer yes).
sop::store_outcome perform(sop::store& db, const sop::case_info& read) {
    const sop::time_point at = read.updated + std::chrono::minutes(20);
    const sop::act_options options{.revision = read.revision};
    if (read.status == sop::status::at_decision) {
        return db.answer(read.id, read.actors.front(), sop::answer::yes, at, options);
    }
    return db.complete(read.id, read.actors.front(), at, options);
}

// One line for the parent: performed (A case revision), conflict (C case) or error (E case why).
void report(const line_pipe& reports, const std::string& id, std::int64_t revision,
            const sop::store_outcome& done) {
    if (done) {
        reports.write_line("A " + id + " " + std::to_string(revision));
    } else if (done.code == sop::store_errc::conflict) {
        reports.write_line("C " + id);
    } else {
        reports.write_line("E " + id + " " + done.message);
    }
}

bool active(const sop::case_info& info) {
    return info.status == sop::status::at_activity || info.status == sop::status::at_decision;
}

TEST_P(backend_test, RacingProcessesPerformEachStepExactlyOnce) {
    constexpr int processes = 8;
    constexpr int case_count = 100;
    std::string fingerprint;
    {
        sop::store db = open();
        fingerprint = db.add_definition(sop_test::surat_text(), "surat.xml").fingerprint();
        for (int index = 0; index < case_count; ++index) {
            ASSERT_TRUE(db.start({.sop = "surat", .id = "c" + std::to_string(index)}, "staf",
                                 at("2024-03-11T08:00")));
        }
    }
    line_pipe reports;
    process_gate gate;
    std::vector<pid_t> children;
    for (int child = 0; child < processes; ++child) {
        const pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            int status = 0;
            try {
                sop::store db = open();
                // First, a race the scheduler cannot avoid: every child reads the first case, and
                // only when all have read it do they all try its step with the revision they read.
                const auto first = db.find_case("c0");
                gate.arrive_and_wait();
                if (first) report(reports, "c0", first->revision, perform(db, *first));
                // Every child walks all cases, each from another starting case, so they collide.
                bool work_left = true;
                while (work_left) {
                    work_left = false;
                    for (int step = 0; step < case_count; ++step) {
                        const std::string id =
                            "c" +
                            std::to_string((step + child * (case_count / processes)) % case_count);
                        const auto read = db.find_case(id);
                        if (!read || !active(*read)) continue;
                        work_left = true;
                        report(reports, id, read->revision, perform(db, *read));
                    }
                }
            } catch (const std::exception& failure) {
                reports.write_line(std::string("E exception ") + failure.what());
                status = 1;
            }
            ::_exit(status);
        }
        children.push_back(pid);
    }
    EXPECT_EQ(gate.open_when_arrived(processes), processes);
    const auto lines = reports.read_lines();
    for (const pid_t pid : children) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    std::map<std::string, int> performed;                 // per case
    std::set<std::pair<std::string, std::string>> taken;  // (case, revision) performed
    int conflicts = 0;
    for (const std::string& line : lines) {
        std::istringstream in(line);
        std::string kind;
        std::string id;
        std::string revision;
        in >> kind >> id >> revision;
        if (kind == "A") {
            ++performed[id];
            EXPECT_TRUE(taken.emplace(id, revision).second) << "performed twice: " << line;
        } else if (kind == "C") {
            ++conflicts;
        } else {
            ADD_FAILURE() << line;
        }
    }
    sop::store db = open();
    for (int index = 0; index < case_count; ++index) {
        const std::string id = "c" + std::to_string(index);
        const auto info = db.find_case(id);
        ASSERT_TRUE(info);
        EXPECT_EQ(info->status, sop::status::completed);
        // start, 1, 2 (yes), 3: each step once, by exactly one process.
        EXPECT_EQ(info->revision, 4);
        EXPECT_EQ(performed[id], 3) << id;
        // The final state equals the replay of the log.
        const auto events = db.history(id);
        sop::instance replayed(*db.find_definition(fingerprint));
        for (const auto& event : events) {
            const auto done = event.kind == sop::event_kind::start
                                  ? replayed.start(event.actor, event.at)
                              : event.kind == sop::event_kind::answer
                                  ? replayed.answer(event.actor, *event.answer, event.at)
                                  : replayed.complete(event.actor, event.at);
            ASSERT_TRUE(done) << done.message;
        }
        EXPECT_EQ(sop::snapshot(replayed), sop::snapshot(*db.load_case(id)));
    }
    // The staged race on c0 alone gives every child but one a conflict.
    EXPECT_GE(conflicts, processes - 1);
    EXPECT_TRUE(db.verify());
}

TEST_P(backend_test, AKilledWriterLosesNothingAcknowledged) {
    constexpr int kills = 200;
    {
        sop::store db = open();
        db.add_definition(sop_test::surat_text(), "surat.xml");
    }
    std::mt19937 random(20241121);
    std::map<std::pair<std::string, std::int64_t>, std::string> acknowledged;  // -> hash
    int next_case = 0;
    for (int round = 0; round < kills; ++round) {
        line_pipe reports;
        const int first = next_case;
        const pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            sop::store db = open();
            // Starts cases and walks them, acknowledging each committed event.
            for (int index = first;; ++index) {
                const std::string id = "k" + std::to_string(index);
                auto done = db.start({.sop = "surat", .id = id}, "staf", at("2024-03-11T08:00"));
                while (done && active(*done.state)) {
                    reports.write_line(id + " " + std::to_string(done.state->revision) + " " +
                                       db.history(id).back().hash);
                    done = perform(db, *done.state);
                }
                if (done) {
                    reports.write_line(id + " " + std::to_string(done.state->revision) + " " +
                                       db.history(id).back().hash);
                }
            }
        }
        std::this_thread::sleep_for(std::chrono::microseconds(random() % 40'000));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        for (const std::string& line : reports.read_lines()) {
            std::istringstream in(line);
            std::string id;
            std::int64_t revision = 0;
            std::string hash;
            in >> id >> revision >> hash;
            acknowledged[{id, revision}] = hash;
            next_case = std::max(next_case, std::stoi(id.substr(1)) + 1);
        }
        // The case the child may have been starting when killed is not reused.
        next_case += 1;
    }
    sop::store db = open();
    ASSERT_GT(acknowledged.size(), static_cast<std::size_t>(kills));
    for (const auto& [key, hash] : acknowledged) {
        const auto events = db.history(key.first);
        ASSERT_GE(static_cast<std::int64_t>(events.size()), key.second) << key.first;
        EXPECT_EQ(events[static_cast<std::size_t>(key.second - 1)].hash, hash) << key.first;
    }
    const auto result = db.verify();
    EXPECT_TRUE(result) << result.problems.front().case_id << ": "
                        << result.problems.front().message;
}

}  // namespace
