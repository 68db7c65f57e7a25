#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <fstream>
#include <map>
#include <pugixml.hpp>
#include <sopengine/load.hpp>
#include <sopengine/logging.hpp>
#include <sopengine/version.hpp>
#include <system_error>

#include "detail/definition_data.hpp"
#include "detail/fingerprint.hpp"
#include "detail/graph.hpp"
#include "detail/log.hpp"
#include "detail/text.hpp"
#include "detail/xml_reader.hpp"

namespace sop {
namespace {

using detail::actor_index;
using detail::names;
using detail::quote_list;
using detail::step_index;

// The schema's location for editors (xsi:noNamespaceSchemaLocation) may stand on <sop>.
constexpr std::array<std::string_view, 5> sop_attributes{"format", "id", "lang", "xmlns:xsi",
                                                         "xsi:noNamespaceSchemaLocation"};
constexpr std::array<std::string_view, 4> sop_children{"identity", "actors", "endings",
                                                       "procedure"};
// The names a table of field descriptors gives, for the checks of unknown names.
template <typename Field, std::size_t N, typename Name>
constexpr std::array<std::string_view, N> names_of(const std::array<Field, N>& fields, Name name) {
    std::array<std::string_view, N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = fields[i].*name;
    return out;
}
constexpr auto identity_children = names_of(identity_fields, &identity_field::element);
constexpr auto approver_attributes = names_of(approver_fields, &approver_field::attribute);
constexpr auto heading_attributes = names_of(heading_fields, &heading_field::attribute);
constexpr auto decision_children = names_of(step_fields, &step_field::element);
constexpr std::array<std::string_view, 4> activity_children = [] {
    std::array<std::string_view, 4> out{};
    std::size_t n = 0;
    for (const step_field& field : step_fields) {
        if (field.in_activity) out[n++] = field.element;
    }
    return out;
}();
constexpr std::array<std::string_view, 1> date_attributes{"date"};
constexpr std::array<std::string_view, 1> item_children{"item"};
constexpr std::array<std::string_view, 1> actors_children{"actor"};
constexpr std::array<std::string_view, 2> actor_attributes{"id", "external"};
constexpr std::array<std::string_view, 1> endings_children{"ending"};
constexpr std::array<std::string_view, 1> ending_attributes{"id"};
constexpr std::array<std::string_view, 1> procedure_attributes{"duration-unit"};
constexpr std::array<std::string_view, 3> procedure_children{"headings", "activity", "decision"};
constexpr std::array<std::string_view, 2> step_elements{"activity", "decision"};
constexpr std::array<std::string_view, 8> activity_attributes{
    "id", "actor", "together", "sop", "not-by-performer-of", "duration", "time-note", "next"};
// A decision may not be joint; `together` is read there to say so.
constexpr std::array<std::string_view, 8> decision_attributes{
    "id", "actor", "together", "not-by-performer-of", "duration", "time-note", "yes", "no"};
constexpr std::array<std::string_view, 6> duration_units{"menit",   "jam",   "hari",
                                                         "minutes", "hours", "days"};

// A name as name_alias writes it: lower case, words joined by '-'.
std::string alias_form(std::string_view name) {
    std::string out = detail::ascii_lower(name);
    std::replace_if(
        out.begin(), out.end(), [](char c) { return c == '_' || c == ' '; }, '-');
    return out;
}

// The first alias of `written` of the given kind whose name is in `allowed`.
const name_alias* find_alias(std::string_view written, alias_kind kind, names allowed) {
    const std::string form = alias_form(written);
    for (const name_alias& alias : name_aliases) {
        if (alias.kind == kind && alias.written == form &&
            std::find(allowed.begin(), allowed.end(), alias.name) != allowed.end()) {
            return &alias;
        }
    }
    return nullptr;
}

// "Kelengkapan" for "kelengkapan": the word as the printed form writes it.
std::string form_word(std::string_view written) {
    std::string out(written);
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
    return out;
}

// A language tag as XML Schema's xs:language: letters, then '-' and letters or digits, 1 to 8
// each ("id", "en-US").
bool is_language_tag(std::string_view tag) {
    bool first = true;
    while (true) {
        const std::size_t dash = tag.find('-');
        const std::string_view part = tag.substr(0, dash);
        if (part.empty() || part.size() > 8) return false;
        for (const char c : part) {
            const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!letter && (first || c < '0' || c > '9')) return false;
        }
        if (dash == std::string_view::npos) return true;
        tag.remove_prefix(dash + 1);
        first = false;
    }
}

// The pieces of `text` between any of the `separators` (empty ones included).
std::vector<std::string_view> split(std::string_view text, std::string_view separators) {
    std::vector<std::string_view> pieces;
    while (true) {
        const std::size_t cut = text.find_first_of(separators);
        pieces.push_back(text.substr(0, cut));
        if (cut == std::string_view::npos) return pieces;
        text.remove_prefix(cut + 1);
    }
}

// The attributes and child elements the format allows on an element (for hints that cross
// from an element to an attribute, as <waktu> for duration="...").
names attributes_of(std::string_view element) {
    if (element == "sop") return sop_attributes;
    if (element == "activity") return activity_attributes;
    if (element == "decision") return decision_attributes;
    if (element == "procedure") return procedure_attributes;
    if (element == "approved-by") return approver_attributes;
    if (element == "headings") return heading_attributes;
    if (element == "actor") return actor_attributes;
    if (element == "ending") return ending_attributes;
    if (element == "created" || element == "revised" || element == "effective" ||
        element == "ratified") {
        return date_attributes;
    }
    return {};
}
names children_of(std::string_view element) {
    if (element == "sop") return sop_children;
    if (element == "identity") return identity_children;
    if (element == "actors") return actors_children;
    if (element == "endings") return endings_children;
    if (element == "procedure") return procedure_children;
    if (element == "activity") return activity_children;
    if (element == "decision") return decision_children;
    return {};
}

constexpr detail::xml_format sop_format{"sop", "an SOP file", "SOP files",
                                        R"(<sop format="1" id="...">)", "an SOP's"};

class loader : detail::xml_reader {
public:
    loader(std::string_view text, std::string source, load_options options)
        : xml_reader(text, std::move(source), sop_format, options.max_text_length),
          options_(std::move(options)),
          step_places_(xml_reader::text()) {}

