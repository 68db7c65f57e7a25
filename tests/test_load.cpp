#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sopengine/sopengine.hpp>
#include <sstream>

#include "support.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path data_dir = SOPENGINE_TEST_DATA;

using sop_test::read_file;

// The diagnostics of a load, printed one per line, with the data folder left out of the names.
std::string printed(const sop::load_result& result, const fs::path& folder) {
    std::string out;
    const std::string prefix = folder.string() + "/";
    for (const sop::diagnostic& item : result.diagnostics) {
        std::string line = sop::to_string(item);
        if (line.rfind(prefix, 0) == 0) line.erase(0, prefix.size());
        out += line + "\n";
    }
    return out;
}

std::vector<fs::path> documents(const fs::path& folder) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(folder)) {
        if (entry.path().extension() == ".xml") out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Compares the printed diagnostics of every document in a folder with its .errors file. With
// SOPENGINE_UPDATE_GOLDEN=1 in the environment the .errors files are rewritten instead (review
// the diff before committing it).
void check_golden(const std::string& kind, bool expect_definition) {
    const fs::path folder = data_dir / kind;
    const bool update = std::getenv("SOPENGINE_UPDATE_GOLDEN") != nullptr;
    const auto files = documents(folder);
    ASSERT_FALSE(files.empty());
    for (const fs::path& file : files) {
        SCOPED_TRACE(file.filename().string());
        const sop::load_result result = sop::load_file(file);
        EXPECT_EQ(result.definition.has_value(), expect_definition);
        const std::string actual = printed(result, folder);
        const fs::path golden = fs::path(file.string() + ".errors");
        if (update) {
            std::ofstream(golden, std::ios::binary) << actual;
            continue;
        }
        const std::string expected = fs::exists(golden) ? read_file(golden) : std::string();
        EXPECT_EQ(actual, expected);
        if (!expect_definition) {
            EXPECT_TRUE(sop::has_errors(result.diagnostics));
            for (const sop::diagnostic& item : result.diagnostics) {
                // Every problem inside a document points at a line; whole-file ones at none.
                const bool whole_file = item.code == "is-directory" || item.code == "empty-file";
                EXPECT_EQ(item.where.line == 0, whole_file) << sop::to_string(item);
            }
        }
    }
}

std::string minimal(std::string_view procedure) {
    return std::string(R"(<?xml version="1.0"?>
<sop format="1" id="t">
  <identity><unit>U</unit><number>1</number><title>T</title>
    <approved-by position="P" name="N"/></identity>
  <actors><actor id="a">A</actor><actor id="b">B</actor></actors>
  <procedure>)") +
           std::string(procedure) + "</procedure>\n</sop>\n";
}

}  // namespace

TEST(Load, InvalidDocumentsMatchTheirGoldenDiagnostics) {
    check_golden("invalid", false);
}

TEST(Load, ValidDocumentsLoadWithTheirGoldenWarnings) {
    check_golden("valid", true);
}

TEST(Load, MissingFileIsReportedWithoutLocation) {
    const auto result = sop::load_file(data_dir / "no-such-file.xml");
    ASSERT_FALSE(result);
    ASSERT_EQ(result.diagnostics.size(), 1U);
    EXPECT_EQ(result.diagnostics[0].code, "file-not-found");
    EXPECT_EQ(result.diagnostics[0].where.line, 0U);
}

TEST(Load, FileOverTheSizeLimitIsRefusedUnread) {
    sop::load_options options;
    options.max_file_size = 100;
    const auto result = sop::load_file(data_dir / "valid" / "minutes.xml", options);
    ASSERT_FALSE(result);
    ASSERT_EQ(result.diagnostics.size(), 1U);
    EXPECT_EQ(result.diagnostics[0].code, "file-too-large");
    EXPECT_NE(result.diagnostics[0].message.find("over the limit of 100 bytes"), std::string::npos);
}

