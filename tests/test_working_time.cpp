// Working time as agencies keep it: weeks with breaks, Ramadan hours, holidays and cuti bersama,
// time zones, and calendar files. Every due time here is worked out by hand in the comment
// beside it.

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <sopengine/sopengine.hpp>

using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

const std::filesystem::path calendars = std::filesystem::path(SOPENGINE_DEFINITIONS) / "calendars";

// The ASN week: Mon-Thu 07:30-16:00 with 12:00-13:00 off, Fri 07:30-16:30 with 11:30-13:00 off.
const char* const asn_week = R"(<calendar format="1" id="asn" time-zone="WIB">
  <week>
    <day name="mon tue wed thu" hours="07:30-16:00" breaks="12:00-13:00"/>
    <day name="fri" hours="07:30-16:30" breaks="11:30-13:00"/>
  </week>
</calendar>)";

sop::working_calendar load(std::string_view text) {
    sop::calendar_load_result loaded = sop::load_calendar_string(text, "test.xml");
    for (const auto& d : loaded.diagnostics) ADD_FAILURE() << sop::to_string(d);
    return loaded.calendar.value();
}

// The due time of `duration` from local time `start`, as local ISO 8601.
std::string due(const sop::working_calendar& calendar, const char* start, const char* duration) {
    const auto time = sop::parse_standard_time(duration).time.value();
    return calendar.format(calendar.add(calendar.parse(start).value(), time.most));
}

}  // namespace

TEST(WorkingTime, AsnWeekWithBreaksAndALongerFriday) {
    const sop::working_calendar asn = load(asn_week);
    EXPECT_EQ(asn.week_minutes(), 37 * 60 + 30);
    EXPECT_EQ(asn.day_minutes(), 450);
    // Thursday 11:00 + 2 jam: 11:00-12:00, break, 13:00-14:00.
    EXPECT_EQ(due(asn, "2024-05-16T11:00", "2 jam"), "2024-05-16T14:00:00+07:00");
    // Friday 11:00 + 1 jam: 11:00-11:30, the Friday prayer break to 13:00, then 30 minutes.
    EXPECT_EQ(due(asn, "2024-05-17T11:00", "1 jam"), "2024-05-17T13:30:00+07:00");
    // Work that ends as the break begins is due then, not after the break.
    EXPECT_EQ(due(asn, "2024-05-17T11:00", "30 menit"), "2024-05-17T11:30:00+07:00");
    // Friday 16:00 + 1 jam: 30 minutes to 16:30, then Monday 07:30-08:00.
    EXPECT_EQ(due(asn, "2024-05-17T16:00", "1 jam"), "2024-05-20T08:00:00+07:00");
    // Work started in a break begins after it.
    EXPECT_EQ(due(asn, "2024-05-16T12:15", "15 menit"), "2024-05-16T13:15:00+07:00");
    // 1 hari from Thursday 08:40 is Friday 08:40; from Friday 16:15 it is Monday's close, 16:00.
    EXPECT_EQ(due(asn, "2024-05-16T08:40", "1 hari"), "2024-05-17T08:40:00+07:00");
    EXPECT_EQ(due(asn, "2024-05-17T16:15", "1 hari"), "2024-05-20T16:00:00+07:00");
    // From the opening, a day ends at that day's close.
    EXPECT_EQ(due(asn, "2024-05-16T07:30", "1 hari"), "2024-05-16T16:00:00+07:00");
    // Thursday 13:00 + 1 hari: Friday 13:00 is the end of the break: due as the break begins.
    EXPECT_EQ(due(asn, "2024-05-16T13:00", "1 hari"), "2024-05-17T11:30:00+07:00");
    // Saturday: work begins Monday 07:30; 2 hari end Tuesday 16:00.
    EXPECT_EQ(due(asn, "2024-05-18T10:00", "2 hari"), "2024-05-21T16:00:00+07:00");
    // 1 hari 2 jam from Monday 08:00: Tuesday 08:00, then 2 hours: 10:00.
    EXPECT_EQ(due(asn, "2024-05-20T08:00", "1 hari 2 jam"), "2024-05-21T10:00:00+07:00");
    // Working minutes of a Friday: 9 hours less 90 minutes of break.
    EXPECT_EQ(
        asn.working_minutes_between(*asn.parse("2024-05-17T00:00"), *asn.parse("2024-05-18T00:00")),
        450);
}