    load_result run() {
        // Three phases: parse reads every element into the definition and notes where each
        // reference stands; link resolves the references (actor and step ids) into the compiled
        // table; verify checks the procedure's shape and seals the definition.
        if (parse_document() && parse()) link();
        if (!has_errors(diagnostics())) verify();
        return finish();
    }

private:
    // ---- hints: the format's names for the words authors write -------------------------------

    std::string attribute_hint(const pugi::xml_node& node, std::string_view name,
                               names allowed) override {
        if (const name_alias* alias = find_alias(name, alias_kind::attribute, allowed)) {
            return fmt::format("; the format calls {} '{}': write {}=\"...\"",
                               form_word(alias->written), alias->name, alias->name);
        }
        if (const name_alias* child =
                find_alias(name, alias_kind::element, children_of(node.name()))) {
            return fmt::format("; the format writes {} as the element <{}> inside <{}>",
                               form_word(child->written), child->name, node.name());
        }
        return {};
    }

    std::string element_hint(const pugi::xml_node& node, std::string_view name,
                             names allowed) override {
        if (const name_alias* alias = find_alias(name, alias_kind::element, allowed)) {
            return fmt::format("; the format calls {} <{}>", form_word(alias->written),
                               alias->name);
        }
        if (const name_alias* attribute =
                find_alias(name, alias_kind::attribute, attributes_of(node.name()))) {
            return fmt::format("; the format writes {} as the attribute {}=\"...\" of <{}>",
                               form_word(attribute->written), attribute->name, node.name());
        }
        return {};
    }

    // ---- parse: the document ------------------------------------------------------------------

    // Reads the document; true when it has both actors and steps to link.
    bool parse() {
        const pugi::xml_node root = find_root();
        if (!root) return false;
        const pugi::xml_attribute format = root.attribute("format");
        if (!format) {
            error("missing-attribute", offset_of(root),
                  fmt::format("<sop> has no 'format' attribute; write format=\"{}\"",
                              sop::format_version));
            return false;
        }
        if (detail::normalize_space(format.value()) != std::to_string(sop::format_version)) {
            error("unsupported-format", value_offset(format),
                  fmt::format("format \"{}\" is not supported; this version of sopengine reads "
                              "format \"{}\"",
                              format.value(), sop::format_version));
            return false;
        }
        check_attributes(root, sop_attributes);
        check_no_text(root);
        if (auto id = required_id(root,
                                  "give the SOP a short unique id, e.g. "
                                  "id=\"sidoarjo-pengumpulan-data-kinerja\"")) {
            data_->id = std::move(*id);
        }
        data_->language = "id";
        if (const pugi::xml_attribute lang = root.attribute("lang")) {
            std::string value = value_of(lang);
            if (is_language_tag(value)) {
                data_->language = std::move(value);
            } else {
                error("bad-value", value_offset(lang),
                      fmt::format("lang \"{}\" is not a language tag{}; write lang=\"id\" for "
                                  "Bahasa Indonesia or lang=\"en\" for English",
                                  detail::shown(value), detail::lookalike_note(value)));
            }
        }

        const auto sections = children(root, sop_children);
        auto require = [&](std::string_view name, std::string_view what) {
            const pugi::xml_node node = find(sections, name);
            if (!node) {
                error("missing-element", offset_of(root),
                      fmt::format("<sop> has no <{}>; add it with {}", name, what));
            }
            return node;
        };
        const pugi::xml_node identity_node = require("identity", "the SOP's identity header");
        const pugi::xml_node actors_node = require("actors", "the actors (Pelaksana)");
        const pugi::xml_node procedure_node = require("procedure", "the steps of the procedure");
        if (identity_node) read_identity(identity_node);
        if (actors_node) read_actors(actors_node);
        if (const pugi::xml_node endings_node = find(sections, "endings")) {
            read_endings(endings_node);
        }
        if (procedure_node) read_procedure(procedure_node);
        return actors_node && procedure_node;
    }

    void read_identity(const pugi::xml_node& node) {
        check_attributes(node, {});
        check_no_text(node);
        identity& header = data_->header;
        const auto elements = children(node, identity_children);
        for (const pugi::xml_node& element : elements) {
            const std::string_view name = element.name();
            const auto field = std::find_if(identity_fields.begin(), identity_fields.end(),
                                            [&](const auto& f) { return f.element == name; });
            switch (field->kind) {
                case field_kind::text:
                    header.*(field->text) = read_text(
                        element, {},
                        field->keeps_spaces ? detail::spacing::kept : detail::spacing::folded);
                    if (field->non_empty && (header.*(field->text)).empty()) {
                        error("empty-value", offset_of(element),
                              fmt::format("<{}> is empty; write {}", name, field->missing));
                    }
                    break;
                case field_kind::date: header.*(field->date) = read_date(element); break;
                case field_kind::approver: header.*(field->person) = read_approver(element); break;
                case field_kind::list: header.*(field->items) = read_list(element); break;
            }
        }
        for (const identity_field& field : identity_fields) {
            if (field.required && !find(elements, field.element)) {
                error("missing-element", offset_of(node),
                      fmt::format("<identity> has no <{}>; add {}", field.element, field.missing));
            }
        }
    }

    dated read_date(const pugi::xml_node& node) {
        dated value;
        value.written = true;
        value.text = read_text(node, date_attributes);
        const pugi::xml_attribute attribute = node.attribute("date");
        if (!attribute) return value;
        const std::string text = value_of(attribute);
        // Exactly YYYY-MM-DD: digits everywhere but the two dashes.
        bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-';
        for (std::size_t i = 0; shaped && i < text.size(); ++i) {
            shaped = i == 4 || i == 7 || (text[i] >= '0' && text[i] <= '9');
        }
        auto digits = [&text](std::size_t from, std::size_t count) {
            int number = 0;
            for (std::size_t i = from; i < from + count; ++i)
                number = number * 10 + (text[i] - '0');
            return number;
        };
        const std::chrono::year_month_day date =
            shaped
                ? std::chrono::year_month_day{std::chrono::year(digits(0, 4)),
                                              std::chrono::month(
                                                  static_cast<unsigned>(digits(5, 2))),
                                              std::chrono::day(static_cast<unsigned>(digits(8, 2)))}
                : std::chrono::year_month_day{};
        if (!shaped || !date.ok()) {
            error("bad-date", value_offset(attribute),
                  fmt::format("date \"{}\" on <{}> is not a calendar date; write it as "
                              "YYYY-MM-DD, e.g. date=\"2024-03-12\"",
                              text, node.name()));
            return value;
        }
        value.date = date;
        return value;
    }