TEST(Load, UnreadableFileIsReported) {
    const fs::path file = fs::temp_directory_path() / "sopengine-unreadable.xml";
    std::ofstream(file) << minimal("");
    fs::permissions(file, fs::perms::none);
    // Root reads every file: read as "nobody" for the length of the load.
    const bool as_root = ::geteuid() == 0;
    if (as_root) {
        ASSERT_EQ(::seteuid(65534), 0);
    }
    const auto result = sop::load_file(file);
    if (as_root) {
        ASSERT_EQ(::seteuid(0), 0);
    }
    fs::remove(file);
    ASSERT_FALSE(result);
    ASSERT_EQ(result.diagnostics.size(), 1U);
    EXPECT_EQ(result.diagnostics[0].code, "file-unreadable");
    EXPECT_EQ(result.diagnostics[0].message,
              "cannot open the file for reading: Permission denied; check its permissions");
}

TEST(Load, StringAndFileGiveTheSameDefinition) {
    const fs::path file = data_dir / "valid" / "minutes.xml";
    const auto from_file = sop::load_file(file);
    const auto from_text = sop::load_string(read_file(file), "minutes.xml");
    ASSERT_TRUE(from_file);
    ASSERT_TRUE(from_text);
    EXPECT_EQ(from_file.definition->fingerprint(), from_text.definition->fingerprint());
    EXPECT_EQ(from_text.definition->source_name(), "minutes.xml");
}

TEST(Load, KeepsEveryFieldOfAStep) {
    const auto sop = sop::load_file_or_throw(data_dir / "valid" / "minutes.xml");
    ASSERT_EQ(sop.steps().size(), 2U);
    const sop::step& first = sop.steps()[0];
    EXPECT_EQ(first.id, "1");
    EXPECT_EQ(first.kind, sop::step_kind::activity);
    EXPECT_EQ(first.actors, std::vector<std::string>{"kabag"});
    EXPECT_EQ(first.requirements, "Surat");
    EXPECT_EQ(first.output, "Disposisi");
    EXPECT_EQ(first.remark, "SOP Persuratan");
    EXPECT_EQ(first.duration_text, "480");
    EXPECT_EQ(
        first.duration,
        (sop::standard_time{{0, 480, 0},
                            {0, 480, 0}}));  // duration-unit="menit" gives the bare number a unit
    EXPECT_EQ(first.next, "2");
    EXPECT_EQ(first.where.line, 14U);
    const sop::step& check = sop.steps()[1];
    EXPECT_EQ(check.kind, sop::step_kind::decision);
    EXPECT_EQ(check.actors, (std::vector<std::string>{"kasubag", "kabag"}));
    EXPECT_EQ(check.description, "Memeriksa kelengkapan berkas");  // whitespace folded
    EXPECT_EQ(check.question, "Berkas lengkap?");
    EXPECT_EQ(check.yes, "end");
    EXPECT_EQ(check.no, "1");
    EXPECT_EQ(check.duration, (sop::standard_time{{0, 30, 0}, {0, 30, 0}}));
    ASSERT_NE(sop.find_step("2"), nullptr);
    EXPECT_EQ(sop.find_step("2")->question, "Berkas lengkap?");
    EXPECT_EQ(sop.find_step("9"), nullptr);
    EXPECT_EQ(sop.find_actor("kasubag")->name, "Kepala Sub Bagian");
    EXPECT_EQ(sop.find_actor("nobody"), nullptr);
    EXPECT_EQ(sop.language(), "id");
}

