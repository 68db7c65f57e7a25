// Working calendars: their hours, days off and periods, their arithmetic, and calendar files.

#include <fmt/format.h>

#include <memory>
#include <utility>

#include "convert.hpp"

namespace sop_py {

namespace {

using namespace std::chrono;
using calendar_ptr = std::shared_ptr<sop::working_calendar>;

std::string clock(std::int32_t minute) {
    return fmt::format("{:02}:{:02}", minute / 60, minute % 60);
}

std::string hours_text(const sop::working_hours& hours) {
    std::string text = clock(hours.begin) + "-" + clock(hours.end);
    for (const sop::time_span& pause : hours.breaks) {
        text += fmt::format(" (break {}-{})", clock(pause.begin), clock(pause.end));
    }
    return text;
}

sop::calendar_load_options calendar_options(std::optional<std::uint64_t> max_file_size) {
    sop::calendar_load_options options;
    if (max_file_size) options.max_file_size = *max_file_size;
    return options;
}

void bind_parts(py::module_& module) {
    py::class_<sop::time_span>(module, "TimeSpan",
                               "A stretch of a day in minutes after local midnight: [begin, end).")
        .def(py::init([](std::int32_t begin, std::int32_t end) {
                 return sop::time_span{begin, end};
             }),
             py::arg("begin"), py::arg("end"))
        .def_readonly("begin", &sop::time_span::begin)
        .def_readonly("end", &sop::time_span::end)
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__repr__", [](const sop::time_span& span) {
            return fmt::format("<TimeSpan {}-{}>", clock(span.begin), clock(span.end));
        });

    py::class_<sop::working_hours>(
        module, "WorkingHours",
        "The hours of one working day in minutes after local midnight: open from ``begin`` to "
        "``end``, less its ``breaks``.")
        .def(py::init([](std::int32_t begin, std::int32_t end, std::vector<sop::time_span> breaks) {
                 return sop::working_hours{begin, end, std::move(breaks)};
             }),
             py::arg("begin") = 8 * 60, py::arg("end") = 16 * 60,
             py::arg("breaks") = std::vector<sop::time_span>{})
        .def_readonly("begin", &sop::working_hours::begin, "First working minute (480 is 08:00).")
        .def_readonly("end", &sop::working_hours::end, "The minute the day closes.")
        .def_readonly("breaks", &sop::working_hours::breaks, "Breaks (TimeSpan), in order.")
        .def_property_readonly("minutes", &sop::working_hours::minutes,
                               "Working minutes of the day: end - begin less the breaks.")
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__repr__", [](const sop::working_hours& hours) {
            return fmt::format("<WorkingHours {}>", hours_text(hours));
        });

    py::class_<sop::day_off>(module, "DayOff",
                             "A date on which no work is done, what it is and who decreed it.")
        .def(py::init([](year_month_day date, sop::day_off_kind kind, std::string name,
                         std::string decree) {
                 return sop::day_off{date, kind, std::move(name), std::move(decree)};
             }),
             py::arg("date"), py::arg("kind") = sop::day_off_kind::holiday, py::arg("name") = "",
             py::arg("decree") = "")
        .def_readonly("date", &sop::day_off::date, "The local date (datetime.date).")
        .def_readonly("kind", &sop::day_off::kind, "DayOffKind.HOLIDAY or CUTI_BERSAMA.")
        .def_readonly("name", &sop::day_off::name, "e.g. 'Hari Raya Idulfitri 1446 Hijriah'.")
        .def_readonly("decree", &sop::day_off::decree, "The decree that fixed it; may be empty.")
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__repr__", [](const sop::day_off& off) {
            return fmt::format("<DayOff {} {} {}>", py::str(to_date(off.date)).cast<std::string>(),
                               sop::to_string(off.kind), python_repr(off.name));
        });

    py::class_<sop::hours_period>(module, "HoursPeriod",
                                  "Dates, first to last inclusive, with other weekly hours "
                                  "(Ramadan).")
        .def_readonly("first", &sop::hours_period::first)
        .def_readonly("last", &sop::hours_period::last)
        .def_readonly("name", &sop::hours_period::name)
        .def_readonly("decree", &sop::hours_period::decree)
        .def_property_readonly(
            "week",
            [](const sop::hours_period& period) {
                return std::vector<std::optional<sop::working_hours>>(period.week.begin(),
                                                                      period.week.end());
            },
            "The hours of each weekday (0 = Sunday), None where closed.")
        .def("__repr__", [](const sop::hours_period& period) {
            return fmt::format("<HoursPeriod {} {} to {}>", python_repr(period.name),
                               py::str(to_date(period.first)).cast<std::string>(),
                               py::str(to_date(period.last)).cast<std::string>());
        });
}

