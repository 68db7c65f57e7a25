// Loading working calendars from their XML files (sop-definitions/calendars/calendar.xsd).

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <pugixml.hpp>
#include <sopengine/load.hpp>
#include <sstream>

#include "detail/time_text.hpp"
#include "detail/xml_reader.hpp"

namespace sop {
namespace {

using detail::names;

constexpr detail::xml_format calendar_format{"calendar", "a calendar file", "calendar files",
                                             R"(<calendar format="1" id="...">)", "a calendar's"};
constexpr int calendar_format_version = 1;

constexpr std::array<std::string_view, 6> calendar_attributes{
    "format", "id", "time-zone", "cuti-bersama", "xmlns:xsi", "xsi:noNamespaceSchemaLocation"};
constexpr std::array<std::string_view, 7> calendar_children{
    "name", "include", "week", "decree", "period", "holiday", "cuti-bersama"};
constexpr std::array<std::string_view, 5> repeatable_children{"include", "decree", "period",
                                                              "holiday", "cuti-bersama"};
constexpr std::array<std::string_view, 1> include_attributes{"file"};
constexpr std::array<std::string_view, 1> week_children{"day"};
constexpr std::array<std::string_view, 3> day_attributes{"name", "hours", "breaks"};
constexpr std::array<std::string_view, 4> period_attributes{"from", "to", "name", "decree"};
constexpr std::array<std::string_view, 3> day_off_attributes{"date", "name", "decree"};
constexpr std::array<std::string_view, 2> decree_attributes{"id", "amends"};

// Weekday names, English and Indonesian, 0 = Sunday.
struct weekday_name {
    std::string_view name;
    unsigned weekday;
};
constexpr std::array<weekday_name, 14> weekday_names{{
    {"sun", 0},
    {"mon", 1},
    {"tue", 2},
    {"wed", 3},
    {"thu", 4},
    {"fri", 5},
    {"sat", 6},
    {"minggu", 0},
    {"senin", 1},
    {"selasa", 2},
    {"rabu", 3},
    {"kamis", 4},
    {"jumat", 5},
    {"sabtu", 6},
}};

using week_hours = std::array<std::optional<working_hours>, 7>;

// What a file says, its includes merged in.
struct layer {
    std::optional<week_hours> week;
    std::optional<std::chrono::minutes> zone;
    std::optional<bool> cuti_bersama_off;
    std::optional<std::string> name;
    std::vector<hours_period> periods;
    std::vector<day_off> days_off;
};

// "07:30" as minutes after midnight (00:00 to 24:00).
std::optional<std::int32_t> clock_time(std::string_view text) {
    if (text.size() != 5 || text[2] != ':') return std::nullopt;
    int hours = 0;
    int minutes = 0;
    for (std::size_t i : {0U, 1U, 3U, 4U}) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
    }
    std::from_chars(text.data(), text.data() + 2, hours);
    std::from_chars(text.data() + 3, text.data() + 5, minutes);
    if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) return std::nullopt;
    return hours * 60 + minutes;
}

// "07:30-16:00" as a span of a day.
std::optional<time_span> clock_span(std::string_view text) {
    const std::size_t dash = text.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    const auto begin = clock_time(text.substr(0, dash));
    const auto end = clock_time(text.substr(dash + 1));
    if (!begin || !end) return std::nullopt;
    return time_span{*begin, *end};
}

// "YYYY-MM-DD", a day that exists.
std::optional<std::chrono::year_month_day> iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9')) return std::nullopt;
    }
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    std::from_chars(text.data(), text.data() + 4, year);
    std::from_chars(text.data() + 5, text.data() + 7, month);
    std::from_chars(text.data() + 8, text.data() + 10, day);
    const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                           std::chrono::day{day}};
    if (!date.ok()) return std::nullopt;
    return date;
}

// The settings `top` gives replace those of `below` (a file's over its includes', a later
// include's over an earlier one's).
void overlay_settings(layer& below, const layer& top) {
    if (top.week) below.week = top.week;
    if (top.zone) below.zone = top.zone;
    if (top.cuti_bersama_off) below.cuti_bersama_off = top.cuti_bersama_off;
    if (top.name) below.name = top.name;
}

