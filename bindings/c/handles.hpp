#pragma once

// What the C ABI's sources share: the structs behind the opaque handles, the per-thread
// message, and the wrapper that keeps every exception on this side of the ABI.

#include <sopengine/sopengine.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <sopengine/sopengine.hpp>
#include <sopengine/store.hpp>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

struct sop_diagnostics {
    explicit sop_diagnostics(std::vector<sop::diagnostic> list) : items(std::move(list)) {
        texts.reserve(items.size());
        for (const sop::diagnostic& item : items) texts.push_back(sop::to_string(item));
    }
    std::vector<sop::diagnostic> items;
    std::vector<std::string> texts;  // each as compilers print it
};

struct sop_calendar {
    std::shared_ptr<const sop::working_calendar> calendar;
};

struct sop_definition {
    sop::definition definition;
};

struct sop_analysis {
    sop::analysis analysis;
};

struct sop_instance {
    sop_instance(sop_definition sop, std::shared_ptr<const sop::working_calendar> calendar)
        : definition(std::move(sop)), work(definition.definition, std::move(calendar)) {}
    sop_instance(sop_definition sop, sop::instance restored)
        : definition(std::move(sop)), work(std::move(restored)) {}

    // The history as values, read again only when it has grown (records are only appended).
    const std::vector<sop::step_record>& history() const {
        if (history_.size() != work.history_size()) history_ = work.history();
        return history_;
    }

    sop_definition definition;  // what sop_instance_definition lends
    sop::instance work;

private:
    mutable std::vector<sop::step_record> history_;
};

