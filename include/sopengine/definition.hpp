#pragma once

/// @file
/// An SOP definition: identity header, actors and procedure, immutable once loaded.

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <sopengine/diagnostic.hpp>
#include <sopengine/duration.hpp>
#include <sopengine/visibility.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sop {

namespace detail {
struct definition_data;
struct definition_access;
}  // namespace detail

/// The reserved step target that ends the procedure (with its first ending).
inline constexpr std::string_view end_target = "end";

/// The most endings an SOP may declare.
inline constexpr std::size_t max_endings = 64;

/// A date of the identity header: the wording as written and, when it names a whole day, the day.
struct dated {
    std::string text;  ///< As written in the source ("13 Juni 2023", "Februari 2022", or empty).
    std::optional<std::chrono::year_month_day> date;  ///< The day, when the source gives one.
    /// Whether the source has the element at all. The form prints the row of a date the SOP has,
    /// even written blank (<revised/>), and no row for one it lacks.
    bool written = false;

    friend bool operator==(const dated&, const dated&) = default;
};

/// The official who approved the SOP (Disahkan oleh).
struct approver {
    std::string position;  ///< Jabatan, e.g. "Kepala Bagian Perencanaan dan Keuangan".
    std::string name;      ///< Name with titles, as written; empty when the source gives none.
    std::string rank;      ///< Pangkat/golongan, e.g. "Pembina Tk.I (IV/b)"; may be empty.
    std::string nip;       ///< Nomor Induk Pegawai, as written; may be empty.

    friend bool operator==(const approver&, const approver&) = default;
};

/// The identity header of the Permenpan RB 35/2012 form. Every text is kept as written.
struct identity {
    std::string government;                   ///< e.g. "Pemerintah Kabupaten Sidoarjo".
    std::string organization;                 ///< The perangkat daerah, e.g. "Sekretariat Daerah".
    std::string unit;                         ///< The unit that owns the SOP.
    std::string address;                      ///< The unit's address line; may be empty.
    std::string number;                       ///< Nomor SOP.
    std::string title;                        ///< Nama SOP.
    dated created;                            ///< Tanggal Pembuatan.
    dated revised;                            ///< Tanggal Revisi.
    dated effective;                          ///< Tanggal Efektif.
    dated ratified;                           ///< Tanggal Pengesahan, where the form has one.
    approver approved_by;                     ///< Disahkan oleh.
    std::vector<std::string> legal_basis;     ///< Dasar Hukum.
    std::vector<std::string> qualifications;  ///< Kualifikasi Pelaksana.
    std::vector<std::string> related_sops;    ///< Keterkaitan.
    std::vector<std::string> equipment;       ///< Peralatan/Perlengkapan.
    std::vector<std::string> warnings;        ///< Peringatan.
    std::vector<std::string> records;         ///< Pencatatan dan Pendataan.

    friend bool operator==(const identity&, const identity&) = default;
};

/// The headings of the procedure table as the source writes them. A definition that does not
/// give them has the standard wording of the form ("No.", "Kegiatan", "Pelaksana", ...).
struct table_headings {
    std::string title;                         ///< Over the table; empty when the source has none.
    std::string number = "No.";                ///< Column of the step numbers.
    std::string activity = "Kegiatan";         ///< "Kegiatan", "Uraian Prosedur", "Aktivitas".
    std::string actors = "Pelaksana";          ///< Over the actor columns.
    std::string quality = "Mutu Baku";         ///< Over requirements, time and output.
    std::string requirements = "Kelengkapan";  ///< "Kelengkapan", "Kelengkapan dan Peralatan".
    std::string time = "Waktu";                ///< "Waktu", "Waktu (menit)".
    std::string output = "Output";             ///< Output.
    std::string remark = "Keterangan";         ///< "Keterangan", "Ket".

    friend bool operator==(const table_headings&, const table_headings&) = default;
};

/// A role that performs steps (Pelaksana).
struct actor {
    std::string id;    ///< The XML id, e.g. "kabag".
    std::string name;  ///< The role as written, e.g. "Kabag Perencanaan".
    /// Outside the unit (the applicant, another agency, a hospital): its steps have no due time
    /// against the unit, and the time a case spends with it is waiting time, not the unit's.
    bool external = false;