    approver read_approver(const pugi::xml_node& node) {
        check_attributes(node, approver_attributes);
        children(node, {});
        check_no_text(node);
        approver who;
        for (const approver_field& field : approver_fields) {
            const pugi::xml_attribute attribute = node.attribute(field.attribute.data());
            if (field.required || (field.non_empty && attribute)) {
                const auto value = required_attribute(
                    node, field.attribute.data(),
                    field.required
                        ? fmt::format("write the approving official's {}", field.attribute)
                        : fmt::format("write the approving official's {}, or leave the "
                                      "attribute out when the SOP names no one",
                                      field.attribute));
                if (value) who.*(field.value) = *value;
            } else {
                who.*(field.value) = value_of(attribute);
            }
        }
        return who;
    }

    std::vector<std::string> read_list(const pugi::xml_node& node) {
        check_attributes(node, {});
        check_no_text(node);
        std::vector<std::string> items;
        for (const pugi::xml_node& item : children(node, item_children, item_children)) {
            items.push_back(read_text(item));
        }
        return items;
    }

    void read_actors(const pugi::xml_node& node) {
        check_attributes(node, {});
        check_no_text(node);
        auto declared = children(node, actors_children, actors_children);
        if (declared.empty()) {
            error("missing-element", offset_of(node),
                  "<actors> declares no actor; add <actor id=\"...\">role</actor> for each "
                  "Pelaksana");
        }
        keep_within(declared, std::min(options_.max_actors, sop::max_actors), "too-many-actors",
                    node, "actors");
        for (const pugi::xml_node& actor_node : declared) {
            auto id = required_id(actor_node, "give the actor a short id, e.g. id=\"kabag\"");
            const bool external = read_flag(actor_node, "external");
            std::string name = read_text(actor_node, actor_attributes);
            if (name.empty()) {
                error("empty-value", offset_of(actor_node),
                      "<actor> has no role name; write the Pelaksana as in the SOP, e.g. "
                      "<actor id=\"kabag\">Kabag Perencanaan</actor>");
            }
            if (!id) continue;
            if (const auto earlier = actor_ids_.find(*id); earlier != actor_ids_.end()) {
                error("duplicate-id", value_offset(actor_node.attribute("id")),
                      fmt::format("actor id '{}' is already declared at line {}; give every "
                                  "actor its own id",
                                  *id, lines().at(actor_offsets_[earlier->second]).first));
                continue;
            }
            const auto index = static_cast<actor_index>(data_->actors.size());
            actor_ids_.emplace(*id, index);
            actor_offsets_.push_back(offset_of(actor_node));
            data_->actors.push_back({std::move(*id), std::move(name), external});
        }
    }

    // A yes/no attribute as XML Schema's xs:boolean writes it; false when absent or wrong.
    bool read_flag(const pugi::xml_node& node, const char* name) {
        const pugi::xml_attribute attribute = node.attribute(name);
        if (!attribute) return false;
        const std::string value = value_of(attribute);
        if (value == "true" || value == "1") return true;
        if (value == "false" || value == "0") return false;
        error("bad-value", value_offset(attribute),
              fmt::format("{} \"{}\" on <{}> is not true or false{}; write {}=\"true\" or leave "
                          "it out",
                          name, detail::shown(value), node.name(), detail::lookalike_note(value),
                          name));
        return false;
    }

    // The ways the procedure ends: <ending id="...">label</ending>, declared once each.
    void read_endings(const pugi::xml_node& node) {
        check_attributes(node, {});
        check_no_text(node);
        auto declared = children(node, endings_children, endings_children);
        if (declared.empty()) {
            error("missing-element", offset_of(node),
                  "<endings> declares no ending; add <ending id=\"...\">label</ending> for each "
                  "way the procedure ends (e.g. selesai, ditolak), or remove <endings>");
            return;
        }
        keep_within(declared, sop::max_endings, "too-many-endings", node, "endings");
        std::vector<ending> endings;
        for (const pugi::xml_node& ending_node : declared) {
            auto id = required_id(ending_node, "give the ending a short id, e.g. id=\"ditolak\"");
            std::string label = read_text(ending_node, ending_attributes);
            if (label.empty()) {
                error("empty-value", offset_of(ending_node),
                      "<ending> has no label; write how the case ends, e.g. <ending "
                      "id=\"ditolak\">Berkas dikembalikan kepada pemohon</ending>");
            }
            if (!id) continue;
            if (*id == end_target) {
                error("reserved-id", value_offset(ending_node.attribute("id")),
                      "'end' is reserved: as a target it names the first ending; give this "
                      "ending its own id, e.g. id=\"selesai\"");
                continue;
            }
            if (const auto earlier = ending_ids_.find(*id); earlier != ending_ids_.end()) {
                error("duplicate-id", value_offset(ending_node.attribute("id")),
                      fmt::format("ending id '{}' is already declared at line {}; give every "
                                  "ending its own id",
                                  *id, lines().at(ending_offsets_[earlier->second]).first));
                continue;
            }
            ending_ids_.emplace(*id, static_cast<detail::ending_index>(endings.size()));
            ending_offsets_.push_back(offset_of(ending_node));
            ending_id_offsets_.push_back(value_offset(ending_node.attribute("id")));
            endings.push_back({std::move(*id), std::move(label), true});
        }
        if (!endings.empty()) data_->endings = std::move(endings);
    }

    // What the loader remembers of a step until its references are resolved.
    struct pending_step {
        std::size_t offset = 0;
        std::size_t actor_offset = 0;
        std::size_t together_offset = 0;
        std::size_t separation_offset = 0;            // of not-by-performer-of
        std::array<std::size_t, 3> target_offsets{};  // next or yes, no
    };

