// sop-runner render: the SOP as the standard document (HTML with inline SVG) or its flowchart
// alone (SVG).
#include <fmt/format.h>

#include <cstdio>
#include <sopengine/export.hpp>

#include "runner.hpp"

namespace runner {
int render(const render_options& options) {
    const auto sop = load_for_command(options.file, options.catalog);
    if (!sop) return failure;
    const std::string document = options.svg ? sop::to_svg(*sop) : sop::to_html(*sop);
    if (options.output.empty() || options.output == "-") {
        std::fwrite(document.data(), 1, document.size(), stdout);
        return success;
    }
    if (const std::string problem = write_whole(options.output, document); !problem.empty()) {
        fmt::print(stderr, "sop-runner: {}\n", problem);
        return failure;
    }
    return success;
}

}  // namespace runner
