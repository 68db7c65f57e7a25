// The module sopengine._sopengine: its enums, exceptions and conversions, and the entry point
// that binds the rest (definition.cpp, calendar.cpp, instance.cpp, store.cpp).

#include "convert.hpp"

// After Python.h (through pybind11): the datetime C API, imported once in PYBIND11_MODULE.
#include <datetime.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace sop_py {

using namespace std::chrono;

std::string member_name(std::string_view value) {
    std::string name;
    name.reserve(value.size());
    for (const char c : value) {
        name.push_back(c == '-' ? '_'
                                : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    return name;
}

std::string python_repr(std::string_view text) {
    return py::repr(py::str(text.data(), text.size()));
}

namespace {

constexpr std::int64_t seconds_per_day = 86'400;

void import_datetime() {
    if (PyDateTimeAPI == nullptr) {
        PyDateTime_IMPORT;
        if (PyDateTimeAPI == nullptr) throw py::error_already_set();
    }
}

}  // namespace

py::object timezone(minutes offset) {
    // One object per offset, kept for the life of the process.
    static std::map<std::int64_t, py::handle> zones;
    const auto found = zones.find(offset.count());
    if (found != zones.end()) return py::reinterpret_borrow<py::object>(found->second);
    py::module_ datetime = py::module_::import("datetime");
    py::object delta = to_timedelta(offset);
    const auto* named =
        std::find_if(sop::time_zone_names.begin(), sop::time_zone_names.end(),
                     [&](const sop::time_zone_name& known) { return known.offset == offset; });
    py::object type = datetime.attr("timezone");
    py::object zone = named != sop::time_zone_names.end() ? type(delta, named->name)
                      : offset == minutes{0}              ? type.attr("utc")
                                                          : type(delta);
    zones.emplace(offset.count(), zone.inc_ref());
    return zone;
}

// The datetime C API is macros that cast with C casts.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"

py::object to_datetime(sop::time_point instant, minutes offset) {
    import_datetime();
    sys_seconds local = instant + offset;
    const year_month_day day{floor<days>(local)};
    if (static_cast<int>(day.year()) > 9999 || static_cast<int>(day.year()) < 1) {
        offset = minutes{0};
        local = instant;
    }
    const auto midnight = floor<days>(local);
    const year_month_day date{midnight};
    const hh_mm_ss<seconds> clock{local - midnight};
    py::object zone = timezone(offset);
    PyObject* made = PyDateTimeAPI->DateTime_FromDateAndTime(
        static_cast<int>(date.year()), static_cast<int>(static_cast<unsigned>(date.month())),
        static_cast<int>(static_cast<unsigned>(date.day())),
        static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
        static_cast<int>(clock.seconds().count()), 0, zone.ptr(), PyDateTimeAPI->DateTimeType);
    if (made == nullptr) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(made);
}

py::object to_datetime(const std::optional<sop::time_point>& instant, minutes offset) {
    if (!instant) return py::none();
    return to_datetime(*instant, offset);
}

namespace {

// The UTC offset of an aware datetime in seconds; std::nullopt when it is naive. A
// datetime.timezone is a fixed offset, so its offset is asked once per timezone object (kept
// alive here, so that its address never becomes another's); any other tzinfo (a zoneinfo, with
// its summer times) is asked each time.
std::optional<std::int64_t> utc_offset_seconds(PyObject* time) {
    PyObject* zone = PyDateTime_DATE_GET_TZINFO(time);  // borrowed; None when naive
    if (zone == Py_None) return std::nullopt;
    constexpr std::size_t most_zones = 16;
    static std::vector<std::pair<PyObject*, std::int64_t>> fixed;  // owned references
    for (const auto& [known, seconds] : fixed) {
        if (known == zone) return seconds;
    }
    const py::object offset = py::handle(time).attr("utcoffset")();
    if (offset.is_none()) return std::nullopt;
    // A timedelta is normalised to whole days and 0 <= seconds < 86400 (microseconds aside,
    // which a UTC offset may have: they are dropped with the datetime's own).
    const std::int64_t seconds =
        std::int64_t{PyDateTime_DELTA_GET_DAYS(offset.ptr())} * seconds_per_day +
        PyDateTime_DELTA_GET_SECONDS(offset.ptr());
    if (Py_IS_TYPE(zone, Py_TYPE(PyDateTime_TimeZone_UTC)) && fixed.size() < most_zones) {
        Py_INCREF(zone);
        fixed.emplace_back(zone, seconds);
    }
    return seconds;
}

}  // namespace

bool from_datetime(py::handle object, sop::time_point& instant) {
    import_datetime();
    if (!PyDateTime_Check(object.ptr())) return false;
    PyObject* time = object.ptr();
    const std::optional<std::int64_t> shift = utc_offset_seconds(time);
    if (!shift) {
        throw py::value_error(
            "a naive datetime has no time zone: give it one (tzinfo=...), or read the time with "
            "Calendar.parse(), which takes the calendar's local time");
    }
    const sys_days date{year{PyDateTime_GET_YEAR(time)} /
                        month{static_cast<unsigned>(PyDateTime_GET_MONTH(time))} /
                        day{static_cast<unsigned>(PyDateTime_GET_DAY(time))}};
    const std::int64_t clock = std::int64_t{PyDateTime_DATE_GET_HOUR(time)} * 3600 +
                               std::int64_t{PyDateTime_DATE_GET_MINUTE(time)} * 60 +
                               PyDateTime_DATE_GET_SECOND(time);
    instant = sop::time_point{date.time_since_epoch()} + seconds{clock - *shift};
    return true;
}

py::object to_date(year_month_day day) {
    import_datetime();
    PyObject* made = PyDate_FromDate(static_cast<int>(day.year()),
                                     static_cast<int>(static_cast<unsigned>(day.month())),
                                     static_cast<int>(static_cast<unsigned>(day.day())));
    if (made == nullptr) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(made);
}

bool from_date(py::handle object, year_month_day& day) {
    import_datetime();
    if (!PyDate_Check(object.ptr()) || PyDateTime_Check(object.ptr())) return false;
    day = year{PyDateTime_GET_YEAR(object.ptr())} /
          month{static_cast<unsigned>(PyDateTime_GET_MONTH(object.ptr()))} /
          std::chrono::day{static_cast<unsigned>(PyDateTime_GET_DAY(object.ptr()))};
    return true;
}

py::object to_timedelta(minutes amount) {
    import_datetime();
    PyObject* made = PyDelta_FromDSU(0, static_cast<int>(amount.count() * 60), 0);
    if (made == nullptr) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(made);
}

bool from_timedelta(py::handle object, minutes& amount) {
    import_datetime();
    if (!PyDelta_Check(object.ptr())) return false;
    const std::int64_t whole =
        std::int64_t{PyDateTime_DELTA_GET_DAYS(object.ptr())} * seconds_per_day +
        PyDateTime_DELTA_GET_SECONDS(object.ptr());
    if (whole % 60 != 0 || PyDateTime_DELTA_GET_MICROSECONDS(object.ptr()) != 0) {
        throw py::value_error("the time difference must be whole minutes");
    }
    amount = minutes{whole / 60};
    return true;
}

#pragma GCC diagnostic pop

// ---- errors --------------------------------------------------------------------------------

namespace {

// The exception classes, kept for the life of the process.
struct exception_types {
    py::handle error;
    py::handle load_error;
    py::handle restore_error;
    py::handle store_error;
};

exception_types& exceptions() {
    static exception_types types;
    return types;
}

py::handle new_exception(py::module_& module, const char* name, const char* doc, py::handle base) {
    const std::string qualified = std::string(py::str(module.attr("__name__"))) + "." + name;
    PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, base.ptr(), nullptr);
    if (type == nullptr) throw py::error_already_set();
    module.add_object(name, py::handle(type));
    return type;
}

// Raises `type(message)` with the attribute code, and diagnostics for a LoadError.
void raise(py::handle type, const char* message, const std::error_code& code,
           const std::vector<sop::diagnostic>* diagnostics) {
    py::object error = py::reinterpret_borrow<py::object>(type)(message);
    error.attr("code") = code_to_python(code);
    if (diagnostics != nullptr) error.attr("diagnostics") = py::cast(*diagnostics);
    PyErr_SetObject(type.ptr(), error.ptr());
}

}  // namespace

py::object code_to_python(const std::error_code& code) {
    if (!code) return py::none();
    const int value = code.value();
    if (code.category() == sop::error_category()) return to_python(static_cast<sop::errc>(value));
    if (code.category() == sop::outcome_category()) {
        return to_python(static_cast<sop::outcome_code>(value));
    }
    if (code.category() == sop::restore_category()) {
        return to_python(static_cast<sop::restore_error>(value));
    }
    if (code.category() == sop::store_category())
        return to_python(static_cast<sop::store_errc>(value));
    return py::str(code.message());
}

void add_errors(py::module_& module) {
    auto& types = exceptions();
    types.error = new_exception(
        module, "Error",
        "An error of sopengine. ``code`` says which: an ErrorCode, a RestoreReason or a "
        "StoreErrc member.\n\nA refused operation on a case is not an error: it is an Outcome "
        "(or a StoreOutcome) whose code says why.",
        PyExc_Exception);
    types.load_error = new_exception(
        module, "LoadError",
        "An SOP or calendar file with errors. ``diagnostics`` lists every problem found, "
        "warnings included, each with its file, line and column; str() prints the errors.",
        types.error);
    types.restore_error = new_exception(
        module, "RestoreError",
        "A snapshot that could not be restored; ``code`` is the RestoreReason.", types.error);
    types.store_error = new_exception(
        module, "StoreError",
        "The database of a Store failed: it cannot be reached or opened (StoreErrc.UNAVAILABLE), "
        "is not a sopengine store or is of a newer schema (StoreErrc.INCOMPATIBLE), or holds a "
        "case that no longer loads (StoreErrc.DAMAGED).",
        types.error);
    // pybind11 takes a translator as void (*)(std::exception_ptr): by value.
    // NOLINTNEXTLINE(performance-unnecessary-value-param)
    py::register_exception_translator([](std::exception_ptr thrown) {
        try {
            if (thrown) std::rethrow_exception(thrown);
        } catch (const sop::load_error& failure) {
            raise(exceptions().load_error, failure.what(), failure.code(), &failure.diagnostics());
        } catch (const sop::error& failure) {
            const auto& category = failure.code().category();
            const py::handle type = category == sop::store_category() ? exceptions().store_error
                                    : category == sop::restore_category()
                                        ? exceptions().restore_error
                                        : exceptions().error;
            raise(type, failure.what(), failure.code(), nullptr);
        }
    });
}

}  // namespace sop_py

