#include "detail/xml_check.hpp"

#include <fmt/format.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "detail/text.hpp"

namespace sop::detail {
namespace {

// What the callbacks of one check share.
struct check_state {
    xmlParserCtxtPtr context = nullptr;
    bool at_doctype = false;  ///< Stopped at a document type declaration.
    bool failed = false;      ///< The first error is recorded.
    int code = 0;
    std::size_t offset = 0;
    std::string message;  ///< libxml2's own words, for the parenthesis.
    std::string name;     ///< libxml2's first string: an entity, attribute or element name.
    std::string other;    ///< libxml2's second string: the end tag of a mismatch.
    int number = 0;       ///< libxml2's first number: the line of a mismatched start tag.
};

// libxml2 hands its structured-error callback the context's user data: the context itself.
void on_error(void* user, xmlErrorPtr error) {
    auto* state = static_cast<check_state*>(static_cast<xmlParserCtxtPtr>(user)->_private);
    if (state->failed || state->at_doctype || error == nullptr) return;
    // Namespace errors do not make a document ill-formed (xmllint accepts it); warnings neither.
    if (error->level < XML_ERR_ERROR || error->domain == XML_FROM_NAMESPACE) return;
    state->failed = true;
    state->code = error->code;
    state->offset = static_cast<std::size_t>(std::max(0L, xmlByteConsumed(state->context)));
    state->message = error->message != nullptr ? error->message : "";
    while (!state->message.empty() &&
           (state->message.back() == '\n' || state->message.back() == ' ')) {
        state->message.pop_back();
    }
    state->name = error->str1 != nullptr ? error->str1 : "";
    state->other = error->str2 != nullptr ? error->str2 : "";
    state->number = error->int1;
}

void on_doctype(void* user, const xmlChar* /*name*/, const xmlChar* /*external_id*/,
                const xmlChar* /*system_id*/) {
    auto* context = static_cast<xmlParserCtxtPtr>(user);
    auto* state = static_cast<check_state*>(context->_private);
    state->at_doctype = true;
    xmlStopParser(context);
}

// The start of the reference ('&...') that ends at or just before `offset`, if any.
std::optional<std::size_t> reference_before(std::string_view text, std::size_t offset) {
    if (text.empty()) return std::nullopt;
    const std::size_t from = offset > 40 ? offset - 40 : 0;
    for (std::size_t i = std::min(offset, text.size() - 1) + 1; i-- > from;) {
        if (text[i] == '&') return i;
        if (text[i] == '<' || text[i] == '>') break;
    }
    return std::nullopt;
}

// The start of the character reference ("&#...;") that ends just before `offset`, if any.
std::optional<std::size_t> character_reference_before(std::string_view text, std::size_t offset) {
    if (offset == 0 || offset > text.size() || text[offset - 1] != ';') return std::nullopt;
    const std::size_t at = text.rfind("&#", offset - 1);
    if (at == std::string_view::npos || offset - at > 16) return std::nullopt;
    for (std::size_t i = at + 2; i + 1 < offset; ++i) {
        const char c = text[i];
        const bool hex = (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!(c >= '0' && c <= '9') && !hex && !(i == at + 2 && c == 'x')) return std::nullopt;
    }
    return at;
}

// The code point at `offset` as U+XXXX.
std::string code_point_at(std::string_view text, std::size_t offset) {
    return fmt::format("U+{:04X}", static_cast<std::uint32_t>(decode_utf8(text, offset).first));
}

// Turns libxml2's verdict into an author's diagnostic: where the mistake starts, and how to
// fix it.
xml_problem explain(const check_state& state, std::string_view text) {
    std::size_t offset = std::min(state.offset, text.size());
    std::string code = "xml-syntax";
    std::string hint;
    switch (state.code) {
        case XML_ERR_NAME_REQUIRED:
        case XML_ERR_ENTITYREF_SEMICOL_MISSING:
            if (const auto at = reference_before(text, offset)) {
                offset = *at;
                hint =
                    "a '&' that does not start an entity or character reference; write &amp; "
                    "for a literal '&', e.g. \"Sarana &amp; Prasarana\"";
            } else if (offset > 0 && text[offset - 1] == '<') {
                --offset;
                hint = "a '<' that does not start a tag; write &lt; for a literal '<'";
            }
            break;
        case XML_ERR_UNDECLARED_ENTITY:
        case XML_WAR_UNDECLARED_ENTITY:
            if (const auto at = reference_before(text, offset)) offset = *at;
            hint = fmt::format(
                "&{}; is not an XML entity: XML knows only &amp; &lt; &gt; &quot; and &apos;; "
                "write the character itself{}, or its number such as &#160;",
                state.name, state.name == "nbsp" ? " (a plain space for &nbsp;)" : "");
            break;
        case XML_ERR_INVALID_CHARREF:
        case XML_ERR_INVALID_DEC_CHARREF:
        case XML_ERR_INVALID_HEX_CHARREF:
        case XML_ERR_INVALID_CHAR:
            if (const auto at = character_reference_before(text, offset)) {
                offset = *at;
                hint = fmt::format(
                    "{} names a character XML does not allow (a control character other than "
                    "tab and line breaks, a surrogate, or a non-character); remove it",
                    text.substr(*at, state.offset - *at));
            } else if (offset < text.size()) {
                hint = fmt::format(
                    "the character {} is not allowed in XML (a control character other than tab "
                    "and line breaks, or a non-character); remove it",
                    code_point_at(text, offset));
            }
            break;
        case XML_ERR_ATTRIBUTE_REDEFINED: {
            // Back to the second occurrence's name: the last "name=" before the error.
            for (std::size_t at = text.rfind(state.name, offset); at != std::string_view::npos;
                 at = at == 0 ? std::string_view::npos : text.rfind(state.name, at - 1)) {
                const std::size_t after = text.find_first_not_of(" \t\r\n", at + state.name.size());
                const bool starts = at > 0 && std::string_view(" \t\r\n").find(text[at - 1]) !=
                                                  std::string_view::npos;
                if (starts && after != std::string_view::npos && text[after] == '=') {
                    offset = at;
                    break;
                }
            }
            hint = fmt::format("attribute '{}' appears twice on one element; keep one", state.name);
            break;
        }
        case XML_ERR_TAG_NAME_MISMATCH:
            if (const std::size_t at = text.rfind("</", offset); at != std::string_view::npos) {
                offset = at;
            }
            hint = fmt::format(
                "the end tag </{}> does not close <{}>, opened at line {}; close elements in the "
                "order they were opened",
                state.other, state.name, state.number);
            break;
        case XML_ERR_TAG_NOT_FINISHED:
            hint = fmt::format("<{}> (line {}) is not closed before the file ends; add </{}>",
                               state.name, state.number, state.name);
            break;
        case XML_ERR_DOCUMENT_END:
            hint =
                "more after the end of the root element; an SOP file holds one <sop> element "
                "and nothing after it but comments";
            break;
        case XML_ERR_DOCUMENT_EMPTY:
            hint = "the file contains no element; an SOP file holds one <sop> element";
            break;
        case XML_ERR_HYPHEN_IN_COMMENT:
            hint = "\"--\" inside a comment, which XML does not allow; write single hyphens";
            break;
        case XML_ERR_COMMENT_NOT_FINISHED: hint = "a comment is not closed with -->"; break;
        case XML_ERR_LT_IN_ATTRIBUTE: hint = "a '<' inside an attribute value; write &lt;"; break;
        case XML_ERR_MISPLACED_CDATA_END: hint = "\"]]>\" in text; write ]]&gt;"; break;
        case XML_ERR_RESERVED_XML_NAME:
            hint = "the XML declaration (<?xml ...?>) must be the very first thing in the file";
            break;
        case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
        case XML_ERR_ATTRIBUTE_NOT_STARTED:
        case XML_ERR_ATTRIBUTE_NOT_FINISHED:
            hint = "an attribute is malformed; write name=\"value\" with quotes";
            break;
        case XML_ERR_SPACE_REQUIRED:
            hint = "a space is missing, e.g. between two attributes";
            break;
        case XML_ERR_GT_REQUIRED:
        case XML_ERR_LTSLASH_REQUIRED: hint = "a tag is not closed with '>'"; break;
        case XML_ERR_UNSUPPORTED_ENCODING:
        case XML_ERR_INVALID_ENCODING:
        case XML_ERR_ENCODING_NAME:
            code = "not-utf8";
            hint =
                "the XML declaration names an encoding this file is not in; SOP files are "
                "UTF-8: save the file as UTF-8 and write encoding=\"UTF-8\"";
            break;
        default: break;
    }
    const std::string& said =
        state.message.empty() ? std::string("not well-formed") : state.message;
    std::string message = hint.empty()
                              ? fmt::format("the XML is not well-formed: {}", said)
                              : fmt::format("the XML is not well-formed: {} ({})", hint, said);
    if (code == "not-utf8") message = fmt::format("{} ({})", hint, said);
    return {std::move(code), offset, std::move(message)};
}

}  // namespace

std::optional<xml_problem> check_well_formed(std::string_view text) {
    if (text.size() > static_cast<std::size_t>(INT_MAX)) {
        return xml_problem{"file-too-large", 0, "the text is too large to be an SOP file"};
    }
    // libxml2 reads a NUL at the very end as the end of the text; XML allows it nowhere.
    if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
        return xml_problem{"xml-syntax", nul,
                           "the XML is not well-formed: a NUL byte (0x00), which XML text cannot "
                           "hold; the file may be damaged or not a text file"};
    }
    static const bool initialized = [] {
        xmlInitParser();
        return true;
    }();
    (void)initialized;

