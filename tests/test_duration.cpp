#include <gtest/gtest.h>

#include <sopengine/duration.hpp>

namespace {

// The standard time a text gives, or nullopt.
std::optional<sop::standard_time> read(std::string_view text) {
    return sop::parse_standard_time(text).time;
}

sop::standard_time exactly(std::int64_t days, std::int64_t minutes, std::int64_t clock = 0) {
    const sop::time_amount amount{days, minutes, clock};
    return {amount, amount};
}

sop::standard_time between(sop::time_amount least, sop::time_amount most) {
    return {least, most};
}

}  // namespace

TEST(Duration, ReadsIso8601) {
    EXPECT_EQ(read("PT15M"), exactly(0, 15));
    EXPECT_EQ(read("PT2H"), exactly(0, 120));
    EXPECT_EQ(read("P4D"), exactly(4, 0));
    EXPECT_EQ(read("P1DT2H30M"), exactly(1, 150));
    EXPECT_EQ(read("pt1h"), exactly(0, 60));
}

TEST(Duration, RejectsIsoWithoutWorkingMeaning) {
    for (const char* text : {"P", "PT", "P1Y", "P1M", "P1W", "PT30S", "PT1M1H", "P1H", "PTD",
                             "P1DT", "P-1D", "PT1.5H"}) {
        EXPECT_EQ(read(text), std::nullopt) << text;
    }
}

TEST(Duration, ReadsTheSopsOwnWords) {
    EXPECT_EQ(read("15 menit"), exactly(0, 15));
    EXPECT_EQ(read("1 Jam"), exactly(0, 60));
    EXPECT_EQ(read("2 hari"), exactly(2, 0));
    EXPECT_EQ(read("1 Hari"), exactly(1, 0));
    EXPECT_EQ(read("20 Menit"), exactly(0, 20));
    EXPECT_EQ(read("1 jam 30 menit"), exactly(0, 90));
    EXPECT_EQ(read("1 hari 2 jam"), exactly(1, 120));
    EXPECT_EQ(read("2 hari kerja"), exactly(2, 0));
    EXPECT_EQ(read("  3 JAM  "), exactly(0, 180));
    EXPECT_EQ(read("90 minutes"), exactly(0, 90));
    EXPECT_EQ(read("2 hours"), exactly(0, 120));
    EXPECT_EQ(read("1 day"), exactly(1, 0));
    EXPECT_EQ(read("30menit"), exactly(0, 30));
}

// "1 Hr" was once read as one hour: eight times too short.
TEST(Duration, HrIsHari) {
    EXPECT_EQ(read("1 Hr"), exactly(1, 0));
    EXPECT_EQ(read("2 hr"), exactly(2, 0));
    EXPECT_EQ(read("3 Hr."), exactly(3, 0));
    EXPECT_EQ(read("1 HK"), exactly(1, 0));
    const auto hrs = sop::parse_standard_time("2 hrs");
    EXPECT_FALSE(hrs);
    EXPECT_NE(hrs.problem.find("\"jam\" for hours"), std::string::npos) << hrs.problem;
}

TEST(Duration, ClockTimeIsKeptApart) {
    EXPECT_EQ(read("1 x 24 jam"), exactly(0, 0, 1440));
    EXPECT_EQ(read("3x24 Jam"), exactly(0, 0, 3 * 1440));
    EXPECT_EQ(read("2 \xC3\x97 24 jam"), exactly(0, 0, 2 * 1440));  // ×
    EXPECT_EQ(read("14 hari kalender"), exactly(0, 0, 14 * 1440));
    EXPECT_FALSE(sop::parse_standard_time("1 x 12 jam"));
    EXPECT_FALSE(sop::parse_standard_time("1 hari kalender 2 jam"));  // mixed
}

TEST(Duration, ReadsTheWaysAuthorsWriteAmounts) {
    EXPECT_EQ(read("0,5 jam"), exactly(0, 30));
    EXPECT_EQ(read("1,5 Jam"), exactly(0, 90));
    EXPECT_EQ(read("0,25 jam"), exactly(0, 15));
    EXPECT_EQ(read("\xC2\xB1 15 menit"), exactly(0, 15));  // ±
    EXPECT_EQ(read("+/- 15 menit"), exactly(0, 15));
    EXPECT_EQ(read("maks. 2 hari"), exactly(2, 0));
    EXPECT_EQ(read("Maksimal 3 hari"), exactly(3, 0));
    EXPECT_EQ(read("paling lama 1 jam"), exactly(0, 60));
    EXPECT_EQ(read("kurang lebih 10 menit"), exactly(0, 10));
    EXPECT_EQ(read("1 (satu) hari"), exactly(1, 0));
    EXPECT_EQ(read("12 (dua belas) jam"), exactly(0, 720));
    EXPECT_EQ(read("125 (seratus dua puluh lima) menit"), exactly(0, 125));
    EXPECT_EQ(read("10 (sepuluh) menit"), exactly(0, 10));
    EXPECT_EQ(read("15 menit."), exactly(0, 15));
}