    void read_procedure(const pugi::xml_node& node) {
        check_attributes(node, procedure_attributes);
        check_no_text(node);
        std::string unit;
        if (const pugi::xml_attribute attribute = node.attribute("duration-unit")) {
            unit = value_of(attribute);
            if (std::find(duration_units.begin(), duration_units.end(), unit) ==
                duration_units.end()) {
                error("bad-value", value_offset(attribute),
                      fmt::format("duration-unit \"{}\" is not a unit{}; write {}",
                                  detail::shown(unit), detail::lookalike_note(unit),
                                  quote_list(duration_units, "\"", "\"")));
                unit.clear();
            }
        }
        std::vector<pugi::xml_node> rows;
        for (const pugi::xml_node& child : children(node, procedure_children, step_elements)) {
            if (std::string_view(child.name()) == "headings") {
                if (!rows.empty()) {
                    error("misplaced-element", offset_of(child),
                          fmt::format("<headings> comes after step {}; move it before the first "
                                      "step, as the table's headings stand above its rows",
                                      detail::shown(rows.front().attribute("id").value())));
                }
                read_headings(child);
            } else {
                rows.push_back(child);
            }
        }
        if (rows.empty()) {
            error("empty-procedure", offset_of(node),
                  "<procedure> has no steps; add an <activity> or <decision> for each row of the "
                  "SOP's table");
            return;
        }
        keep_within(rows, std::min(options_.max_steps, sop::max_steps), "too-many-steps", node,
                    "steps");
        data_->steps.reserve(rows.size());
        pending_.reserve(rows.size());
        for (const pugi::xml_node& row : rows) read_step(row, unit);
    }

    // The table's headings as written; an attribute left out keeps the standard wording.
    void read_headings(const pugi::xml_node& node) {
        check_attributes(node, heading_attributes);
        children(node, {});
        check_no_text(node);
        for (const heading_field& field : heading_fields) {
            // The names are string literals, so their data is null-terminated.
            const pugi::xml_attribute attribute = node.attribute(field.attribute.data());
            if (!attribute) continue;
            std::string value = value_of(attribute);
            if (value.empty()) {
                error("empty-value", value_offset(attribute),
                      fmt::format("heading '{}' is empty; write it as the SOP's table does, or "
                                  "leave it out for the standard wording",
                                  field.attribute));
                continue;
            }
            data_->headings.*(field.value) = std::move(value);
        }
    }

    void read_step(const pugi::xml_node& node, const std::string& unit) {
        const bool decision = std::string_view(node.name()) == "decision";
        check_attributes(node, decision ? names(decision_attributes) : names(activity_attributes));
        check_no_text(node);
        step row;
        pending_step pending;
        pending.offset = offset_of(node);
        const auto [line, column] = step_places_.at(pending.offset);  // steps come in order
        row.where = location{source(), line, column};
        row.kind = decision ? step_kind::decision : step_kind::activity;
        auto id = required_id(node, "number the step as in the SOP, e.g. id=\"1\"");
        if (id && *id == end_target) {
            error("reserved-id", value_offset(node.attribute("id")),
                  "'end' is reserved for the end of the procedure; number the step differently");
            id.reset();
        }
        const std::string label = id ? fmt::format("step {}", *id) : std::string("this step");
        if (auto actors =
                required_attribute(node, "actor",
                                   "name the id of the actor who performs the step; several ids "
                                   "separated by spaces mean any of them")) {
            pending.actor_offset = value_offset(node.attribute("actor"));
            row.actors = read_actor_list(*actors, pending.actor_offset, label);
        }
        if (const pugi::xml_attribute together = node.attribute("together")) {
            pending.together_offset = value_offset(together);
            if (decision) {
                error("joint-decision", offset_of(together),
                      fmt::format("decision {} has 'together', but a decision is answered by one "
                                  "actor; make the meeting a joint activity before it, and let "
                                  "the one who decides answer the decision",
                                  id.value_or("?")));
            } else {
                row.together = read_flag(node, "together");
            }
        }
        if (const pugi::xml_attribute related = node.attribute("sop")) {
            read_related_sop(related, row, label);
            if (row.together && !row.sop.empty()) {
                error("joint-related-sop", offset_of(related),
                      fmt::format("{} is joint (together=\"true\") and also runs SOP '{}'; a "
                                  "related SOP runs as a case of its own, which no meeting "
                                  "confirms: make the meeting a step of its own",
                                  label, row.sop));
            }
        }
        if (const pugi::xml_attribute separation = node.attribute("not-by-performer-of")) {
            pending.separation_offset = value_offset(separation);
            read_separation(separation, row, label);
        }
        read_time(node, row, unit, label);
        if (decision) {
            for (const char* branch : {"yes", "no"}) {
                const pugi::xml_attribute attribute = node.attribute(branch);
                const std::string target = value_of(attribute);
                if (target.empty()) {
                    error("missing-branch", attribute ? value_offset(attribute) : pending.offset,
                          fmt::format("decision {} has no '{}' target; a decision needs both "
                                      "yes=\"...\" and no=\"...\" (a step id, or \"end\")",
                                      id.value_or("?"), branch));
                    continue;
                }
                const bool is_yes = std::string_view(branch) == "yes";
                (is_yes ? row.yes : row.no) = target;
                pending.target_offsets[is_yes ? 0 : 1] = value_offset(attribute);
            }
        } else if (const pugi::xml_attribute next = node.attribute("next")) {
            row.next = value_of(next);
            pending.target_offsets[0] = value_offset(next);
            if (row.next.empty()) {
                error("empty-value", pending.target_offsets[0],
                      fmt::format("'next' on {} is empty; name the following step's id or \"end\", "
                                  "or leave 'next' out to continue with the next step",
                                  label));
            }
        }
        const auto parts =
            children(node, decision ? names(decision_children) : names(activity_children));
        for (const pugi::xml_node& part : parts) {
            const std::string_view name = part.name();
            const auto field = std::find_if(step_fields.begin(), step_fields.end(),
                                            [&](const auto& f) { return f.element == name; });
            row.*(field->value) = read_text(part);
            if (field->required && (row.*(field->value)).empty()) {
                error("empty-value", offset_of(part),
                      fmt::format("<{}> of {} is empty; write {}", name, label,
                                  name == "question" ? "the yes/no question the decision answers"
                                                     : "the Kegiatan text as written in the SOP"));
            }
        }
        if (!find(parts, "description")) {
            error("missing-element", pending.offset,
                  fmt::format("{} has no <description>; add the Kegiatan text as written in the "
                              "SOP",
                              label));
        }
        if (decision && !find(parts, "question")) {
            error("missing-element", pending.offset,
                  fmt::format("decision {} has no <question>; add the yes/no question it "
                              "answers, phrased so that yes carries the work forward",
                              id.value_or("?")));
        }
        if (!id) return;
        row.id = std::move(*id);
        if (const auto earlier = step_ids_.find(row.id); earlier != step_ids_.end()) {
            error("duplicate-id", value_offset(node.attribute("id")),
                  fmt::format("step id '{}' is already used by the step at line {}; give every "
                              "step its own number",
                              row.id, data_->steps[earlier->second].where.line));
            return;
        }
        step_ids_.emplace(row.id, static_cast<step_index>(data_->steps.size()));
        data_->steps.push_back(std::move(row));
        pending_.push_back(pending);
    }