// Steps are located in one forward pass, diagnostics by an index built on demand: both give the
// line and the column in code points, also after multi-byte text and on a shared line.
TEST(Load, StepsAreLocatedByLineAndCodePointColumn) {
    const auto text_with = [](std::string_view duration) {
        return "<sop format=\"1\" id=\"x\"><identity><unit>U</unit><number>1</number>"
               "<title>T</title><approved-by position=\"P\"/></identity>\n"
               "<actors><actor id=\"a\">Ä</actor></actors>\n"
               "<procedure><activity id=\"1\" actor=\"a\"><description>Périksa ü</description>"
               "</activity>  <activity id=\"2\" "
               "actor=\"a\"><description>é</description></activity>\n"
               "\n"
               "    <activity id=\"3\" actor=\"a\" duration=\"" +
               std::string(duration) +
               "\"><description>x</description></activity></procedure></sop>\n";
    };
    const sop::load_result result = sop::load_string(text_with("1 jam"), "places.xml");
    ASSERT_TRUE(result.definition);
    const auto steps = result.definition->steps();
    ASSERT_EQ(steps.size(), 3U);
    EXPECT_EQ(steps[0].where.line, 3U);
    EXPECT_EQ(steps[0].where.column, 12U);  // after "<procedure>"
    EXPECT_EQ(steps[1].where.line, 3U);
    // "<procedure>", the first activity (74 code points, "é" and "ü" one each), two spaces.
    EXPECT_EQ(steps[1].where.column, 11U + 74U + 2U + 1U);
    EXPECT_EQ(steps[2].where.line, 5U);
    EXPECT_EQ(steps[2].where.column, 5U);
    // An unreadable duration of step 3 is diagnosed at its attribute value, on the same line:
    // the value starts after four spaces and '<activity id="3" actor="a" duration="'.
    const sop::load_result bad = sop::load_string(text_with("sehari"), "places.xml");
    // Steps 1 and 2 have no standard time: warned at the places the steps were located.
    ASSERT_EQ(bad.diagnostics.size(), 3U);
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(bad.diagnostics[i].code, "no-duration");
        EXPECT_EQ(bad.diagnostics[i].where.line, steps[i].where.line);
        EXPECT_EQ(bad.diagnostics[i].where.column, steps[i].where.column);
    }
    EXPECT_EQ(bad.diagnostics[2].code, "bad-duration");
    EXPECT_EQ(bad.diagnostics[2].where.line, 5U);
    EXPECT_EQ(bad.diagnostics[2].where.column, 42U);
}

TEST(Load, TableHeadingsDefaultToTheStandardWording) {
    const auto sop = sop::load_file_or_throw(data_dir / "valid" / "minutes.xml");
    EXPECT_EQ(sop.headings(), sop::table_headings{});
    EXPECT_EQ(sop.headings().activity, "Kegiatan");
    EXPECT_EQ(sop.headings().quality, "Mutu Baku");
    EXPECT_TRUE(sop.headings().title.empty());
}

TEST(Load, KeepsTheIdentityAndHeadingsAsWritten) {
    const auto sop = sop::load_file_or_throw(data_dir / "valid" / "headings.xml");
    const sop::identity& header = sop.header();
    // The gap left for the hand-written number stays; the line break and indent do not.
    EXPECT_EQ(header.number, "/      /I.10-UJ/2022");
    EXPECT_EQ(header.title, "PENGUMPULAN DATA KINERJA.");
    EXPECT_EQ(header.created.text, "Februari 2022");
    EXPECT_FALSE(header.created.date);
    EXPECT_TRUE(header.created.written);
    EXPECT_EQ(header.revised,
              (sop::dated{.text = {}, .date = {}, .written = true}));  // written blank
    EXPECT_EQ(header.effective, sop::dated{});                         // not written at all
    EXPECT_EQ(header.ratified.text, "14 Februari 2022");
    EXPECT_EQ(header.ratified.date,
              (std::chrono::year_month_day{std::chrono::year(2022), std::chrono::February,
                                           std::chrono::day(14)}));
    EXPECT_EQ(header.approved_by.position, "SEKRETARIS KECAMATAN");
    EXPECT_TRUE(header.approved_by.name.empty());
    const sop::table_headings& headings = sop.headings();
    EXPECT_EQ(headings.title, "SOP : PENGUMPULAN DATA AKUNTABILITAS KINERJA");
    EXPECT_EQ(headings.number, "NO");
    EXPECT_EQ(headings.activity, "URAIAN PROSEDUR");
    EXPECT_EQ(headings.actors, "PELAKSANA");
    EXPECT_EQ(headings.quality, "MUTU BUKU");
    EXPECT_EQ(headings.requirements, "Kelengkapan dan Peralatan");
    EXPECT_EQ(headings.time, "Waktu (menit)");
    EXPECT_EQ(headings.output, "Output");  // not given: the standard wording
    EXPECT_EQ(headings.remark, "Ket");
    EXPECT_EQ(sop.steps().size(), 1U);  // <headings> is not a step
}

