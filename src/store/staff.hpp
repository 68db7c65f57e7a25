#pragma once

// The people behind the roles, in the store's database: people, their assignments to roles of
// units (holder, Plt., Plh.), the history of changes to both, and the resolution of the role
// and capacity in which a person may act. store.cpp calls these inside its own transactions
// where an operation on a case needs them.

#include <chrono>
#include <cstdint>
#include <optional>
#include <sopengine/store.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/database.hpp"

namespace sop::detail {

// The schema's day numbers: days since 1970-01-01.
std::int64_t day_number(std::chrono::year_month_day day);
std::chrono::year_month_day day_of(std::int64_t number);

// The capacity a stored name ("holder", "plt", ...) stands for.
std::optional<capacity> capacity_named(std::string_view name);

// The local day of an instant on a calendar of this UTC offset.
std::chrono::year_month_day local_day(time_point at, std::chrono::minutes utc_offset);

staff_outcome put_person(database& db, const person& who, time_point at);
std::optional<person> find_person(database& db, std::string_view nip);
std::vector<person> people(database& db);
// Checks and stores an assignment; the caller has checked that the unit has the role.
staff_outcome assign(database& db, const assignment& what, time_point at);
staff_outcome set_period(database& db, std::int64_t id, std::chrono::year_month_day from,
                         std::optional<std::chrono::year_month_day> to, time_point at);
staff_outcome revoke(database& db, std::int64_t id, std::string_view reason, time_point at);
std::vector<assignment> assignments(database& db, const assignment_filter& filter);
std::vector<staff_change> staff_history(database& db, std::string_view nip);

// A role a step waits for, with its name for messages.
struct role_wanted {
    std::string id;
    std::string name;
};

// The role and capacity in which a person acts, or why they may not.
struct acting_role {
    std::error_code code;  // empty when resolved
    std::string message;
    person who;
    std::string role;
    sop::capacity capacity = capacity::none;
    std::string letter;
};

// In which of `roles` (in order) of `unit` the person `nip` may act on `day`: the first role with
// an assignment that covers the day, as holder before Plt. before Plh.; otherwise why not
// (no_such_person, not_assigned, appointment_expired, appointment_not_started). `what` names the
// work for messages ("step 3 of sidoarjo-...").
acting_role resolve(database& db, std::string_view nip, std::string_view unit,
                    const std::vector<role_wanted>& roles, std::chrono::year_month_day day,
                    std::string_view what);

}  // namespace sop::detail