bool overlaps(const hours_period& a, const hours_period& b) {
    return !(a.last < b.first || b.last < a.first);
}

class calendar_reader : detail::xml_reader {
public:
    calendar_reader(std::string_view text, std::string source, const calendar_load_options& options,
                    std::vector<std::string> chain)
        : xml_reader(text, std::move(source), calendar_format, options.max_text_length),
          options_(options),
          chain_(std::move(chain)) {}

    // The layer the file describes; std::nullopt when it has errors. Diagnostics go to `out`.
    std::optional<layer> run(std::vector<diagnostic>& out) {
        std::optional<layer> result;
        if (parse_document()) {
            if (const pugi::xml_node root = find_root()) result = read(root);
        }
        const bool failed = has_errors(diagnostics()) || has_errors(included_);
        out.insert(out.end(), included_.begin(), included_.end());
        out.insert(out.end(), diagnostics().begin(), diagnostics().end());
        if (failed) return std::nullopt;
        return result;
    }

private:
    layer read(const pugi::xml_node& root) {
        layer own;
        const pugi::xml_attribute format = root.attribute("format");
        if (!format) {
            error("missing-attribute", offset_of(root),
                  fmt::format("<calendar> has no 'format' attribute; write format=\"{}\"",
                              calendar_format_version));
            return own;
        }
        if (value_of(format) != std::to_string(calendar_format_version)) {
            error("unsupported-format", value_offset(format),
                  fmt::format("format \"{}\" is not supported; this version of sopengine reads "
                              "calendar format \"{}\"",
                              format.value(), calendar_format_version));
            return own;
        }
        check_attributes(root, calendar_attributes);
        check_no_text(root);
        (void)required_id(root, "give the calendar a short unique id, e.g. id=\"asn-2025\"");
        if (const pugi::xml_attribute zone = root.attribute("time-zone")) read_zone(zone, own);
        if (const pugi::xml_attribute cuti = root.attribute("cuti-bersama")) {
            const std::string value = value_of(cuti);
            if (value == "off" || value == "worked") {
                own.cuti_bersama_off = value == "off";
            } else {
                error("bad-value", value_offset(cuti),
                      fmt::format("cuti-bersama \"{}\" is neither \"off\" (cuti bersama is a day "
                                  "off, as for civil servants) nor \"worked\" (a service unit "
                                  "that stays open)",
                                  detail::shown(value)));
            }
        }

        const auto elements = children(root, calendar_children, repeatable_children);
        // Decrees first: days off and periods may cite one declared after them.
        for (const pugi::xml_node& node : elements) {
            if (std::string_view(node.name()) == "decree") read_decree(node);
        }
        for (const pugi::xml_node& node : elements) {
            if (std::string_view(node.name()) != "decree") continue;
            if (const pugi::xml_attribute amends = node.attribute("amends")) {
                check_decree(amends);
            }
        }
        layer merged;
        for (const pugi::xml_node& node : elements) {
            const std::string_view name = node.name();
            if (name == "include") include(node, merged);
        }
        for (const pugi::xml_node& node : elements) {
            const std::string_view name = node.name();
            if (name == "name") {
                own.name = read_text(node);
            } else if (name == "week") {
                own.week = read_week(node);
            } else if (name == "period") {
                read_period(node, merged);
            } else if (name == "holiday" || name == "cuti-bersama") {
                read_day_off(node, merged);
            }
        }
        overlay_settings(merged, own);
        return merged;
    }

    void read_zone(const pugi::xml_attribute& zone, layer& own) {
        const std::string value = value_of(zone);
        for (const time_zone_name& known : time_zone_names) {
            if (detail::equals_ignoring_case(value, known.name)) {
                own.zone = known.offset;
                return;
            }
        }
        if (value.size() == 6 && (value[0] == '+' || value[0] == '-')) {
            if (const auto offset = clock_time(value.substr(1)); offset && *offset <= 14 * 60) {
                own.zone = std::chrono::minutes(value[0] == '-' ? -*offset : *offset);
                return;
            }
        }
        error("bad-value", value_offset(zone),
              fmt::format("time-zone \"{}\" is not a time zone; write WIB, WITA, WIT or an offset "
                          "such as +07:00",
                          detail::shown(value)));
    }

