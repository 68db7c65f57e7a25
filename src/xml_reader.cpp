#include "detail/xml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <fstream>
#include <system_error>

#include "detail/xml_check.hpp"

namespace sop::detail {
namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

std::string xml_error_hint(pugi::xml_parse_status status, const xml_format& format) {
    switch (status) {
        case pugi::status_unrecognized_tag:
            return "a '<' that does not start a tag; write &lt; for a literal '<'";
        case pugi::status_bad_pi:
        case pugi::status_bad_comment:
        case pugi::status_bad_cdata:
        case pugi::status_bad_doctype:
            return "a comment, CDATA section or declaration is not closed properly";
        case pugi::status_bad_pcdata:
            return "text that cannot be read; write &amp; for a literal '&'";
        case pugi::status_bad_start_element: return "a start tag is malformed";
        case pugi::status_bad_attribute:
            return "an attribute is malformed; write name=\"value\" with quotes";
        case pugi::status_bad_end_element: return "an end tag is malformed";
        case pugi::status_end_element_mismatch:
            return "an end tag does not match the element it closes, or an element is not closed";
        case pugi::status_append_invalid_root:
        case pugi::status_no_document_element:
            return fmt::format("the file contains no element; {} has one <{}> element", format.file,
                               format.root);
        default: break;
    }
    return "the file is not well-formed XML";
}

diagnostic file_problem(std::string_view name, std::string_view code, std::string message) {
    return {severity::error, std::string(code), location{std::string(name), 0, 0},
            std::move(message)};
}

}  // namespace

std::string quote_list(names list, std::string_view open, std::string_view close) {
    std::string out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (i > 0) out += i + 1 == list.size() ? " or " : ", ";
        out += open;
        out += list[i];
        out += close;
    }
    return out;
}

std::string text_of(const pugi::xml_node& node, spacing inside) {
    std::string raw;
    for (const pugi::xml_node& child : node.children()) {
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
            raw += child.value();
        }
    }
    return inside == spacing::folded ? normalize_space(raw) : trim_space(raw);
}

file_text read_text_file(const std::filesystem::path& path, std::uint64_t max_size,
                         std::string_view file) {
    const std::string name = path.string();
    file_text out;
    std::error_code status_error;
    const auto status = std::filesystem::status(path, status_error);
    if (status.type() == std::filesystem::file_type::not_found) {
        out.problem = file_problem(name, "file-not-found", "no such file; check the path");
        return out;
    }
    if (status_error) {
        out.problem = file_problem(name, "file-unreadable",
                                   fmt::format("cannot read the file: {}", status_error.message()));
        return out;
    }
    if (std::filesystem::is_directory(status)) {
        out.problem =
            file_problem(name, "is-directory",
                         fmt::format("this is a directory, not {}; name an .xml file in it", file));
        return out;
    }
    std::error_code size_error;
    const std::uintmax_t size = std::filesystem::file_size(path, size_error);
    if (!size_error && size > max_size) {
        out.problem = file_problem(
            name, "file-too-large",
            fmt::format("the file is {} bytes, over the limit of {} bytes; {} is a few "
                        "kilobytes, so check that this is the right file",
                        size, max_size, file));
        return out;
    }
    // The system's reason, from errno, which the stream's open and reads leave set.
    const auto reason = [] { return std::generic_category().message(errno); };
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        out.problem = file_problem(
            name, "file-unreadable",
            fmt::format("cannot open the file for reading: {}; check its permissions", reason()));
        return out;
    }
    if (!size_error) out.text.reserve(static_cast<std::size_t>(size));
    // Reads at most one byte past the limit, so a file that grew since its size was taken (or
    // a special file without a size) is still refused without reading all of it.
    std::array<char, 65536> chunk{};
    while (in) {
        in.read(chunk.data(), chunk.size());
        out.text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
        if (out.text.size() > max_size) {
            out.problem =
                file_problem(name, "file-too-large",
                             fmt::format("the file is over the limit of {} bytes", max_size));
            return out;
        }
    }
    if (in.bad()) {
        out.problem = file_problem(name, "file-unreadable",
                                   fmt::format("reading the file failed: {}", reason()));
    }
    return out;
}

