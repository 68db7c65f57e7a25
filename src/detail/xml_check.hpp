#pragma once

// Internal: the well-formedness check every SOP file passes before its tree is read.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sop::detail {

/// Why a text is not well-formed XML, and where.
struct xml_problem {
    std::string code;     ///< The diagnostic's code: "xml-syntax", or "not-utf8" for an encoding.
    std::size_t offset;   ///< Byte offset of the problem in the text.
    std::string message;  ///< What is wrong and how to fix it.
};

/// Checks that `text` (UTF-8, without a byte-order mark) is well-formed XML 1.0 by libxml2, the
/// parser behind xmllint, with xmllint's defaults: whatever `xmllint --noout` refuses is
/// refused here. The check stops, without a problem, at a document type declaration (which the
/// loader refuses on its own), so no entity is ever declared, expanded or fetched.
/// Thread-safe.
std::optional<xml_problem> check_well_formed(std::string_view text);

}  // namespace sop::detail
