#pragma once

// How sopengine's values cross into Python and back: its enums as enum.Enum classes, times as
// timezone-aware datetime.datetime, dates as datetime.date, offsets as datetime.timedelta, and
// sop::error as the module's exception classes. Every binding source includes this first.

#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
// pybind11's casters for the standard library's containers, optionals and paths.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <sopengine/sopengine.hpp>
#include <sopengine/store.hpp>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace sop_py {

namespace py = pybind11;

// ---- enums ---------------------------------------------------------------------------------

// What the module calls each of sopengine's enums, and its values: first .. first + count - 1,
// each named by sop::to_string (the same names the store, snapshots and sop-runner use).
template <typename E>
struct enum_info;

#define SOP_PY_ENUM(type, python_name, first_value, value_count)                              \
    template <>                                                                               \
    struct enum_info<type> {                                                                  \
        static constexpr const char* name = python_name;                                      \
        static constexpr int first = first_value;                                             \
        static constexpr int count = value_count;                                             \
        static constexpr auto descr = pybind11::detail::const_name("sopengine." python_name); \
    }

SOP_PY_ENUM(sop::severity, "Severity", 0, 2);
SOP_PY_ENUM(sop::step_kind, "StepKind", 0, 2);
SOP_PY_ENUM(sop::status, "Status", 0, 5);
SOP_PY_ENUM(sop::answer, "Answer", 0, 2);
SOP_PY_ENUM(sop::outcome_code, "OutcomeCode", 0, 15);
SOP_PY_ENUM(sop::errc, "ErrorCode", 1, 6);
SOP_PY_ENUM(sop::restore_error, "RestoreReason", 0, 5);
SOP_PY_ENUM(sop::day_off_kind, "DayOffKind", 0, 2);
SOP_PY_ENUM(sop::store_errc, "StoreErrc", 1, 15);
SOP_PY_ENUM(sop::event_kind, "EventKind", 0, 4);
SOP_PY_ENUM(sop::capacity, "Capacity", 0, 4);
SOP_PY_ENUM(sop::staff_change_kind, "StaffChangeKind", 0, 4);

#undef SOP_PY_ENUM

// The members of the Python class of E, in the order of E's values; filled by add_enum<E>().
template <typename E>
std::vector<py::handle>& enum_members() {
    static std::vector<py::handle> members;
    return members;
}

// "cuti-bersama" -> "CUTI_BERSAMA": a C++ value's name as its Python member's name.
std::string member_name(std::string_view value);

// Adds E to the module as an enum.Enum subclass whose members are named member_name(value)
// and whose values are sop::to_string(value); `doc` is its docstring. The counts above are kept
// by hand: importing the module fails when E has a value after the last one counted (one that
// sop::to_string names, other than "unknown" and the names already counted).
template <typename E>
void add_enum(py::module_& module, const char* doc) {
    using info = enum_info<E>;
    py::list members;
    std::vector<std::string> values;
    for (int i = info::first; i < info::first + info::count; ++i) {
        values.emplace_back(sop::to_string(static_cast<E>(i)));
        members.append(py::make_tuple(member_name(values.back()), values.back()));
    }
    const std::string after(sop::to_string(static_cast<E>(info::first + info::count)));
    if (after != "unknown" && std::find(values.begin(), values.end(), after) == values.end()) {
        throw std::logic_error(std::string("sopengine.") + info::name + " lacks the value '" +
                               after + "': count it in enum_info (convert.hpp)");
    }
    py::object type = py::module_::import("enum").attr("Enum")(
        info::name, members, py::arg("module") = module.attr("__name__"));
    type.attr("__doc__") = doc;
    module.attr(info::name) = type;
    auto& table = enum_members<E>();
    table.clear();
    for (int i = info::first; i < info::first + info::count; ++i) {
        // Kept for the life of the process, like the class itself.
        py::object member = type.attr(member_name(sop::to_string(static_cast<E>(i))).c_str());
        table.push_back(member.release());
    }
}

// The Python member of a C++ value (a new reference).
template <typename E>
py::object to_python(E value) {
    const auto index = static_cast<std::size_t>(static_cast<int>(value) - enum_info<E>::first);
    return py::reinterpret_borrow<py::object>(enum_members<E>().at(index));
}

// The C++ value of a Python member of E's class; false for anything else.
template <typename E>
bool from_python(py::handle object, E& value) {
    const auto& members = enum_members<E>();
    for (std::size_t i = 0; i < members.size(); ++i) {
        if (members[i].is(object)) {
            value = static_cast<E>(static_cast<int>(i) + enum_info<E>::first);
            return true;
        }
    }
    return false;
}

// ---- times ---------------------------------------------------------------------------------

// An instant as an aware datetime.datetime at `offset` from UTC (WIB, WITA and WIT by name);
// at UTC when the local date would fall after the year 9999.
py::object to_datetime(sop::time_point instant, std::chrono::minutes offset);

// An aware datetime.datetime as an instant, its microseconds dropped. False for an object that
// is not a datetime.datetime; throws ValueError for a naive one.
bool from_datetime(py::handle object, sop::time_point& instant);