xml_reader::xml_reader(std::string_view text, std::string source, xml_format format,
                       std::size_t max_text_length)
    : source_(std::move(source)),
      format_(format),
      text_(text.starts_with(utf8_bom) ? text.substr(utf8_bom.size()) : text),
      max_text_length_(max_text_length) {}

bool xml_reader::parse_document() {
    if (const auto utf16 = utf16_kind(text_)) {
        error("not-utf8", 0,
              fmt::format("the file is saved as {}; {} are UTF-8: save it again with the "
                          "encoding UTF-8 (Notepad: File > Save As, Encoding \"UTF-8\"), or "
                          "convert it with iconv -f UTF-16 -t UTF-8",
                          *utf16, format_.file_kind));
        return false;
    }
    if (text_.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        report(severity::error, "empty-file", 0,
               fmt::format("the file is empty; {} holds one {} element", format_.file,
                           format_.root_start),
               false);
        return false;
    }
    if (const std::size_t bad = find_invalid_utf8(text_); bad != std::string::npos) {
        report(severity::error, "not-utf8", bad,
               fmt::format("byte 0x{:02X} is not valid UTF-8; save the file as UTF-8",
                           static_cast<unsigned char>(text_[bad])));
        return false;
    }
    if (auto problem = check_well_formed(text_)) {
        error(problem->code, problem->offset, std::move(problem->message));
        return false;
    }
    buffer_.assign(text_.begin(), text_.end());
    const pugi::xml_parse_result parsed = document_.load_buffer_inplace(
        buffer_.data(), buffer_.size(),
        pugi::parse_default | pugi::parse_doctype | pugi::parse_declaration, pugi::encoding_utf8);
    if (!parsed) {
        report(severity::error, "xml-syntax", static_cast<std::size_t>(parsed.offset),
               fmt::format("the XML is not well-formed: {} ({})",
                           xml_error_hint(parsed.status, format_), parsed.description()));
        return false;
    }
    return true;
}

pugi::xml_node xml_reader::find_root() {
    pugi::xml_node root;
    for (const pugi::xml_node& node : document_.children()) {
        if (node.type() == pugi::node_declaration) {
            check_encoding(node);
        } else if (node.type() == pugi::node_doctype) {
            const std::size_t name = offset_of(node.value(), 0);
            const std::size_t open = text_.rfind("<!", name);
            error("doctype", open == std::string_view::npos ? name : open,
                  fmt::format("document type declarations (<!DOCTYPE ...>) are not allowed in "
                              "{}; remove it (sopengine never expands entities or reads other "
                              "files)",
                              format_.file_kind));
        } else if (node.type() == pugi::node_element) {
            if (root) {
                error("wrong-root", offset_of(node),
                      fmt::format("a second top-level element <{}>; {} holds exactly one <{}> "
                                  "element",
                                  node.name(), format_.file, format_.root));
            } else {
                root = node;
            }
        }
    }
    if (!root) {
        error("wrong-root", 0,
              fmt::format("the file contains no element; {} holds one <{}>", format_.file,
                          format_.root));
        return {};
    }
    if (std::string_view(root.name()) != format_.root) {
        error("wrong-root", offset_of(root),
              fmt::format("the root element is <{}>, not <{}>; {} starts with {}", root.name(),
                          format_.root, format_.file, format_.root_start));
        return {};
    }
    return root;
}

std::string xml_reader::attribute_hint(const pugi::xml_node&, std::string_view, names) {
    return {};
}

std::string xml_reader::element_hint(const pugi::xml_node&, std::string_view, names) {
    return {};
}

// ---- diagnostics -------------------------------------------------------------------------

// The index of lines and columns, built when the first diagnostic needs it.
const line_index& xml_reader::lines() {
    if (!lines_) lines_.emplace(text_);
    return *lines_;
}

void xml_reader::report(severity level, std::string_view code, std::size_t offset,
                        std::string message, bool located) {
    location where{source_, 0, 0};
    if (located) {
        const auto [line, column] = lines().at(offset);
        where.line = line;
        where.column = column;
    }
    diagnostics_.push_back({level, std::string(code), std::move(where), std::move(message)});
}