    // The ids of a step's 'actor' value, each once. Ids are separated by spaces; a list
    // separated by commas, or role names where ids belong, get one error that writes the
    // value as it should be when every item names a declared actor. Ids that are well-formed
    // but not declared are left to link, which suggests the closest.
    std::vector<std::string> read_actor_list(const std::string& value, std::size_t offset,
                                             const std::string& label) {
        std::vector<std::string> ids;
        const auto add = [&ids](std::string id) {
            if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) {
                ids.push_back(std::move(id));
            }
        };
        const bool commas = value.find_first_of(",;") != std::string::npos;
        const std::vector<std::string_view> words = split(value, " ");
        if (!commas && std::all_of(words.begin(), words.end(), [this](std::string_view word) {
                return actor_ids_.count(word) > 0;
            })) {
            for (const std::string_view word : words) add(std::string(word));  // the usual case
            return ids;
        }
        // Items: separated by commas or semicolons when there are any, else the whole value
        // (a role name has spaces) or, failing that, its words.
        std::vector<std::string> items;
        if (commas) {
            for (const std::string_view item : split(value, ",;")) {
                items.push_back(detail::normalize_space(item));
            }
        } else {
            items.push_back(value);
        }
        bool by_name = false;
        std::vector<std::string> resolved;
        for (const std::string& item : items) {
            if (item.empty()) continue;
            if (actor_ids_.count(item) > 0) {
                resolved.push_back(item);
            } else if (const auto named = actor_by_name(item)) {
                resolved.push_back(data_->actors[*named].id);
                by_name = true;
            } else {
                resolved.clear();
                break;
            }
        }
        for (std::string& id : resolved) add(std::move(id));
        if (by_name) {
            error("unknown-actor", offset,
                  fmt::format("'actor' on {} is \"{}\", which names {} by {} role name; 'actor' "
                              "takes ids separated by spaces: write actor=\"{}\"",
                              label, detail::shown(value), ids.size() == 1 ? "an actor" : "actors",
                              ids.size() == 1 ? "its" : "their", fmt::join(ids, " ")));
            return ids;
        }
        if (commas) {
            // As resolved when every item is a declared id, else as written.
            std::vector<std::string_view> written(ids.begin(), ids.end());
            if (written.empty()) {
                std::copy_if(items.begin(), items.end(), std::back_inserter(written),
                             [](const std::string& item) { return !item.empty(); });
            }
            error("bad-id", offset,
                  fmt::format("'actor' on {} separates its ids with commas; separate them with "
                              "spaces: write actor=\"{}\"",
                              label, detail::shown(fmt::format("{}", fmt::join(written, " ")))));
            if (!ids.empty()) return ids;
        }
        for (const std::string& item : items) {
            for (const std::string_view word : split(item, " ")) {
                const std::string one(word);
                if (one.empty()) continue;
                if (detail::is_valid_id(one)) {
                    add(one);
                } else if (!commas) {
                    error("bad-id", offset,
                          fmt::format("'{}' in 'actor' on {} is not a valid id{}; ids are "
                                      "letters, digits, '.', '-' or '_', separated by spaces",
                                      detail::shown(one), label, detail::lookalike_note(one)));
                }
            }
        }
        return ids;
    }

    // The declared actor whose role name is `name` (case and spacing aside), if exactly one.
    // The names are indexed on the first call: only documents with such a mistake pay for it.
    std::optional<actor_index> actor_by_name(std::string_view name) {
        const auto fold = [](std::string_view text) {
            return detail::ascii_lower(detail::normalize_space(text));
        };
        if (!actor_names_) {
            actor_names_.emplace();
            for (std::size_t i = 0; i < data_->actors.size(); ++i) {
                const auto [at, added] =
                    actor_names_->emplace(fold(data_->actors[i].name), static_cast<actor_index>(i));
                if (!added) at->second.reset();  // two actors share the name: no guess
            }
        }
        const auto found = actor_names_->find(fold(name));
        return found == actor_names_->end() ? std::nullopt : found->second;
    }

