#pragma once

/// @file
/// Exports of a definition to other formats.

#include <sopengine/definition.hpp>
#include <string>

namespace sop {

/// Graphviz DOT of the procedure: one lane (cluster) per actor, boxes for activities, diamonds
/// for decisions, Ya/Tidak labels on decision edges, and start and end capsules. A step of
/// several actors sits in the lane of its first actor and names the others.
std::string to_dot(const definition& sop);

}  // namespace sop