// A date as datetime.date, and back (false for anything that is not a date, a datetime
// included).
py::object to_date(std::chrono::year_month_day day);
bool from_date(py::handle object, std::chrono::year_month_day& day);

// Whole minutes as datetime.timedelta, and back (ValueError when not whole minutes).
py::object to_timedelta(std::chrono::minutes amount);
bool from_timedelta(py::handle object, std::chrono::minutes& amount);

// The fixed datetime.timezone of an offset, named WIB, WITA or WIT where it is one of them.
py::object timezone(std::chrono::minutes offset);

// An optional instant as a datetime or None.
py::object to_datetime(const std::optional<sop::time_point>& instant, std::chrono::minutes offset);

// A text as Python's repr() writes a str (quoted, escaped), for the reprs of the bindings.
std::string python_repr(std::string_view text);

// ---- errors --------------------------------------------------------------------------------

// The Python member for a code of any of sopengine's categories (ErrorCode, OutcomeCode,
// RestoreReason or StoreErrc), or None for an empty code.
py::object code_to_python(const std::error_code& code);

// Creates the exception classes (Error, LoadError, RestoreError, StoreError) and the
// translation of sop::error into them.
void add_errors(py::module_& module);

// ---- the parts of the module ---------------------------------------------------------------

void bind_definition(py::module_& module);
void bind_calendar(py::module_& module);
void bind_instance(py::module_& module);
void bind_store(py::module_& module);

}  // namespace sop_py

// ---- pybind11's casters for the values above -----------------------------------------------

namespace pybind11::detail {

template <typename E>
struct sop_enum_caster {
    PYBIND11_TYPE_CASTER(E, sop_py::enum_info<E>::descr);
    bool load(handle source, bool /*convert*/) { return sop_py::from_python(source, value); }
    static handle cast(E source, return_value_policy /*policy*/, handle /*parent*/) {
        return sop_py::to_python(source).release();
    }
};

template <>
struct type_caster<sop::severity> : sop_enum_caster<sop::severity> {};
template <>
struct type_caster<sop::step_kind> : sop_enum_caster<sop::step_kind> {};
template <>
struct type_caster<sop::status> : sop_enum_caster<sop::status> {};
template <>
struct type_caster<sop::outcome_code> : sop_enum_caster<sop::outcome_code> {};
template <>
struct type_caster<sop::errc> : sop_enum_caster<sop::errc> {};
template <>
struct type_caster<sop::restore_error> : sop_enum_caster<sop::restore_error> {};
template <>
struct type_caster<sop::day_off_kind> : sop_enum_caster<sop::day_off_kind> {};
template <>
struct type_caster<sop::store_errc> : sop_enum_caster<sop::store_errc> {};
template <>
struct type_caster<sop::event_kind> : sop_enum_caster<sop::event_kind> {};
template <>
struct type_caster<sop::capacity> : sop_enum_caster<sop::capacity> {};
template <>
struct type_caster<sop::staff_change_kind> : sop_enum_caster<sop::staff_change_kind> {};

// An answer is Answer.YES or Answer.NO, or a bool (True is yes).
template <>
struct type_caster<sop::answer> {
    PYBIND11_TYPE_CASTER(sop::answer, const_name("sopengine.Answer | bool"));
    bool load(handle source, bool /*convert*/) {
        if (source.ptr() == Py_True || source.ptr() == Py_False) {
            value = source.ptr() == Py_True ? sop::answer::yes : sop::answer::no;
            return true;
        }
        return sop_py::from_python(source, value);
    }
    static handle cast(sop::answer source, return_value_policy /*policy*/, handle /*parent*/) {
        return sop_py::to_python(source).release();
    }
};

// Instants in: an aware datetime.datetime. Instants out: an aware datetime at UTC (the
// bindings that know a calendar give its local time instead).
template <>
struct type_caster<sop::time_point> {
    PYBIND11_TYPE_CASTER(sop::time_point, const_name("datetime.datetime"));
    bool load(handle source, bool /*convert*/) { return sop_py::from_datetime(source, value); }
    static handle cast(sop::time_point source, return_value_policy /*policy*/, handle /*parent*/) {
        return sop_py::to_datetime(source, std::chrono::minutes{0}).release();
    }
};

template <>
struct type_caster<std::chrono::year_month_day> {
    PYBIND11_TYPE_CASTER(std::chrono::year_month_day, const_name("datetime.date"));
    bool load(handle source, bool /*convert*/) { return sop_py::from_date(source, value); }
    static handle cast(std::chrono::year_month_day source, return_value_policy /*policy*/,
                       handle /*parent*/) {
        return sop_py::to_date(source).release();
    }
};

template <>
struct type_caster<std::chrono::minutes> {
    PYBIND11_TYPE_CASTER(std::chrono::minutes, const_name("datetime.timedelta"));
    bool load(handle source, bool /*convert*/) { return sop_py::from_timedelta(source, value); }
    static handle cast(std::chrono::minutes source, return_value_policy /*policy*/,
                       handle /*parent*/) {
        return sop_py::to_timedelta(source).release();
    }
};

}  // namespace pybind11::detail
