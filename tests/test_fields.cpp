// The field descriptors (sop::identity_fields, approver_fields, heading_fields, step_fields) are
// the one description of the format that the loader, the fingerprint, the renderer and the
// runner's JSON read: these tests hold them against sop.xsd, and check that every field they
// list is read into its member and changes the fingerprint.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <pugixml.hpp>
#include <set>
#include <sopengine/sopengine.hpp>
#include <string>

namespace {

const std::filesystem::path schema =
    std::filesystem::path(SOPENGINE_DEFINITIONS) / "schema" / "sop.xsd";

struct schema_item {
    std::string type;
    bool required = false;
};

class Fields : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(xsd.load_file(schema.c_str())); }

    pugi::xml_node complex_type(const char* name) const {
        return xsd.document_element().find_child_by_attribute("xs:complexType", "name", name);
    }
    // The elements of a complex type's <xs:all>: name -> type, required.
    std::map<std::string, schema_item> elements(const char* type) const {
        std::map<std::string, schema_item> out;
        for (const pugi::xml_node& e : complex_type(type).child("xs:all").children("xs:element")) {
            out[e.attribute("name").value()] = {
                e.attribute("type").value(),
                e.attribute("minOccurs").as_string("1") != std::string("0")};
        }
        return out;
    }
    // The attributes of a complex type: name -> type, required.
    std::map<std::string, schema_item> attributes(const char* type) const {
        std::map<std::string, schema_item> out;
        for (const pugi::xml_node& a : complex_type(type).children("xs:attribute")) {
            out[a.attribute("name").value()] = {
                a.attribute("type").value(),
                a.attribute("use").as_string() == std::string("required")};
        }
        return out;
    }

    pugi::xml_document xsd;
};

std::string_view schema_type(const sop::identity_field& field) {
    switch (field.kind) {
        case sop::field_kind::text: return field.non_empty ? "nonEmptyText" : "xs:string";
        case sop::field_kind::date: return "dated";
        case sop::field_kind::approver: return "approver";
        case sop::field_kind::list: return "list";
    }
    return "";
}

// A document with every field given a value of its own.
std::string every_field(const std::map<std::string, std::string>& changed = {}) {
    auto value = [&](const std::string& name, const std::string& standard) {
        const auto found = changed.find(name);
        return found == changed.end() ? standard : found->second;
    };
    std::string out = R"(<sop format="1" id=")" + value("@id", "fields") + R"(" lang=")" +
                      value("@lang", "id") + R"("><identity>)";
    for (const sop::identity_field& field : sop::identity_fields) {
        const std::string name(field.element);
        switch (field.kind) {
            case sop::field_kind::text:
                out += "<" + name + ">" + value(name, name + " text") + "</" + name + ">";
                break;
            case sop::field_kind::date:
                out += "<" + name + " date=\"" + value(name + "@date", "2001-02-03") + "\">" +
                       value(name, name + " text") + "</" + name + ">";
                break;
            case sop::field_kind::list:
                out +=
                    "<" + name + "><item>" + value(name, name + " item") + "</item></" + name + ">";
                break;
            case sop::field_kind::approver:
                out += "<" + name;
                for (const sop::approver_field& part : sop::approver_fields) {
                    const std::string key = name + "@" + std::string(part.attribute);
                    out += " " + std::string(part.attribute) + "=\"" + value(key, key) + "\"";
                }
                out += "/>";
                break;
        }
    }
    out += R"(</identity><actors><actor id=")" + value("actor@id", "a") + R"(">)" +
           value("actor", "Actor") + R"(</actor><actor id="b">B</actor></actors><procedure>)";
    out += "<headings";
    for (const sop::heading_field& field : sop::heading_fields) {
        const std::string key = "headings@" + std::string(field.attribute);
        out += " " + std::string(field.attribute) + "=\"" + value(key, key) + "\"";
    }
    out += "/>";
    out += R"(<decision id=")" + value("step@id", "1") + R"(" actor=")" + value("step@actor", "a") +
           R"(" duration=")" + value("step@duration", "1 jam") + R"(" yes=")" +
           value("step@yes", "2") + R"(" no=")" + value("step@no", "end") + "\">";
    for (const sop::step_field& field : sop::step_fields) {
        const std::string name(field.element);
        out += "<" + name + ">" + value("step." + name, name + " text") + "</" + name + ">";
    }
    out +=
        R"(</decision><activity id="2" actor="b" duration="15 menit"><description>D</description>)"
        R"(</activity></procedure></sop>)";
    return out;
}

}  // namespace

