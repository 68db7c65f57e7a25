#include <algorithm>
#include <sopengine/diagnostic.hpp>

namespace sop {

std::string_view to_string(severity level) noexcept {
    return level == severity::error ? "error" : "warning";
}

std::string to_string(const diagnostic& item) {
    std::string out = item.where.file;
    if (item.where.line > 0) {
        out += ':';
        out += std::to_string(item.where.line);
        if (item.where.column > 0) {
            out += ':';
            out += std::to_string(item.where.column);
        }
    }
    out += ": ";
    out += to_string(item.level);
    out += ": ";
    out += item.message;
    out += " [";
    out += item.code;
    out += ']';
    return out;
}

bool has_errors(std::span<const diagnostic> diagnostics) noexcept {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const diagnostic& item) { return item.level == severity::error; });
}

}  // namespace sop
