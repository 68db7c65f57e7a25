#include <algorithm>
#include <sopengine/definition.hpp>

#include "detail/definition_data.hpp"

namespace sop {

std::string_view to_string(step_kind kind) noexcept {
    return kind == step_kind::activity ? "activity" : "decision";
}

definition::definition(std::shared_ptr<const detail::definition_data> data) noexcept
    : data_(std::move(data)) {}

const std::string& definition::id() const noexcept {
    return data_->id;
}
const std::string& definition::language() const noexcept {
    return data_->language;
}
const std::string& definition::source_name() const noexcept {
    return data_->source_name;
}
const sop::identity& definition::header() const noexcept {
    return data_->header;
}
const table_headings& definition::headings() const noexcept {
    return data_->headings;
}
std::span<const actor> definition::actors() const noexcept {
    return data_->actors;
}
std::span<const step> definition::steps() const noexcept {
    return data_->steps;
}
const std::string& definition::fingerprint() const noexcept {
    return data_->fingerprint;
}
std::span<const diagnostic> definition::warnings() const noexcept {
    return data_->warnings;
}

const step* definition::find_step(std::string_view id) const noexcept {
    const auto found = detail::find_by_id(data_->steps, data_->step_order, id);
    return found ? &data_->steps[*found] : nullptr;
}

const actor* definition::find_actor(std::string_view id) const noexcept {
    const auto found = detail::find_by_id(data_->actors, data_->actor_order, id);
    return found ? &data_->actors[*found] : nullptr;
}

std::span<const ending> definition::endings() const noexcept {
    return data_->endings;
}

const ending* definition::find_ending(std::string_view id) const noexcept {
    if (id == end_target) return &data_->endings.front();
    for (const ending& one : data_->endings) {
        if (one.id == id) return &one;
    }
    return nullptr;
}

bool definition::external(const step& row) const noexcept {
    return !row.actors.empty() &&
           std::all_of(row.actors.begin(), row.actors.end(), [this](const std::string& id) {
               const actor* who = find_actor(id);
               return who != nullptr && who->external;
           });
}

const definition* definition::related(const step& row) const noexcept {
    if (data_->related.empty() || row.sop.empty()) return nullptr;
    const auto at = detail::index_within(data_->steps, row);
    if (!at) return nullptr;
    const std::uint32_t index = data_->table[*at].related;
    return index == detail::no_related ? nullptr : &data_->related[index];
}

bool definition::linked() const noexcept {
    return data_->related.size() == data_->related_ids.size();
}

}  // namespace sop