// Byte offset of a pointer into the parse buffer; `fallback` when it points elsewhere
// (pugixml gives empty names and values a shared static string).
std::size_t xml_reader::offset_of(const char* pointer, std::size_t fallback) const {
    const char* begin = buffer_.data();
    if (pointer >= begin && pointer <= begin + buffer_.size()) {
        return static_cast<std::size_t>(pointer - begin);
    }
    return fallback;
}
std::size_t xml_reader::offset_of(const pugi::xml_node& node) const {
    const std::size_t name = offset_of(node.name(), 0);
    return name > 0 ? name - 1 : 0;  // the '<' before the name
}
std::size_t xml_reader::offset_of(const pugi::xml_attribute& attribute) const {
    return offset_of(attribute.name(), 0);
}
std::size_t xml_reader::value_offset(const pugi::xml_attribute& attribute) const {
    return offset_of(attribute.value(), offset_of(attribute));
}
std::size_t xml_reader::text_offset(const pugi::xml_node& node) const {
    for (const pugi::xml_node& child : node.children()) {
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
            return offset_of(child.value(), offset_of(node));
        }
    }
    return offset_of(node);
}

// ---- generic structure -------------------------------------------------------------------

// Reports attributes not in `allowed`.
void xml_reader::check_attributes(const pugi::xml_node& node, names allowed) {
    for (const pugi::xml_attribute& attribute : node.attributes()) {
        const std::string_view name = attribute.name();
        if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
        std::string message = fmt::format("unknown attribute '{}' on <{}>", name, node.name());
        if (std::string hint = attribute_hint(node, name, allowed); !hint.empty()) {
            message += hint;
        } else if (const auto guess = suggest_.closest(name, allowed); !guess.empty()) {
            message += fmt::format("; did you mean '{}'?", guess);
        } else if (allowed.empty()) {
            message += "; it takes no attributes";
        } else {
            message += fmt::format("; it takes {}", quote_list(allowed, "'", "'"));
        }
        error("unknown-attribute", offset_of(attribute), std::move(message));
    }
}

// Reports a container with more than `limit` children at the first one over it, and keeps
// only the first `limit`.
void xml_reader::keep_within(std::vector<pugi::xml_node>& nodes, std::size_t limit,
                             std::string_view code, const pugi::xml_node& container,
                             std::string_view what) {
    if (nodes.size() <= limit) return;
    error(code, offset_of(nodes[limit]),
          fmt::format("<{}> has {} {}, over the limit of {}; this is the first one over it",
                      container.name(), nodes.size(), what, limit));
    nodes.resize(limit);
}

// Reports non-blank text directly inside a container element.
void xml_reader::check_no_text(const pugi::xml_node& node) {
    for (const pugi::xml_node& child : node.children()) {
        if (child.type() != pugi::node_pcdata && child.type() != pugi::node_cdata) continue;
        const std::string text = normalize_space(child.value());
        if (text.empty()) continue;
        const std::string shown = text.size() > 40 ? text.substr(0, 37) + "..." : text;
        const std::string_view raw = child.value();
        const std::size_t visible = raw.find_first_not_of(" \t\r\n");
        error("unexpected-text", offset_of(child.value(), offset_of(node)) + visible,
              fmt::format("text \"{}\" cannot stand directly inside <{}>; put it in one of "
                          "its elements or remove it",
                          shown, node.name()));
    }
}

