#pragma once

// Internal: the fingerprint of a definition's normalised content.

#include <string>

#include "detail/definition_data.hpp"

namespace sop::detail {

/// Hex digest (64-bit FNV-1a, 16 digits) of every field the engine keeps, each length-prefixed,
/// so that the digest changes with any change of content and never with layout.
std::string fingerprint_of(const definition_data& data);

}  // namespace sop::detail
