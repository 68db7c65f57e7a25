#include <gtest/gtest.h>

#include <limits>
#include <sopengine/calendar.hpp>
#include <sopengine/error.hpp>

#include "support.hpp"

using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

// 2024-03-11 is a Monday.
sop::time_point local(const sop::working_calendar& calendar, const char* text) {
    return calendar.parse(text).value();
}

}  // namespace

TEST(Calendar, DefaultIsWeekdaysEightToFourInWib) {
    const sop::working_calendar calendar;
    EXPECT_EQ(calendar.utc_offset(), 7h);
    EXPECT_FALSE(calendar.day(0));
    EXPECT_EQ(calendar.day(1), (sop::working_hours{480, 960}));
    EXPECT_FALSE(calendar.day(6));
    // 08:00 WIB is 01:00 UTC.
    EXPECT_EQ(local(calendar, "2024-03-11T08:00"), sys_days(2024y / March / 11) + 1h);
}

TEST(Calendar, AddsWithinADay) {
    const sop::working_calendar calendar;
    EXPECT_EQ(
        calendar.format(calendar.add_working_minutes(local(calendar, "2024-03-11T08:00"), 60)),
        "2024-03-11T09:00:00+07:00");
}

TEST(Calendar, WorkEndingAtCloseIsDueAtClose) {
    const sop::working_calendar calendar;
    EXPECT_EQ(
        calendar.format(calendar.add_working_minutes(local(calendar, "2024-03-11T08:00"), 480)),
        "2024-03-11T16:00:00+07:00");
}

TEST(Calendar, CarriesOverTheEvening) {
    const sop::working_calendar calendar;
    EXPECT_EQ(
        calendar.format(calendar.add_working_minutes(local(calendar, "2024-03-11T15:00"), 120)),
        "2024-03-12T09:00:00+07:00");
}

TEST(Calendar, SkipsTheWeekend) {
    const sop::working_calendar calendar;
    // Friday 15:30 + 1 hour: 30 minutes on Friday, 30 on Monday.
    EXPECT_EQ(
        calendar.format(calendar.add_working_minutes(local(calendar, "2024-03-15T15:30"), 60)),
        "2024-03-18T08:30:00+07:00");
    // Starting on a Saturday begins Monday morning.
    EXPECT_EQ(
        calendar.format(calendar.add_working_minutes(local(calendar, "2024-03-16T10:00"), 30)),
        "2024-03-18T08:30:00+07:00");
}

TEST(Calendar, StartsBeforeOpeningAtOpening) {
    const sop::working_calendar calendar;
    EXPECT_EQ(
        calendar.format(calendar.add_working_minutes(local(calendar, "2024-03-11T06:00"), 15)),
        "2024-03-11T08:15:00+07:00");
}

TEST(Calendar, SkipsHolidays) {
    sop::working_calendar calendar;
    calendar.add_holiday(2024y / March / 12).add_holiday(2024y / March / 13);  // Tue, Wed
    EXPECT_FALSE(calendar.is_working_day(2024y / March / 12));
    EXPECT_TRUE(calendar.is_working_day(2024y / March / 14));
    EXPECT_EQ(
        calendar.format(calendar.add_working_minutes(local(calendar, "2024-03-11T15:00"), 480)),
        "2024-03-14T15:00:00+07:00");
    calendar.add_holiday(2024y / March / 12);
    EXPECT_EQ(calendar.days_off().size(), 2U);
}

TEST(Calendar, OneWorkingDayIsFourHundredEightyMinutes) {
    const sop::working_calendar calendar;
    const auto start = local(calendar, "2024-03-11T10:00");
    const auto due = calendar.add_working_minutes(start, 480);
    EXPECT_EQ(calendar.format(due), "2024-03-12T10:00:00+07:00");
    EXPECT_EQ(calendar.working_minutes_between(start, due), 480);
}

TEST(Calendar, CountsWorkingMinutesAcrossWeekendsAndHolidays) {
    sop::working_calendar calendar;
    calendar.add_holiday(2024y / March / 18);
    const auto from = local(calendar, "2024-03-15T15:00");  // Friday
    const auto to = local(calendar, "2024-03-19T09:00");    // Tuesday, after a Monday holiday
    EXPECT_EQ(calendar.working_minutes_between(from, to), 60 + 60);
    EXPECT_EQ(calendar.working_minutes_between(to, from), 0);
}

TEST(Calendar, CustomHoursAndOffset) {
    sop::working_calendar calendar;
    calendar.set_utc_offset(8h);                                         // WITA
    calendar.set_day(5, sop::working_hours{7 * 60 + 30, 11 * 60 + 30});  // short Friday
    calendar.set_day(6, sop::working_hours{8 * 60, 12 * 60});            // working Saturday
    EXPECT_EQ(
        calendar.format(calendar.add_working_minutes(local(calendar, "2024-03-15T11:00"), 60)),
        "2024-03-16T08:30:00+08:00");
    calendar.set_day(6, std::nullopt);
    EXPECT_EQ(
        calendar.format(calendar.add_working_minutes(local(calendar, "2024-03-15T11:00"), 60)),
        "2024-03-18T08:30:00+08:00");
}

TEST(Calendar, ZeroMinutesIsTheStart) {
    const sop::working_calendar calendar;
    const auto sunday = local(calendar, "2024-03-17T20:00");
    EXPECT_EQ(calendar.add_working_minutes(sunday, 0), sunday);
}