namespace sop_c {

// sop_store_refusal values are this plus the sop::store_errc value.
inline constexpr int store_refusal_base = 100;
static_assert(SOP_REFUSED_CONFLICT ==
              store_refusal_base + static_cast<int>(sop::store_errc::conflict));
static_assert(SOP_REFUSED_NO_SUCH_CALENDAR ==
              store_refusal_base + static_cast<int>(sop::store_errc::no_such_calendar));
static_assert(SOP_REFUSED_NO_SUCH_PERSON ==
              store_refusal_base + static_cast<int>(sop::store_errc::no_such_person));
static_assert(SOP_REFUSED_OVERLAPPING ==
              store_refusal_base + static_cast<int>(sop::store_errc::overlapping));

// True for a sop_store_refusal: the store_errc values that are refusals, not errors (damaged,
// unavailable and incompatible are sop_error codes).
inline bool is_store_refusal(int code) noexcept {
    return (code >= SOP_REFUSED_CONFLICT && code <= SOP_REFUSED_NO_SUCH_CALENDAR) ||
           (code >= SOP_REFUSED_NO_SUCH_PERSON && code <= SOP_REFUSED_OVERLAPPING);
}

// A C answer (a sop_answer passed as an int) as the engine's; none for a value that is neither
// SOP_YES nor SOP_NO.
inline std::optional<sop::answer> answer_of(int value) noexcept {
    if (value == SOP_YES) return sop::answer::yes;
    if (value == SOP_NO) return sop::answer::no;
    return std::nullopt;
}

// A recorded answer as the C records have it: SOP_YES, SOP_NO, or -1 for none.
inline int answer_code(const std::optional<sop::answer>& value) noexcept {
    if (!value) return -1;
    return *value == sop::answer::yes ? SOP_YES : SOP_NO;
}

// The index of a step of `sop` (a pointer into its steps), or -1 for none.
inline std::int64_t index_of(const sop::definition& sop, const sop::step* step) noexcept {
    return step == nullptr ? -1 : step - sop.steps().data();
}

// The explanation of the thread's last call that did not succeed.
inline std::string& last_message() noexcept {
    thread_local std::string message;
    return message;
}

// Records `message` and returns `code`.
inline int fail(int code, std::string_view message) noexcept {
    try {
        last_message().assign(message);
    } catch (const std::bad_alloc&) {
        last_message().clear();
    }
    return code;
}

// The C code of a sop::error's code (its category and value).
inline int code_of(const std::error_code& code) noexcept {
    const std::error_category& category = code.category();
    if (category == sop::outcome_category() || category == sop::restore_category()) {
        return code.value();
    }
    if (category == sop::store_category()) {
        switch (static_cast<sop::store_errc>(code.value())) {
            case sop::store_errc::damaged: return SOP_ERROR_DAMAGED;
            case sop::store_errc::unavailable: return SOP_ERROR_UNAVAILABLE;
            case sop::store_errc::incompatible: return SOP_ERROR_INCOMPATIBLE;
            default: return store_refusal_base + code.value();  // sop_store_refusal
        }
    }
    if (code == sop::errc::load_failed) return SOP_ERROR_LOAD_FAILED;
    if (code == sop::errc::no_working_time) return SOP_ERROR_NO_WORKING_TIME;
    if (category == sop::error_category()) return SOP_ERROR_INVALID_ARGUMENT;
    return SOP_ERROR_INTERNAL;
}

// Runs `body` (which returns a C result) with the thread's message cleared, and turns every
// exception into a negative code and its message. Never throws.
template <typename Body>
auto guarded(Body body) noexcept -> decltype(body()) {
    using result = decltype(body());
    last_message().clear();
    try {
        return body();
    } catch (const sop::error& e) {
        return static_cast<result>(fail(code_of(e.code()), e.what()));
    } catch (const std::bad_alloc&) {
        return static_cast<result>(fail(SOP_ERROR_OUT_OF_MEMORY, "out of memory"));
    } catch (const std::exception& e) {
        return static_cast<result>(fail(SOP_ERROR_INTERNAL, e.what()));
    } catch (...) {
        return static_cast<result>(fail(SOP_ERROR_INTERNAL, "an unknown exception"));
    }
}

// A string the caller frees with sop_free; nullptr when out of memory.
inline char* copy_out(const std::string& text) noexcept {
    auto* copy = static_cast<char*>(std::malloc(text.size() + 1));
    if (copy != nullptr) std::memcpy(copy, text.c_str(), text.size() + 1);
    return copy;
}

// A char* result: the text, or nullptr with the reason in sop_last_message().
template <typename Make>
char* text_result(Make make) noexcept {
    char* out = nullptr;
    const int code = guarded([&]() -> int {
        out = copy_out(make());
        return out == nullptr ? fail(SOP_ERROR_OUT_OF_MEMORY, "out of memory") : SOP_OK;
    });
    return code == SOP_OK ? out : nullptr;
}

// The calendar of a handle, or the default calendar for NULL.
inline const sop::working_calendar& default_calendar(const sop_calendar* calendar) {
    static const sop::working_calendar standard;
    return calendar != nullptr ? *calendar->calendar : standard;
}

inline std::int64_t to_seconds(sop::time_point at) noexcept {
    return at.time_since_epoch().count();
}

// A C time as a time_point, whatever its value (the engine refuses one out of range).
inline sop::time_point any_time(std::int64_t seconds) noexcept {
    return sop::time_point{std::chrono::seconds{seconds}};
}

// A C time as a time_point, or none when out of the supported range.
inline std::optional<sop::time_point> to_time(std::int64_t seconds) noexcept {
    const sop::time_point at = any_time(seconds);
    if (!sop::in_supported_range(at)) return std::nullopt;
    return at;
}

// The first error of a failed load, as printed (what sop_last_message says of it).
inline std::string first_error(const std::vector<sop::diagnostic>& diagnostics) {
    for (const sop::diagnostic& item : diagnostics) {
        if (item.level == sop::severity::error) return sop::to_string(item);
    }
    return "the load failed";
}

// The name of any code a C function returns.
inline const char* code_name(int code) noexcept {
    switch (code) {
        case SOP_OK: return "ok";
        case SOP_ERROR_INVALID_ARGUMENT: return "invalid_argument";
        case SOP_ERROR_LOAD_FAILED: return "load_failed";
        case SOP_ERROR_NOT_FOUND: return "not_found";
        case SOP_ERROR_NO_WORKING_TIME: return "no_working_time";
        case SOP_ERROR_OUT_OF_MEMORY: return "out_of_memory";
        case SOP_ERROR_UNAVAILABLE: return "unavailable";
        case SOP_ERROR_INCOMPATIBLE: return "incompatible";
        case SOP_ERROR_DAMAGED: return "damaged";
        case SOP_ERROR_INTERNAL: return "internal";
        default: break;
    }
    // The engine's names are string literals, so their data() ends in a NUL.
    if (code > 0 && code <= static_cast<int>(sop::outcome_code::separation_of_duties)) {
        return sop::to_string(static_cast<sop::outcome_code>(code)).data();
    }
    if (is_store_refusal(code)) {
        return sop::to_string(static_cast<sop::store_errc>(code - store_refusal_base)).data();
    }
    return "unknown";
}

}  // namespace sop_c
