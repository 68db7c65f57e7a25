#include "detail/fingerprint.hpp"

#include <fmt/format.h>

#include <cstdint>

namespace sop::detail {
namespace {

class fnv1a {
public:
    void add(std::string_view text) {
        add_raw(std::to_string(text.size()));
        add_raw(":");
        add_raw(text);
    }
    void add(std::int64_t value) { add(std::to_string(value)); }
    void add(const std::optional<std::chrono::year_month_day>& date) {
        add(date ? std::to_string(std::chrono::sys_days(*date).time_since_epoch().count()) : "-");
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
    const identity& header = data.header;
    for (const std::string* field : {&header.government, &header.organization, &header.unit,
                                     &header.address, &header.number, &header.title}) {
        h.add(*field);
    }
    h.add(header.created);
    h.add(header.revised);
    h.add(header.effective);
    h.add(header.ratified);
    h.add(header.approved_by.position);
    h.add(header.approved_by.name);
    h.add(header.approved_by.rank);
    h.add(header.approved_by.nip);
    for (const auto* list : {&header.legal_basis, &header.qualifications, &header.related_sops,
                             &header.equipment, &header.warnings, &header.records}) {
        h.add(*list);
    }
    const table_headings& headings = data.headings;
    for (const std::string* field : {&headings.title, &headings.number, &headings.activity,
                                     &headings.actors, &headings.quality, &headings.requirements,
                                     &headings.time, &headings.output, &headings.remark}) {
        h.add(*field);
    }
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
        for (const std::string* field :
             {&row.description, &row.question, &row.requirements, &row.output, &row.remark,
              &row.duration_text, &row.next, &row.yes, &row.no}) {
            h.add(*field);
        }
        h.add(row.duration_minutes.value_or(-1));
    }
    return fmt::format("{:016x}", h.value());
}

}  // namespace sop::detail