TEST(Duration, ReadsRanges) {
    EXPECT_EQ(read("1-2 hari"), between({1, 0, 0}, {2, 0, 0}));
    EXPECT_EQ(read("1 - 2 hari"), between({1, 0, 0}, {2, 0, 0}));
    EXPECT_EQ(read("1 s.d. 2 hari"), between({1, 0, 0}, {2, 0, 0}));
    EXPECT_EQ(read("1 s.d 2 Hari"), between({1, 0, 0}, {2, 0, 0}));
    EXPECT_EQ(read("1 s/d 2 hari"), between({1, 0, 0}, {2, 0, 0}));
    EXPECT_EQ(read("1 sampai dengan 3 hari"), between({1, 0, 0}, {3, 0, 0}));
    EXPECT_EQ(read("15\xE2\x80\x93"
                   "30 menit"),
              between({0, 15, 0}, {0, 30, 0}));  // en dash
    EXPECT_EQ(read("30 menit - 1 jam"), between({0, 30, 0}, {0, 60, 0}));
    EXPECT_EQ(read("4 jam s.d. 1 hari"), between({0, 240, 0}, {1, 0, 0}));
    EXPECT_TRUE(read("1-2 hari")->is_range());
    EXPECT_FALSE(read("2 hari")->is_range());
    const auto reversed = sop::parse_standard_time("3-2 hari");
    EXPECT_FALSE(reversed);
    EXPECT_NE(reversed.problem.find("shorter time first"), std::string::npos) << reversed.problem;
}

TEST(Duration, SaysWhatIsWrongAndWhatToWrite) {
    const auto problem = [](std::string_view text) {
        const auto result = sop::parse_standard_time(text);
        EXPECT_FALSE(result) << text;
        return result.problem;
    };
    EXPECT_NE(problem("1 Harri").find("did you mean \"hari\"?"), std::string::npos);
    EXPECT_NE(problem("1 minggu").find("\"7 hari kalender\""), std::string::npos);
    EXPECT_NE(problem("0,5 hari").find("\"4 jam\""), std::string::npos);
    EXPECT_NE(problem("1,5 menit").find("whole number of minutes"), std::string::npos);
    EXPECT_NE(problem("1.5 jam").find("with a comma"), std::string::npos);
    EXPECT_NE(problem("1 (dua) hari").find("make them agree"), std::string::npos);
    EXPECT_NE(problem("1 (hari) hari").find("not a number in words"), std::string::npos);
    EXPECT_NE(problem("30 detik").find("whole minutes"), std::string::npos);
    EXPECT_NE(problem("5").find("has no unit"), std::string::npos);
}

TEST(Duration, RejectsWhatIsNotATime) {
    for (const char* text :
         {"", "   ", "480", "1 Harri", "jam", "satu jam", "1 jam x",
          "Sesuai dengan waktu yang ditentukan", "-1 jam", "99999999999999999999 menit",
          "100000 hari", "1 jam 2", "(satu) jam", "1-", "- 2 hari", "1 s.d.", "1 (satu hari"}) {
        EXPECT_EQ(read(text), std::nullopt) << text;
    }
}

TEST(Duration, FormatsDaysFirst) {
    EXPECT_EQ(sop::format_amount({1, 90, 0}), "1 hari 1 jam 30 menit");
    EXPECT_EQ(sop::format_amount({0, 60, 0}), "1 jam");
    EXPECT_EQ(sop::format_amount({}), "0 menit");
    EXPECT_EQ(sop::format_amount({2, 120, 0}), "2 hari 2 jam");
    EXPECT_EQ(sop::format_amount({0, 0, 3 * 1440}), "3 x 24 jam");
    EXPECT_EQ(sop::format_standard_time(between({1, 0, 0}, {2, 0, 0})), "1 hari - 2 hari");
    EXPECT_EQ(sop::format_minutes(570), "9 jam 30 menit");
    EXPECT_EQ(sop::format_minutes(0), "0 menit");
}
