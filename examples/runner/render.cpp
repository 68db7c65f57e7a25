// sop-runner render: the SOP as the standard document (HTML with inline SVG) or its flowchart
// alone (SVG).
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sopengine/export.hpp>

#include "runner.hpp"

namespace runner {
namespace {

// Writes `text` to `path` through a temporary file beside it, so an existing file is either
// replaced whole or left as it was.
bool write_whole(const std::string& path, const std::string& text) {
    const std::filesystem::path target(path);
    std::filesystem::path partial = target;
    partial += ".partial";
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        if (!out || !out.write(text.data(), static_cast<std::streamsize>(text.size())) ||
            !out.flush()) {
            fmt::print(stderr, "sop-runner: cannot write {}: {}\n", partial.string(),
                       std::strerror(errno));
            std::error_code ignored;
            std::filesystem::remove(partial, ignored);
            return false;
        }
    }
    std::error_code error;
    std::filesystem::rename(partial, target, error);
    if (error) {
        fmt::print(stderr, "sop-runner: cannot write {}: {}\n", path, error.message());
        std::filesystem::remove(partial, error);
        return false;
    }
    return true;
}

}  // namespace

int render(const render_options& options) {
    const auto sop = load_for_command(options.file);
    if (!sop) return failure;
    const std::string document = options.svg ? sop::to_svg(*sop) : sop::to_html(*sop);
    if (options.output.empty() || options.output == "-") {
        std::fwrite(document.data(), 1, document.size(), stdout);
        return success;
    }
    return write_whole(options.output, document) ? success : failure;
}

}  // namespace runner