    friend bool operator==(const actor&, const actor&) = default;
};

/// One way a procedure can end (selesai, ditolak, dikembalikan, ...). A definition that declares
/// none has one, `end` ("Selesai"); `end` as a target names the first declared one.
struct ending {
    std::string id;        ///< The XML id, e.g. "ditolak"; a value of next, yes and no.
    std::string label;     ///< As written, e.g. "Berkas dikembalikan kepada pemohon".
    bool declared = true;  ///< False for the `end` of a definition that declares no ending.

    friend bool operator==(const ending&, const ending&) = default;
};

/// Whether a step is work to complete or a yes/no question to answer.
enum class step_kind : std::uint8_t {
    activity,  ///< Completed by one of its actors; continues to `next`.
    decision,  ///< Answered yes or no by one of its actors; continues to `yes` or `no`.
};

/// "activity" or "decision".
SOPENGINE_API std::string_view to_string(step_kind kind) noexcept;

/// One row of the procedure table with its mutu baku.
struct step {
    std::string id;                        ///< The SOP's own number, e.g. "8".
    step_kind kind = step_kind::activity;  ///< Activity or decision.
    std::vector<std::string> actors;       ///< Actor ids; any of them may perform the step,
                                           ///< or, when `together`, all of them.
    /// A joint activity (a meeting): done when every one of `actors` has confirmed it, in any
    /// order. Decisions are never joint.
    bool together = false;
    std::string description;   ///< Kegiatan, as written.
    std::string question;      ///< The decision's yes/no question; empty for activities.
    std::string requirements;  ///< Kelengkapan.
    std::string output;        ///< Output.
    std::string remark;        ///< Keterangan.
    /// The standard time, in the units written ("1 Hari" is one working day of the case's
    /// calendar); std::nullopt when the step has no fixed time.
    std::optional<standard_time> duration;
    std::string duration_text;  ///< Waktu as written ("1 Jam", "Sesuai dengan waktu ...").
    /// Activities: the id of a related SOP (Keterkaitan) the step runs as a sub-case, or empty.
    /// Entering the step starts a case of that SOP; the step is done when that case completes.
    std::string sop;
    /// Separation of duties: the ids of earlier steps whose performers may not perform this one
    /// (`not-by-performer-of`). An operation on this step must name the acting person
    /// (outcome_code::person_required), and is refused when that person performed any of these
    /// steps in the case (outcome_code::separation_of_duties). Empty for no such rule.
    std::vector<std::string> not_by_performer_of;
    std::string next;  ///< Activities: the following step id, an ending's id, or end_target.
    std::string yes;   ///< Decisions: the step or ending id (or end_target) "Ya" leads to.
    std::string no;    ///< Decisions: the step or ending id (or end_target) "Tidak" leads to.
    location where;    ///< Where the step is declared.

    friend bool operator==(const step&, const step&) = default;
};

// ---- the fields, described once ------------------------------------------------------------
//
// Each field of the format is described once below: where it stands in the XML, whether it is
// required, its label on the printed form and the member that holds it. The loader reads the
// document through these tables, the fingerprint hashes what they list, the rendered document
// and sop-runner's JSON print what they list, and a test holds them against sop.xsd.

/// How an identity field is written.
enum class field_kind : std::uint8_t {
    text,      ///< An element holding text: <unit>...</unit>.
    date,      ///< Text with an optional date="YYYY-MM-DD": <created date="...">...</created>.
    approver,  ///< <approved-by position="..." name="..." rank="..." nip="..."/>.
    list,      ///< Items: <legal-basis><item>...</item>...</legal-basis>.
};

/// Where the printed form (Permenpan RB 35/2012) puts an identity field.
enum class form_place : std::uint8_t {
    agency,  ///< The block beside the logo: government, organization, unit, address.
    head,    ///< A labelled row beside that block: number, dates, approval, title.
    body,    ///< A labelled list below, two to a row: legal basis, qualifications, ...
};