// Checks the element children of `node` against `allowed` and returns the known ones.
// Elements named in `repeatable` may occur more than once; the others at most once.
std::vector<pugi::xml_node> xml_reader::children(const pugi::xml_node& node, names allowed,
                                                 names repeatable) {
    std::vector<pugi::xml_node> known;
    for (const pugi::xml_node& child : node.children()) {
        if (child.type() != pugi::node_element) continue;
        const std::string_view name = child.name();
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            std::string message = fmt::format("unknown element <{}> in <{}>", name, node.name());
            if (std::string hint = element_hint(node, name, allowed); !hint.empty()) {
                message += hint;
            } else if (const auto guess = suggest_.closest(name, allowed); !guess.empty()) {
                message += fmt::format("; did you mean <{}>?", guess);
            } else if (allowed.empty()) {
                message += fmt::format("; <{}> holds only text", node.name());
            } else {
                message += fmt::format("; it holds {}", quote_list(allowed, "<", ">"));
            }
            error("unknown-element", offset_of(child), std::move(message));
            continue;
        }
        const bool may_repeat =
            std::find(repeatable.begin(), repeatable.end(), name) != repeatable.end();
        if (!may_repeat) {
            const auto earlier = std::find_if(known.begin(), known.end(), [&](const auto& k) {
                return std::string_view(k.name()) == name;
            });
            if (earlier != known.end()) {
                error("duplicate-element", offset_of(child),
                      fmt::format("<{}> appears more than once in <{}> (first at line {}); "
                                  "keep one",
                                  name, node.name(), lines().at(offset_of(*earlier)).first));
                continue;
            }
        }
        known.push_back(child);
    }
    return known;
}

pugi::xml_node xml_reader::find(const std::vector<pugi::xml_node>& nodes, std::string_view name) {
    for (const auto& node : nodes) {
        if (std::string_view(node.name()) == name) return node;
    }
    return {};
}

// A text-only element: no attributes (unless allowed) and no child elements.
std::string xml_reader::read_text(const pugi::xml_node& node, names attributes, spacing inside) {
    check_attributes(node, attributes);
    children(node, {});
    std::string text = text_of(node, inside);
    if (text.size() > max_text_length_) {
        too_long(text.size(), text_offset(node), fmt::format("the text of <{}>", node.name()));
    }
    return text;
}

// The value of an attribute, whitespace folded, checked against the length limit.
std::string xml_reader::value_of(const pugi::xml_attribute& attribute) {
    std::string value = normalize_space(attribute.value());
    if (value.size() > max_text_length_) {
        too_long(value.size(), value_offset(attribute),
                 fmt::format("the value of '{}'", attribute.name()));
    }
    return value;
}

void xml_reader::too_long(std::size_t size, std::size_t offset, std::string_view what) {
    error("text-too-long", offset,
          fmt::format("{} is {} bytes long, over the limit of {}; {} texts are a few lines, "
                      "so check for a missing closing quote or tag",
                      what, size, max_text_length_, format_.owner));
}

// A required attribute; reports it missing or blank.
std::optional<std::string> xml_reader::required_attribute(const pugi::xml_node& node,
                                                          const char* name, std::string_view what) {
    const pugi::xml_attribute attribute = node.attribute(name);
    if (!attribute) {
        error("missing-attribute", offset_of(node),
              fmt::format("<{}> has no '{}' attribute; {}", node.name(), name, what));
        return std::nullopt;
    }
    std::string value = value_of(attribute);
    if (value.empty()) {
        error("empty-value", value_offset(attribute),
              fmt::format("'{}' on <{}> is empty; {}", name, node.name(), what));
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> xml_reader::required_id(const pugi::xml_node& node,
                                                   std::string_view what) {
    auto id = required_attribute(node, "id", what);
    if (id && !is_valid_id(*id)) {
        error("bad-id", value_offset(node.attribute("id")),
              fmt::format("'{}' is not a valid id{}; use letters, digits, '.', '-' or '_' "
                          "without spaces",
                          shown(*id), lookalike_note(*id)));
        return std::nullopt;
    }
    return id;
}

// The XML declaration may name UTF-8 (the file was checked to be UTF-8) and nothing else.
void xml_reader::check_encoding(const pugi::xml_node& declaration) {
    const pugi::xml_attribute encoding = declaration.attribute("encoding");
    if (!encoding) return;
    const std::string_view name = encoding.value();
    if (equals_ignoring_case(name, "UTF-8") || equals_ignoring_case(name, "UTF8")) {
        return;
    }
    error("not-utf8", value_offset(encoding),
          fmt::format("the XML declaration says encoding=\"{}\", but {} are UTF-8 (and this "
                      "one reads as UTF-8); write encoding=\"UTF-8\"",
                      shown(encoding.value()), format_.file_kind));
}

}  // namespace sop::detail