void bind_calendar_class(py::module_& module) {
    py::class_<sop::working_calendar, calendar_ptr>(
        module, "Calendar",
        "The working calendar on which standard times become due times: working days and hours, "
        "breaks, periods with other hours (Ramadan), holidays and cuti bersama, at a fixed UTC "
        "offset. Calendar() is Monday to Friday, 08:00-16:00, WIB; load_calendar_file() reads a "
        "calendar file. Times it returns are in its own zone.")
        .def(py::init<>())
        .def_property(
            "name", &sop::working_calendar::name,
            [](sop::working_calendar& calendar, std::string name) {
                calendar.set_name(std::move(name));
            },
            "The calendar's name; '' when it has none.")
        .def_property(
            "utc_offset", &sop::working_calendar::utc_offset,
            [](sop::working_calendar& calendar, minutes offset) {
                calendar.set_utc_offset(offset);
            },
            "The offset of local time from UTC (datetime.timedelta; whole minutes, -14h to +14h).")
        .def_property_readonly(
            "tzinfo",
            [](const sop::working_calendar& calendar) { return timezone(calendar.utc_offset()); },
            "The calendar's zone as a datetime.timezone (WIB, WITA, WIT by name).")
        .def_property(
            "cuti_bersama_off", &sop::working_calendar::cuti_bersama_off,
            [](sop::working_calendar& calendar, bool off) { calendar.set_cuti_bersama_off(off); },
            "Whether cuti bersama is a day off (True, as for civil servants).")
        .def_property_readonly("days_off", &sop::working_calendar::days_off,
                               "The days off (DayOff), by date.")
        .def_property_readonly("periods", &sop::working_calendar::periods,
                               "The periods with other hours (HoursPeriod), by first date.")
        .def_property_readonly("has_working_time", &sop::working_calendar::has_working_time)
        .def_property_readonly("week_minutes", &sop::working_calendar::week_minutes,
                               "Working minutes in an ordinary week.")
        .def_property_readonly("day_minutes", &sop::working_calendar::day_minutes,
                               "The working minutes of an ordinary working day (480 by default).")
        .def("day", &sop::working_calendar::day, py::arg("weekday"),
             "The WorkingHours of a weekday (0 = Sunday ... 6 = Saturday), or None when closed.")
        .def(
            "set_day",
            [](sop::working_calendar& calendar, unsigned weekday,
               std::optional<sop::working_hours> hours) -> sop::working_calendar& {
                return calendar.set_day(weekday, std::move(hours));
            },
            py::arg("weekday"), py::arg("hours"), py::return_value_policy::reference_internal,
            "Sets a weekday's WorkingHours (0 = Sunday); None closes it. Returns the calendar.")
        .def(
            "add_holiday",
            [](sop::working_calendar& calendar, year_month_day date) -> sop::working_calendar& {
                return calendar.add_holiday(date);
            },
            py::arg("date"), py::return_value_policy::reference_internal,
            "Marks a local date (datetime.date) as a holiday. Returns the calendar.")
        .def(
            "add_day_off",
            [](sop::working_calendar& calendar, sop::day_off off) -> sop::working_calendar& {
                return calendar.add_day_off(std::move(off));
            },
            py::arg("day_off"), py::return_value_policy::reference_internal,
            "Adds a DayOff. Returns the calendar.")
        .def("hours_on", &sop::working_calendar::hours_on, py::arg("date"),
             "The WorkingHours of a local date, or None when it is not worked.")
        .def("is_working_day", &sop::working_calendar::is_working_day, py::arg("date"),
             "True when the local date (datetime.date) has working hours.")
        .def("minutes_of", &sop::working_calendar::minutes_of, py::arg("amount"),
             "A TimeAmount in working minutes on an ordinary week (the analysis's measure).")
        .def(
            "add",
            [](const sop::working_calendar& calendar, sop::time_point start,
               const sop::time_amount& amount) {
                return to_datetime(calendar.add(start, amount), calendar.utc_offset());
            },
            py::arg("start"), py::arg("amount"),
            "The due time of a TimeAmount from ``start``: its working days, then its working "
            "minutes, then its clock minutes. Raises Error (NO_WORKING_TIME, TIME_OUT_OF_RANGE).")
        .def(
            "add_working_minutes",
            [](const sop::working_calendar& calendar, sop::time_point start, std::int64_t amount) {
                return to_datetime(calendar.add_working_minutes(start, amount),
                                   calendar.utc_offset());
            },
            py::arg("start"), py::arg("minutes"),
            "The instant so many working minutes after start.")
        .def(
            "working_minutes_between",
            [](const sop::working_calendar& calendar, sop::time_point start, sop::time_point end) {
                return calendar.working_minutes_between(start, end);
            },
            py::arg("start"), py::arg("end"),
            "Working minutes in [start, end); 0 when end <= start.")
        .def(
            "format",
            [](const sop::working_calendar& calendar, sop::time_point instant) {
                return calendar.format(instant);
            },
            py::arg("instant"), "Local ISO 8601 with the offset: '2024-03-12T08:00:00+07:00'.")
        .def(
            "parse",
            [](const sop::working_calendar& calendar, std::string_view text) {
                const std::optional<sop::time_point> instant = calendar.parse(text);
                if (!instant) {
                    throw py::value_error(fmt::format(
                        "'{}' is not a time: write local ISO 8601, e.g. 2024-03-12T08:00", text));
                }
                return to_datetime(*instant, calendar.utc_offset());
            },
            py::arg("text"),
            "Reads local ISO 8601 ('2024-03-12T08:00', seconds optional; a 'Z' or '+07:00' "
            "suffix is honoured) as an aware datetime. Raises ValueError when malformed.")
        .def(
            "local",
            [](const sop::working_calendar& calendar, sop::time_point instant) {
                return to_datetime(instant, calendar.utc_offset());
            },
            py::arg("instant"), "The same instant in the calendar's zone.")
        .def("to_xml", &sop::calendar_xml,
             "The calendar as a self-contained calendar file, which load_calendar_string() reads "
             "back to an equal calendar.")
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__copy__",
             [](const sop::working_calendar& calendar) {
                 return std::make_shared<sop::working_calendar>(calendar);
             })
        .def("__deepcopy__",
             [](const sop::working_calendar& calendar, const py::dict& /*memo*/) {
                 return std::make_shared<sop::working_calendar>(calendar);
             })
        .def("__repr__", [](const sop::working_calendar& calendar) {
            int days = 0;
            for (unsigned weekday = 0; weekday < 7; ++weekday)
                days += calendar.day(weekday) ? 1 : 0;
            return fmt::format(
                "<Calendar {}{}, {} working days a week, {} days off>",
                calendar.name().empty() ? std::string() : python_repr(calendar.name()) + " ",
                py::str(timezone(calendar.utc_offset())).cast<std::string>(), days,
                calendar.days_off().size());
        });
}