    void read_time(const pugi::xml_node& node, step& row, const std::string& unit,
                   const std::string& label) {
        const pugi::xml_attribute duration = node.attribute("duration");
        const pugi::xml_attribute note = node.attribute("time-note");
        if (duration && note) {
            error("conflicting-attributes", offset_of(note),
                  fmt::format("{} has both 'duration' and 'time-note'; keep 'duration' for a fixed "
                              "time, or 'time-note' for wording without one",
                              label));
            return;
        }
        if (note) {
            row.duration_text = value_of(note);
            if (row.duration_text.empty()) {
                error("empty-value", value_offset(note),
                      fmt::format("'time-note' on {} is empty; write the Waktu as in the SOP, "
                                  "e.g. \"Sesuai dengan waktu yang ditentukan\"",
                                  label));
            }
            return;
        }
        if (!duration && !row.sop.empty()) return;  // the related SOP's own times count
        if (!duration) {
            warn("no-duration", offset_of(node),
                 fmt::format("{} has no standard time; add duration=\"...\" (e.g. \"1 jam\"), or "
                             "time-note=\"...\" when the SOP gives no fixed time",
                             label));
            return;
        }
        row.duration_text = value_of(duration);
        if (row.duration_text.empty()) {
            error(
                "empty-value", value_offset(duration),
                fmt::format("'duration' on {} is empty; write the standard time (e.g. \"1 jam\"), "
                            "or time-note=\"...\" with the SOP's wording when it gives no fixed "
                            "time",
                            label));
            return;
        }
        std::string text = row.duration_text;
        const bool bare_number = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
            return c >= '0' && c <= '9';
        });
        if (bare_number && !unit.empty()) text += " " + unit;
        standard_time_result parsed = parse_standard_time(text);
        if (parsed) {
            row.duration = parsed.time;
            return;
        }
        std::string message = fmt::format("duration \"{}\" on {} is not a standard time{}",
                                          detail::shown(row.duration_text), label,
                                          detail::lookalike_note(row.duration_text));
        const bool has_digit =
            std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!has_digit) {
            message += fmt::format(
                "; when the SOP gives no fixed time, keep its wording as time-note=\"{}\" "
                "instead of duration",
                detail::shown(row.duration_text));
        } else if (bare_number) {
            message += fmt::format(
                "; add a unit (\"{0} menit\"), or set duration-unit=\"menit\" "
                "on <procedure> when the SOP's Waktu column gives the unit",
                row.duration_text);
        } else {
            message += fmt::format(": {}", parsed.problem);
        }
        error("bad-duration", value_offset(duration), std::move(message));
    }

    // The `sop` of an activity: the id of a related SOP, which the catalog resolves (see
    // sop::catalog); this SOP itself is a cycle already.
    void read_related_sop(const pugi::xml_attribute& related, step& row, const std::string& label) {
        std::string id = value_of(related);
        const std::size_t offset = value_offset(related);
        if (!detail::is_valid_id(id)) {
            error("bad-id", offset,
                  fmt::format("'sop' on {} is \"{}\", which is not an SOP id{}; name the related "
                              "SOP by the id of its <sop>",
                              label, detail::shown(id), detail::lookalike_note(id)));
            return;
        }
        if (!data_->id.empty() && id == data_->id) {
            error("sop-cycle", offset,
                  fmt::format("{} runs SOP '{}' as a sub-case, which is this SOP itself; a "
                              "procedure cannot contain itself: name another SOP, or send the "
                              "work back with a decision",
                              label, id));
            return;
        }
        row.sop = std::move(id);
    }

    // not-by-performer-of: step ids separated by spaces, each once; resolved in link().
    void read_separation(const pugi::xml_attribute& attribute, step& row,
                         const std::string& label) {
        const std::size_t offset = value_offset(attribute);
        const std::string value = value_of(attribute);
        if (value.empty()) {
            error("empty-value", offset,
                  fmt::format("'not-by-performer-of' on {} is empty; name the earlier steps whose "
                              "performers may not perform this one, or leave it out",
                              label));
            return;
        }
        if (!row.sop.empty()) {
            error("related-sop-separation", offset,
                  fmt::format("{} runs SOP '{}', whose own steps are performed there; declare "
                              "'not-by-performer-of' on the step of that SOP that must be done "
                              "by someone else",
                              label, row.sop));
            return;
        }
        for (const std::string_view word : split(value, " ")) {
            if (!detail::is_valid_id(word)) {
                error("bad-id", offset,
                      fmt::format("'not-by-performer-of' on {} names \"{}\", which is not a step "
                                  "id{}; name steps by their ids, separated by spaces",
                                  label, detail::shown(word), detail::lookalike_note(word)));
                row.not_by_performer_of.clear();
                return;
            }
            if (std::find(row.not_by_performer_of.begin(), row.not_by_performer_of.end(), word) ==
                row.not_by_performer_of.end()) {
                row.not_by_performer_of.emplace_back(word);
            }
        }
    }

    // ---- link: the references ------------------------------------------------------------------

    void link() {
        std::vector<std::string_view> actor_names;
        for (const auto& [id, index] : actor_ids_) actor_names.push_back(id);
        std::vector<std::string_view> step_names;
        for (const auto& [id, index] : step_ids_) step_names.push_back(id);
        for (const auto& [id, index] : ending_ids_) {
            if (const auto step = step_ids_.find(id); step != step_ids_.end()) {
                error("duplicate-id", ending_id_offsets_[index],
                      fmt::format("ending id '{}' is also the id of the step at line {}; a "
                                  "target must name one of them: give the ending another id",
                                  id, data_->steps[step->second].where.line));
                continue;
            }
            step_names.push_back(id);
        }
        step_names.push_back(end_target);
        ending_used_.assign(data_->endings.size(), false);

        std::vector<bool> used(data_->actors.size(), false);
        auto& steps = data_->steps;
        data_->table.resize(steps.size());
        for (std::size_t i = 0; i < steps.size(); ++i) {
            step& row = steps[i];
            detail::compiled_step& compiled = data_->table[i];
            const pending_step& pending = pending_[i];
            compiled.kind = row.kind;
            compiled.together = row.together;
            if (!row.sop.empty()) compiled.related = related_index(row.sop);
            if (row.duration) compiled.time = row.duration->most;
            for (const std::string& who : row.actors) {
                const auto found = actor_ids_.find(who);
                if (found == actor_ids_.end()) {
                    std::string message =
                        fmt::format("step {} names actor '{}', which <actors> does not declare",
                                    row.id, detail::shown(who));
                    if (const auto guess = suggest().closest(who, actor_names); !guess.empty()) {
                        message += fmt::format("; did you mean '{}'?", guess);
                    } else {
                        message += fmt::format("; declare it, or use one of {}",
                                               quote_list(actor_names, "'", "'"));
                    }
                    error("unknown-actor", pending.actor_offset, std::move(message));
                    continue;
                }
                used[found->second] = true;
                compiled.actors.push_back(found->second);
            }
            compiled.external =
                !compiled.actors.empty() &&
                std::all_of(compiled.actors.begin(), compiled.actors.end(),
                            [this](actor_index who) { return data_->actors[who].external; });
            link_separation(row, compiled, pending.separation_offset, step_names);
            if (row.together && row.actors.size() < 2) {
                warn("lone-together", pending.together_offset,
                     fmt::format("step {} is joint (together=\"true\") but has one actor, who "
                                 "confirms it alone; name every role of the meeting in 'actor', "
                                 "or leave 'together' out",
                                 row.id));
            }
            if (row.kind == step_kind::activity) {
                if (row.next.empty()) {
                    row.next = i + 1 < steps.size() ? steps[i + 1].id : std::string(end_target);
                }
                compiled.next = resolve_target(row, "next", row.next, pending.target_offsets[0],
                                               step_names, compiled.next_ending);
            } else {
                if (!row.yes.empty()) {
                    compiled.yes = resolve_target(row, "yes", row.yes, pending.target_offsets[0],
                                                  step_names, compiled.yes_ending);
                }
                if (!row.no.empty()) {
                    compiled.no = resolve_target(row, "no", row.no, pending.target_offsets[1],
                                                 step_names, compiled.no_ending);
                }
            }
        }
        // An actor looks unused when the step that names it was rejected: warn only about a
        // document without errors, where the warning is sure to be true.
        if (has_errors(diagnostics())) return;
        for (std::size_t i = 0; i < used.size(); ++i) {
            if (used[i]) continue;
            warn("unused-actor", actor_offsets_[i],
                 fmt::format("actor '{}' ({}) performs no step; assign it to a step or remove it",
                             data_->actors[i].id, data_->actors[i].name));
        }
        for (std::size_t i = 0; i < ending_offsets_.size(); ++i) {
            if (ending_used_[i]) continue;
            warn("unused-ending", ending_offsets_[i],
                 fmt::format("no step leads to ending '{}' ({}); name it in a 'next', 'yes' or "
                             "'no', or remove it",
                             data_->endings[i].id, data_->endings[i].label));
        }
    }

    // The steps a step's not-by-performer-of names, each a step other than itself.
    void link_separation(const step& row, detail::compiled_step& compiled, std::size_t offset,
                         const std::vector<std::string_view>& step_names) {
        for (const std::string& earlier : row.not_by_performer_of) {
            const auto found = step_ids_.find(earlier);
            if (found == step_ids_.end()) {
                std::string message =
                    ending_ids_.count(earlier) > 0
                        ? fmt::format(
                              "step {} names '{}' in 'not-by-performer-of', which is an "
                              "ending, not a step; name the steps whose performers may "
                              "not perform step {}",
                              row.id, earlier, row.id)
                        : fmt::format(
                              "step {} names step '{}' in 'not-by-performer-of', which "
                              "does not exist",
                              row.id, earlier);
                if (ending_ids_.count(earlier) == 0) {
                    if (const auto guess = suggest().closest(earlier, step_names);
                        !guess.empty() && guess != end_target) {
                        message += fmt::format("; did you mean '{}'?", guess);
                    }
                }
                error("unknown-step", offset, std::move(message));
                continue;
            }
            if (earlier == row.id) {
                error("self-separation", offset,
                      fmt::format("step {} names itself in 'not-by-performer-of'; name the "
                                  "earlier steps whose performers may not perform it",
                                  row.id));
                continue;
            }
            compiled.not_by.push_back(found->second);
        }
    }

    // The index of a related SOP's id in related_ids, added when new.
    std::uint32_t related_index(const std::string& id) {
        auto& ids = data_->related_ids;
        const auto [at, added] = related_ids_.emplace(id, static_cast<std::uint32_t>(ids.size()));
        if (added) ids.push_back(id);
        return at->second;
    }

    // The step a target names, or end_index with `ends_with` set to the ending it names (which
    // is then marked used).
    step_index resolve_target(const step& row, std::string_view attribute,
                              const std::string& target, std::size_t offset,
                              const std::vector<std::string_view>& step_names,
                              detail::ending_index& ends_with) {
        ends_with = 0;
        if (target == end_target) {
            ending_used_[0] = true;
            return detail::end_index;
        }
        const auto found = step_ids_.find(target);
        if (found != step_ids_.end()) return found->second;
        if (const auto named = ending_ids_.find(target); named != ending_ids_.end()) {
            ends_with = named->second;
            ending_used_[ends_with] = true;
            return detail::end_index;
        }
        if (!detail::is_valid_id(target)) {
            error("bad-id", offset,
                  fmt::format("'{}' on step {} is \"{}\", which is not a step id{}; name a step "
                              "by its id, or write \"end\"",
                              attribute, row.id, detail::shown(target),
                              detail::lookalike_note(target)));
            return detail::end_index;
        }
        std::string message =
            ending_ids_.empty()
                ? fmt::format("step {} sends '{}' to step '{}', which does not exist", row.id,
                              attribute, target)
                : fmt::format("step {} sends '{}' to '{}', which is neither a step nor an ending",
                              row.id, attribute, target);
        if (find_alias(target, alias_kind::target, std::array{end_target})) {
            message += "; the end of the procedure is written \"end\", in lower case";
        } else if (const auto guess = suggest().closest(target, step_names); !guess.empty()) {
            message += fmt::format("; did you mean '{}'?", guess);
        } else {
            std::vector<std::string_view> ids;
            for (const step& known : data_->steps) {
                if (ids.size() == 12) break;
                ids.push_back(known.id);
            }
            message += fmt::format("; the steps are {}{}", fmt::join(ids, ", "),
                                   data_->steps.size() > ids.size() ? ", ..." : "");
            if (ending_ids_.empty()) {
                message += ", and \"end\" ends the procedure";
            } else {
                std::vector<std::string_view> endings;
                for (const ending& one : data_->endings) {
                    if (step_ids_.count(one.id) == 0) endings.push_back(one.id);
                }
                message += fmt::format(", the endings {}, and \"end\" is the first ending",
                                       fmt::join(endings, ", "));
            }
        }
        error("unknown-step", offset, std::move(message));
        return detail::end_index;
    }

    // ---- verify: the shape ----------------------------------------------------------------------

    // A step named in not-by-performer-of must come before the step on some path, or the rule
    // never applies.
    void check_separation() {
        const auto& steps = data_->steps;
        for (std::size_t i = 0; i < steps.size(); ++i) {
            for (const step_index earlier : data_->table[i].not_by) {
                if (detail::reachable_from(data_->table, earlier)[i]) continue;
                error("separation-never-applies", pending_[i].separation_offset,
                      fmt::format("step {} may not be performed by whoever performed step {}, "
                                  "but no path leads from step {} to step {}, so the rule never "
                                  "applies; name a step that comes before it",
                                  steps[i].id, steps[earlier].id, steps[earlier].id, steps[i].id));
            }
        }
    }

    void verify() {
        const auto problems = detail::check_structure(data_->table);
        const auto& steps = data_->steps;
        auto step_offset = [&](step_index i) { return pending_[i].offset; };
        for (const auto& loop : problems.decision_free_loops) {
            std::string cycle;
            for (step_index i : loop) cycle += steps[i].id + " -> ";
            cycle += steps[loop.front()].id;
            error("loop-without-decision", step_offset(loop.front()),
                  fmt::format("steps {} form a loop with no decision, so work that enters it "
                              "never leaves; point a 'next' forward, or make one of them a "
                              "decision",
                              cycle));
        }
        for (step_index i : problems.unreachable) {
            error("unreachable-step", step_offset(i),
                  fmt::format("no path from the first step reaches step {}; point a 'next', "
                              "'yes' or 'no' at it, or remove it",
                              steps[i].id));
        }
        for (const auto& trap : problems.dead_ends) {
            const step& decision = steps[trap.at];
            std::vector<std::string_view> ids;
            for (step_index i : trap.steps) ids.push_back(steps[i].id);
            const std::string where = ids.size() == 1
                                          ? std::string("itself")
                                          : fmt::format("steps {}", fmt::join(ids, ", "));
            error("dead-end", step_offset(trap.at),
                  fmt::format("decision {} sends both 'yes' (to {}) and 'no' (to {}) back into "
                              "{}, so work never reaches the end; point one of them forward or "
                              "at \"end\"",
                              decision.id, decision.yes, decision.no, where));
        }
        // A branch back to its own decision: answered that way, the question is asked again.
        if (problems.dead_ends.empty()) {
            for (std::size_t i = 0; i < steps.size(); ++i) {
                const detail::compiled_step& row = data_->table[i];
                if (row.kind != step_kind::decision || (row.yes == i) == (row.no == i)) continue;
                const bool yes = row.yes == i;
                warn("self-loop", pending_[i].target_offsets[yes ? 0 : 1],
                     fmt::format("decision {} sends '{}' back to itself: answered {}, it asks the "
                                 "same question again and the case waits there until someone "
                                 "answers {}; point '{}' at the step that deals with the answer",
                                 steps[i].id, yes ? "yes" : "no", yes ? "yes" : "no",
                                 yes ? "no" : "yes", yes ? "yes" : "no"));
            }
        }
        if (problems.unreachable.empty()) check_separation();
        if (has_errors(diagnostics())) return;
        data_->fingerprint = detail::fingerprint_of(*data_);
        data_->source_name = source();
        for (const diagnostic& item : diagnostics()) {
            if (item.level == severity::warning) data_->warnings.push_back(item);
        }
        std::stable_sort(data_->warnings.begin(), data_->warnings.end(), by_location);
        detail::log_target::resolve(options_.log)
            .log(log_level::debug, "loaded {} ({} steps, {} actors, fingerprint {}) from {}",
                 data_->id, steps.size(), data_->actors.size(), data_->fingerprint, source());
        data_->step_order = detail::order_by_id(data_->steps);
        data_->actor_order = detail::order_by_id(data_->actors);
        definition_ = detail::definition_access::make(std::move(data_));
    }

    static bool by_location(const diagnostic& a, const diagnostic& b) {
        return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
    }

    load_result finish() {
        std::stable_sort(diagnostics().begin(), diagnostics().end(), by_location);
        load_result result;
        if (!has_errors(diagnostics())) result.definition = std::move(definition_);
        result.diagnostics = std::move(diagnostics());
        return result;
    }

    load_options options_;
    detail::forward_locator step_places_;
    std::shared_ptr<detail::definition_data> data_ = std::make_shared<detail::definition_data>();
    // The ids read so far, for duplicates and suggestions while loading.
    std::map<std::string, step_index, std::less<>> step_ids_;
    std::map<std::string, actor_index, std::less<>> actor_ids_;
    std::map<std::string, detail::ending_index, std::less<>> ending_ids_;
    std::map<std::string, std::uint32_t, std::less<>> related_ids_;  // index in related_ids
    std::vector<std::size_t> ending_offsets_;     ///< Where each declared ending stands.
    std::vector<std::size_t> ending_id_offsets_;  ///< Where each declared ending's id stands.
    std::vector<bool> ending_used_;               ///< Per ending: whether a target names it.
    std::vector<pending_step> pending_;
    std::vector<std::size_t> actor_offsets_;  ///< Where each declared actor stands.
    /// Role names (folded) to actors, or nullopt for a name two actors share; built on demand.
    std::optional<std::map<std::string, std::optional<actor_index>, std::less<>>> actor_names_;
    std::optional<sop::definition> definition_;
};