    void read_decree(const pugi::xml_node& node) {
        const auto id = required_id(node,
                                    "give the decree an id that holidays cite, e.g. "
                                    "id=\"skb-2025\"");
        std::string citation = read_text(node, decree_attributes);
        if (citation.empty()) {
            error("empty-value", offset_of(node),
                  "<decree> is empty; write the decree's title and number, e.g. \"Keputusan "
                  "Bersama ... Nomor 1017 Tahun 2024 ...\"");
        }
        if (!id) return;
        const auto [at, added] = decrees_.emplace(*id, std::move(citation));
        if (!added) {
            error("duplicate-id", value_offset(node.attribute("id")),
                  fmt::format("decree '{}' is declared twice; give each decree its own id", *id));
        }
    }

    // The citation of the decree an attribute names, or empty (reported) when there is none.
    std::string check_decree(const pugi::xml_attribute& reference) {
        const std::string id = value_of(reference);
        const auto found = decrees_.find(id);
        if (found != decrees_.end()) return found->second;
        std::vector<std::string_view> known;
        for (const auto& [name, text] : decrees_) known.push_back(name);
        std::string message = fmt::format(
            "'{}' names decree '{}', which this file does not "
            "declare",
            reference.name(), detail::shown(id));
        if (const auto guess = suggest().closest(id, known); !guess.empty()) {
            message += fmt::format("; did you mean '{}'?", guess);
        } else {
            message += "; declare it with <decree id=\"...\">...</decree>";
        }
        error("unknown-decree", value_offset(reference), std::move(message));
        return {};
    }

    void include(const pugi::xml_node& node, layer& merged) {
        check_attributes(node, include_attributes);
        children(node, {});
        const auto file = required_attribute(node, "file", "name the calendar file to include");
        if (!file) return;
        const std::filesystem::path here = std::filesystem::path(source()).parent_path();
        const std::filesystem::path path = here / *file;
        std::error_code ignored;
        const std::string key = std::filesystem::weakly_canonical(path, ignored).string();
        if (std::find(chain_.begin(), chain_.end(), key) != chain_.end()) {
            error("include-cycle", value_offset(node.attribute("file")),
                  fmt::format("\"{}\" includes itself, through the files it includes; remove "
                              "one of the includes",
                              *file));
            return;
        }
        if (chain_.size() >= options_.max_include_depth) {
            error("include-too-deep", value_offset(node.attribute("file")),
                  fmt::format("includes nest deeper than {} files; include the files from one "
                              "place",
                              options_.max_include_depth));
            return;
        }
        detail::file_text read =
            detail::read_text_file(path, options_.max_file_size, calendar_format.file);
        std::vector<diagnostic> found;
        std::optional<layer> included;
        if (read.problem) {
            found.push_back(std::move(*read.problem));
        } else {
            std::vector<std::string> chain = chain_;
            chain.push_back(key);
            included =
                calendar_reader(read.text, path.string(), options_, std::move(chain)).run(found);
        }
        included_.insert(included_.end(), found.begin(), found.end());
        if (!included) {
            error("include-failed", value_offset(node.attribute("file")),
                  fmt::format("the included calendar \"{}\" cannot be loaded (see its "
                              "diagnostics)",
                              *file));
            return;
        }
        overlay_settings(merged, *included);
        for (hours_period& period : included->periods) {
            if (!add_period(merged, std::move(period), value_offset(node.attribute("file")))) {
                return;
            }
        }
        for (day_off& off : included->days_off) merged.days_off.push_back(std::move(off));
    }

    bool add_period(layer& merged, hours_period period, std::size_t offset) {
        for (const hours_period& other : merged.periods) {
            if (overlaps(period, other)) {
                error("overlapping-periods", offset,
                      fmt::format("period \"{}\" ({} to {}) overlaps period \"{}\" ({} to {}); a "
                                  "date has one set of hours",
                                  period.name, detail::iso_date(period.first),
                                  detail::iso_date(period.last), other.name,
                                  detail::iso_date(other.first), detail::iso_date(other.last)));
                return false;
            }
        }
        merged.periods.push_back(std::move(period));
        return true;
    }

