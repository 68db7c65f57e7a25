#pragma once

// Internal: text as HTML and XML markup writes it, for the renderer (render.cpp) and the store's
// printed case record (store/record.cpp). Header-only, so that the store library uses it in a
// shared build too, where the core's internals are not exported.

#include <string>
#include <string_view>

namespace sop::detail {

/// Appends `text` to `out` with &, <, >, " and ' escaped: safe in element content and in
/// attribute values quoted either way.
inline void escape(std::string& out, std::string_view text) {
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
}

/// `text` escaped as escape() appends it.
inline std::string escaped(std::string_view text) {
    std::string out;
    escape(out, text);
    return out;
}

}  // namespace sop::detail