/// One field of the identity header.
struct identity_field {
    std::string_view element{};  ///< The element inside <identity>, e.g. "legal-basis".
    std::string_view key{};      ///< Its name in JSON, e.g. "legal_basis".
    std::string_view label{};  ///< The form's label, e.g. "Dasar Hukum"; empty in the agency block.
    field_kind kind = field_kind::text;   ///< How it is written.
    bool required = false;                ///< Whether <identity> must have it.
    bool non_empty = false;               ///< field_kind::text: whether it must not be blank.
    form_place place = form_place::head;  ///< Where the form puts it.
    std::uint8_t form_row = 0;            ///< Its order among the form's head rows.
    /// Runs of spaces inside are kept, not folded: the gap an author leaves in the Nomor for the
    /// hand-written part ("800/    /438.5/2024"). Line breaks and tabs become spaces.
    bool keeps_spaces = false;
    std::string_view missing{};  ///< For a required field: what to add when it is missing.
    std::string identity::*text = nullptr;  ///< field_kind::text: the member that holds it.
    dated identity::*date = nullptr;        ///< field_kind::date: the member that holds it.
    approver identity::*person = nullptr;   ///< field_kind::approver: the member that holds it.
    std::vector<std::string> identity::*items = nullptr;  ///< field_kind::list: the member.
};

/// Every identity field, in the order of the format (and of the fingerprint).
inline constexpr std::array<identity_field, 17> identity_fields{{
    {.element = "government",
     .key = "government",
     .place = form_place::agency,
     .text = &identity::government},
    {.element = "organization",
     .key = "organization",
     .place = form_place::agency,
     .text = &identity::organization},
    {.element = "unit",
     .key = "unit",
     .required = true,
     .non_empty = true,
     .place = form_place::agency,
     .missing = "<unit>...</unit> with the unit that owns the SOP",
     .text = &identity::unit},
    {.element = "address",
     .key = "address",
     .place = form_place::agency,
     .text = &identity::address},
    {.element = "number",
     .key = "number",
     .label = "Nomor SOP",
     .required = true,
     .form_row = 0,
     .keeps_spaces = true,
     .missing = "<number>...</number> with the SOP number (Nomor SOP)",
     .text = &identity::number},
    {.element = "title",
     .key = "title",
     .label = "Nama SOP",
     .required = true,
     .non_empty = true,
     .form_row = 6,
     .missing = "<title>...</title> with the SOP's name (Nama SOP)",
     .text = &identity::title},
    {.element = "created",
     .key = "created",
     .label = "Tanggal Pembuatan",
     .kind = field_kind::date,
     .form_row = 1,
     .date = &identity::created},
    {.element = "revised",
     .key = "revised",
     .label = "Tanggal Revisi",
     .kind = field_kind::date,
     .form_row = 2,
     .date = &identity::revised},
    {.element = "effective",
     .key = "effective",
     .label = "Tanggal Efektif",
     .kind = field_kind::date,
     .form_row = 3,
     .date = &identity::effective},
    {.element = "ratified",
     .key = "ratified",
     .label = "Tanggal Pengesahan",
     .kind = field_kind::date,
     .form_row = 4,
     .date = &identity::ratified},
    {.element = "approved-by",
     .key = "approved_by",
     .label = "Disahkan oleh",
     .kind = field_kind::approver,
     .required = true,
     .form_row = 5,
     .missing = "<approved-by position=\"...\" name=\"...\" rank=\"...\" nip=\"...\"/> for the "
                "approving official",
     .person = &identity::approved_by},
    {.element = "legal-basis",
     .key = "legal_basis",
     .label = "Dasar Hukum",
     .kind = field_kind::list,
     .place = form_place::body,
     .items = &identity::legal_basis},
    {.element = "qualifications",
     .key = "qualifications",
     .label = "Kualifikasi Pelaksana",
     .kind = field_kind::list,
     .place = form_place::body,
     .items = &identity::qualifications},
    {.element = "related-sops",
     .key = "related_sops",
     .label = "Keterkaitan",
     .kind = field_kind::list,
     .place = form_place::body,
     .items = &identity::related_sops},
    {.element = "equipment",
     .key = "equipment",
     .label = "Peralatan/Perlengkapan",
     .kind = field_kind::list,
     .place = form_place::body,
     .items = &identity::equipment},
    {.element = "warnings",
     .key = "warnings",
     .label = "Peringatan",
     .kind = field_kind::list,
     .place = form_place::body,
     .items = &identity::warnings},
    {.element = "records",
     .key = "records",
     .label = "Pencatatan dan Pendataan",
     .kind = field_kind::list,
     .place = form_place::body,
     .items = &identity::records},
}};