// "1 Hari" is one working day whatever the day's hours: with 08:00-12:00 it is not two days.
TEST(WorkingTime, ADayIsTheCalendarsDay) {
    sop::working_calendar mornings;
    for (unsigned d = 1; d <= 5; ++d) mornings.set_day(d, sop::working_hours{8 * 60, 12 * 60});
    EXPECT_EQ(due(mornings, "2024-03-11T09:00", "1 Hari"), "2024-03-12T09:00:00+07:00");
    EXPECT_EQ(mornings.day_minutes(), 240);
    sop::working_calendar long_days;
    for (unsigned d = 1; d <= 5; ++d) {
        long_days.set_day(d, sop::working_hours{7 * 60 + 30, 16 * 60});
    }
    EXPECT_EQ(due(long_days, "2024-03-11T08:40", "1 Hari"), "2024-03-12T08:40:00+07:00");
    // On the default calendar a day is still 480 minutes, to the second.
    const sop::working_calendar standard;
    for (const char* start : {"2024-03-11T08:00", "2024-03-11T08:40", "2024-03-11T15:59",
                              "2024-03-11T16:00", "2024-03-09T10:00", "2024-03-15T12:34"}) {
        const auto at = *standard.parse(start);
        EXPECT_EQ(standard.add(at, {1, 0, 0}), standard.add_working_minutes(at, 480)) << start;
        EXPECT_EQ(standard.add(at, {3, 75, 0}), standard.add_working_minutes(at, 3 * 480 + 75))
            << start;
    }
}

TEST(WorkingTime, RamadanHours) {
    const sop::working_calendar year =
        sop::load_calendar_file_or_throw(calendars / "indonesia-2025.xml");
    // Monday 3 March 2025, in Ramadan: 08:00-15:00 with 12:00-12:30 off.
    EXPECT_EQ(year.hours_on(2025y / March / 3),
              (sop::working_hours{8 * 60, 15 * 60, {{12 * 60, 12 * 60 + 30}}}));
    // 14:00 + 2 jam: an hour to 15:00, then Tuesday 08:00-09:00.
    EXPECT_EQ(due(year, "2025-03-03T14:00", "2 jam"), "2025-03-04T09:00:00+07:00");
    // Friday 7 March 11:00 + 1 jam: 30 minutes, the break 11:30-12:30, 30 minutes.
    EXPECT_EQ(due(year, "2025-03-07T11:00", "1 jam"), "2025-03-07T13:00:00+07:00");
    // 1 hari from Friday 28 February 15:45 (the ordinary week, closing 16:30): Monday 3 March
    // is in Ramadan and closes at 15:00.
    EXPECT_EQ(due(year, "2025-02-28T15:45", "1 hari"), "2025-03-03T15:00:00+07:00");
    // Ramadan's week has 32.5 working hours.
    EXPECT_EQ(year.working_minutes_between(*year.parse("2025-03-03T00:00"),
                                           *year.parse("2025-03-08T00:00")),
              32 * 60 + 30);
}

TEST(WorkingTime, IdulFitriWithCutiBersamaOnAndOff) {
    std::string off = "<calendar format=\"1\" id=\"x\"><include file=\"" +
                      (calendars / "indonesia-2025.xml").string() + "\"/></calendar>";
    const sop::working_calendar asn = load(off);
    // Thursday 27 March 2025 (Ramadan) 14:00 + 2 jam: an hour to 15:00; Friday 28 (cuti bersama
    // Nyepi), 29 (Nyepi), 30, 31 March and 1 April (Idulfitri), 2-4 and 7 April (cuti bersama)
    // are off: Tuesday 8 April (ordinary hours again) 07:30-08:30.
    EXPECT_EQ(due(asn, "2025-03-27T14:00", "2 jam"), "2025-04-08T08:30:00+07:00");
    EXPECT_EQ(due(asn, "2025-03-27T14:00", "1 hari"), "2025-04-08T14:00:00+07:00");
    // A service unit that stays open works the cuti bersama: Friday 28 March is a Ramadan day
    // (08:00-15:30), and Wednesday 2 April, with ordinary hours, follows the holidays: from
    // Friday 14:00, 90 minutes to 15:30 and 30 from 07:30.
    off.replace(off.find("id=\"x\""), 6, "id=\"x\" cuti-bersama=\"worked\"");
    const sop::working_calendar open = load(off);
    EXPECT_FALSE(open.cuti_bersama_off());
    EXPECT_EQ(due(open, "2025-03-27T14:00", "2 jam"), "2025-03-28T09:00:00+07:00");
    EXPECT_EQ(due(open, "2025-03-28T14:00", "2 jam"), "2025-04-02T08:00:00+07:00");
    EXPECT_FALSE(open.is_working_day(2025y / March / 31));
    EXPECT_TRUE(open.is_working_day(2025y / April / 2));
    EXPECT_FALSE(asn.is_working_day(2025y / April / 2));
}

