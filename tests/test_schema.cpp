// The loader and the XSD (sop-definitions/schema/sop.xsd, validated by xmllint) agree on every
// test document and shipped definition: what the schema refuses the loader refuses, and what
// the loader refuses for a reason the schema can express, the schema refuses too.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sopengine/sopengine.hpp>
#include <string>
#include <vector>

#include "support.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path schema = fs::path(SOPENGINE_DEFINITIONS) / "schema" / "sop.xsd";

// Checks no schema can make: references between steps and actors, the procedure's shape, what
// a duration says, the limits, a DOCTYPE, and which steps a separation-of-duties rule may name.
const std::set<std::string> loader_only{
    "unknown-actor",   "unknown-step",           "unreachable-step",
    "dead-end",        "loop-without-decision",  "text-too-long",
    "too-many-steps",  "too-many-actors",        "conflicting-attributes",
    "self-separation", "related-sop-separation", "separation-never-applies"};
// Problems the schema sees in part: its pattern refuses a duration that is no phrase of the
// format ("1 Harri"); the loader also refuses what a pattern cannot see (words that disagree
// with the digits, a reversed range, a bare number without duration-unit). A document refused
// by the schema may have only these; one it accepts may still have them.
const std::set<std::string> partly_schema{"bad-duration"};
// Problems with the file as a whole, which xmllint reads differently: it reads UTF-16 and any
// encoding a declaration names, expands a DOCTYPE's entities (and then cannot validate), and
// stops at a NUL byte at the end. For these only "the schema refuses, so does the loader" is
// held.
const std::set<std::string> whole_file{"empty-file", "not-utf8", "doctype"};

bool schema_accepts(const fs::path& document) {
    const std::string command = std::string(SOPENGINE_XMLLINT) + " --noout --nonet --schema '" +
                                schema.string() + "' '" + document.string() + "' >/dev/null 2>&1";
    return std::system(command.c_str()) == 0;
}