PYBIND11_MODULE(_sopengine, module) {
    using namespace sop_py;
    module.doc() =
        "sopengine's Python binding: Standard Operating Procedures (Permenpan RB 35/2012) loaded "
        "from XML and run as cases. Import it as ``sopengine``.";
    module.attr("__version__") = std::string(sop::version());
    module.attr("FORMAT_VERSION") = sop::format_version;

    add_enum<sop::severity>(module, "How serious a Diagnostic is: errors make a file invalid.");
    add_enum<sop::step_kind>(module, "An activity is completed; a decision is answered yes or no.");
    add_enum<sop::status>(module, "Where a case is in its life.");
    add_enum<sop::answer>(module, "The answer to a decision (Ya / Tidak).");
    add_enum<sop::outcome_code>(module,
                                "Why an operation on a case was refused, or ACCEPTED. A refused "
                                "operation changed nothing.");
    add_enum<sop::errc>(module, "The code of an Error that is neither a restore's nor a store's.");
    add_enum<sop::restore_error>(module, "Why a snapshot could not be restored.");
    add_enum<sop::day_off_kind>(module, "Why a date is not worked.");
    add_enum<sop::store_errc>(module,
                              "Why a Store refused an operation (besides a case's own "
                              "OutcomeCode refusals), or why it failed (StoreError).");
    add_enum<sop::event_kind>(module, "What an event of a stored case's log records.");
    add_enum<sop::capacity>(module,
                            "In which capacity a person acts in a role: as the post's HOLDER, or "
                            "acting for it by letter (PLT: Pelaksana Tugas, PLH: Pelaksana "
                            "Harian); NONE when the operation named the actor itself.");
    add_enum<sop::staff_change_kind>(module,
                                     "What a change to the people and their assignments was.");
    add_errors(module);

    bind_definition(module);
    bind_calendar(module);
    bind_instance(module);
    bind_store(module);
}