void bind_calendar_loading(py::module_& module) {
    py::class_<sop::calendar_load_result>(module, "CalendarLoadResult",
                                          "What try_load_calendar_file() gives: the calendar "
                                          "(None when there are errors) and every diagnostic.")
        .def_property_readonly(
            "calendar",
            [](const sop::calendar_load_result& result) -> calendar_ptr {
                if (!result.calendar) return nullptr;
                return std::make_shared<sop::working_calendar>(*result.calendar);
            },
            "The Calendar, or None.")
        .def_readonly("diagnostics", &sop::calendar_load_result::diagnostics)
        .def("__bool__",
             [](const sop::calendar_load_result& result) { return result.calendar.has_value(); })
        .def("__repr__", [](const sop::calendar_load_result& result) {
            return fmt::format("<CalendarLoadResult {}, {} diagnostics>",
                               result.calendar ? "loaded" : "failed", result.diagnostics.size());
        });

    module.def(
        "load_calendar_file",
        [](const std::filesystem::path& path, std::optional<std::uint64_t> max_file_size) {
            return std::make_shared<sop::working_calendar>(
                sop::load_calendar_file_or_throw(path, calendar_options(max_file_size)));
        },
        py::arg("path"), py::kw_only(), py::arg("max_file_size") = py::none(),
        "Loads a working calendar file (its includes relative to it). Raises LoadError.");
    module.def(
        "load_calendar_string",
        [](std::string_view text, std::string source_name,
           std::optional<std::uint64_t> max_file_size) {
            sop::calendar_load_result loaded = sop::load_calendar_string(
                text, std::move(source_name), calendar_options(max_file_size));
            if (!loaded) throw sop::load_error(std::move(loaded.diagnostics));
            return std::make_shared<sop::working_calendar>(std::move(*loaded.calendar));
        },
        py::arg("text"), py::arg("source_name") = "<string>", py::kw_only(),
        py::arg("max_file_size") = py::none(),
        "Loads a working calendar from XML text. Raises LoadError.");
    module.def(
        "try_load_calendar_file",
        [](const std::filesystem::path& path, std::optional<std::uint64_t> max_file_size) {
            return sop::load_calendar_file(path, calendar_options(max_file_size));
        },
        py::arg("path"), py::kw_only(), py::arg("max_file_size") = py::none(),
        "Like load_calendar_file(), but never raises for a bad file: returns a "
        "CalendarLoadResult.");
}

}  // namespace

void bind_calendar(py::module_& module) {
    bind_parts(module);
    bind_calendar_class(module);
    bind_calendar_loading(module);
}

}  // namespace sop_py
