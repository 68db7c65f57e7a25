#pragma once

/// @file
/// Problems found while loading an SOP, located in the source and printed the way compilers print.

#include <cstdint>
#include <sopengine/visibility.hpp>
#include <span>
#include <string>
#include <string_view>

namespace sop {

/// How serious a diagnostic is: errors make a definition invalid, warnings do not.
enum class severity : std::uint8_t {
    warning,  ///< The definition loads, but the author should look at this.
    error,    ///< The definition cannot be loaded.
};

/// A place in a source file; line and column are 1-based, columns count UTF-8 code points.
struct location {
    std::string file;          ///< The file path or source name given to the loader.
    std::uint32_t line = 0;    ///< 1-based line; 0 when the problem concerns the whole file.
    std::uint32_t column = 0;  ///< 1-based column in code points; 0 when there is no column.

    friend bool operator==(const location&, const location&) = default;
};

/// One problem found in an SOP definition.
struct diagnostic {
    severity level = severity::error;  ///< Error or warning.
    std::string code;  ///< Stable kebab-case identifier, e.g. "unknown-actor"; see the format docs.
    location where;    ///< Where the problem is.
    std::string message;  ///< What is wrong and what to do about it, for an SOP author.

    friend bool operator==(const diagnostic&, const diagnostic&) = default;
};

/// "error" or "warning".
SOPENGINE_API std::string_view to_string(severity level) noexcept;

/// Formats as "file:line:column: error: message [code]" (line and column left out when 0).
SOPENGINE_API std::string to_string(const diagnostic& item);

/// True when any diagnostic in the list is an error.
SOPENGINE_API bool has_errors(std::span<const diagnostic> diagnostics) noexcept;

}  // namespace sop
