#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "runner.hpp"

namespace runner {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view text) {
    const std::size_t begin = text.find_first_not_of(" \t");
    if (begin == std::string_view::npos) return {};
    return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

// A whole number in text; std::nullopt when text is anything else.
std::optional<int> number(std::string_view text) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || text.empty()) {
        return std::nullopt;
    }
    return value;
}

// "HH:MM" as minutes after midnight, 00:00 to 24:00.
std::optional<int> clock_minutes(std::string_view text) {
    text = trim(text);
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const auto hours = number(text.substr(0, colon));
    const auto minutes = number(text.substr(colon + 1));
    if (!hours || !minutes || *hours < 0 || *minutes < 0 || *minutes > 59 || *hours > 24 ||
        (*hours == 24 && *minutes != 0)) {
        return std::nullopt;
    }
    return *hours * 60 + *minutes;
}

constexpr std::array<std::string_view, 7> weekday_names{"sun", "mon", "tue", "wed",
                                                        "thu", "fri", "sat"};

}  // namespace

std::optional<std::chrono::year_month_day> parse_date(std::string_view text) {
    text = trim(text);
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const auto year = number(text.substr(0, 4));
    const auto month = number(text.substr(5, 2));
    const auto day = number(text.substr(8, 2));
    if (!year || !month || !day || *month < 1 || *day < 1) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(*year),
                                           std::chrono::month(static_cast<unsigned>(*month)),
                                           std::chrono::day(static_cast<unsigned>(*day))};
    if (!date.ok()) return std::nullopt;
    return date;
}

std::string iso_date(const std::chrono::year_month_day& date) {
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

std::shared_ptr<const sop::working_calendar> make_calendar(const calendar_options& options) {
    auto calendar = std::make_shared<sop::working_calendar>();
    if (!options.file.empty()) {
        sop::calendar_load_result loaded = sop::load_calendar_file(options.file);
        for (const sop::diagnostic& problem : loaded.diagnostics) {
            fmt::print(stderr, "{}\n", sop::to_string(problem));
        }
        if (!loaded) {
            throw calendar_error{fmt::format("the calendar {} cannot be loaded", options.file)};
        }
        *calendar = std::move(*loaded.calendar);
    }

    if (options.utc_offset) {
        const std::string_view offset = trim(*options.utc_offset);
        const std::optional<int> offset_minutes =
            offset.size() > 1 && (offset[0] == '+' || offset[0] == '-')
                ? clock_minutes(offset.substr(1))
                : std::nullopt;
        if (!offset_minutes || *offset_minutes > 14 * 60) {
            throw usage_error{fmt::format(
                "--utc-offset \"{}\" is not an offset from UTC; write +07:00 (WIB), +08:00 "
                "(WITA) or +09:00 (WIT)",
                *options.utc_offset)};
        }
        calendar->set_utc_offset(
            std::chrono::minutes(offset[0] == '-' ? -*offset_minutes : *offset_minutes));
    }

    std::optional<sop::working_hours> hours;
    if (options.hours) {
        const std::string_view text = *options.hours;
        const std::size_t dash = text.find('-');
        const auto begin =
            dash == std::string::npos ? std::nullopt : clock_minutes(text.substr(0, dash));
        const auto end =
            dash == std::string::npos ? std::nullopt : clock_minutes(text.substr(dash + 1));
        if (!begin || !end || *begin >= *end) {
            throw usage_error{fmt::format(
                "--hours \"{}\" is not a span of working hours; write it as 08:00-16:00", text)};
        }
        hours = sop::working_hours{*begin, *end, {}};
    }

    std::array<bool, 7> open{};
    for (unsigned weekday = 0; weekday < 7; ++weekday) {
        open[weekday] = calendar->day(weekday).has_value();
    }
    if (options.days) {
        open = {};
        std::string_view days = *options.days;
        while (!days.empty()) {
            const std::size_t comma = days.find(',');
            const std::string name = lower(trim(days.substr(0, comma)));
            const auto found = std::find(weekday_names.begin(), weekday_names.end(), name);
            if (found == weekday_names.end()) {
                throw usage_error{fmt::format(
                    "--days: \"{}\" is not a weekday; write days as mon,tue,wed,thu,fri,sat,sun",
                    name)};
            }
            open[static_cast<std::size_t>(found - weekday_names.begin())] = true;
            days = comma == std::string_view::npos ? std::string_view{} : days.substr(comma + 1);
        }
    }
    for (unsigned weekday = 0; weekday < 7; ++weekday) {
        std::optional<sop::working_hours> day = calendar->day(weekday);
        if (!open[weekday]) {
            day.reset();
        } else if (hours) {
            day = hours;
        } else if (!day) {
            day = sop::working_hours{};  // a weekday --days opens: 08:00-16:00
        }
        calendar->set_day(weekday, std::move(day));
    }

    for (const std::string& holiday : options.holidays) {
        const auto date = parse_date(holiday);
        if (!date) {
            throw usage_error{fmt::format(
                "--holiday \"{}\" is not a date; write it as YYYY-MM-DD, e.g. 2024-03-11",
                holiday)};
        }
        calendar->add_holiday(*date);
    }
    return calendar;
}

sop::time_point start_time(const sop::working_calendar& calendar, const std::string& text) {
    if (text.empty()) {
        return std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now());
    }
    const auto at = calendar.parse(text);
    if (!at) {
        throw usage_error{
            fmt::format("\"{}\" is not a time; write it as 2024-03-12T08:00 (local time) or "
                        "2024-03-12T08:00:00+07:00, from 1970 to 9999",
                        text)};
    }
    return *at;
}