std::vector<fs::path> documents() {
    std::vector<fs::path> out;
    for (const fs::path& folder :
         {fs::path(SOPENGINE_TEST_DATA) / "valid", fs::path(SOPENGINE_TEST_DATA) / "invalid",
          fs::path(SOPENGINE_DEFINITIONS), fs::path(SOPENGINE_DEFINITIONS) / "examples"}) {
        for (const auto& entry : fs::directory_iterator(folder)) {
            if (entry.is_regular_file() && entry.path().extension() == ".xml") {
                out.push_back(entry.path());
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST(Schema, AgreesWithTheLoaderOnEveryDocument) {
    const auto files = documents();
    ASSERT_GT(files.size(), 40U);
    for (const fs::path& file : files) {
        SCOPED_TRACE(file.string());
        const sop::load_result result = sop::load_file(file);
        const bool accepted = schema_accepts(file);
        if (!accepted) {
            EXPECT_FALSE(result.definition) << "the schema refuses it, the loader not";
        }
        bool file_level = sop_test::read_file(file).find('\0') != std::string::npos;
        bool partly = false;
        std::vector<std::string> schema_level;
        for (const sop::diagnostic& item : result.diagnostics) {
            if (item.level != sop::severity::error) continue;
            file_level = file_level || whole_file.count(item.code) > 0;
            partly = partly || partly_schema.count(item.code) > 0;
            if (loader_only.count(item.code) == 0 && whole_file.count(item.code) == 0 &&
                partly_schema.count(item.code) == 0) {
                schema_level.push_back(sop::to_string(item));
            }
        }
        if (file_level) continue;
        if (accepted) {
            EXPECT_TRUE(schema_level.empty())
                << "the schema accepts what the loader refuses: " << schema_level.front();
        } else {
            EXPECT_TRUE(!schema_level.empty() || partly)
                << "the schema refuses it, the loader only for reasons the schema cannot see";
        }
    }
}

// The duration phrases of the format: the schema's pattern takes every phrase the loader
// takes, and refuses words that are no phrase of it.
TEST(Schema, DurationPatternTakesEveryPhraseTheLoaderTakes) {
    const std::vector<std::string> phrases{"15 menit",
                                           "1 Jam",
                                           "2 hari",
                                           "1 jam 30 menit",
                                           "1 hari 2 jam",
                                           "2 hari kerja",
                                           "90 minutes",
                                           "2 hours",
                                           "1 day",
                                           "30menit",
                                           "1 Hr",
                                           "3 Hr.",
                                           "1 HK",
                                           "1 x 24 jam",
                                           "3x24 Jam",
                                           "2 \xC3\x97 24 jam",
                                           "14 hari kalender",
                                           "0,5 jam",
                                           "\xC2\xB1 15 menit",
                                           "+/- 15 menit",
                                           "maks. 2 hari",
                                           "Maksimal 3 hari",
                                           "paling lama 1 jam",
                                           "kurang lebih 10 menit",
                                           "1 (satu) hari",
                                           "12 (dua belas) jam",
                                           "15 menit.",
                                           "1-2 hari",
                                           "1 s.d. 2 hari",
                                           "1 s/d 2 hari",
                                           "1 sampai dengan 3 hari",
                                           "15\xE2\x80\x93"
                                           "30 menit",
                                           "30 menit - 1 jam",
                                           "PT15M",
                                           "P1DT2H30M",
                                           "pt1h"};
    const std::vector<std::string> refused{"1 Harri", "2 hrs",    "1 minggu", "satu jam",
                                           "1.5 jam", "30 detik", "1 jam x",  "15\xC2\xA0Menit"};
    const fs::path file = fs::temp_directory_path() / "sopengine-duration.xml";
    const auto document = [](const std::string& duration) {
        return R"(<sop format="1" id="t"><identity><unit>U</unit><number>1</number>)"
               R"(<title>T</title><approved-by position="P"/></identity><actors>)"
               R"(<actor id="a">A</actor></actors><procedure><activity id="1" actor="a" )"
               R"(duration=")" +
               duration + R"("><description>D</description></activity></procedure></sop>)";
    };
    for (const std::string& phrase : phrases) {
        SCOPED_TRACE(phrase);
        ASSERT_TRUE(sop::parse_standard_time(phrase));
        { std::ofstream(file, std::ios::binary) << document(phrase); }
        EXPECT_TRUE(schema_accepts(file));
    }
    for (const std::string& phrase : refused) {
        SCOPED_TRACE(phrase);
        ASSERT_FALSE(sop::parse_standard_time(phrase));
        { std::ofstream(file, std::ios::binary) << document(phrase); }
        EXPECT_FALSE(schema_accepts(file));
    }
}

// Documents that are not well-formed XML: xmllint refuses each, and so does the loader, with a
// located xml-syntax error. A trailing NUL, which xmllint reads as the end, is refused too.
TEST(Schema, WhatXmllintRefusesTheLoaderRefuses) {
    const std::string head =
        R"(<?xml version="1.0" encoding="UTF-8"?>)"
        "\n"
        R"(<sop format="1" id="t"><identity><unit>U</unit><number>1</number><title>T</title>)"
        R"(<approved-by position="P"/></identity><actors><actor id="a">A</actor></actors>)"
        "\n<procedure><activity id=\"1\" actor=\"a\" duration=\"1 jam\"><description>";
    const std::string tail = "</description></activity></procedure></sop>\n";
    const std::vector<std::pair<std::string, std::string>> cases{
        {"bare ampersand", head + "Sarana & Prasarana" + tail},
        {"undefined entity", head + "a&nbsp;b" + tail},
        {"reference to NUL", head + "a&#0;b" + tail},
        {"reference to a control character", head + "a&#1;b" + tail},
        {"reference to a surrogate", head + "a&#xD800;b" + tail},
        {"reference to a non-character", head + "a&#xFFFE;b" + tail},
        {"raw control character", head +
                                      "a\x01"
                                      "b" +
                                      tail},
        {"NUL inside", head + std::string("a\0b", 3) + tail},
        {"duplicate attribute", head + tail + "<!-- x -->"},
        {"double hyphen in a comment", head + "<!-- a -- b -->" + tail},
        {"text after the root", head + tail + "lagi"},
        {"'<' in an attribute value", head + "x" + tail},
        {"']]>' in text", head + "a]]>b" + tail},
        {"declaration not first", "\n" + head + "x" + tail},
        {"mismatched end tag", head + "x</deskripsi></activity></procedure></sop>\n"},
        {"unclosed comment", head + "x" + tail + "<!-- x"},
    };
    const fs::path file = fs::temp_directory_path() / "sopengine-well-formed.xml";
    for (auto [what, text] : cases) {
        SCOPED_TRACE(what);
        if (what == "duplicate attribute") {
            text.replace(text.find("actor=\"a\" duration"), 9, "actor=\"a\" actor=\"a\"");
        } else if (what == "'<' in an attribute value") {
            text.replace(text.find("position=\"P\""), 12, "position=\"P<Q\"");
        }
        { std::ofstream(file, std::ios::binary) << text; }
        const std::string command =
            std::string(SOPENGINE_XMLLINT) + " --noout '" + file.string() + "' >/dev/null 2>&1";
        EXPECT_NE(std::system(command.c_str()), 0) << "xmllint accepts it";
        const sop::load_result result = sop::load_string(text, "t.xml");
        ASSERT_FALSE(result.definition);
        ASSERT_EQ(result.diagnostics.size(), 1U);
        EXPECT_EQ(result.diagnostics[0].code, "xml-syntax")
            << sop::to_string(result.diagnostics[0]);
        EXPECT_GE(result.diagnostics[0].where.line, 1U);
    }
    // At the very end xmllint reads a NUL as the end of the file; XML allows it nowhere.
    const sop::load_result trailing = sop::load_string(head + "x" + tail + '\0', "t.xml");
    ASSERT_EQ(trailing.diagnostics.size(), 1U);
    EXPECT_EQ(trailing.diagnostics[0].code, "xml-syntax");
    EXPECT_EQ(trailing.diagnostics[0].where.line, 4U);
    fs::remove(file);
}
