#include "detail/fingerprint.hpp"

#include <fmt/format.h>

#include <cstdint>

namespace sop::detail {
namespace {

class fnv1a {
public:
    void add(std::string_view text) {
        add_raw(fmt::format_int(text.size()));
        add_raw(":");
        add_raw(text);
    }
    void add(std::int64_t value) { add(fmt::format_int(value)); }
    void add(const std::optional<std::chrono::year_month_day>& date) {
        if (!date) {
            add("-");
            return;
        }
        add(std::chrono::sys_days(*date).time_since_epoch().count());
    }
    void add(const dated& value) {
        add(value.text);
        add(value.date);
    }
    void add(const std::vector<std::string>& list) {
        add(static_cast<std::int64_t>(list.size()));
        for (const auto& item : list) add(item);
    }
    std::uint64_t value() const noexcept { return hash_; }

private:
    void add(const fmt::format_int& digits) { add(std::string_view(digits.data(), digits.size())); }
    void add_raw(const fmt::format_int& digits) {
        add_raw(std::string_view(digits.data(), digits.size()));
    }
    void add_raw(std::string_view bytes) {
        for (char c : bytes) {
            hash_ ^= static_cast<unsigned char>(c);
            hash_ *= 0x100000001b3ULL;
        }
    }
    std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

}  // namespace

std::string fingerprint_of(const definition_data& data) {
    fnv1a h;
    h.add(std::string_view("sopengine-definition-1"));
    h.add(data.id);
    h.add(data.language);
    // Every field the descriptor tables list, in their order.
    const identity& header = data.header;
    for (const identity_field& field : identity_fields) {
        switch (field.kind) {
            case field_kind::text: h.add(header.*(field.text)); break;
            case field_kind::date: h.add(header.*(field.date)); break;
            case field_kind::list: h.add(header.*(field.items)); break;
            case field_kind::approver:
                for (const approver_field& part : approver_fields) {
                    h.add((header.*(field.person)).*(part.value));
                }
                break;
        }
    }
    for (const heading_field& field : heading_fields) h.add(data.headings.*(field.value));
    h.add(static_cast<std::int64_t>(data.actors.size()));
    for (const actor& who : data.actors) {
        h.add(who.id);
        h.add(who.name);
    }
    h.add(static_cast<std::int64_t>(data.steps.size()));
    for (const step& row : data.steps) {
        h.add(row.id);
        h.add(to_string(row.kind));
        h.add(row.actors);
        for (const step_field& field : step_fields) h.add(row.*(field.value));
        for (const std::string* field : {&row.duration_text, &row.next, &row.yes, &row.no}) {
            h.add(*field);
        }
        h.add(std::int64_t{row.duration ? 1 : 0});
        if (row.duration) {
            for (const time_amount& bound : {row.duration->least, row.duration->most}) {
                h.add(bound.days);
                h.add(bound.minutes);
                h.add(bound.clock_minutes);
            }
        }
    }
    // What format 1 added later, hashed only when a document uses it, so that the fingerprints
    // of documents without it stay as they were.
    std::vector<std::string> external;
    for (const actor& who : data.actors) {
        if (who.external) external.push_back(who.id);
    }
    std::vector<std::string> together;
    for (const step& row : data.steps) {
        if (row.together) together.push_back(row.id);
    }
    const bool declared_endings = data.endings.front().declared;
    if (declared_endings || !external.empty() || !together.empty()) {
        h.add(std::string_view("endings-external-together"));
        h.add(static_cast<std::int64_t>(declared_endings ? data.endings.size() : 0));
        if (declared_endings) {
            for (const ending& one : data.endings) {
                h.add(one.id);
                h.add(one.label);
            }
        }
        h.add(external);
        h.add(together);
    }
    std::vector<std::string> related;  // step id, SOP id, ...
    for (const step& row : data.steps) {
        if (row.sop.empty()) continue;
        related.push_back(row.id);
        related.push_back(row.sop);
    }
    if (!related.empty()) {
        h.add(std::string_view("related-sops"));
        h.add(related);
    }
    std::vector<std::string> separation;  // step id, its count, the step ids, ...
    for (const step& row : data.steps) {
        if (row.not_by_performer_of.empty()) continue;
        separation.push_back(row.id);
        separation.push_back(std::to_string(row.not_by_performer_of.size()));
        separation.insert(separation.end(), row.not_by_performer_of.begin(),
                          row.not_by_performer_of.end());
    }
    if (!separation.empty()) {
        h.add(std::string_view("separation-of-duties"));
        h.add(separation);
    }
    return fmt::format("{:016x}", h.value());
}

}  // namespace sop::detail
