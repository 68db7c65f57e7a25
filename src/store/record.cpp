// store::record_html: one case's record as a printable page, in the style of the SOP document
// (render.cpp): the identity of the SOP and the case, then one row per event: who acted, in which
// capacity, when, against which due time, with what outcome.

#include <fmt/format.h>

#include <sopengine/error.hpp>
#include <sopengine/store.hpp>
#include <sopengine/version.hpp>

#include "detail/html.hpp"

namespace sop {
namespace {

using detail::escaped;

constexpr std::string_view style = R"(@page { size: A4 landscape; margin: 10mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: 'Liberation Sans', Arimo, Arial, Helvetica, sans-serif; font-size: 8.5pt;
       color: #000; }
.sheet { width: 277mm; min-height: 190mm; background: #fff; display: flex;
         flex-direction: column; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
td, th { border: 0.6pt solid #000; padding: 1.2mm 1.5mm; vertical-align: top; text-align: left;
         overflow-wrap: break-word; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.head th { font-weight: normal; width: 32mm; }
.head .agency { text-align: center; vertical-align: middle; font-weight: bold; width: 40%; }
.head .agency div { margin: 0.5mm 0; }
.head .title { font-weight: bold; font-size: 10pt; }
h1 { font-size: 11pt; text-align: center; margin: 4mm 0 3mm; letter-spacing: 0.3pt; }
.events { margin-top: 0; }
.events thead th { font-weight: bold; text-align: center; vertical-align: middle;
                   background: #f2f2f2; }
.events td.number, .events td.when, .events td.timely { text-align: center; }
.events .nip, .events .letter, .events .rank { font-size: 7.5pt; }
.events .capacity { font-weight: bold; }
.late { font-weight: bold; }
.page-footer { margin-top: auto; padding-top: 2mm; display: flex; justify-content: space-between;
               font-size: 6.5pt; }
.chain { font-family: 'Liberation Mono', Cousine, monospace; }
@media screen {
  body { background: #d9d9d9; }
  .sheet { width: 297mm; min-height: 210mm; padding: 10mm; margin: 6mm auto;
           box-shadow: 0 0.5mm 2mm rgba(0, 0, 0, 0.35); }
}
)";

std::string status_text(const case_info& info, const definition& sop) {
    switch (info.status) {
        case status::completed: {
            const ending* how = sop.find_ending(info.ending.empty() ? "end" : info.ending);
            return how != nullptr ? fmt::format("Selesai: {}", how->label) : "Selesai";
        }
        case status::cancelled: return "Dibatalkan";
        case status::at_activity:
        case status::at_decision: return fmt::format("Berjalan, pada langkah {}", info.step);
        case status::not_started: break;
    }
    return "Belum dimulai";
}

// The actor's name, in the SOP or in a related SOP its steps run (events inside a sub-case name
// that SOP's actor).
std::string role_name(const definition& sop, std::string_view id) {
    if (const actor* found = sop.find_actor(id)) return found->name;
    for (const step& row : sop.steps()) {
        if (const definition* related = sop.related(row)) {
            if (const actor* found = related->find_actor(id)) return found->name;
        }
    }
    return std::string(id);
}

// A local time as the record prints it: "2026-03-10 08:00" (the zone is in the heading).
std::string local(const working_calendar& calendar, time_point at) {
    const std::string iso = calendar.format(at);  // 2026-03-10T08:00:00+07:00
    return iso.size() >= 16 ? iso.substr(0, 10) + " " + iso.substr(11, 5) : iso;
}

}  // namespace

std::optional<std::string> store::record_html(std::string_view case_id) {
    const std::optional<case_info> info = find_case(case_id);
    if (!info) return std::nullopt;
    const std::optional<definition> found = find_definition(info->fingerprint);
    if (!found) {
        throw error(store_errc::damaged,
                    fmt::format("case {} runs on definition {}, which is not stored", case_id,
                                info->fingerprint));
    }
    const definition& sop = *found;
    const working_calendar calendar =
        info->calendar.empty() ? working_calendar() : find_calendar(info->calendar).value();
    const std::vector<case_event> events = history(case_id);
    const verify_result checked = verify(case_id);
    const identity& header = sop.header();

    std::string out;
    out.reserve(std::size_t{16} * 1024);
    out += fmt::format(
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"id\">\n<head>\n"
        "<meta charset=\"utf-8\"/>\n<meta name=\"generator\" content=\"sopengine {}\"/>\n"
        "<title>Rekam jejak kasus {}</title>\n<style>\n{}</style>\n</head>\n<body>\n",
        version(), escaped(info->id), style);
    out += fmt::format("<section class=\"sheet record\" data-case=\"{}\" data-status=\"{}\">\n",
                       escaped(info->id), to_string(info->status));

    // The identity: the agency beside the SOP's number and title, and the case.
    out += "<table class=\"head\">\n<tr><td class=\"agency\" rowspan=\"6\">";
    for (const std::string* part : {&header.government, &header.organization, &header.unit}) {
        if (!part->empty()) out += fmt::format("<div>{}</div>", escaped(*part));
    }
    const auto row = [&out](std::string_view label, std::string_view value, std::string_view cls) {
        out += fmt::format("<tr><th>{}</th><td class=\"{}\">{}</td></tr>\n", label, cls,
                           escaped(value));
    };
    out += fmt::format("</td><th>Nomor SOP</th><td class=\"number\">{}</td></tr>\n",
                       escaped(header.number));
    row("Nama SOP", header.title, "title");
    row("Nomor kasus", info->id, "case");
    const std::string zone = calendar.format(info->started).substr(19);
    row("Dimulai", local(calendar, info->started) + " (UTC" + zone + ")", "started");
    row("Status", status_text(*info, sop), "status");
    row("Versi SOP", info->fingerprint, "version");
    out += "</table>\n<h1>REKAM JEJAK PELAKSANAAN SOP</h1>\n";

    // The events.
    out +=
        "<table class=\"events\">\n<colgroup><col style=\"width: 9mm\"/><col/>"
        "<col style=\"width: 30mm\"/><col style=\"width: 58mm\"/><col style=\"width: 24mm\"/>"
        "<col style=\"width: 24mm\"/><col style=\"width: 18mm\"/><col style=\"width: 30mm\"/>"
        "</colgroup>\n<thead><tr><th>No</th><th>Langkah</th><th>Pelaksana</th>"
        "<th>Dilaksanakan oleh</th><th>Waktu</th><th>Batas waktu</th><th>Ketepatan</th>"
        "<th>Hasil</th></tr></thead>\n<tbody>\n";
    for (const case_event& event : events) {
        const step* row_step = sop.find_step(event.step);
        std::string what = fmt::format("{}. ", event.step);
        if (row_step != nullptr) what += row_step->description;
        const std::string role = role_name(sop, event.actor);
        std::string by;
        if (!event.person.name.empty() || !event.person.nip.empty()) {
            if (const std::string_view title = title_of(event.capacity); !title.empty()) {
                by += fmt::format("<div class=\"capacity\">{} {}</div>", title, escaped(role));
            }
            by += fmt::format("<div class=\"name\">{}</div>", escaped(event.person.name));
            if (!event.person.rank.empty()) {
                by += fmt::format("<div class=\"rank\">{}</div>", escaped(event.person.rank));
            }
            if (!event.person.nip.empty()) {
                by += fmt::format("<div class=\"nip\">NIP {}</div>", escaped(event.person.nip));
            }
            if (!event.letter.empty()) {
                by += fmt::format("<div class=\"letter\">{} {}</div>",
                                  event.capacity == capacity::holder ? "SK" : "Surat Perintah",
                                  escaped(event.letter));
            }
        }
        std::string result;
        switch (event.kind) {
            case event_kind::start: result = "Kasus dimulai"; break;
            case event_kind::complete:
                // Without working minutes: a confirmation others had still to give, or a step
                // of the related SOP the step runs, which goes on.
                result = event.working_minutes ? "Selesai"
                         : row_step != nullptr && !row_step->sop.empty()
                             ? "Dilaksanakan (SOP terkait)"
                             : "Dikonfirmasi";
                break;
            case event_kind::answer:
                result = event.answer == answer::yes ? "Ya" : "Tidak";
                if (row_step != nullptr && !row_step->question.empty()) {
                    result = fmt::format("{} ({})", result, row_step->question);
                } else if (!event.working_minutes) {
                    result += " (SOP terkait)";
                }
                break;
            case event_kind::cancel: result = "Dibatalkan: " + event.reason; break;
        }
        std::string timely;
        if (event.due && event.kind != event_kind::start && event.kind != event_kind::cancel) {
            timely = event.on_time() ? "Tepat waktu" : "<span class=\"late\">Terlambat</span>";
        }
        out += fmt::format(
            "<tr data-sequence=\"{}\" data-kind=\"{}\" data-capacity=\"{}\"><td class=\"number\">"
            "{}</td><td class=\"step\">{}</td><td class=\"role\">{}</td><td class=\"by\">{}</td>"
            "<td class=\"when\">{}</td><td class=\"when\">{}</td><td class=\"timely\">{}</td>"
            "<td class=\"result\">{}</td></tr>\n",
            event.sequence, to_string(event.kind), to_string(event.capacity), event.sequence,
            escaped(what), escaped(role), by, local(calendar, event.at),
            event.due ? local(calendar, *event.due) : std::string("-"), timely, escaped(result));
    }
    out += "</tbody>\n</table>\n";
    out += fmt::format(
        "<div class=\"page-footer\"><span>{} &#8211; {}</span><span class=\"chain\" "
        "data-verified=\"{}\">Rantai audit: {} peristiwa, {}; kepala {}</span></div>\n",
        escaped(header.number), escaped(header.title), checked ? "true" : "false", events.size(),
        checked ? "utuh" : "RUSAK", events.empty() ? "-" : events.back().hash);
    out += "</section>\n</body>\n</html>\n";
    return out;
}

}  // namespace sop