std::string join_errors(const std::vector<diagnostic>& diagnostics) {
    std::string out;
    for (const diagnostic& item : diagnostics) {
        if (item.level != severity::error) continue;
        if (!out.empty()) out += '\n';
        out += to_string(item);
    }
    return out.empty() ? std::string("the SOP could not be loaded") : out;
}

}  // namespace

load_result load_string(std::string_view text, std::string source_name,
                        const load_options& options) {
    return loader(text, std::move(source_name), options).run();
}

load_result load_file(const std::filesystem::path& path, const load_options& options) {
    detail::file_text read = detail::read_text_file(path, options.max_file_size, sop_format.file);
    if (read.problem) {
        load_result result;
        result.diagnostics.push_back(std::move(*read.problem));
        return result;
    }
    return load_string(read.text, path.string(), options);
}

load_error::load_error(std::vector<diagnostic> diagnostics)
    : error(errc::load_failed, join_errors(diagnostics)), diagnostics_(std::move(diagnostics)) {}

sop::definition load_file_or_throw(const std::filesystem::path& path, const load_options& options) {
    load_result result = load_file(path, options);
    if (!result.definition) throw load_error(std::move(result.diagnostics));
    return std::move(*result.definition);
}

sop::definition load_string_or_throw(std::string_view text, std::string source_name,
                                     const load_options& options) {
    load_result result = load_string(text, std::move(source_name), options);
    if (!result.definition) throw load_error(std::move(result.diagnostics));
    return std::move(*result.definition);
}

}  // namespace sop