TEST(Load, ThrowingLoaderCarriesTheDiagnostics) {
    try {
        (void)sop::load_file_or_throw(data_dir / "invalid" / "unknown-actor.xml");
        FAIL() << "expected sop::load_error";
    } catch (const sop::load_error& failure) {
        ASSERT_FALSE(failure.diagnostics().empty());
        EXPECT_EQ(failure.diagnostics()[0].code, "unknown-actor");
        EXPECT_NE(std::string(failure.what()).find("did you mean 'kasubag'?"), std::string::npos);
    }
    EXPECT_THROW((void)sop::load_string_or_throw("<sop/>", "x.xml"), sop::load_error);
}

TEST(Load, FingerprintIgnoresLayoutCommentsAndAttributeOrder) {
    const std::string a = minimal(R"(<activity id="1" actor="a" duration="1 jam">
        <description>Menerima surat</description></activity>)");
    std::string b = minimal(R"(

        <activity duration="1 jam"   actor="a" id="1"><description>
            Menerima    surat
        </description></activity>)");
    b.insert(b.find('\n') + 1, "<!-- reformatted -->\n");  // after the XML declaration
    const auto first = sop::load_string_or_throw(a, "a.xml");
    const auto second = sop::load_string_or_throw(b, "b.xml");
    EXPECT_EQ(first.fingerprint(), second.fingerprint());
    EXPECT_EQ(first.fingerprint().size(), 16U);
}

TEST(Load, FingerprintChangesWithTheProcedure) {
    const auto base = sop::load_string_or_throw(
        minimal(
            R"(<activity id="1" actor="a" duration="1 jam"><description>X</description></activity>)"),
        "x.xml");
    for (
        const char* changed : {
            R"(<activity id="1" actor="a" duration="2 jam"><description>X</description></activity>)",
            R"(<activity id="1" actor="b" duration="1 jam"><description>X</description></activity>)",
            R"(<activity id="1" actor="a" duration="1 jam"><description>Y</description></activity>)",
            R"(<activity id="2" actor="a" duration="1 jam"><description>X</description></activity>)",
            R"(<activity id="1" actor="a" duration="60 menit"><description>X</description></activity>)",
            R"(<headings title="T"/><activity id="1" actor="a" duration="1 jam"><description>X</description></activity>)",
        }) {
        SCOPED_TRACE(changed);
        EXPECT_NE(sop::load_string_or_throw(minimal(changed), "x.xml").fingerprint(),
                  base.fingerprint());
    }
}

TEST(Load, DoctypeNeverReadsTheEntity) {
    const auto result = sop::load_file(data_dir / "invalid" / "doctype.xml");
    ASSERT_FALSE(result);
    for (const auto& item : result.diagnostics) {
        EXPECT_EQ(item.message.find("root:"), std::string::npos) << "leaked /etc/passwd";
    }
}

TEST(Load, ColumnsCountCodePointsNotBytes) {
    // "Rapat ÿ" puts two-byte characters before the bad attribute.
    const std::string text = minimal(
        "<activity id=\"1\" actor=\"a\" duration=\"1 jam\"><description>é</description></activity>"
        "\n<activity id=\"ñ\" actor=\"a\"><description>é</description></activity>");
    const auto result = sop::load_string(text, "x.xml");
    ASSERT_FALSE(result);
    const auto bad = std::find_if(result.diagnostics.begin(), result.diagnostics.end(),
                                  [](const auto& d) { return d.code == "bad-id"; });
    ASSERT_NE(bad, result.diagnostics.end());
    EXPECT_EQ(bad->where.line, 7U);
    EXPECT_EQ(bad->where.column, 15U);
}

TEST(Load, EveryProblemIsCollectedNotJustTheFirst) {
    const auto result = sop::load_file(data_dir / "invalid" / "missing-required.xml");
    ASSERT_FALSE(result);
    EXPECT_GE(result.diagnostics.size(), 6U);
}

TEST(Load, DatesAreStrictlyYearMonthDay) {
    auto created = [](std::string_view date) {
        std::string text = minimal(
            R"(<activity id="1" actor="a" duration="1 jam"><description>X</description></activity>)");
        text.replace(text.find("<approved-by"), 0,
                     "<created date=\"" + std::string(date) + "\">tanggal</created>");
        return sop::load_string(text, "x.xml");
    };
    const auto good = created("2024-03-12");
    ASSERT_TRUE(good);
    EXPECT_EQ(good.definition->header().created.date,
              (std::chrono::year_month_day{std::chrono::year(2024), std::chrono::March,
                                           std::chrono::day(12)}));
    EXPECT_EQ(good.definition->header().created.text, "tanggal");
    for (const char* bad : {"2024- 3-12", "+202-03-12", "2024-3-12", "2024-03-12T08", "12-03-2024",
                            "2024-13-01", "2023-02-29", "2024/03/12", ""}) {
        SCOPED_TRACE(bad);
        const auto result = created(bad);
        ASSERT_FALSE(result);
        EXPECT_EQ(result.diagnostics.at(0).code, "bad-date");
    }
}

