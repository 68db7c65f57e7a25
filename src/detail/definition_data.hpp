#pragma once

// Internal: the shared, immutable state behind sop::definition, and its compiled transition table.

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <sopengine/definition.hpp>
#include <string>
#include <vector>

namespace sop::detail {

/// Index of a step in document order; end_index stands for the end of the procedure.
using step_index = std::uint32_t;
/// Index of an actor in declaration order.
using actor_index = std::uint32_t;

inline constexpr step_index end_index = std::numeric_limits<step_index>::max();

/// One row of the compiled transition table.
struct compiled_step {
    step_kind kind = step_kind::activity;
    step_index next = end_index;  ///< Activities.
    step_index yes = end_index;   ///< Decisions.
    step_index no = end_index;    ///< Decisions.
    std::optional<std::int64_t> minutes;
    std::vector<actor_index> actors;
};

struct definition_data {
    std::string id;
    std::string language;
    std::string source_name;
    sop::identity header;
    table_headings headings;
    std::vector<actor> actors;
    std::vector<step> steps;
    std::vector<compiled_step> table;  ///< Parallel to steps.
    std::map<std::string, step_index, std::less<>> step_ids;
    std::map<std::string, actor_index, std::less<>> actor_ids;
    std::string fingerprint;
    std::vector<diagnostic> warnings;
};

/// The one door between sop::definition and the engine's internals.
struct definition_access {
    static definition make(std::shared_ptr<const definition_data> data) {
        return definition(std::move(data));
    }
    static const definition_data& data(const definition& sop) noexcept { return *sop.data_; }
    /// False for a moved-from definition.
    static bool valid(const definition& sop) noexcept { return sop.data_ != nullptr; }
};

/// The compiled data of a definition.
inline const definition_data& data_of(const definition& sop) noexcept {
    return definition_access::data(sop);
}

}  // namespace sop::detail
