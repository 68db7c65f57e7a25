#pragma once

// Shared by the tests that drive cases of tests/data/valid/surat.xml:
// 1 (staf, 1 jam) -> 2? (kasubag, 30 menit; yes 3, no 1) -> 3 (kabag or kasubag, 1 hari).

#include <gtest/gtest.h>

#include <filesystem>
#include <sopengine/sopengine.hpp>

namespace sop_test {

inline const std::filesystem::path surat_file =
    std::filesystem::path(SOPENGINE_TEST_DATA) / "valid" / "surat.xml";

class surat_case : public ::testing::Test {
protected:
    sop::definition sop = sop::load_file_or_throw(surat_file);
    sop::working_calendar calendar;
    /// A local time on the default calendar, e.g. "2024-03-11T08:00" (a Monday).
    sop::time_point at(const char* local) const { return calendar.parse(local).value(); }
};

}  // namespace sop_test
