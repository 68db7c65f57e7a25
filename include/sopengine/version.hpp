#pragma once

/// @file
/// The library version.

#include <string_view>

namespace sop {

/// The library version, "MAJOR.MINOR.PATCH".
std::string_view version() noexcept;

/// The newest SOP format version (<sop format="...">) this library reads.
inline constexpr int format_version = 1;

}  // namespace sop
