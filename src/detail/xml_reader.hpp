#pragma once

// Internal: what every reader of a sopengine XML file shares (SOP definitions and calendars):
// the checks before parsing (encoding, well-formedness), located diagnostics, and the checks of
// names, texts and attributes that the formats' elements have in common.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <pugixml.hpp>
#include <sopengine/diagnostic.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "detail/text.hpp"

namespace sop::detail {

using names = std::span<const std::string_view>;

/// "'a', 'b' or 'c'": the names, each between `open` and `close`.
std::string quote_list(names list, std::string_view open, std::string_view close);

/// The text of an XML element as its value: all its text and CDATA, trimmed, whitespace inside
/// folded or kept as runs of spaces.
std::string text_of(const pugi::xml_node& node, spacing inside = spacing::folded);

/// What a format tells its reader: the kind of file, for messages.
struct xml_format {
    std::string_view root;        ///< The root element, e.g. "sop".
    std::string_view file;        ///< One file, e.g. "an SOP file", "a calendar file".
    std::string_view file_kind;   ///< Files, e.g. "SOP files", "calendar files".
    std::string_view root_start;  ///< How the root starts, e.g. "<sop format=\"1\" id=\"...\">".
    std::string_view owner;       ///< Whose texts, e.g. "an SOP's".
};

/// A file's text read whole, or the diagnostic that says why not (file-not-found,
/// file-unreadable, is-directory, file-too-large).
struct file_text {
    std::string text;
    std::optional<diagnostic> problem;
};

/// Reads a file of at most `max_size` bytes; `file` names the kind in messages ("an SOP file").
file_text read_text_file(const std::filesystem::path& path, std::uint64_t max_size,
                         std::string_view file);

/// The shared part of a reader. A derived reader parses (parse_document), finds its root
/// (find_root) and reads the elements with the helpers, which report diagnostics as they go.
class xml_reader {
public:
    virtual ~xml_reader() = default;
    xml_reader(const xml_reader&) = delete;
    xml_reader& operator=(const xml_reader&) = delete;
    xml_reader(xml_reader&&) = delete;
    xml_reader& operator=(xml_reader&&) = delete;

protected:
    /// A UTF-8 byte-order mark is no part of the text: left out, it shifts no column.
    xml_reader(std::string_view text, std::string source, xml_format format,
               std::size_t max_text_length);

    /// Checks the encoding and well-formedness and parses; false (reported) when it cannot.
    bool parse_document();
    /// The root element when it is format().root (the declaration's encoding and a DOCTYPE
    /// checked on the way); an empty node, reported, otherwise.
    pugi::xml_node find_root();

    // ---- diagnostics ---------------------------------------------------------------------------

    const line_index& lines();
    void report(severity level, std::string_view code, std::size_t offset, std::string message,
                bool located = true);
    void error(std::string_view code, std::size_t offset, std::string message) {
        report(severity::error, code, offset, std::move(message));
    }
    void warn(std::string_view code, std::size_t offset, std::string message) {
        report(severity::warning, code, offset, std::move(message));
    }

    // ---- where things stand -------------------------------------------------------------------

    /// Byte offset of a pointer into the parse buffer; `fallback` when it points elsewhere
    /// (pugixml gives empty names and values a shared static string).
    std::size_t offset_of(const char* pointer, std::size_t fallback = 0) const;
    std::size_t offset_of(const pugi::xml_node& node) const;
    std::size_t offset_of(const pugi::xml_attribute& attribute) const;
    std::size_t value_offset(const pugi::xml_attribute& attribute) const;
    std::size_t text_offset(const pugi::xml_node& node) const;

    // ---- generic structure --------------------------------------------------------------------

    /// Reports attributes not in `allowed`.
    void check_attributes(const pugi::xml_node& node, names allowed);
    /// Reports a container with more than `limit` children at the first one over it, and keeps
    /// only the first `limit`.
    void keep_within(std::vector<pugi::xml_node>& nodes, std::size_t limit, std::string_view code,
                     const pugi::xml_node& container, std::string_view what);
    /// Reports non-blank text directly inside a container element.
    void check_no_text(const pugi::xml_node& node);
    /// Checks the element children of `node` against `allowed` and returns the known ones.
    /// Elements named in `repeatable` may occur more than once; the others at most once.
    std::vector<pugi::xml_node> children(const pugi::xml_node& node, names allowed,
                                         names repeatable = {});
    static pugi::xml_node find(const std::vector<pugi::xml_node>& nodes, std::string_view name);
    /// A text-only element: no attributes (unless allowed) and no child elements.
    std::string read_text(const pugi::xml_node& node, names attributes = {},
                          spacing inside = spacing::folded);
    /// The value of an attribute, whitespace folded, checked against the length limit.
    std::string value_of(const pugi::xml_attribute& attribute);
    void too_long(std::size_t size, std::size_t offset, std::string_view what);
    /// A required attribute; reports it missing or blank.
    std::optional<std::string> required_attribute(const pugi::xml_node& node, const char* name,
                                                  std::string_view what);
    /// A required id (letters, digits, '.', '-', '_').
    std::optional<std::string> required_id(const pugi::xml_node& node, std::string_view what);

    /// A hint for an unknown attribute `name` of `node` beyond "did you mean": e.g. the format's
    /// name for an Indonesian word. Empty when there is none.
    virtual std::string attribute_hint(const pugi::xml_node& node, std::string_view name,
                                       names allowed);
    /// The same for an unknown child element.
    virtual std::string element_hint(const pugi::xml_node& node, std::string_view name,
                                     names allowed);

    const xml_format& format() const noexcept { return format_; }
    std::string_view text() const noexcept { return text_; }
    const std::string& source() const noexcept { return source_; }
    std::vector<diagnostic>& diagnostics() noexcept { return diagnostics_; }
    suggester& suggest() noexcept { return suggest_; }
    std::size_t max_text_length() const noexcept { return max_text_length_; }

private:
    void check_encoding(const pugi::xml_node& declaration);

    std::string source_;
    xml_format format_;
    std::string_view text_;
    std::size_t max_text_length_;
    std::optional<line_index> lines_;  // built for the first diagnostic, if any
    std::vector<char> buffer_;
    pugi::xml_document document_;
    std::vector<diagnostic> diagnostics_;
    suggester suggest_;  ///< One budget for every "did you mean" of the read.
};

}  // namespace sop::detail
