// sop-runner render: the SOP as the standard document (HTML with inline SVG) or its flowchart
// alone (SVG).
#include <sopengine/export.hpp>

#include "runner.hpp"

namespace runner {
int render(const render_options& options) {
    const auto sop = load_for_command(options.file, options.catalog);
    if (!sop) return failure;
    return write_output(options.output, options.svg ? sop::to_svg(*sop) : sop::to_html(*sop));
}

}  // namespace runner
