#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <sopengine/error.hpp>
#include <sopengine/snapshot.hpp>

#include "detail/definition_data.hpp"
#include "detail/instance_data.hpp"
#include "detail/time_text.hpp"

// The snapshot format, version 1: UTF-8 lines "key value", in this order.
//
//   sopengine-snapshot 1
//   definition <sop id>
//   fingerprint <definition fingerprint>
//   status <not_started|at_activity|at_decision|completed|cancelled>
//   current <step id or ->
//   step-started <seconds since 1970-01-01T00:00:00Z, or ->
//   due <seconds or ->
//   last-event <seconds or ->
//   cancelled-by <actor id or ->
//   reason <percent-encoded text, or ->
//   history <count>
//   record <step id> <actor id> <-|yes|no|confirmed> <started> <finished> <due or ->
//                                                                            (count times)
//   end
//
// A record's third field is "-" for a completed activity, "yes" or "no" for an answered
// decision, and "confirmed" for a confirmation of a joint step that others had still to give.
//
// Version 2, written for a definition whose steps run related SOPs, has before "end":
//
//   sub-cases <count>
//   sub-case <line count>       (count times, each followed by the sub-case's own snapshot)
//
// Version 3, written for a case whose operations named the people who acted, has a seventh
// field in every record: who performed it, percent-encoded, or "-" for no one. It has the
// sub-case lines of version 2 when the definition's steps run related SOPs.
//
// Version 1 is still written for every other case, so its snapshots stay as they were.
//
// Numbers are decimal without a sign or leading zeros; times lie in the supported range.

namespace sop {
namespace {

using detail::history_entry;
using detail::no_time;

constexpr std::string_view magic = "sopengine-snapshot";
constexpr int snapshot_version = 1;
constexpr int sub_case_version = 2;  // with the snapshots of sub-cases
constexpr int people_version = 3;    // with who performed each record

// Appends a word of a line: text as it is, a number in decimal, a time or "-" for none.
void append(std::string& out, std::string_view text) {
    out += text;
}
void append(std::string& out, std::int64_t number) {
    if (number == no_time) {
        out += '-';
        return;
    }
    const fmt::format_int digits(number);
    out.append(digits.data(), digits.size());
}

// Appends text percent-encoded, or "-" for none.
void encode(std::string& out, std::string_view text) {
    if (text.empty()) {
        out += '-';
        return;
    }
    bool first = true;
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F || c == '%' || (first && c == '-')) {
            constexpr std::string_view hex = "0123456789ABCDEF";
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0xF];
        } else {
            out += c;
        }
        first = false;
    }
}

std::optional<std::string> decode(std::string_view text) {
    if (text == "-") return std::string();
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        unsigned value = 0;
        if (i + 3 > text.size()) return std::nullopt;
        const auto [end, error] =
            std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
        if (error != std::errc{} || end != text.data() + i + 3) return std::nullopt;
        out += static_cast<char>(value);
        i += 2;
    }
    return out;
}

// A number as snapshot() writes it: decimal digits, no sign, no leading zero, nothing after.
// Every number a snapshot holds has at most 18 digits, so the sum cannot overflow.
template <typename Number>
std::optional<Number> parse_number(std::string_view text) {
    if (text.empty() || text.size() > 18 || (text.size() > 1 && text.front() == '0')) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (value > static_cast<std::uint64_t>(std::numeric_limits<Number>::max())) {
        return std::nullopt;
    }
    return static_cast<Number>(value);
}

// A time in the supported range, or "-" for none (no_time).
std::optional<std::int64_t> parse_time(std::string_view text) {
    if (text == "-") return no_time;
    const auto value = parse_number<std::int64_t>(text);
    if (!value || !in_supported_range(time_point(std::chrono::seconds(*value)))) {
        return std::nullopt;
    }
    return value;
}

std::optional<status> parse_status(std::string_view text) {
    for (status value : {status::not_started, status::at_activity, status::at_decision,
                         status::completed, status::cancelled}) {
        if (to_string(value) == text) return value;
    }
    return std::nullopt;
}

