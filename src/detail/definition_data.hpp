#pragma once

// Internal: the shared, immutable state behind sop::definition, and its compiled transition table.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <sopengine/definition.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace sop::detail {

/// Index of a step in document order; end_index stands for the end of the procedure.
using step_index = std::uint32_t;
/// Index of an actor in declaration order.
using actor_index = std::uint32_t;
/// Index of an ending in declaration order.
using ending_index = std::uint8_t;

inline constexpr step_index end_index = std::numeric_limits<step_index>::max();
/// compiled_step::related of a step that runs no related SOP.
inline constexpr std::uint32_t no_related = std::numeric_limits<std::uint32_t>::max();

/// One row of the compiled transition table.
struct compiled_step {
    step_kind kind = step_kind::activity;
    bool together = false;         ///< Every actor confirms (a joint activity).
    bool external = false;         ///< Every actor is external: no due time, waiting time.
    ending_index next_ending = 0;  ///< The ending `next` leads to, when it is end_index.
    ending_index yes_ending = 0;   ///< The ending `yes` leads to, when it is end_index.
    ending_index no_ending = 0;    ///< The ending `no` leads to, when it is end_index.
    step_index next = end_index;   ///< Activities.
    step_index yes = end_index;    ///< Decisions.
    step_index no = end_index;     ///< Decisions.
    /// The related SOP the step runs as a sub-case: an index into definition_data::related_ids
    /// (and, once linked, related); no_related for none.
    std::uint32_t related = no_related;
    std::optional<time_amount> time;  ///< The standard time's most; none without a fixed time.
    std::vector<actor_index> actors;
    /// Separation of duties: the steps whose performers may not perform this one.
    std::vector<step_index> not_by;

    /// Where the step leads by `exit` (history_entry's answer code: 0 an activity's next, 1 yes,
    /// 2 no): a step, or end_index.
    step_index target(std::uint8_t exit) const noexcept {
        return exit == 0 ? next : exit == 1 ? yes : no;
    }
    /// The ending reached by `exit`, when target(exit) is end_index.
    ending_index ending(std::uint8_t exit) const noexcept {
        return exit == 0 ? next_ending : exit == 1 ? yes_ending : no_ending;
    }
};

struct definition_data {
    std::string id;
    std::string language;
    std::string source_name;
    sop::identity header;
    table_headings headings;
    std::vector<actor> actors;
    /// The declared endings, or the one implicit `end` of a definition that declares none.
    std::vector<ending> endings{ending{std::string(end_target), "Selesai", false}};
    std::vector<step> steps;
    std::vector<compiled_step> table;  ///< Parallel to steps.
    /// The ids of the related SOPs the steps run, each once, in the order steps first name them.
    std::vector<std::string> related_ids;
    /// Parallel to related_ids once a sop::catalog has linked the definition; empty before.
    std::vector<definition> related;
    std::vector<step_index> step_order;    ///< Steps' indices sorted by id, for look-ups.
    std::vector<actor_index> actor_order;  ///< Actors' indices sorted by id, for look-ups.
    std::string fingerprint;
    std::vector<diagnostic> warnings;
};

/// The indices of `items` sorted by their ids.
template <typename Item>
std::vector<std::uint32_t> order_by_id(const std::vector<Item>& items) {
    std::vector<std::uint32_t> order(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) order[i] = static_cast<std::uint32_t>(i);
    std::sort(order.begin(), order.end(),
              [&items](std::uint32_t a, std::uint32_t b) { return items[a].id < items[b].id; });
    return order;
}

/// The index of the item with this id, or std::nullopt: a scan for the few actors and steps of
/// a real SOP, a binary search through `order` (order_by_id) for more.
template <typename Item>
std::optional<std::uint32_t> find_by_id(const std::vector<Item>& items,
                                        const std::vector<std::uint32_t>& order,
                                        std::string_view id) noexcept {
    if (items.size() <= 16) {
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (std::string_view(items[i].id) == id) return static_cast<std::uint32_t>(i);
        }
        return std::nullopt;
    }
    const auto at = std::lower_bound(order.begin(), order.end(), id,
                                     [&items](std::uint32_t index, std::string_view wanted) {
                                         return items[index].id < wanted;
                                     });
    if (at == order.end() || items[*at].id != id) return std::nullopt;
    return *at;
}

/// The index of `item` in `items` when it is one of them (compared by address, in a total
/// order that holds across arrays); std::nullopt for a record of another array.
template <typename Item>
std::optional<std::uint32_t> index_within(const std::vector<Item>& items,
                                          const Item& item) noexcept {
    const std::less<> before;
    if (before(&item, items.data()) || !before(&item, items.data() + items.size())) {
        return std::nullopt;
    }
    return static_cast<std::uint32_t>(&item - items.data());
}

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