std::optional<sop::answer> parse_answer(std::string_view text) {
    const std::string word = lower(text);
    if (word == "yes" || word == "ya" || word == "y") return sop::answer::yes;
    if (word == "no" || word == "tidak" || word == "n" || word == "t") return sop::answer::no;
    return std::nullopt;
}

std::string sop_heading(const sop::definition& sop) {
    const sop::identity& header = sop.header();
    return header.number.empty() ? header.title
                                 : fmt::format("{} ({})", header.title, header.number);
}

std::string write_whole(const std::string& path, const std::string& text) {
    const std::filesystem::path target(path);
    std::filesystem::path partial = target;
    partial += ".partial";
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        if (!out) return fmt::format("cannot write {}: {}", partial.string(), std::strerror(errno));
        if (!out.write(text.data(), static_cast<std::streamsize>(text.size())) || !out.flush()) {
            const std::string reason = std::strerror(errno);
            out.close();
            std::error_code ignored;
            std::filesystem::remove(partial, ignored);  // ours: it was opened above
            return fmt::format("cannot write {}: {}", partial.string(), reason);
        }
    }
    std::error_code error;
    std::filesystem::rename(partial, target, error);
    if (error) {
        const std::string reason = error.message();
        std::filesystem::remove(partial, error);
        return fmt::format("cannot write {}: {}", path, reason);
    }
    return {};
}

int write_output(const std::string& output, const std::string& text) {
    if (output.empty() || output == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return success;
    }
    if (const std::string problem = write_whole(output, text); !problem.empty()) {
        fmt::print(stderr, "sop-runner: {}\n", problem);
        return failure;
    }
    return success;
}

std::string read_whole(const std::string& path, std::uintmax_t limit, std::string& text) {
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (status.type() == std::filesystem::file_type::not_found) {
        return fmt::format("cannot read {}: no such file", path);
    }
    if (error) return fmt::format("cannot read {}: {}", path, error.message());
    if (std::filesystem::is_directory(status)) {
        return fmt::format("cannot read {}: it is a folder, not a file", path);
    }
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    if (!error && size > limit) {
        return fmt::format(
            "cannot read {}: it is {} bytes, over the limit of {} bytes for this "
            "kind of file",
            path, size, limit);
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return fmt::format("cannot read {}: {}", path, std::strerror(errno));
    text.clear();
    std::array<char, 65536> chunk{};
    while (in) {
        in.read(chunk.data(), chunk.size());
        text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
        if (text.size() > limit) {
            return fmt::format(
                "cannot read {}: it is over the limit of {} bytes for this kind "
                "of file",
                path, limit);
        }
    }
    if (in.bad()) return fmt::format("cannot read {}: {}", path, std::strerror(errno));
    return {};
}

namespace {

void print_errors(const std::vector<sop::diagnostic>& diagnostics) {
    const bool colour = use_colour("auto", stderr);
    for (const sop::diagnostic& problem : diagnostics) {
        if (problem.level != sop::severity::error) continue;
        const std::string line = sop::to_string(problem);
        std::fprintf(stderr, colour ? "\033[1m%s\033[0m\n" : "%s\n", line.c_str());
    }
}

}  // namespace

std::optional<sop::definition> load_for_command(const std::string& file,
                                                const std::string& catalog) {
    sop::load_result loaded = sop::load_file(file);
    print_errors(loaded.diagnostics);
    if (!loaded) {
        std::fprintf(stderr, "%s has errors; run 'sop-runner lint %s' for every diagnostic\n",
                     file.c_str(), file.c_str());
        return std::nullopt;
    }
    if (loaded.definition->linked()) return std::move(loaded.definition);
    // Its steps run related SOPs: link it with the SOPs of the catalog folder (its own folder
    // unless --catalog names another), this file standing for its SOP id.
    std::filesystem::path folder = catalog.empty() ? std::filesystem::path(file).parent_path()
                                                   : std::filesystem::path(catalog);
    if (folder.empty()) folder = ".";
    sop::catalog_result others = sop::catalog::load_folder(folder);
    print_errors(others.diagnostics);
    std::optional<sop::catalog> linked;
    if (others) {
        std::vector<sop::definition> all{*loaded.definition};
        for (const sop::definition& other : others.catalog->definitions()) {
            if (other.id() != loaded.definition->id()) all.push_back(other);
        }
        sop::catalog_result made = sop::catalog::link(std::move(all));
        print_errors(made.diagnostics);
        linked = std::move(made.catalog);
    }
    if (!linked) {
        std::fprintf(stderr,
                     "%s runs related SOPs, and they do not link with the SOPs of %s; run "
                     "'sop-runner lint %s' for every diagnostic, or name the folder that "
                     "holds them with --catalog\n",
                     file.c_str(), folder.string().c_str(), folder.string().c_str());
        return std::nullopt;
    }
    return *linked->find(loaded.definition->id());
}

bool use_colour(const std::string& mode, std::FILE* stream) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    const char* no_colour = std::getenv("NO_COLOR");
    if (no_colour != nullptr && *no_colour != '\0') return false;
    return ::isatty(::fileno(stream)) != 0;
}

}  // namespace runner