// Reads the lines of a snapshot one at a time, keeping count for messages.
class reader {
public:
    explicit reader(std::string_view text) : rest_(text) {}

    // The value of the next line, which must start with `key` and a space.
    std::optional<std::string_view> field(std::string_view key) {
        const auto line = next_line();
        if (!line || line->size() < key.size() + 1 || line->substr(0, key.size()) != key ||
            (*line)[key.size()] != ' ') {
            return std::nullopt;
        }
        return line->substr(key.size() + 1);
    }
    // The next `count` lines, as one text ending in a line break; std::nullopt when fewer are
    // left.
    std::optional<std::string_view> lines(std::size_t count) {
        const std::string_view all = rest_;
        std::size_t length = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const std::size_t end = all.find('\n', length);
            if (end == std::string_view::npos) return std::nullopt;
            length = end + 1;
        }
        rest_.remove_prefix(length);
        line_ += count;
        return all.substr(0, length);
    }
    // The next line, which must be exactly `text`.
    bool exact(std::string_view text) { return next_line() == text; }
    bool at_end() const noexcept { return rest_.empty(); }
    std::size_t line() const noexcept { return line_; }

private:
    std::optional<std::string_view> next_line() {
        if (rest_.empty()) return std::nullopt;
        const std::size_t end = rest_.find('\n');
        const std::string_view line = rest_.substr(0, end);
        rest_ = end == std::string_view::npos ? std::string_view{} : rest_.substr(end + 1);
        ++line_;
        return line;
    }

    std::string_view rest_;
    std::size_t line_ = 0;
};

restore_result failure(restore_error code, std::string message) {
    return restore_result{std::nullopt, code, std::move(message)};
}

// Splits text at single spaces into exactly `N` words; false for any other count.
template <std::size_t N>
bool split(std::string_view text, std::array<std::string_view, N>& out) {
    for (std::size_t i = 0; i < N; ++i) {
        const std::size_t space = text.find(' ');
        if ((space == std::string_view::npos) != (i + 1 == N)) return false;
        out[i] = text.substr(0, space);
        if (space != std::string_view::npos) text.remove_prefix(space + 1);
    }
    return true;
}

}  // namespace

std::string_view to_string(restore_error code) noexcept {
    switch (code) {
        case restore_error::none: return "none";
        case restore_error::malformed: return "malformed";
        case restore_error::unsupported_version: return "unsupported_version";
        case restore_error::other_definition: return "other_definition";
        case restore_error::inconsistent: return "inconsistent";
    }
    return "unknown";
}

std::string snapshot(const instance& work) {
    const detail::case_view state = detail::instance_access::view_of(work);
    const detail::definition_data& defs = detail::data_of(work.definition());
    std::string out;
    out.reserve(256 + 64 * state.history.size());
    const auto line = [&out](std::string_view key, auto... values) {
        out += key;
        ((out += ' ', append(out, values)), ...);
        out += '\n';
    };
    const bool with_sub_cases = !defs.related_ids.empty();
    const bool with_people = !state.performers.empty();
    line(magic, std::int64_t{with_people      ? people_version
                             : with_sub_cases ? sub_case_version
                                              : snapshot_version});
    line("definition", std::string_view(defs.id));
    line("fingerprint", std::string_view(defs.fingerprint));
    line("status", to_string(state.status));
    line("current", state.current != detail::end_index
                        ? std::string_view(defs.steps[state.current].id)
                        : std::string_view("-"));
    line("step-started", state.step_started);
    line("due", state.due);
    line("last-event", state.last_event);
    line("cancelled-by", state.status == status::cancelled
                             ? std::string_view(defs.actors[state.cancelled_by].id)
                             : std::string_view("-"));
    out += "reason ";
    encode(out, state.cancel_reason);
    out += '\n';
    line("history", static_cast<std::int64_t>(state.history.size()));
    std::int64_t started = state.started;
    for (std::size_t i = 0; i < state.history.size(); ++i) {
        const history_entry& entry = state.history[i];
        const std::uint8_t answer = entry.answer();
        line("record", std::string_view(defs.steps[entry.step()].id),
             std::string_view(defs.actors[entry.actor()].id),
             std::string_view(!entry.completes() ? "confirmed"
                              : answer == 0      ? "-"
                              : answer == 1      ? "yes"
                                                 : "no"),
             started, entry.finished, entry.due);
        if (with_people) {
            out.back() = ' ';
            const std::uint32_t slot = state.performers[i];
            encode(out, slot == 0 ? std::string_view() : std::string_view(state.people[slot - 1]));
            out += '\n';
        }
        if (entry.completes()) started = entry.finished;
    }
    if (with_sub_cases) {
        line("sub-cases", static_cast<std::int64_t>(state.sub_cases.size()));
        for (const instance& sub_case : state.sub_cases) {
            const std::string text = snapshot(sub_case);
            line("sub-case", static_cast<std::int64_t>(std::count(text.begin(), text.end(), '\n')));
            out += text;
        }
    }
    out += "end\n";
    return out;
}

