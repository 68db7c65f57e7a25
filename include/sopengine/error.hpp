#pragma once

/// @file
/// The one exception family of sopengine, and the error codes behind it.
///
/// Expected events are values, not exceptions: a load returns its diagnostics
/// (sop::load_result), an operation on a case its sop::outcome, a restore its sop::restore_result.
/// The *_or_throw helpers, a contract violation (a null observer, a weekday 9) and calendar
/// arithmetic without an error_code argument throw sop::error, whose code() is a
/// std::error_code: compare it with sop::errc, sop::outcome_code or sop::restore_error values.

#include <cstdint>
#include <sopengine/visibility.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace sop {

/// Failures that are not an operation's refusal or a restore's reason.
enum class errc : std::uint8_t {
    invalid_argument = 1,  ///< A contract violation: an argument outside what the function takes.
    load_failed,           ///< The SOP has errors; sop::load_error carries the diagnostics.
    no_working_time,       ///< The working calendar has no working time at all.
    time_out_of_range,     ///< A time outside the supported range (sop::earliest_time ...).
    moved_from,            ///< An operation on a moved-from sop::instance.
    not_linked,  ///< A case of a definition whose related SOPs no sop::catalog has linked.
};

/// "invalid_argument", "load_failed", "no_working_time", "time_out_of_range", "moved_from" or
/// "not_linked".
SOPENGINE_API std::string_view to_string(errc code) noexcept;

/// The category of sop::errc values ("sopengine").
SOPENGINE_API const std::error_category& error_category() noexcept;

/// A std::error_code of sop::error_category().
SOPENGINE_API std::error_code make_error_code(errc code) noexcept;

/// The one exception type sopengine throws (apart from std::bad_alloc): a message for people
/// and a code for programs.
class SOPENGINE_API error : public std::runtime_error {
public:
    /// An error with `code` and the explanation `message`.
    error(std::error_code code, const std::string& message);
    /// What went wrong, as a code: compare with sop::errc, sop::outcome_code or
    /// sop::restore_error values.
    const std::error_code& code() const noexcept { return code_; }

private:
    std::error_code code_;
};

}  // namespace sop

template <>
struct std::is_error_code_enum<sop::errc> : std::true_type {};