TEST(Calendar, RejectsBadSettings) {
    sop::working_calendar calendar;
    using sop_test::error_code_of;
    EXPECT_EQ(error_code_of([&] { calendar.set_day(7, std::nullopt); }),
              sop::errc::invalid_argument);
    EXPECT_EQ(error_code_of([&] {
                  calendar.set_day(1, sop::working_hours{600, 600});
              }),
              sop::errc::invalid_argument);
    EXPECT_EQ(error_code_of([&] {
                  calendar.set_day(1, sop::working_hours{0, 1441});
              }),
              sop::errc::invalid_argument);
    EXPECT_EQ(error_code_of([&] { calendar.set_utc_offset(15h); }), sop::errc::invalid_argument);
    EXPECT_EQ(error_code_of([&] { calendar.add_holiday(2023y / February / 29); }),
              sop::errc::invalid_argument);
    EXPECT_EQ(error_code_of([&] { (void)calendar.add_working_minutes(sop::time_point{}, -1); }),
              sop::errc::invalid_argument);
    EXPECT_TRUE(calendar.has_working_time());
    for (unsigned day = 0; day < 7; ++day) calendar.set_day(day, std::nullopt);
    EXPECT_FALSE(calendar.has_working_time());
    EXPECT_EQ(error_code_of([&] { (void)calendar.add_working_minutes(sop::time_point{}, 1); }),
              sop::errc::no_working_time);
    std::error_code why;
    const sop::time_point start = sop::time_point{} + 1h;
    EXPECT_EQ(calendar.add_working_minutes(start, 1, why), start);
    EXPECT_EQ(why, sop::errc::no_working_time);
    EXPECT_EQ(calendar.add_working_minutes(start, 0, why), start);  // no time needed
    EXPECT_FALSE(why);
}

TEST(Calendar, YearsOfHolidaysAreCrossedExactly) {
    // Every day of 2024 to 2043 off: the next working minute is Friday 2044-01-01 08:00.
    sop::working_calendar calendar;
    for (sys_days day = sys_days(2024y / January / 1); day < sys_days(2044y / January / 1);
         day += days(1)) {
        calendar.add_holiday(year_month_day(day));
    }
    EXPECT_EQ(
        calendar.format(calendar.add_working_minutes(local(calendar, "2024-03-11T08:00"), 60)),
        "2044-01-01T09:00:00+07:00");
}

TEST(Calendar, KeepsToTheSupportedRangeOfTimes) {
    const sop::working_calendar calendar;
    EXPECT_EQ(sop::earliest_time, sop::time_point{});
    EXPECT_EQ(calendar.format(sop::latest_time), "10000-01-01T06:59:59+07:00");
    EXPECT_EQ(calendar.format(sop::earliest_time), "1970-01-01T07:00:00+07:00");
    std::error_code why;
    // Past the last supported time, and before the first: refused, never wrapped.
    for (const sop::time_point outside : {sop::time_point::max(), sop::time_point::min(),
                                          sop::latest_time + 1s, sop::earliest_time - 1s}) {
        EXPECT_EQ(calendar.add_working_minutes(outside, 60, why), outside);
        EXPECT_EQ(why, sop::errc::time_out_of_range);
        EXPECT_EQ(calendar.working_minutes_between(outside, sop::latest_time, why), 0);
        EXPECT_EQ(why, sop::errc::time_out_of_range);
        EXPECT_THROW((void)calendar.format(outside), sop::error);
    }
    // A due time that would fall after 9999-12-31T23:59:59Z.
    const sop::time_point late = local(calendar, "9999-12-31T15:30");  // a Friday
    EXPECT_EQ(calendar.add_working_minutes(late, 60, why), late);
    EXPECT_EQ(why, sop::errc::time_out_of_range);
    EXPECT_EQ(calendar.add_working_minutes(late, std::numeric_limits<std::int64_t>::max(), why),
              late);
    EXPECT_EQ(why, sop::errc::time_out_of_range);
    EXPECT_EQ(
        calendar.format(calendar.add_working_minutes(local(calendar, "9999-12-31T08:00"), 60)),
        "9999-12-31T09:00:00+07:00");
    // Parsed times outside the range are not times.
    EXPECT_EQ(calendar.parse("1969-12-31T23:00Z"), std::nullopt);
    EXPECT_EQ(calendar.parse("1970-01-01T06:59"), std::nullopt);  // 23:59 UTC the day before
    EXPECT_EQ(calendar.parse("1970-01-01T07:00"), sop::earliest_time);
}

TEST(Calendar, ParsesAndFormatsLocalTime) {
    const sop::working_calendar calendar;
    EXPECT_EQ(calendar.format(local(calendar, "2024-03-12T08:00:30")), "2024-03-12T08:00:30+07:00");
    EXPECT_EQ(calendar.parse("2024-03-12T01:00:00Z"), calendar.parse("2024-03-12T08:00"));
    EXPECT_EQ(calendar.parse("2024-03-12T09:00+08:00"), calendar.parse("2024-03-12 08:00"));
    for (const char* bad :
         {"", "2024-03-12", "2024-02-30T08:00", "2024-03-12T24:00", "2024-03-12T08:00+",
          "12-03-2024T08:00", "2024-03-12T08:00 ", "2024-03-12T08:00:61"}) {
        EXPECT_EQ(calendar.parse(bad), std::nullopt) << bad;
    }
}