    // <day name="mon tue" hours="07:30-16:00" breaks="12:00-13:00"/> into `week`.
    void read_days(const std::vector<pugi::xml_node>& days, week_hours& week) {
        std::array<std::size_t, 7> given{};  // where each weekday was set, plus one
        for (const pugi::xml_node& node : days) {
            check_attributes(node, day_attributes);
            children(node, {});
            const auto weekdays =
                required_attribute(node, "name", "name its weekdays, e.g. name=\"mon tue wed\"");
            const auto hours = required_attribute(
                node, "hours", "give its working hours, e.g. hours=\"07:30-16:00\"");
            std::optional<working_hours> read;
            if (hours) read = read_hours(node, *hours);
            if (!weekdays) continue;
            const pugi::xml_attribute name_attribute = node.attribute("name");
            for (std::string_view word : split_words(*weekdays)) {
                const std::string lower = detail::ascii_lower(word);
                const auto known =
                    std::find_if(weekday_names.begin(), weekday_names.end(),
                                 [&](const weekday_name& w) { return w.name == lower; });
                if (known == weekday_names.end()) {
                    error("bad-value", value_offset(name_attribute),
                          fmt::format("\"{}\" is not a weekday; write mon, tue, wed, thu, fri, "
                                      "sat or sun (or senin ... minggu)",
                                      detail::shown(word)));
                    continue;
                }
                if (given[known->weekday] != 0) {
                    error("duplicate-day", value_offset(name_attribute),
                          fmt::format("{} is given hours twice (first at line {}); give each "
                                      "weekday once",
                                      word, lines().at(given[known->weekday] - 1).first));
                    continue;
                }
                given[known->weekday] = offset_of(node) + 1;
                week[known->weekday] = read;
            }
        }
    }

    static std::vector<std::string_view> split_words(std::string_view text) {
        std::vector<std::string_view> words;
        std::size_t at = 0;
        while (at < text.size()) {
            const std::size_t begin = text.find_first_not_of(" ,", at);
            if (begin == std::string_view::npos) break;
            const std::size_t end = text.find_first_of(" ,", begin);
            words.push_back(text.substr(begin, end - begin));
            at = end == std::string_view::npos ? text.size() : end;
        }
        return words;
    }

    std::optional<working_hours> read_hours(const pugi::xml_node& node, std::string_view text) {
        const pugi::xml_attribute hours_attribute = node.attribute("hours");
        const auto span = clock_span(text);
        if (!span || span->begin >= span->end) {
            error("bad-hours", value_offset(hours_attribute),
                  fmt::format("hours \"{}\" is not a span of a day; write the opening and the "
                              "close as HH:MM-HH:MM, e.g. \"07:30-16:00\"",
                              detail::shown(text)));
            return std::nullopt;
        }
        working_hours hours{span->begin, span->end, {}};
        if (const pugi::xml_attribute breaks = node.attribute("breaks")) {
            const std::string value = value_of(breaks);
            for (std::string_view word : split_words(value)) {
                const auto pause = clock_span(word);
                const std::int32_t after =
                    hours.breaks.empty() ? hours.begin : hours.breaks.back().end;
                if (!pause || pause->begin >= pause->end) {
                    error("bad-hours", value_offset(breaks),
                          fmt::format("break \"{}\" is not a span of a day; write HH:MM-HH:MM, "
                                      "e.g. \"12:00-13:00\"",
                                      detail::shown(word)));
                    return std::nullopt;
                }
                if (pause->begin <= after || pause->end >= hours.end) {
                    error("bad-hours", value_offset(breaks),
                          fmt::format("break \"{}\" must lie inside the hours \"{}\", after the "
                                      "breaks before it and apart from them",
                                      word, text));
                    return std::nullopt;
                }
                hours.breaks.push_back(*pause);
            }
        }
        return hours;
    }

    week_hours read_week(const pugi::xml_node& node) {
        check_attributes(node, {});
        check_no_text(node);
        week_hours week;
        read_days(children(node, week_children, week_children), week);
        return week;
    }

