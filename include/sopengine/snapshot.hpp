#pragma once

/// @file
/// Saving an instance as text and restoring it later.

#include <cstdint>
#include <memory>
#include <optional>
#include <sopengine/calendar.hpp>
#include <sopengine/definition.hpp>
#include <sopengine/instance.hpp>
#include <string>
#include <string_view>

namespace sop {

/// Writes the state of an instance (status, current step, times, history, cancel reason) as
/// UTF-8 text, one record per line, naming the definition's id and fingerprint. Observers and
/// the calendar are not part of it.
std::string snapshot(const instance& work);

/// Why a snapshot could not be restored.
enum class restore_error : std::uint8_t {
    none,                 ///< Restored.
    malformed,            ///< Not a snapshot, truncated, or a field that does not parse.
    unsupported_version,  ///< A snapshot format this version does not read.
    other_definition,     ///< Taken of another SOP, or of another version (fingerprint) of it.
    inconsistent,         ///< Parses, but names unknown steps or actors or breaks the rules.
};

/// "none", "malformed", "unsupported_version", "other_definition" or "inconsistent".
std::string_view to_string(restore_error code) noexcept;

/// The outcome of restore: an instance, or the reason and an explanation.
struct restore_result {
    std::optional<sop::instance> instance;      ///< Set exactly when error is none.
    restore_error error = restore_error::none;  ///< Why not.
    std::string message;                        ///< For people; empty on success.

    /// True when an instance was restored.
    explicit operator bool() const noexcept { return instance.has_value(); }
};

/// Restores an instance of `sop` from snapshot text, on `calendar` (the default calendar when
/// null). Never throws for bad text; refuses a snapshot of another definition or fingerprint.
/// The restored instance behaves exactly as the original did from the moment of the snapshot.
restore_result restore(const definition& sop, std::string_view text,
                       std::shared_ptr<const working_calendar> calendar = nullptr);

}  // namespace sop