/// One attribute of <approved-by>.
struct approver_field {
    std::string_view attribute;              ///< e.g. "position".
    bool required = false;                   ///< Whether <approved-by> must have it.
    bool non_empty = false;                  ///< Whether, when present, it must not be blank.
    std::string approver::*value = nullptr;  ///< The member that holds it.
};

/// Every attribute of <approved-by>, in order.
inline constexpr std::array<approver_field, 4> approver_fields{{
    {"position", true, true, &approver::position},
    {"name", false, true, &approver::name},
    {"rank", false, false, &approver::rank},
    {"nip", false, false, &approver::nip},
}};

/// One attribute of <headings>: a heading of the procedure table as the source writes it.
struct heading_field {
    std::string_view attribute;                    ///< e.g. "remark".
    std::string table_headings::*value = nullptr;  ///< The member that holds it.
};

/// Every attribute of <headings>, in order.
inline constexpr std::array<heading_field, 9> heading_fields{{
    {"title", &table_headings::title},
    {"number", &table_headings::number},
    {"activity", &table_headings::activity},
    {"actors", &table_headings::actors},
    {"quality", &table_headings::quality},
    {"requirements", &table_headings::requirements},
    {"time", &table_headings::time},
    {"output", &table_headings::output},
    {"remark", &table_headings::remark},
}};

/// One text element of a step (<description>, <question>, ...).
struct step_field {
    std::string_view element;  ///< e.g. "requirements".
    bool in_activity = false;  ///< Whether an <activity> may have it.
    bool required = false;     ///< Whether a step that may have it must (and then not blank).
    std::string step::*value = nullptr;  ///< The member that holds it.
};

/// Every text element of a step, in order; all of them may stand in a <decision>.
inline constexpr std::array<step_field, 5> step_fields{{
    {"description", true, true, &step::description},
    {"question", false, true, &step::question},
    {"requirements", true, false, &step::requirements},
    {"output", true, false, &step::output},
    {"remark", true, false, &step::remark},
}};

/// What a name_alias stands for.
enum class alias_kind : std::uint8_t {
    element,    ///< An element of the format, e.g. <requirements>.
    attribute,  ///< An attribute of the format, e.g. duration.
    target,     ///< A value of next, yes and no: "end".
};

/// A name authors write for one of the format's names: mostly the printed form's Indonesian
/// word. When the loader meets one where it expects the format's name, it names the format's.
/// A word may stand for different names in different places ("kegiatan" is a step inside
/// <procedure> and its text inside a step): the loader takes the first that fits the place.
struct name_alias {
    std::string_view written;  ///< Lower case, words joined by '-': "kelengkapan".
    std::string_view name;     ///< The format's name: "requirements".
    alias_kind kind = alias_kind::element;
};

