#pragma once

/// @file
/// Saving an instance as text and restoring it later.

#include <cstdint>
#include <memory>
#include <optional>
#include <sopengine/calendar.hpp>
#include <sopengine/definition.hpp>
#include <sopengine/instance.hpp>
#include <sopengine/visibility.hpp>
#include <string>
#include <string_view>
#include <system_error>

namespace sop {

/// Writes the state of an instance (status, current step, times, history, cancel reason) as
/// UTF-8 text, one record per line, naming the definition's id and fingerprint. Observers, the
/// calendar and the log sink are not part of it. Throws sop::error (errc::moved_from) for a
/// moved-from instance.
[[nodiscard]] SOPENGINE_API std::string snapshot(const instance& work);

/// Why a snapshot could not be restored.
enum class restore_error : std::uint8_t {
    none,                 ///< Restored.
    malformed,            ///< Not a snapshot, truncated, a field that does not parse, a number
                          ///< not written as snapshot() writes it, or a time out of range.
    unsupported_version,  ///< A snapshot format this version does not read.
    other_definition,     ///< Taken of another SOP, or of another version (fingerprint) of it.
    inconsistent,         ///< Parses, but names unknown steps or actors, or a field contradicts
                          ///< the definition, the status or the rules (a due time that does not
                          ///< fit the step's standard time, a reason on a case not cancelled).
};

/// "none", "malformed", "unsupported_version", "other_definition" or "inconsistent".
SOPENGINE_API std::string_view to_string(restore_error code) noexcept;

/// The category of restore_error values ("sopengine.restore"), for sop::error::code().
SOPENGINE_API const std::error_category& restore_category() noexcept;

/// A std::error_code of restore_category().
SOPENGINE_API std::error_code make_error_code(restore_error code) noexcept;

/// The outcome of restore: an instance, or the reason and an explanation.
struct [[nodiscard]] restore_result {
    std::optional<sop::instance> instance;      ///< Set exactly when error is none.
    restore_error error = restore_error::none;  ///< Why not.
    std::string message;                        ///< For people; empty on success.

    /// True when an instance was restored.
    explicit operator bool() const noexcept { return instance.has_value(); }
};

/// Restores an instance of `sop` from snapshot text, with the calendar and log sink of
/// `options`. Never throws for bad text (only std::bad_alloc); refuses a snapshot of another
/// definition or fingerprint, and one any of whose fields contradicts the definition, the
/// status or the rules. Due times are taken as written (they were computed on the calendar in
/// force when each step began) after checking that each fits its step's standard time. The
/// restored instance behaves exactly as the original did from the moment of the snapshot.
SOPENGINE_API restore_result restore(const definition& sop, std::string_view text,
                                     const instance_options& options);

/// Restores on `calendar` (the default calendar when null), logging to the default sink.
SOPENGINE_API restore_result restore(const definition& sop, std::string_view text,
                                     std::shared_ptr<const working_calendar> calendar = nullptr);

/// Like restore, but returns the instance or throws sop::error whose code() is the
/// restore_error and whose what() is the explanation.
SOPENGINE_API instance restore_or_throw(const definition& sop, std::string_view text,
                                        const instance_options& options = {});

}  // namespace sop

template <>
struct std::is_error_code_enum<sop::restore_error> : std::true_type {};
