#include <gtest/gtest.h>

#include <sopengine/duration.hpp>

TEST(Duration, ReadsIso8601) {
    EXPECT_EQ(sop::parse_duration("PT15M"), 15);
    EXPECT_EQ(sop::parse_duration("PT2H"), 120);
    EXPECT_EQ(sop::parse_duration("P4D"), 4 * 480);
    EXPECT_EQ(sop::parse_duration("P1DT2H30M"), 480 + 150);
    EXPECT_EQ(sop::parse_duration("pt1h"), 60);
}

TEST(Duration, RejectsIsoWithoutWorkingMeaning) {
    for (const char* text : {"P", "PT", "P1Y", "P1M", "P1W", "PT30S", "PT1M1H", "P1H", "PTD",
                             "P1DT", "P-1D", "PT1.5H"}) {
        EXPECT_EQ(sop::parse_duration(text), std::nullopt) << text;
    }
}

TEST(Duration, ReadsTheSopsOwnWords) {
    EXPECT_EQ(sop::parse_duration("15 menit"), 15);
    EXPECT_EQ(sop::parse_duration("1 Jam"), 60);
    EXPECT_EQ(sop::parse_duration("2 hari"), 960);
    EXPECT_EQ(sop::parse_duration("1 Hari"), 480);
    EXPECT_EQ(sop::parse_duration("20 Menit"), 20);
    EXPECT_EQ(sop::parse_duration("1 jam 30 menit"), 90);
    EXPECT_EQ(sop::parse_duration("2 hari kerja"), 960);
    EXPECT_EQ(sop::parse_duration("  3 JAM  "), 180);
    EXPECT_EQ(sop::parse_duration("90 minutes"), 90);
    EXPECT_EQ(sop::parse_duration("2 hours"), 120);
    EXPECT_EQ(sop::parse_duration("1 day"), 480);
    EXPECT_EQ(sop::parse_duration("30menit"), 30);
}

TEST(Duration, ADayIsOneWorkingDay) {
    EXPECT_EQ(sop::parse_duration("1 hari", 450), 450);
    EXPECT_EQ(sop::parse_duration("P2D", 450), 900);
}

TEST(Duration, RejectsWhatIsNotATime) {
    for (const char* text : {"", "   ", "480", "1 Harri", "jam", "satu jam", "1,5 jam", "1 jam x",
                             "Sesuai dengan waktu yang ditentukan", "-1 jam",
                             "99999999999999999999 menit", "100000 hari"}) {
        EXPECT_EQ(sop::parse_duration(text), std::nullopt) << text;
    }
}

TEST(Duration, FormatsLargestUnitFirst) {
    EXPECT_EQ(sop::format_duration(570), "1 hari 1 jam 30 menit");
    EXPECT_EQ(sop::format_duration(60), "1 jam");
    EXPECT_EQ(sop::format_duration(0), "0 menit");
    EXPECT_EQ(sop::format_duration(1080), "2 hari 2 jam");
}
