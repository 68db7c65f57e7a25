#pragma once

// What several test files share: reading a file whole, and cases of tests/data/valid/surat.xml:
// 1 (staf, 1 jam) -> 2? (kasubag, 30 menit; yes 3, no 1) -> 3 (kabag or kasubag, 1 hari).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sopengine/sopengine.hpp>
#include <sstream>
#include <string>

namespace sop_test {

/// The whole content of a file, bytes as they are.
inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The code of the sop::error that `call` throws; an empty code when it throws none.
template <typename Call>
std::error_code error_code_of(Call&& call) {
    try {
        call();
    } catch (const sop::error& failure) {
        return failure.code();
    }
    return {};
}

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
