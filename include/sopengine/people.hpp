#pragma once

/// @file
/// The people behind an SOP's roles, as the store keeps them: who holds which role of a unit,
/// who acts for it by letter (Plt., Plh.), and for which days. Part of the library
/// sopengine::store.

#include <chrono>
#include <cstdint>
#include <optional>
#include <sopengine/definition.hpp>
#include <sopengine/visibility.hpp>
#include <string>
#include <string_view>

namespace sop {

/// A person: the one who acts in a role. The NIP (Nomor Induk Pegawai) is the person's key in
/// the store; staff without one are given another number unique in the agency.
struct person {
    std::string name{};  ///< Name with titles, as the application has it.
    std::string nip{};   ///< Nomor Induk Pegawai; may be empty where the store does not key on it.
    std::string rank{};  ///< Pangkat/golongan, e.g. "Pembina (IV/a)"; may be empty.

    friend bool operator==(const person&, const person&) = default;
};

/// In which capacity a person acts in a role.
enum class capacity : std::uint8_t {
    none,    ///< Not resolved by the store: the operation named the actor itself.
    holder,  ///< The official who holds the post (pejabat definitif).
    plt,     ///< Pelaksana Tugas: acts in a vacant post or a long absence, by letter.
    plh,     ///< Pelaksana Harian: acts in a short absence, by letter.
};

/// "none", "holder", "plt" or "plh".
SOPENGINE_API std::string_view to_string(capacity value) noexcept;

/// The title an acting official signs with: "Plt." or "Plh."; empty for the others.
SOPENGINE_API std::string_view title_of(capacity value) noexcept;

/// The unit whose roles an SOP's actors are: its government, organization and unit, each with
/// spaces folded and in capitals, joined by " / " (the ones it has). SOPs of one unit share
/// their roles' people, so an actor id means one post across them.
SOPENGINE_API std::string unit_of(const definition& sop);

/// A person's appointment to a role (an actor id) of a unit: as the post's holder, or acting
/// for it (Plt., Plh.) by a letter, for a period of whole days on the case's calendar.
struct assignment {
    std::int64_t id = 0;                        ///< Given by the store.
    std::string nip{};                          ///< The person.
    std::string unit{};                         ///< The unit (unit_of).
    std::string role{};                         ///< The actor id.
    sop::capacity capacity = capacity::holder;  ///< holder, plt or plh.
    /// The decree or letter number (Surat Perintah Plt./Plh.); required for Plt. and Plh.
    std::string letter{};
    std::chrono::year_month_day from{};               ///< The first day, inclusive.
    std::optional<std::chrono::year_month_day> to{};  ///< The last day, inclusive; none: open.
    bool revoked = false;          ///< Withdrawn: kept for the record, counts no more.
    std::string revoked_reason{};  ///< Why it was withdrawn.

    /// True when it counts on `day`: not revoked, and `day` within from..to.
    bool covers(std::chrono::year_month_day day) const noexcept {
        return !revoked && from <= day && (!to || day <= *to);
    }

    friend bool operator==(const assignment&, const assignment&) = default;
};

/// Which assignments a listing returns.
struct assignment_filter {
    std::string nip{};                                ///< Only this person's; empty for all.
    std::string unit{};                               ///< Only this unit's; empty for all.
    std::string role{};                               ///< Only this role's; empty for all.
    std::optional<std::chrono::year_month_day> on{};  ///< Only those that count on this day.
    bool with_revoked = false;                        ///< Revoked ones too.
};

/// What a change to the people and their assignments was.
enum class staff_change_kind : std::uint8_t {
    person,  ///< A person was added, or their name or rank changed.
    assign,  ///< An assignment was made.
    period,  ///< An assignment's period changed.
    revoke,  ///< An assignment was revoked.
};

/// "person", "assign", "period" or "revoke".
SOPENGINE_API std::string_view to_string(staff_change_kind kind) noexcept;

/// One change to the people and their assignments, in the store's append-only history of them.
struct staff_change {
    std::int64_t sequence = 0;                           ///< 1, 2, ...: the order of changes.
    time_point at{};                                     ///< When it was recorded.
    staff_change_kind kind = staff_change_kind::person;  ///< What changed.
    std::string nip{};                                   ///< The person concerned.
    std::int64_t assignment = 0;  ///< The assignment concerned; 0 for a person's change.
    std::string details{};        ///< What changed, for people ("rank: ... -> ...").

    friend bool operator==(const staff_change&, const staff_change&) = default;
};

/// An operation by a person: the store finds the role and capacity in which they may act.
struct by_person {
    std::string nip{};  ///< The person acting.
    /// The role (actor id) to act in, when the person may act in several of the roles the step
    /// waits for; empty to let the store take the first that the person may act in.
    std::string role{};
};

}  // namespace sop