TEST(WorkingTime, WitaCalendar) {
    std::string text = asn_week;
    text.replace(text.find("WIB"), 3, "WITA");
    const sop::working_calendar wita = load(text);
    EXPECT_EQ(wita.utc_offset(), 8h);
    // 07:30 WITA is 23:30 UTC the day before.
    const auto opening = *wita.parse("2024-05-16T07:30");
    EXPECT_EQ(opening, sys_days(2024y / May / 15) + 23h + 30min);
    EXPECT_EQ(wita.format(wita.add(opening, {0, 60, 0})), "2024-05-16T08:30:00+08:00");
    // Monday 07:30 WIB is 08:30 WITA: 30 minutes later in Makassar's working day.
    const sop::working_calendar wib = load(asn_week);
    const auto monday = *wib.parse("2024-05-20T07:30");
    EXPECT_EQ(wita.format(wita.add(monday, {0, 30, 0})), "2024-05-20T09:00:00+08:00");
}

TEST(WorkingTime, ACaseAcrossTheYearsEnd) {
    const sop::working_calendar years =
        sop::load_calendar_file_or_throw(calendars / "indonesia.xml");
    // Tuesday 24 December 2024 14:00 + 1 hari: 25 (Natal) and 26 (cuti bersama) December are
    // off, Friday 27 December 14:00.
    EXPECT_EQ(due(years, "2024-12-24T14:00", "1 hari"), "2024-12-27T14:00:00+07:00");
    // Tuesday 31 December 15:00 + 2 jam: an hour to 16:00, 1 January is off, Thursday 2 January
    // 07:30-08:30.
    EXPECT_EQ(due(years, "2024-12-31T15:00", "2 jam"), "2025-01-02T08:30:00+07:00");
    // 5 hari from Monday 23 December 2024 10:00: 24, 27, 30, 31 December and 2 January.
    EXPECT_EQ(due(years, "2024-12-23T10:00", "5 hari"), "2025-01-02T10:00:00+07:00");
    EXPECT_EQ(years.days_off().size(), 29U + 28U + 25U);
}

TEST(WorkingTime, ClockTimeIgnoresWorkingHours) {
    const sop::working_calendar asn = load(asn_week);
    // 3 x 24 jam from Friday 15:00 is Monday 15:00, weekend or not.
    EXPECT_EQ(due(asn, "2024-05-17T15:00", "3 x 24 jam"), "2024-05-20T15:00:00+07:00");
    EXPECT_EQ(due(asn, "2024-05-17T15:00", "14 hari kalender"), "2024-05-31T15:00:00+07:00");
}