// A file saved as UTF-16, as Notepad does, is named as such, with or without a byte-order mark.
TEST(Load, Utf16IsNamedAsUtf16) {
    const std::string ascii = minimal(R"(<activity id="1" actor="a"><description>x</description>)"
                                      R"(</activity>)");
    const auto widen = [&ascii](bool little, bool mark) {
        std::string out;
        if (mark) out += little ? "\xFF\xFE" : "\xFE\xFF";
        for (const char c : ascii) {
            out += little ? std::string{c, '\0'} : std::string{'\0', c};
        }
        return out;
    };
    for (const bool little : {true, false}) {
        for (const bool mark : {true, false}) {
            SCOPED_TRACE(std::to_string(little) + std::to_string(mark));
            const auto result = sop::load_string(widen(little, mark), "u.xml");
            ASSERT_EQ(result.diagnostics.size(), 1U);
            EXPECT_EQ(result.diagnostics[0].code, "not-utf8");
            EXPECT_NE(result.diagnostics[0].message.find(little ? "UTF-16 (little-endian"
                                                                : "UTF-16 (big-endian"),
                      std::string::npos);
            EXPECT_NE(result.diagnostics[0].message.find("save it again with the encoding UTF-8"),
                      std::string::npos);
        }
    }
}

// A byte-order mark shifts no column, and a lone CR ends a line as LF and CR LF do.
TEST(Load, ByteOrderMarkAndLineEndingsKeepPlaces) {
    const std::string text =
        minimal(R"(<activity id="1" actor="a" duration="1 jamm"><description>x</description>)"
                R"(</activity>)");
    const auto place = [](const std::string& document) {
        const auto result = sop::load_string(document, "p.xml");
        EXPECT_EQ(result.diagnostics.size(), 1U);
        return std::pair(result.diagnostics.at(0).where.line,
                         result.diagnostics.at(0).where.column);
    };
    const auto expected = place(text);
    EXPECT_EQ(expected.first, 6U);
    EXPECT_EQ(place("\xEF\xBB\xBF" + text), expected);
    std::string cr = text;
    std::replace(cr.begin(), cr.end(), '\n', '\r');
    EXPECT_EQ(place(cr), expected);
    std::string crlf;
    for (const char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    EXPECT_EQ(place(crlf), expected);
    // Steps are located in one forward pass: the same places with every line ending.
    const std::string steps = minimal(
        R"(<activity id="1" actor="a" duration="1 jam"><description>x</description></activity>
    <activity id="2" actor="b" duration="1 jam"><description>y</description></activity>)");
    const auto where = [](std::string document, std::string_view ending) {
        std::string out;
        for (const char c : document) out += c == '\n' ? std::string(ending) : std::string(1, c);
        const auto sop = sop::load_string_or_throw(out, "s.xml");
        return std::pair(sop.steps()[1].where.line, sop.steps()[1].where.column);
    };
    EXPECT_EQ(where(steps, "\n"), std::pair(7U, 5U));
    EXPECT_EQ(where(steps, "\r"), std::pair(7U, 5U));
    EXPECT_EQ(where(steps, "\r\n"), std::pair(7U, 5U));
    // On line 1 too: an unknown attribute right after a mark.
    const auto first =
        sop::load_string("\xEF\xBB\xBF<sop format=\"1\" id=\"x\" bahasa=\"id\"/>", "b.xml");
    const auto unknown = std::find_if(first.diagnostics.begin(), first.diagnostics.end(),
                                      [](const auto& d) { return d.code == "unknown-attribute"; });
    ASSERT_NE(unknown, first.diagnostics.end());
    EXPECT_EQ(unknown->where.line, 1U);
    EXPECT_EQ(unknown->where.column, 24U);
}