TEST_F(Fields, IdentityFieldsAreTheSchemasIdentityElements) {
    const auto expected = elements("identity");
    std::map<std::string, schema_item> described;
    for (const sop::identity_field& field : sop::identity_fields) {
        described[std::string(field.element)] = {std::string(schema_type(field)), field.required};
    }
    ASSERT_EQ(described.size(), expected.size());
    for (const auto& [name, item] : expected) {
        SCOPED_TRACE(name);
        ASSERT_TRUE(described.count(name));
        EXPECT_EQ(described[name].type, item.type);
        EXPECT_EQ(described[name].required, item.required);
    }
}

TEST_F(Fields, ApproverHeadingAndStepFieldsAreTheSchemas) {
    const auto approver = attributes("approver");
    ASSERT_EQ(approver.size(), sop::approver_fields.size());
    for (const sop::approver_field& field : sop::approver_fields) {
        SCOPED_TRACE(field.attribute);
        const auto& item = approver.at(std::string(field.attribute));
        EXPECT_EQ(item.required, field.required);
        EXPECT_EQ(item.type == "nonEmptyText", field.non_empty);
    }
    const auto headings = attributes("headings");
    ASSERT_EQ(headings.size(), sop::heading_fields.size());
    for (const sop::heading_field& field : sop::heading_fields) {
        EXPECT_TRUE(headings.count(std::string(field.attribute))) << field.attribute;
    }
    const auto activity = elements("activity");
    const auto decision = elements("decision");
    ASSERT_EQ(decision.size(), sop::step_fields.size());
    std::size_t in_activity = 0;
    for (const sop::step_field& field : sop::step_fields) {
        SCOPED_TRACE(field.element);
        const std::string name(field.element);
        ASSERT_TRUE(decision.count(name));
        EXPECT_EQ(decision.at(name).required, field.required);
        EXPECT_EQ(decision.at(name).type == "nonEmptyText", field.required);
        EXPECT_EQ(activity.count(name) == 1, field.in_activity);
        if (field.in_activity) {
            ++in_activity;
            EXPECT_EQ(activity.at(name).required, field.required);
        }
    }
    EXPECT_EQ(activity.size(), in_activity);
}

TEST_F(Fields, EveryFieldIsReadIntoItsMember) {
    const auto sop = sop::load_string_or_throw(every_field(), "fields.xml");
    EXPECT_TRUE(sop.warnings().empty());
    const sop::identity& header = sop.header();
    for (const sop::identity_field& field : sop::identity_fields) {
        SCOPED_TRACE(field.element);
        const std::string name(field.element);
        switch (field.kind) {
            case sop::field_kind::text: EXPECT_EQ(header.*(field.text), name + " text"); break;
            case sop::field_kind::date:
                EXPECT_EQ((header.*(field.date)).text, name + " text");
                EXPECT_EQ((header.*(field.date)).date,
                          std::chrono::year_month_day(std::chrono::year(2001),
                                                      std::chrono::month(2), std::chrono::day(3)));
                break;
            case sop::field_kind::list:
                EXPECT_EQ(header.*(field.items), std::vector<std::string>{name + " item"});
                break;
            case sop::field_kind::approver:
                for (const sop::approver_field& part : sop::approver_fields) {
                    EXPECT_EQ((header.*(field.person)).*(part.value),
                              name + "@" + std::string(part.attribute));
                }
                break;
        }
    }
    for (const sop::heading_field& field : sop::heading_fields) {
        EXPECT_EQ(sop.headings().*(field.value), "headings@" + std::string(field.attribute));
    }
    for (const sop::step_field& field : sop::step_fields) {
        EXPECT_EQ(sop.steps()[0].*(field.value), std::string(field.element) + " text");
    }
}