// One working minute a week is still working time: no scan gives up on it.
TEST(WorkingTime, SparseCalendarsStayExact) {
    sop::working_calendar sparse;
    for (unsigned d = 0; d < 7; ++d) sparse.set_day(d, std::nullopt);
    sparse.set_day(3, sop::working_hours{13 * 60, 13 * 60 + 1});  // Wednesdays, 13:00-13:01
    const auto start = *sparse.parse("2024-03-11T08:00");         // a Monday
    const auto due_time = sparse.add_working_minutes(start, 100'000);
    EXPECT_EQ(due_time, *sparse.parse("2024-03-13T13:01") + weeks(99'999));
    EXPECT_EQ(sparse.working_minutes_between(start, due_time), 100'000);
    EXPECT_EQ(sparse.add(start, {3, 0, 0}), *sparse.parse("2024-03-27T13:01"));
    // A calendar with working time only in a period has none after it.
    sop::working_calendar closed;
    for (unsigned d = 0; d < 7; ++d) closed.set_day(d, std::nullopt);
    sop::hours_period open_once{2024y / March / 12, 2024y / March / 12, "once", "", {}};
    open_once.week[2] = sop::working_hours{};
    closed.add_period(open_once);
    EXPECT_TRUE(closed.has_working_time());
    const auto monday = *closed.parse("2024-03-11T08:00");
    EXPECT_EQ(closed.add_working_minutes(monday, 480), *closed.parse("2024-03-12T16:00"));
    std::error_code why;
    (void)closed.add_working_minutes(monday, 481, why);
    EXPECT_EQ(why, sop::errc::no_working_time);
}

// add(start, m minutes) is the earliest instant with m working minutes since start, and
// working_minutes_between counts them back, on random calendars.
TEST(WorkingTime, AddingAndCountingAreInverse) {
    std::mt19937 random(20261121);
    const auto pick = [&](int low, int high) {
        return std::uniform_int_distribution<int>(low, high)(random);
    };
    int checked = 0;
    for (int round = 0; round < 60; ++round) {
        sop::working_calendar calendar;
        calendar.set_utc_offset(minutes(pick(-14, 14) * 60));
        for (unsigned d = 0; d < 7; ++d) {
            if (pick(0, 2) == 0) {
                calendar.set_day(d, std::nullopt);
                continue;
            }
            const int begin = pick(0, 20) * 60;
            const int end = begin + pick(1, 24 * 60 - begin);
            sop::working_hours hours{begin, end, {}};
            if (end - begin > 120 && pick(0, 1) == 0) {
                const int pause = begin + pick(1, (end - begin) / 2);
                hours.breaks.push_back({pause, pause + pick(1, (end - pause) - 1)});
            }
            calendar.set_day(d, hours);
        }
        if (!calendar.has_working_time()) calendar.set_day(1, sop::working_hours{});
        const auto base = sys_days(2024y / January / 1);
        for (int h = 0; h < pick(0, 40); ++h) {
            calendar.add_day_off(
                {year_month_day(base + days(pick(0, 400))),
                 pick(0, 1) ? sop::day_off_kind::holiday : sop::day_off_kind::cuti_bersama, "",
                 ""});
        }
        if (pick(0, 1) == 0) {
            sop::hours_period period{year_month_day(base + days(60)),
                                     year_month_day(base + days(60 + pick(0, 40))),
                                     "p",
                                     "",
                                     {}};
            for (unsigned d = 0; d < 7; ++d) {
                if (pick(0, 1)) period.week[d] = sop::working_hours{9 * 60, 13 * 60, {}};
            }
            calendar.add_period(period);
        }
        for (int trial = 0; trial < 40; ++trial) {
            const sop::time_point start = base + minutes(pick(-3 * 24 * 60, 300 * 24 * 60));
            const std::int64_t amount = pick(0, 30) == 0 ? pick(0, 200'000) : pick(0, 3'000);
            const sop::time_point end = calendar.add_working_minutes(start, amount);
            ASSERT_EQ(calendar.working_minutes_between(start, end), amount)
                << calendar.format(start) << " + " << amount;
            if (amount > 0) {
                ASSERT_EQ(calendar.working_minutes_between(start, end - 1min), amount - 1)
                    << "not the earliest: " << calendar.format(end);
            }
            // Working days: each one more is later, and working time lies between.
            const int n = pick(1, 12);
            const sop::time_point later = calendar.add(start, {n, 0, 0});
            ASSERT_GT(calendar.working_minutes_between(start, later), 0);
            // (A start at Monday's opening 20:00 after a Friday that closes at 10:25 once gave
            // n and n + 1 days the same due time.)
            ASSERT_LT(later, calendar.add(start, {n + 1, 0, 0}))
                << calendar.format(start) << " + " << n << " hari";
            ++checked;
        }
    }
    EXPECT_EQ(checked, 60 * 40);
}

TEST(WorkingTime, ShippedCalendarsCiteTheirDecrees) {
    for (const char* year : {"indonesia-2024.xml", "indonesia-2025.xml", "indonesia-2026.xml"}) {
        const sop::calendar_load_result loaded = sop::load_calendar_file(calendars / year);
        ASSERT_TRUE(loaded) << year;
        EXPECT_TRUE(loaded.diagnostics.empty()) << year;
        std::size_t holidays = 0;
        std::size_t cuti = 0;
        for (const sop::day_off& off : loaded.calendar->days_off()) {
            EXPECT_FALSE(off.name.empty());
            EXPECT_NE(off.decree.find("Nomor"), std::string::npos) << off.name;
            (off.kind == sop::day_off_kind::holiday ? holidays : cuti) += 1;
        }
        EXPECT_EQ(loaded.calendar->periods().size(), 1U);
        EXPECT_EQ(loaded.calendar->periods().front().name.substr(0, 7), "Ramadan");
        // The decrees' counts: 17 holidays a year (Idulfitri counts two days), the 2024
        // elections' two, and 10, 11 (with 18 August) and 8 cuti bersama.
        const std::string name = year;
        if (name == "indonesia-2024.xml") {
            EXPECT_EQ(holidays, 17U + 2U);
            EXPECT_EQ(cuti, 10U);
        } else if (name == "indonesia-2025.xml") {
            EXPECT_EQ(holidays, 17U);
            EXPECT_EQ(cuti, 11U);
        } else {
            EXPECT_EQ(holidays, 17U);
            EXPECT_EQ(cuti, 8U);
        }
    }
}

TEST(WorkingTime, CalendarXmlLoadsBackToAnEqualCalendar) {
    std::vector<sop::working_calendar> samples;
    for (const char* file : {"asn-week.xml", "indonesia.xml", "indonesia-2025.xml"}) {
        samples.push_back(sop::load_calendar_file_or_throw(calendars / file));
    }
    // Odd settings too: WIT, cuti bersama worked, a closed Monday, a name with markup.
    sop::working_calendar odd = samples[2];
    odd.set_utc_offset(-150min).set_cuti_bersama_off(false).set_day(1, std::nullopt);
    odd.set_name("Kalender <uji> & \"contoh\"");
    odd.add_day_off({2025y / 10 / 31, sop::day_off_kind::holiday, "Hari Jadi", ""});
    samples.push_back(odd);
    samples.emplace_back();
    for (const sop::working_calendar& calendar : samples) {
        const std::string xml = sop::calendar_xml(calendar);
        const sop::calendar_load_result loaded = sop::load_calendar_string(xml, "written.xml");
        ASSERT_TRUE(loaded) << xml;
        EXPECT_TRUE(loaded.diagnostics.empty()) << xml;
        EXPECT_EQ(*loaded.calendar, calendar) << xml;
        EXPECT_EQ(sop::calendar_xml(*loaded.calendar), xml);
    }
}

TEST(WorkingTime, CalendarFilesGetLocatedDiagnostics) {
    const auto codes = [](std::string_view text) {
        std::vector<std::string> out;
        for (const auto& d : sop::load_calendar_string(text, "bad.xml").diagnostics) {
            out.push_back(d.code + "@" + std::to_string(d.where.line) + ":" +
                          std::to_string(d.where.column));
        }
        return out;
    };
    EXPECT_EQ(codes(R"(<calendar format="1" id="c">
  <week><day name="mon" hours="16:00-08:00"/><day name="tue" hours="08:00-16:00" breaks="07:00-09:00"/></week>
  <holiday date="2025-02-30" decree="skb"/>
  <holiday date="2025-01-01" decree="skbb"/>
  <decree id="skb2">SKB</decree>
</calendar>)"),
              (std::vector<std::string>{"bad-hours@2:32", "bad-hours@2:90", "bad-date@3:18",
                                        "unknown-decree@3:38", "unknown-decree@4:38"}));
    EXPECT_EQ(
        codes(R"(<calendar format="1" id="c" time-zone="CET" cuti-bersama="maybe">
  <period from="2025-03-01" to="2025-03-30"/>
  <period from="2025-03-30" to="2025-04-02" name="b"/>
  <week><day name="mon senen" hours="08:00-16:00"/><day name="mon" hours="08:00-12:00"/></week>
</calendar>)"),
        (std::vector<std::string>{"bad-value@1:40", "bad-value@1:59", "overlapping-periods@3:3",
                                  "bad-value@4:20", "duplicate-day@4:63"}));
    const auto missing =
        codes(R"(<calendar format="1" id="c"><include file="nowhere.xml"/></calendar>)");
    EXPECT_EQ(missing, (std::vector<std::string>{"file-not-found@0:0", "include-failed@1:44"}));
}

TEST(WorkingTime, IncludesThatLoopAreRefused) {
    const auto folder = std::filesystem::temp_directory_path() / "sopengine-include-cycle";
    std::filesystem::create_directories(folder);
    const auto write = [&](const char* name, const char* text) {
        std::FILE* file = std::fopen((folder / name).string().c_str(), "wb");
        ASSERT_NE(file, nullptr);
        std::fputs(text, file);
        std::fclose(file);
    };
    write("a.xml", R"(<calendar format="1" id="a"><include file="b.xml"/></calendar>)");
    write("b.xml", R"(<calendar format="1" id="b"><include file="a.xml"/></calendar>)");
    const auto loaded = sop::load_calendar_file(folder / "a.xml");
    EXPECT_FALSE(loaded);
    bool cycle = false;
    for (const auto& d : loaded.diagnostics) cycle = cycle || d.code == "include-cycle";
    EXPECT_TRUE(cycle);
    std::filesystem::remove_all(folder);
}
