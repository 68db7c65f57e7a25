#pragma once

// What the store's tests share: a fresh store of either backend per test, raw SQL on it (to
// tamper with what the store wrote), and versions of tests/data/valid/surat.xml.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <sopengine/sopengine.hpp>
#include <sopengine/store.hpp>
#include <string>

#include "../support.hpp"
#include "store/database.hpp"
#include "throwaway_cluster.hpp"

namespace sop_test {

/// The throwaway PostgreSQL cluster of the whole run, started on first use and stopped when the
/// tests end.
class postgresql_cluster : public ::testing::Environment {
public:
    static postgresql_cluster& get() {
        static auto* cluster = dynamic_cast<postgresql_cluster*>(
            ::testing::AddGlobalTestEnvironment(new postgresql_cluster));
        return *cluster;
    }
    /// The URI of a new, empty database.
    std::string new_database() { return cluster_.new_database(); }
    void TearDown() override { cluster_.stop(); }

private:
    throwaway_cluster cluster_;
};

/// Registered before the tests run, so that its TearDown stops the cluster at the end.
[[maybe_unused]] inline postgresql_cluster& registered_cluster = postgresql_cluster::get();

/// The text of tests/data/valid/surat.xml.
inline std::string surat_text() {
    return read_file(surat_file);
}

/// surat.xml effective from `effective` (YYYY-MM-DD), step 1 taking `first_step`.
inline std::string surat_version(const std::string& effective, const std::string& first_step) {
    std::string text = surat_text();
    const std::string title = "<title>Surat</title>";
    text.replace(text.find(title), title.size(),
                 title + "<effective date=\"" + effective + "\">" + effective + "</effective>");
    const std::string step = R"(actor="staf" duration="1 jam")";
    text.replace(text.find(step), step.size(), R"(actor="staf" duration=")" + first_step + "\"");
    return text;
}

/// SQL that takes a store of schema 4 back to schema 3 (but for its version number).
inline constexpr const char* undo_schema_4 =
    "DROP TABLE sop_staff_changes; DROP TABLE sop_assignments; DROP TABLE sop_people; "
    "DROP INDEX sop_definitions_by_unit; ALTER TABLE sop_definitions DROP COLUMN unit; "
    "DROP INDEX sop_case_actors_by_unit; ALTER TABLE sop_case_actors DROP COLUMN unit; "
    "ALTER TABLE sop_events DROP COLUMN person_rank; "
    "ALTER TABLE sop_events DROP COLUMN capacity; ALTER TABLE sop_events DROP COLUMN letter; ";

/// A test on a fresh store of the backend named by the parameter ("sqlite" or "postgresql").
class backend_test : public ::testing::TestWithParam<const char*> {
protected:
    void SetUp() override {
        if (std::string_view(GetParam()) == "sqlite") {
            folder_ =
                std::filesystem::temp_directory_path() /
                ("sopengine-store-" + std::to_string(::getpid()) + "-" + std::to_string(++count()));
            std::filesystem::remove_all(folder_);
            std::filesystem::create_directories(folder_);
            where_ = (folder_ / "cases.sqlite").string();
        } else {
            where_ = postgresql_cluster::get().new_database();
        }
    }
    void TearDown() override {
        if (!folder_.empty()) std::filesystem::remove_all(folder_);
    }

    /// A store on this test's database.
    sop::store open() const { return sop::store::open(where_); }
    /// Raw SQL on this test's database.
    std::unique_ptr<sop::detail::database> raw() const {
        if (std::string_view(GetParam()) == "sqlite")
            return sop::detail::open_sqlite(where_, 10'000);
        return sop::detail::open_postgresql(where_);
    }
    const std::string& where() const { return where_; }

    /// A local time on the default calendar, e.g. "2024-03-11T08:00" (a Monday).
    sop::time_point at(const char* local) const { return calendar.parse(local).value(); }

    sop::definition surat = sop::load_file_or_throw(surat_file);
    sop::working_calendar calendar;

private:
    static int& count() {
        static int value = 0;
        return value;
    }
    std::filesystem::path folder_;
    std::string where_;
};

}  // namespace sop_test
