#pragma once

/// @file
/// Exports of a definition to other formats.

#include <sopengine/definition.hpp>
#include <sopengine/visibility.hpp>
#include <string>

namespace sop {

/// Graphviz DOT of the procedure: one lane (cluster) per actor, boxes for activities, diamonds
/// for decisions, Ya/Tidak labels on decision edges, and start and end capsules. A step of
/// several actors sits in the lane of its first actor and names the others.
[[nodiscard]] SOPENGINE_API std::string to_dot(const definition& sop);

/// Options of sop::to_html.
struct html_options {
    /// The image for the logo space of the identity table, as a URI; a data: URI (for example
    /// "data:image/png;base64,...") keeps the page self-contained. Empty leaves the space blank.
    std::string logo;
};

/// The SOP as the standard document of the Permenpan RB 35/2012 form, one self-contained HTML
/// page (inline CSS and SVG, no script, font or image from the network) that prints on A4
/// landscape: the identity table, then the flowchart table page by page.
///
/// The identity table has the unit and logo space beside the number, the dates, the approval
/// block (position, name, rank, NIP) and the title; then legal basis beside qualifications,
/// related SOPs beside equipment, warnings beside records. The flowchart table has the columns
/// No, Kegiatan, one per actor, Mutu Baku (Kelengkapan, Waktu, Output) and Keterangan, with the
/// SOP's own headings; its actor columns hold only the standard symbols: a capsule where the
/// procedure starts and ends, a rectangle per activity, a diamond per decision, orthogonal
/// arrows that never cross a symbol, Ya/Tidak on a decision's exits, loops back and jumps
/// ahead drawn along side channels, and off-page connectors (pentagons) where an arrow
/// crosses a page break. Texts are as written and wrapped to their columns.
///
/// The markup is well-formed XML (XHTML syntax). Every drawn part carries what it stands for,
/// so programs can read the chart back: `class="step"` groups with `data-step`, symbols with
/// `data-actor`, `class="actor-column"` rectangles with `data-actor`, `class="transition"`
/// groups with `data-from`, `data-to`, `data-label` and, for the two halves of an arrow that
/// crosses a page, `data-part` ("leaves" / "arrives") and `data-connector`.
[[nodiscard]] SOPENGINE_API std::string to_html(const definition& sop,
                                                const html_options& options = {});

/// The flowchart table alone as one standalone SVG image, unpaginated (one long table), drawn
/// and annotated as in sop::to_html.
[[nodiscard]] SOPENGINE_API std::string to_svg(const definition& sop);

}  // namespace sop
