#pragma once

/// @file
/// An SOP definition: identity header, actors and procedure, immutable once loaded.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <sopengine/diagnostic.hpp>
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

/// The reserved step target that ends the procedure.
inline constexpr std::string_view end_target = "end";

/// A date of the identity header: the wording as written and, when it names a whole day, the day.
struct dated {
    std::string text;  ///< As written in the source ("13 Juni 2023", "Februari 2022", or empty).
    std::optional<std::chrono::year_month_day> date;  ///< The day, when the source gives one.

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

/// The labels the Permenpan RB 35/2012 form prints beside the identity fields; sop-runner info
/// and the rendered document (sop::to_html) use them.
struct identity_labels {
    std::string_view number = "Nomor SOP";
    std::string_view created = "Tanggal Pembuatan";
    std::string_view revised = "Tanggal Revisi";
    std::string_view effective = "Tanggal Efektif";
    std::string_view ratified = "Tanggal Pengesahan";
    std::string_view approved_by = "Disahkan oleh";
    std::string_view title = "Nama SOP";
    std::string_view legal_basis = "Dasar Hukum";
    std::string_view qualifications = "Kualifikasi Pelaksana";
    std::string_view related_sops = "Keterkaitan";
    std::string_view equipment = "Peralatan/Perlengkapan";
    std::string_view warnings = "Peringatan";
    std::string_view records = "Pencatatan dan Pendataan";
};

/// The form's labels.
inline constexpr identity_labels form_labels{};

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

    friend bool operator==(const actor&, const actor&) = default;
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
    std::vector<std::string> actors;       ///< Actor ids; any of them may perform the step.
    std::string description;               ///< Kegiatan, as written.
    std::string question;      ///< The decision's yes/no question; empty for activities.
    std::string requirements;  ///< Kelengkapan.
    std::string output;        ///< Output.
    std::string remark;        ///< Keterangan.
    std::optional<std::int64_t> duration_minutes;  ///< Standard time in working minutes, if fixed.
    std::string duration_text;  ///< Waktu as written ("1 Jam", "Sesuai dengan waktu ...").
    std::string next;           ///< Activities: the following step id, or end_target.
    std::string yes;            ///< Decisions: the step id (or end_target) that "Ya" leads to.
    std::string no;             ///< Decisions: the step id (or end_target) that "Tidak" leads to.
    location where;             ///< Where the step is declared.

    friend bool operator==(const step&, const step&) = default;
};

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