// Each field changed in turn changes the fingerprint, and no two changes give the same one: a
// snapshot never restores against an SOP that differs in anything the engine keeps.
TEST_F(Fields, EveryFieldChangesTheFingerprint) {
    std::vector<std::string> changes{"@id",        "@lang",         "actor@id", "actor",  "step@id",
                                     "step@actor", "step@duration", "step@yes", "step@no"};
    for (const sop::identity_field& field : sop::identity_fields) {
        const std::string name(field.element);
        if (field.kind == sop::field_kind::approver) {
            for (const sop::approver_field& part : sop::approver_fields) {
                changes.push_back(name + "@" + std::string(part.attribute));
            }
        } else {
            changes.push_back(name);
        }
        if (field.kind == sop::field_kind::date) changes.push_back(name + "@date");
    }
    for (const sop::heading_field& field : sop::heading_fields) {
        changes.push_back("headings@" + std::string(field.attribute));
    }
    for (const sop::step_field& field : sop::step_fields) {
        changes.push_back("step." + std::string(field.element));
    }
    const std::map<std::string, std::string> replacement{
        {"@id", "other"},    {"@lang", "en"},       {"actor@id", "c"},
        {"step@id", "9"},    {"step@actor", "a b"}, {"step@duration", "2 jam"},
        {"step@yes", "end"}, {"step@no", "2"}};
    std::set<std::string> fingerprints{
        sop::load_string_or_throw(every_field(), "fields.xml").fingerprint()};
    for (const std::string& change : changes) {
        SCOPED_TRACE(change);
        std::string value = "changed";
        if (const auto found = replacement.find(change); found != replacement.end()) {
            value = found->second;
        } else if (change.ends_with("@date")) {
            value = "2002-03-04";
        }
        std::string document = every_field({{change, value}});
        if (change == "actor@id") {  // the step must still name a declared actor
            document = every_field({{change, value}, {"step@actor", "c"}});
        }
        if (change == "step@yes") {  // step 2 must stay reachable: the branches swap
            document = every_field({{change, value}, {"step@no", "2"}});
        }
        const sop::load_result result = sop::load_string(document, "changed.xml");
        ASSERT_TRUE(result) << sop::to_string(result.diagnostics.front());
        EXPECT_TRUE(fingerprints.insert(result.definition->fingerprint()).second)
            << "the fingerprint did not change";
    }
}

// Every alias names a name of the format: an element or attribute the schema has, or "end".
TEST_F(Fields, AliasesNameTheSchemasNames) {
    std::set<std::string> elements;
    std::set<std::string> attributes;
    for (const pugi::xpath_node& node : xsd.select_nodes("//xs:element[@name]")) {
        elements.insert(node.node().attribute("name").value());
    }
    for (const pugi::xpath_node& node : xsd.select_nodes("//xs:attribute[@name]")) {
        attributes.insert(node.node().attribute("name").value());
    }
    std::set<std::pair<std::string_view, sop::alias_kind>> seen;
    for (const sop::name_alias& alias : sop::name_aliases) {
        SCOPED_TRACE(alias.written);
        const std::string name(alias.name);
        switch (alias.kind) {
            case sop::alias_kind::element: EXPECT_TRUE(elements.count(name)); break;
            case sop::alias_kind::attribute: EXPECT_TRUE(attributes.count(name)); break;
            case sop::alias_kind::target: EXPECT_EQ(alias.name, sop::end_target); break;
        }
        // Written as the loader compares: lower case, no spaces or underscores.
        EXPECT_EQ(alias.written.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ _"),
                  std::string_view::npos);
        EXPECT_FALSE(elements.count(std::string(alias.written)) &&
                     alias.kind == sop::alias_kind::element)
            << "an alias must not be one of the format's own element names";
        EXPECT_TRUE(seen.insert({alias.written, alias.kind}).second ||
                    alias.written == "kegiatan")  // a step in <procedure>, its text in a step
            << "written twice for the same kind";
    }
}

// Each alias of a step's elements and attributes, written in a step, is named in the error.
TEST_F(Fields, AStepsAliasesGetTheFormatsName) {
    for (const sop::name_alias& alias : sop::name_aliases) {
        const bool text = std::any_of(sop::step_fields.begin(), sop::step_fields.end(),
                                      [&](const auto& f) { return f.element == alias.name; });
        const bool attribute =
            alias.kind == sop::alias_kind::attribute &&
            (alias.name == "duration" || alias.name == "yes" || alias.name == "no" ||
             alias.name == "actor" || alias.name == "time-note");
        if (!(alias.kind == sop::alias_kind::element && text) && !attribute) continue;
        SCOPED_TRACE(alias.written);
        const std::string written(alias.written);
        const std::string step =
            attribute ? R"(<decision id="1" actor="a" )" + written +
                            R"(="x" yes="end" no="end"><description>D</description>)"
                            R"(<question>Q?</question></decision>)"
                      : R"(<decision id="1" actor="a" duration="1 jam" yes="end" no="end">)"
                        R"(<description>D</description><question>Q?</question><)" +
                            written + ">x</" + written + "></decision>";
        const auto result = sop::load_string(
            R"(<sop format="1" id="t"><identity><unit>U</unit><number>1</number><title>T</title>)"
            R"(<approved-by position="P"/></identity><actors><actor id="a">A</actor></actors>)"
            R"(<procedure>)" +
                step + "</procedure></sop>",
            "alias.xml");
        const std::string expected =
            attribute ? "'" + std::string(alias.name) + "'" : "<" + std::string(alias.name) + ">";
        bool named = false;
        for (const sop::diagnostic& item : result.diagnostics) {
            named = named || (item.message.find("the format calls") != std::string::npos &&
                              item.message.find(expected) != std::string::npos);
        }
        EXPECT_TRUE(named) << "no hint naming " << expected;
    }
}