/// Every alias, checked against sop.xsd by the tests.
inline constexpr std::array<name_alias, 63> name_aliases{{
    {"identitas", "identity"},
    {"pemerintah", "government"},
    {"pemerintahan", "government"},
    {"organisasi", "organization"},
    {"perangkat-daerah", "organization"},
    {"unit-kerja", "unit"},
    {"satuan-kerja", "unit"},
    {"alamat", "address"},
    {"nomor", "number"},
    {"nomor-sop", "number"},
    {"nama-sop", "title"},
    {"judul", "title"},
    {"nama", "title"},
    {"tanggal-pembuatan", "created"},
    {"tanggal-revisi", "revised"},
    {"tanggal-efektif", "effective"},
    {"tanggal-pengesahan", "ratified"},
    {"disahkan-oleh", "approved-by"},
    {"pengesahan", "approved-by"},
    {"dasar-hukum", "legal-basis"},
    {"kualifikasi", "qualifications"},
    {"kualifikasi-pelaksana", "qualifications"},
    {"keterkaitan", "related-sops"},
    {"peralatan", "equipment"},
    {"peralatan-perlengkapan", "equipment"},
    {"perlengkapan", "equipment"},
    {"peringatan", "warnings"},
    {"pencatatan", "records"},
    {"pencatatan-dan-pendataan", "records"},
    {"pelaksana", "actors"},
    {"jabatan", "actor"},
    {"prosedur", "procedure"},
    {"uraian-prosedur", "procedure"},
    {"kegiatan", "activity"},
    {"aktivitas", "activity"},
    {"langkah", "activity"},
    {"keputusan", "decision"},
    {"kegiatan", "description"},
    {"uraian", "description"},
    {"deskripsi", "description"},
    {"pertanyaan", "question"},
    {"kelengkapan", "requirements"},
    {"persyaratan", "requirements"},
    {"keluaran", "output"},
    {"hasil", "output"},
    {"keterangan", "remark"},
    {"catatan", "remark"},
    {"waktu", "duration", alias_kind::attribute},
    {"ya", "yes", alias_kind::attribute},
    {"tidak", "no", alias_kind::attribute},
    {"pelaksana", "actor", alias_kind::attribute},
    {"berikutnya", "next", alias_kind::attribute},
    {"lanjut", "next", alias_kind::attribute},
    {"jabatan", "position", alias_kind::attribute},
    {"pangkat", "rank", alias_kind::attribute},
    {"golongan", "rank", alias_kind::attribute},
    {"nama", "name", alias_kind::attribute},
    {"tanggal", "date", alias_kind::attribute},
    {"satuan-waktu", "duration-unit", alias_kind::attribute},
    {"catatan-waktu", "time-note", alias_kind::attribute},
    {"selesai", "end", alias_kind::target},
    {"akhir", "end", alias_kind::target},
    {"end", "end", alias_kind::target},
}};

/// A loaded, validated SOP. Immutable; copies share their state, so copying is cheap, and a
/// definition is safe to use from many threads at once. Obtain one from sop::load_file or
/// sop::load_string.
class SOPENGINE_API definition {
public:
    /// The `id` attribute of <sop>.
    const std::string& id() const noexcept;
    /// The `lang` attribute of <sop> (BCP 47), "id" when not given.
    const std::string& language() const noexcept;
    /// The file path or source name the definition was loaded from.
    const std::string& source_name() const noexcept;
    /// The identity header.
    const sop::identity& header() const noexcept;
    /// The headings of the procedure table.
    const table_headings& headings() const noexcept;
    /// The actors in declaration order.
    std::span<const actor> actors() const noexcept;
    /// The steps in document order; the first one starts the procedure.
    std::span<const step> steps() const noexcept;
    /// The step with this XML id, or nullptr.
    const step* find_step(std::string_view id) const noexcept;
    /// The actor with this XML id, or nullptr.
    const actor* find_actor(std::string_view id) const noexcept;
    /// The ways the procedure ends, in declaration order; never empty (see sop::ending).
    std::span<const ending> endings() const noexcept;
    /// The ending with this id, or nullptr; end_target names the first.
    const ending* find_ending(std::string_view id) const noexcept;
    /// Whether the step is done outside the unit: every one of its actors is external.
    bool external(const step& row) const noexcept;
    /// The related SOP that `row` (a step of this definition) runs as a sub-case, as the
    /// sop::catalog that linked this definition resolved it; nullptr for a step that names none,
    /// or when the definition was loaded on its own (see linked()).
    const definition* related(const step& row) const noexcept;
    /// Whether every related SOP the steps name is resolved: true for a definition that names
    /// none, and for one a sop::catalog returned. A case needs a linked definition.
    bool linked() const noexcept;
    /// Hex digest of the normalised content: equal for documents that differ only in
    /// whitespace, comments or attribute order, different when anything the engine keeps differs.
    const std::string& fingerprint() const noexcept;
    /// Warnings the loader reported for this definition.
    std::span<const diagnostic> warnings() const noexcept;

private:
    friend struct detail::definition_access;
    explicit definition(std::shared_ptr<const detail::definition_data> data) noexcept;
    std::shared_ptr<const detail::definition_data> data_;
};

}  // namespace sop