    check_state state;
    // Every callback off but the two below: libxml2 checks the document and builds nothing.
    xmlSAXHandler handler{};
    handler.initialized = XML_SAX2_MAGIC;
    handler.serror = on_error;
    handler.internalSubset = on_doctype;
    const std::unique_ptr<xmlParserCtxt, decltype(&xmlFreeParserCtxt)> context(
        xmlCreateMemoryParserCtxt(text.data(), static_cast<int>(text.size())), &xmlFreeParserCtxt);
    if (!context) return xml_problem{"xml-syntax", 0, "the XML parser could not be set up"};
    xmlSAXHandlerPtr own = context->sax;
    context->sax = &handler;
    context->userData = context.get();  // the first argument of every callback
    context->_private = &state;
    state.context = context.get();
    xmlCtxtUseOptions(context.get(), XML_PARSE_NONET);
    xmlParseDocument(context.get());
    const bool well_formed = context->wellFormed != 0;
    context->sax = own;
    // Without SAX callbacks libxml2 still builds a document of its own for an entity declared in
    // the internal subset (its compatibility mode); the context does not free it.
    if (context->myDoc != nullptr) {
        xmlFreeDoc(context->myDoc);
        context->myDoc = nullptr;
    }
    if (state.at_doctype) return std::nullopt;
    if (well_formed && !state.failed) return std::nullopt;
    return explain(state, text);
}

}  // namespace sop::detail
