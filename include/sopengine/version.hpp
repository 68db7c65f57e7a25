#pragma once

/// @file
/// The library version. These macros are the one place the version is written: CMake reads
/// them for the project and the package version.

#include <sopengine/visibility.hpp>
#include <string_view>

#define SOPENGINE_VERSION_MAJOR 0  ///< Incompatible API changes.
#define SOPENGINE_VERSION_MINOR 3  ///< Added API, compatible.
#define SOPENGINE_VERSION_PATCH 0  ///< Fixes.
/// The version as one number, MAJOR * 10000 + MINOR * 100 + PATCH, for #if comparisons.
#define SOPENGINE_VERSION \
    (SOPENGINE_VERSION_MAJOR * 10000 + SOPENGINE_VERSION_MINOR * 100 + SOPENGINE_VERSION_PATCH)

namespace sop {

/// The version of the library linked at run time, "MAJOR.MINOR.PATCH" (the headers compiled
/// against say SOPENGINE_VERSION).
SOPENGINE_API std::string_view version() noexcept;

/// The newest SOP format version (<sop format="...">) this library reads.
inline constexpr int format_version = 1;

}  // namespace sop