    void read_period(const pugi::xml_node& node, layer& merged) {
        check_attributes(node, period_attributes);
        check_no_text(node);
        hours_period period;
        const auto from = read_date(node, "from", "the first day of the period");
        const auto to = read_date(node, "to", "the last day of the period");
        if (const pugi::xml_attribute name = node.attribute("name")) period.name = value_of(name);
        if (const pugi::xml_attribute decree = node.attribute("decree")) {
            period.decree = check_decree(decree);
        }
        read_days(children(node, week_children, week_children), period.week);
        if (!from || !to) return;
        if (*to < *from) {
            error("bad-date", value_offset(node.attribute("to")),
                  fmt::format("the period ends ({}) before it begins ({}); swap from and to",
                              detail::iso_date(*to), detail::iso_date(*from)));
            return;
        }
        period.first = *from;
        period.last = *to;
        add_period(merged, std::move(period), offset_of(node));
    }

    std::optional<std::chrono::year_month_day> read_date(const pugi::xml_node& node,
                                                         const char* name, std::string_view what) {
        const auto value =
            required_attribute(node, name, fmt::format("give {} as YYYY-MM-DD", what));
        if (!value) return std::nullopt;
        const auto date = iso_date(*value);
        if (!date) {
            error("bad-date", value_offset(node.attribute(name)),
                  fmt::format("{} \"{}\" is not a date; write YYYY-MM-DD, e.g. 2025-03-31", name,
                              detail::shown(*value)));
        }
        return date;
    }

    void read_day_off(const pugi::xml_node& node, layer& merged) {
        check_attributes(node, day_off_attributes);
        children(node, {});
        day_off off;
        off.kind = std::string_view(node.name()) == "holiday" ? day_off_kind::holiday
                                                              : day_off_kind::cuti_bersama;
        const auto date = read_date(node, "date", "the day");
        if (const pugi::xml_attribute name = node.attribute("name")) off.name = value_of(name);
        if (const pugi::xml_attribute decree = node.attribute("decree")) {
            off.decree = check_decree(decree);
        }
        if (!date) return;
        off.date = *date;
        merged.days_off.push_back(std::move(off));
    }

    const calendar_load_options& options_;
    std::vector<std::string> chain_;  // the canonical paths of the including files
    std::map<std::string, std::string, std::less<>> decrees_;  // id to citation
    std::vector<diagnostic> included_;                         // diagnostics of included files
};

calendar_load_result build(std::optional<layer> read, std::vector<diagnostic> diagnostics) {
    calendar_load_result result;
    result.diagnostics = std::move(diagnostics);
    if (!read) return result;
    working_calendar calendar;
    if (read->week) {
        for (unsigned weekday = 0; weekday < 7; ++weekday) {
            calendar.set_day(weekday, (*read->week)[weekday]);
        }
    }
    if (read->zone) calendar.set_utc_offset(*read->zone);
    if (read->cuti_bersama_off) calendar.set_cuti_bersama_off(*read->cuti_bersama_off);
    if (read->name) calendar.set_name(*read->name);
    for (hours_period& period : read->periods) calendar.add_period(std::move(period));
    for (day_off& off : read->days_off) calendar.add_day_off(std::move(off));
    result.calendar = std::move(calendar);
    return result;
}

std::string canonical(const std::string& name) {
    std::error_code ignored;
    return std::filesystem::weakly_canonical(name, ignored).string();
}

std::string format_clock(std::int32_t minutes) {
    return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

// Writes the <day> elements of a week: weekdays with the same hours share one element.
void write_week(pugi::xml_node parent, const std::array<std::optional<working_hours>, 7>& week) {
    static constexpr std::array<std::string_view, 7> short_names{"sun", "mon", "tue", "wed",
                                                                 "thu", "fri", "sat"};
    std::array<bool, 7> written{};
    for (unsigned first = 1; first < 8; ++first) {  // Monday first, Sunday last
        const unsigned weekday = first % 7;
        if (written[weekday] || !week[weekday]) continue;
        std::string days;
        for (unsigned other = first; other < 8; ++other) {
            const unsigned day = other % 7;
            if (week[day] != week[weekday]) continue;
            written[day] = true;
            if (!days.empty()) days += ' ';
            days += short_names[day];
        }
        const working_hours& hours = *week[weekday];
        pugi::xml_node node = parent.append_child("day");
        node.append_attribute("name").set_value(days.c_str());
        const std::string span = format_clock(hours.begin) + "-" + format_clock(hours.end);
        node.append_attribute("hours").set_value(span.c_str());
        if (!hours.breaks.empty()) {
            std::string breaks;
            for (const time_span& pause : hours.breaks) {
                if (!breaks.empty()) breaks += ' ';
                breaks += format_clock(pause.begin) + "-" + format_clock(pause.end);
            }
            node.append_attribute("breaks").set_value(breaks.c_str());
        }
    }
}

}  // namespace