restore_result restore(const definition& sop, std::string_view text,
                       std::shared_ptr<const working_calendar> calendar) {
    return restore(sop, text, instance_options{std::move(calendar), nullptr});
}

instance restore_or_throw(const definition& sop, std::string_view text,
                          const instance_options& options) {
    restore_result result = restore(sop, text, options);
    if (!result) throw error(result.error, result.message);
    return std::move(*result.instance);
}

restore_result restore(const definition& sop, std::string_view text,
                       const instance_options& options) {
    const detail::definition_data& defs = detail::data_of(sop);
    reader in(text);
    auto malformed = [&in](std::string_view what) {
        return failure(restore_error::malformed,
                       fmt::format("line {} of the snapshot: {}", in.line(), what));
    };

    const auto header = in.field(magic);
    if (!header) return malformed("this is not a sopengine snapshot");
    const bool with_people = *header == std::to_string(people_version);
    const bool with_sub_cases =
        *header == std::to_string(sub_case_version) || (with_people && !defs.related_ids.empty());
    if (*header != std::to_string(snapshot_version) &&
        *header != std::to_string(sub_case_version) && !with_people) {
        return failure(restore_error::unsupported_version,
                       fmt::format("snapshot format {} is not supported; this version reads {} "
                                   "to {}",
                                   *header, snapshot_version, people_version));
    }
    const auto id = in.field("definition");
    if (!id) return malformed("expected 'definition <id>'");
    const auto fingerprint = in.field("fingerprint");
    if (!fingerprint) return malformed("expected 'fingerprint <hex>'");
    if (*id != defs.id || *fingerprint != defs.fingerprint) {
        return failure(restore_error::other_definition,
                       fmt::format("the snapshot is of '{}' version {}, but this definition is "
                                   "'{}' version {}; restore it with the definition it was taken "
                                   "of",
                                   *id, *fingerprint, defs.id, defs.fingerprint));
    }

    detail::snapshot_state read;
    detail::instance_data& state = read.data;
    const auto status_text = in.field("status");
    const auto parsed_status = status_text ? parse_status(*status_text) : std::nullopt;
    if (!parsed_status) return malformed("expected 'status' and a status name");
    read.status = *parsed_status;

    auto step_of = [&defs](std::string_view step_id) {
        return detail::find_by_id(defs.steps, defs.step_order, step_id);
    };
    auto actor_of = [&defs](std::string_view actor_id) {
        return detail::find_by_id(defs.actors, defs.actor_order, actor_id);
    };
    auto unknown = [](std::string_view what, std::string_view which) {
        return failure(restore_error::inconsistent,
                       fmt::format("the snapshot names {} '{}', which the definition does not have",
                                   what, which));
    };

    const auto current = in.field("current");
    if (!current) return malformed("expected 'current <step id>'");
    if (*current != "-") {
        const auto index = step_of(*current);
        if (!index) return unknown("step", *current);
        state.current = *index;
    }
    const std::array<std::int64_t*, 3> times{&state.step_started, &state.due, &state.last_event};
    std::size_t slot = 0;
    for (std::string_view key : {"step-started", "due", "last-event"}) {
        const auto value = in.field(key);
        const auto parsed = value ? parse_time(*value) : std::nullopt;
        if (!parsed) {
            return malformed(
                fmt::format("expected '{} <seconds>' ({}) or '-'", key, detail::supported_range));
        }
        *times[slot++] = *parsed;
    }
    const auto cancelled_by = in.field("cancelled-by");
    if (!cancelled_by) return malformed("expected 'cancelled-by <actor id>'");
    if (*cancelled_by != "-") {
        const auto index = actor_of(*cancelled_by);
        if (!index) return unknown("actor", *cancelled_by);
        state.cancelled_by = *index;
        read.has_canceller = true;
    }
    const auto reason = in.field("reason");
    const auto decoded = reason ? decode(*reason) : std::nullopt;
    if (!decoded) return malformed("expected 'reason' and percent-encoded text");
    state.cancel_reason = *decoded;

    const auto count_text = in.field("history");
    const auto parsed_count = count_text ? parse_number<std::size_t>(*count_text) : std::nullopt;
    // Every record takes a line of its own, so the text bounds the count.
    if (!parsed_count || *parsed_count > text.size()) {
        return malformed("expected 'history <count>'");
    }
    const std::size_t count = *parsed_count;
    state.history.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const auto record = in.field("record");
        if (!record) return malformed("expected a history record");
        std::array<std::string_view, 7> parts;
        std::optional<std::string> person;
        if (with_people) {
            if (!split(*record, parts)) return malformed("a record has seven fields");
            person = decode(parts[6]);
            if (!person) return malformed("a record's person is percent-encoded text or -");
        } else {
            std::array<std::string_view, 6> six;
            if (!split(*record, six)) return malformed("a record has six fields");
            std::copy(six.begin(), six.end(), parts.begin());
        }
        detail::recorded_step entry;
        const auto index = step_of(parts[0]);
        if (!index) return unknown("step", parts[0]);
        entry.step = *index;
        const auto who = actor_of(parts[1]);
        if (!who) return unknown("actor", parts[1]);
        entry.actor = *who;
        if (parts[2] == "yes")
            entry.answer = 1;
        else if (parts[2] == "no")
            entry.answer = 2;
        else if (parts[2] == "confirmed")
            entry.completes = false;
        else if (parts[2] != "-")
            return malformed("a record's answer is yes, no, confirmed or -");
        const auto started = parse_time(parts[3]);
        const auto finished = parse_time(parts[4]);
        const auto due = parse_time(parts[5]);
        if (!started || !finished || !due || *started == no_time || *finished == no_time) {
            return malformed(
                fmt::format("a record's times are whole seconds, {}", detail::supported_range));
        }
        entry.started = *started;
        entry.finished = *finished;
        entry.due = *due;
        if (person) entry.person = std::move(*person);
        state.history.push_back(std::move(entry));
    }
    if (with_sub_cases) {
        const auto sub_count = in.field("sub-cases");
        const auto parsed_subs = sub_count ? parse_number<std::size_t>(*sub_count) : std::nullopt;
        if (!parsed_subs || *parsed_subs > text.size()) {
            return malformed("expected 'sub-cases <count>'");
        }
        for (std::size_t i = 0; i < *parsed_subs; ++i) {
            const auto length = in.field("sub-case");
            const auto parsed_length = length ? parse_number<std::size_t>(*length) : std::nullopt;
            const auto inner = parsed_length ? in.lines(*parsed_length) : std::nullopt;
            if (!inner) return malformed("expected 'sub-case <line count>' and as many lines");
            read.sub_cases.push_back(*inner);
        }
    }
    if (!in.exact("end")) return malformed("expected 'end'");
    if (!in.at_end()) return malformed("text after 'end'");
    return detail::instance_access::rebuild(sop, options, read);
}

}  // namespace sop