calendar_load_result load_calendar_string(std::string_view text, std::string source_name,
                                          const calendar_load_options& options) {
    std::vector<diagnostic> diagnostics;
    std::vector<std::string> chain{canonical(source_name)};
    auto read =
        calendar_reader(text, std::move(source_name), options, std::move(chain)).run(diagnostics);
    return build(std::move(read), std::move(diagnostics));
}

calendar_load_result load_calendar_file(const std::filesystem::path& path,
                                        const calendar_load_options& options) {
    detail::file_text read =
        detail::read_text_file(path, options.max_file_size, calendar_format.file);
    if (read.problem) {
        calendar_load_result result;
        result.diagnostics.push_back(std::move(*read.problem));
        return result;
    }
    return load_calendar_string(read.text, path.string(), options);
}

working_calendar load_calendar_file_or_throw(const std::filesystem::path& path,
                                             const calendar_load_options& options) {
    calendar_load_result result = load_calendar_file(path, options);
    if (!result.calendar) throw load_error(std::move(result.diagnostics));
    return std::move(*result.calendar);
}

std::string calendar_xml(const working_calendar& calendar) {
    pugi::xml_document document;
    pugi::xml_node root = document.append_child("calendar");
    root.append_attribute("format").set_value("1");
    root.append_attribute("id").set_value("calendar");
    const auto offset = static_cast<int>(calendar.utc_offset().count());
    const int magnitude = offset < 0 ? -offset : offset;
    const std::string zone =
        fmt::format("{}{:02}:{:02}", offset < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
    root.append_attribute("time-zone").set_value(zone.c_str());
    root.append_attribute("cuti-bersama").set_value(calendar.cuti_bersama_off() ? "off" : "worked");
    if (!calendar.name().empty()) {
        root.append_child("name").text().set(calendar.name().c_str());
    }
    // Each decree cited once, numbered in the order first cited.
    std::vector<std::string> decrees;
    const auto cite = [&decrees](pugi::xml_node node, const std::string& decree) {
        if (decree.empty()) return;
        auto at = std::find(decrees.begin(), decrees.end(), decree);
        if (at == decrees.end()) at = decrees.insert(decrees.end(), decree);
        const std::string id = fmt::format("d{}", at - decrees.begin() + 1);
        node.append_attribute("decree").set_value(id.c_str());
    };
    std::array<std::optional<working_hours>, 7> week;
    for (unsigned weekday = 0; weekday < 7; ++weekday) week[weekday] = calendar.day(weekday);
    write_week(root.append_child("week"), week);
    for (const hours_period& period : calendar.periods()) {
        pugi::xml_node node = root.append_child("period");
        node.append_attribute("from").set_value(detail::iso_date(period.first).c_str());
        node.append_attribute("to").set_value(detail::iso_date(period.last).c_str());
        if (!period.name.empty()) node.append_attribute("name").set_value(period.name.c_str());
        cite(node, period.decree);
        write_week(node, period.week);
    }
    for (const day_off& off : calendar.days_off()) {
        pugi::xml_node node =
            root.append_child(off.kind == day_off_kind::holiday ? "holiday" : "cuti-bersama");
        node.append_attribute("date").set_value(detail::iso_date(off.date).c_str());
        if (!off.name.empty()) node.append_attribute("name").set_value(off.name.c_str());
        cite(node, off.decree);
    }
    // The decrees go before what cites them.
    pugi::xml_node after = root.child("week");
    for (std::size_t index = 0; index < decrees.size(); ++index) {
        pugi::xml_node node = root.insert_child_before("decree", after);
        node.append_attribute("id").set_value(fmt::format("d{}", index + 1).c_str());
        node.text().set(decrees[index].c_str());
    }
    std::ostringstream out;
    document.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
    return out.str();
}

}  // namespace sop
