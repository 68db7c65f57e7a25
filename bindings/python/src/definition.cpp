// Loading, diagnostics, definitions with their identity, actors and steps, standard times, the
// analysis and the renderings.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <utility>

#include "convert.hpp"

namespace sop_py {

namespace {

// The loader's limits as keyword arguments: None keeps the default.
sop::load_options load_options(std::optional<std::uint64_t> max_file_size,
                               std::optional<std::size_t> max_steps,
                               std::optional<std::size_t> max_actors,
                               std::optional<std::size_t> max_text_length) {
    sop::load_options options;
    if (max_file_size) options.max_file_size = *max_file_size;
    if (max_steps) options.max_steps = *max_steps;
    if (max_actors) options.max_actors = *max_actors;
    if (max_text_length) options.max_text_length = *max_text_length;
    return options;
}

std::string where(const sop::location& place) {
    if (place.line == 0) return place.file;
    if (place.column == 0) return fmt::format("{}:{}", place.file, place.line);
    return fmt::format("{}:{}:{}", place.file, place.line, place.column);
}

void bind_times(py::module_& module) {
    py::class_<sop::time_amount>(
        module, "TimeAmount",
        "An amount of time in the units an SOP writes it, each kept apart: working days, working "
        "minutes and minutes on the clock. A Calendar gives it a due time (Calendar.add).")
        .def(py::init([](std::int64_t days, std::int64_t minutes, std::int64_t clock_minutes) {
                 return sop::time_amount{days, minutes, clock_minutes};
             }),
             py::kw_only(), py::arg("days") = 0, py::arg("minutes") = 0,
             py::arg("clock_minutes") = 0)
        .def_readonly("days", &sop::time_amount::days, "Working days.")
        .def_readonly("minutes", &sop::time_amount::minutes, "Working minutes.")
        .def_readonly("clock_minutes", &sop::time_amount::clock_minutes,
                      "Minutes on the clock, working time or not.")
        .def_property_readonly("is_zero", &sop::time_amount::is_zero, "True when every part is 0.")
        .def("__add__", [](const sop::time_amount& a, const sop::time_amount& b) { return a + b; })
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__hash__",
             [](const sop::time_amount& a) {
                 return py::hash(py::make_tuple(a.days, a.minutes, a.clock_minutes));
             })
        .def("__str__", &sop::format_amount, "In Indonesian, days first: '1 hari 1 jam 30 menit'.")
        .def("__repr__", [](const sop::time_amount& a) {
            return fmt::format("TimeAmount(days={}, minutes={}, clock_minutes={})", a.days,
                               a.minutes, a.clock_minutes);
        });

    py::class_<sop::standard_time>(
        module, "StandardTime",
        "A step's standard time (Waktu): one amount, or a range from ``least`` to ``most``. A due "
        "time uses ``most``.")
        .def_readonly("least", &sop::standard_time::least, "The shortest time the SOP allows.")
        .def_readonly("most", &sop::standard_time::most, "The standard time: the due time's.")
        .def_property_readonly("is_range", &sop::standard_time::is_range,
                               "True for a range whose bounds differ.")
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__str__", &sop::format_standard_time)
        .def("__repr__", [](const sop::standard_time& time) {
            return fmt::format("<StandardTime {}>", sop::format_standard_time(time));
        });

    module.def(
        "parse_standard_time",
        [](std::string_view text) {
            sop::standard_time_result parsed = sop::parse_standard_time(text);
            if (!parsed) throw py::value_error(parsed.problem);
            return *parsed.time;
        },
        py::arg("text"),
        "Reads a standard time as an SOP writes it ('1 jam 30 menit', '1-2 hari', 'PT15M', '1 x "
        "24 jam'). Raises ValueError saying what to write instead.");
    module.def("format_minutes", &sop::format_minutes, py::arg("minutes"),
               "Working minutes in Indonesian: 570 -> '9 jam 30 menit'.");
}

void bind_diagnostics(py::module_& module) {
    py::class_<sop::location>(module, "Location",
                              "A place in a source file; line and column are 1-based (0: none).")
        .def_readonly("file", &sop::location::file)
        .def_readonly("line", &sop::location::line)
        .def_readonly("column", &sop::location::column)
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__str__", &where)
        .def("__repr__",
             [](const sop::location& place) { return fmt::format("<Location {}>", where(place)); });

    py::class_<sop::diagnostic>(module, "Diagnostic",
                                "One problem of a file: where, how serious, a stable code and "
                                "what to do about it. str() prints it as compilers do.")
        .def_readonly("severity", &sop::diagnostic::level, "Severity.ERROR or Severity.WARNING.")
        .def_readonly("code", &sop::diagnostic::code,
                      "Stable kebab-case code, e.g. 'unknown-actor'.")
        .def_readonly("location", &sop::diagnostic::where, "Where the problem is.")
        .def_property_readonly(
            "file", [](const sop::diagnostic& item) { return item.where.file; }, "The file.")
        .def_property_readonly(
            "line", [](const sop::diagnostic& item) { return item.where.line; },
            "1-based line; 0 when the problem is the whole file's.")
        .def_property_readonly(
            "column", [](const sop::diagnostic& item) { return item.where.column; },
            "1-based column in code points; 0 when there is none.")
        .def_readonly("message", &sop::diagnostic::message,
                      "What is wrong and what to do about it, for an SOP author.")
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__str__", [](const sop::diagnostic& item) { return sop::to_string(item); })
        .def("__repr__", [](const sop::diagnostic& item) {
            return fmt::format("<Diagnostic {} {} at {}>", sop::to_string(item.level), item.code,
                               where(item.where));
        });
}

void bind_identity(py::module_& module) {
    py::class_<sop::dated>(module, "Dated",
                           "A date of the identity header: the wording as written, and the day "
                           "when the source gives one.")
        .def_readonly("text", &sop::dated::text, "As written, e.g. '13 Juni 2023'; may be empty.")
        .def_readonly("date", &sop::dated::date, "The day (datetime.date), or None.")
        .def_readonly("written", &sop::dated::written,
                      "Whether the SOP has the field at all (the form prints a row for it, even "
                      "blank).")
        .def("__str__", [](const sop::dated& value) { return value.text; })
        .def("__repr__", [](const sop::dated& value) {
            return fmt::format("<Dated {}>", python_repr(value.text));
        });

    py::class_<sop::approver>(module, "Approver",
                              "The official who approved the SOP (Disahkan oleh).")
        .def_readonly("position", &sop::approver::position, "Jabatan.")
        .def_readonly("name", &sop::approver::name, "Name with titles; may be empty.")
        .def_readonly("rank", &sop::approver::rank, "Pangkat/golongan; may be empty.")
        .def_readonly("nip", &sop::approver::nip, "Nomor Induk Pegawai; may be empty.")
        .def("__repr__", [](const sop::approver& value) {
            return fmt::format("<Approver {} {}>", python_repr(value.position),
                               python_repr(value.name));
        });

    py::class_<sop::identity> identity(
        module, "Identity",
        "The identity header of the Permenpan RB 35/2012 form, every text as written.");
    // One attribute per field of the format, named by its key (the same as in sop-runner's JSON).
    for (const sop::identity_field& field : sop::identity_fields) {
        const std::string key(field.key);
        const std::string doc(field.label.empty() ? field.element : field.label);
        switch (field.kind) {
            case sop::field_kind::text:
                identity.def_readonly(key.c_str(), field.text, doc.c_str());
                break;
            case sop::field_kind::date:
                identity.def_readonly(key.c_str(), field.date, doc.c_str());
                break;
            case sop::field_kind::approver:
                identity.def_readonly(key.c_str(), field.person, doc.c_str());
                break;
            case sop::field_kind::list:
                identity.def_readonly(key.c_str(), field.items, doc.c_str());
                break;
        }
    }
    identity.def("__repr__", [](const sop::identity& value) {
        return fmt::format("<Identity {} {}>", python_repr(value.number), python_repr(value.title));
    });

    py::class_<sop::table_headings> headings(
        module, "Headings", "The headings of the procedure table, as the source writes them.");
    for (const sop::heading_field& field : sop::heading_fields) {
        headings.def_readonly(std::string(field.attribute).c_str(), field.value);
    }
}

void bind_steps(py::module_& module) {
    py::class_<sop::actor>(module, "Actor", "A role that performs steps (Pelaksana).")
        .def_readonly("id", &sop::actor::id, "The XML id, e.g. 'kabag'.")
        .def_readonly("name", &sop::actor::name, "The role as written, e.g. 'Kabag Perencanaan'.")
        .def_readonly("external", &sop::actor::external,
                      "True outside the unit (Pemohon, another agency): no due time, waiting time.")
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__hash__",
             [](const sop::actor& actor) {
                 return py::hash(py::make_tuple(actor.id, actor.name, actor.external));
             })
        .def("__repr__", [](const sop::actor& actor) {
            return fmt::format("<Actor {} {}{}>", actor.id, python_repr(actor.name),
                               actor.external ? " external" : "");
        });

    py::class_<sop::ending>(module, "Ending",
                            "One way the procedure ends (selesai, ditolak, dikembalikan, ...).")
        .def_readonly("id", &sop::ending::id, "The XML id, e.g. 'ditolak'.")
        .def_readonly("label", &sop::ending::label, "As written, e.g. 'Permohonan ditolak'.")
        .def_readonly("declared", &sop::ending::declared,
                      "False for the 'end' of a definition that declares no ending.")
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__hash__",
             [](const sop::ending& one) {
                 return py::hash(py::make_tuple(one.id, one.label, one.declared));
             })
        .def("__repr__", [](const sop::ending& one) {
            return fmt::format("<Ending {} {}>", one.id, python_repr(one.label));
        });

    py::class_<sop::step>(module, "Step", "One row of the procedure table with its mutu baku.")
        .def_readonly("id", &sop::step::id, "The SOP's own number, e.g. '8'.")
        .def_readonly("kind", &sop::step::kind, "StepKind.ACTIVITY or StepKind.DECISION.")
        .def_readonly("actors", &sop::step::actors,
                      "Actor ids; any of them may perform it, or all when together.")
        .def_readonly("together", &sop::step::together,
                      "A joint activity: done when every actor has confirmed it.")
        .def_readonly("description", &sop::step::description, "Kegiatan, as written.")
        .def_readonly("question", &sop::step::question, "A decision's question; '' otherwise.")
        .def_readonly("requirements", &sop::step::requirements, "Kelengkapan.")
        .def_readonly("output", &sop::step::output, "Output.")
        .def_readonly("remark", &sop::step::remark, "Keterangan.")
        .def_readonly("duration", &sop::step::duration,
                      "The StandardTime, or None when the step has no fixed time.")
        .def_readonly("duration_text", &sop::step::duration_text, "Waktu, as written.")
        .def_readonly("next", &sop::step::next, "An activity's next step or ending id, or 'end'.")
        .def_readonly("yes", &sop::step::yes, "The step or ending id a decision's yes leads to.")
        .def_readonly("no", &sop::step::no, "The step or ending id a decision's no leads to.")
        .def_readonly("sop", &sop::step::sop,
                      "The id of the related SOP the step runs as a sub-case; '' for none.")
        .def_readonly("location", &sop::step::where, "Where the step is declared.")
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__repr__", [](const sop::step& step) {
            return fmt::format("<Step {} {} by {}: {}>", step.id, sop::to_string(step.kind),
                               fmt::join(step.actors, step.together ? " + " : ", "),
                               python_repr(step.description));
        });
}

void bind_analysis(py::module_& module) {
    py::class_<sop::path>(module, "Path",
                          "A path from the first step to an ending, with its summed standard "
                          "times: the unit's, and the external steps' apart.")
        .def_readonly("steps", &sop::path::steps, "Step ids in order.")
        .def_readonly("ending", &sop::path::ending, "The id of the ending it reaches.")
        .def_readonly("least", &sop::path::least, "The sum of the unit's steps' least times.")
        .def_readonly("most", &sop::path::most, "The sum of the unit's steps' standard times.")
        .def_readonly("least_minutes", &sop::path::least_minutes, "``least`` in working minutes.")
        .def_readonly("minutes", &sop::path::minutes, "``most`` in working minutes.")
        .def_readonly("external_least_minutes", &sop::path::external_least_minutes,
                      "The external steps' least times, in working minutes.")
        .def_readonly("external_minutes", &sop::path::external_minutes,
                      "The external steps' standard times, in working minutes.")
        .def("__repr__", [](const sop::path& path) {
            return fmt::format("<Path {} ({} working minutes) -> {}>", fmt::join(path.steps, " "),
                               path.minutes, path.ending);
        });
    py::class_<sop::ending_paths>(module, "EndingPaths",
                                  "The quickest and the slowest way to one ending.")
        .def_readonly("ending", &sop::ending_paths::ending, "The ending's id.")
        .def_readonly("shortest", &sop::ending_paths::shortest, "The quickest path to it.")
        .def_readonly("longest", &sop::ending_paths::longest, "The slowest loop-free path to it.")
        .def("__repr__", [](const sop::ending_paths& to) {
            return fmt::format("<EndingPaths {} {}-{} working minutes>", to.ending,
                               to.shortest.least_minutes, to.longest.minutes);
        });
    py::class_<sop::workload>(module, "Workload",
                              "The standard time one actor spends on the procedure.")
        .def_readonly("actor", &sop::workload::actor)
        .def_readonly("least", &sop::workload::least)
        .def_readonly("most", &sop::workload::most)
        .def_readonly("least_minutes", &sop::workload::least_minutes)
        .def_readonly("minutes", &sop::workload::minutes)
        .def("__repr__", [](const sop::workload& load) {
            return fmt::format("<Workload {} {} working minutes>", load.actor, load.minutes);
        });
    py::class_<sop::analysis>(module, "Analysis", "What Definition.analyze() finds.")
        .def_readonly("standard_path", &sop::analysis::standard_path,
                      "The path answering yes at every decision; None when it loops.")
        .def_readonly("shortest", &sop::analysis::shortest, "The quickest loop-free path.")
        .def_readonly("longest", &sop::analysis::longest, "The longest loop-free path.")
        .def_readonly("endings", &sop::analysis::endings,
                      "EndingPaths per ending, in declaration order.")
        .def_readonly("workload", &sop::analysis::workload, "Per actor, in declaration order.")
        .def_readonly("steps_without_duration", &sop::analysis::steps_without_duration)
        .def_readonly("day_minutes", &sop::analysis::day_minutes,
                      "The working minutes a working day counts for.")
        .def("__repr__", [](const sop::analysis& found) {
            return fmt::format("<Analysis shortest {} longest {} working minutes>",
                               found.shortest.minutes, found.longest.minutes);
        });
}

void bind_definition_class(py::module_& module) {
    py::class_<sop::definition>(
        module, "Definition",
        "A loaded, valid SOP: its identity header, actors and steps. Immutable, cheap to copy "
        "and safe to share between threads. Made by load_file() or load_string().")
        .def_property_readonly("id", &sop::definition::id, "The id attribute of <sop>.")
        .def_property_readonly("language", &sop::definition::language, "BCP 47, 'id' by default.")
        .def_property_readonly("source_name", &sop::definition::source_name,
                               "The file path or source name it was loaded from.")
        .def_property_readonly("header", &sop::definition::header, "The Identity header.")
        .def_property_readonly(
            "title", [](const sop::definition& sop) { return sop.header().title; },
            "The SOP's name (Nama SOP): header.title.")
        .def_property_readonly("headings", &sop::definition::headings,
                               "The headings of the procedure table.")
        .def_property_readonly(
            "actors",
            [](const sop::definition& sop) {
                return std::vector<sop::actor>(sop.actors().begin(), sop.actors().end());
            },
            "The actors, in declaration order.")
        .def_property_readonly(
            "steps",
            [](const sop::definition& sop) {
                return std::vector<sop::step>(sop.steps().begin(), sop.steps().end());
            },
            "The steps in document order; the first starts the procedure.")
        .def(
            "step",
            [](const sop::definition& sop, std::string_view id) -> std::optional<sop::step> {
                const sop::step* found = sop.find_step(id);
                if (found == nullptr) return std::nullopt;
                return *found;
            },
            py::arg("id"), "The step with this id, or None.")
        .def(
            "actor",
            [](const sop::definition& sop, std::string_view id) -> std::optional<sop::actor> {
                const sop::actor* found = sop.find_actor(id);
                if (found == nullptr) return std::nullopt;
                return *found;
            },
            py::arg("id"), "The actor with this id, or None.")
        .def_property_readonly(
            "endings",
            [](const sop::definition& sop) {
                return std::vector<sop::ending>(sop.endings().begin(), sop.endings().end());
            },
            "The ways the procedure ends, in declaration order; never empty.")
        .def(
            "ending",
            [](const sop::definition& sop, std::string_view id) -> std::optional<sop::ending> {
                const sop::ending* found = sop.find_ending(id);
                if (found == nullptr) return std::nullopt;
                return *found;
            },
            py::arg("id"), "The ending with this id ('end': the first), or None.")
        .def_property_readonly("fingerprint", &sop::definition::fingerprint,
                               "Hex digest of the content: the version a store keeps.")
        .def_property_readonly("linked", &sop::definition::linked,
                               "Whether every related SOP its steps run is resolved: True for "
                               "one that runs none, and for one a Catalog holds.")
        .def(
            "related",
            [](const sop::definition& sop,
               const py::object& step) -> std::optional<sop::definition> {
                const std::string id = py::isinstance<py::str>(step)
                                           ? step.cast<std::string>()
                                           : step.cast<const sop::step&>().id;
                const sop::step* found = sop.find_step(id);
                if (found == nullptr) return std::nullopt;
                const sop::definition* related = sop.related(*found);
                if (related == nullptr) return std::nullopt;
                return *related;
            },
            py::arg("step"),
            "The related SOP the step (a Step or its id) runs, as the Catalog resolved it; None "
            "for a step that runs none, or when the definition was not linked.")
        .def_property_readonly(
            "warnings",
            [](const sop::definition& sop) {
                return std::vector<sop::diagnostic>(sop.warnings().begin(), sop.warnings().end());
            },
            "The loader's warnings for this definition.")
        .def(
            "analyze",
            [](const sop::definition& sop, const sop::working_calendar* calendar) {
                return calendar == nullptr ? sop::analyze(sop) : sop::analyze(sop, *calendar);
            },
            py::arg("calendar") = nullptr,
            "Paths, durations and workloads, counting working minutes on the calendar (the "
            "default calendar when None).")
        .def("to_dot", &sop::to_dot, "The procedure as Graphviz DOT, one lane per actor.")
        .def(
            "to_html",
            [](const sop::definition& sop, std::string logo) {
                return sop::to_html(sop, {.logo = std::move(logo)});
            },
            py::kw_only(), py::arg("logo") = "",
            "The printed SOP document (Permenpan RB 35/2012) as one self-contained HTML page; "
            "``logo`` is an image URI for the logo space.")
        .def("to_svg", &sop::to_svg, "The flowchart table alone, as one SVG image.")
        .def("__eq__",
             [](const sop::definition& a, const sop::definition& b) {
                 return a.id() == b.id() && a.fingerprint() == b.fingerprint();
             })
        .def("__hash__",
             [](const sop::definition& sop) { return py::hash(py::str(sop.fingerprint())); })
        .def("__repr__", [](const sop::definition& sop) {
            return fmt::format("<Definition {} {}, {} steps, {} actors>", sop.id(),
                               python_repr(sop.header().title), sop.steps().size(),
                               sop.actors().size());
        });
}

void bind_loading(py::module_& module) {
    py::class_<sop::load_result>(module, "LoadResult",
                                 "What try_load_file() and try_load_string() give: the "
                                 "definition (None when there are errors) and every diagnostic.")
        .def_readonly("definition", &sop::load_result::definition,
                      "The Definition, or None when the file has errors.")
        .def_readonly("diagnostics", &sop::load_result::diagnostics,
                      "Every problem, errors and warnings, in source order.")
        .def("__bool__",
             [](const sop::load_result& result) { return result.definition.has_value(); })
        .def("__repr__", [](const sop::load_result& result) {
            return fmt::format("<LoadResult {}, {} diagnostics>",
                               result.definition ? "loaded " + result.definition->id() : "failed",
                               result.diagnostics.size());
        });

    const char* limits_doc =
        " Keyword arguments lower the loader's limits (max_file_size in bytes, max_steps, "
        "max_actors, max_text_length); None keeps the default.";
    module.def(
        "load_file",
        [](const std::filesystem::path& path, std::optional<std::uint64_t> max_file_size,
           std::optional<std::size_t> max_steps, std::optional<std::size_t> max_actors,
           std::optional<std::size_t> max_text_length) {
            return sop::load_file_or_throw(
                path, load_options(max_file_size, max_steps, max_actors, max_text_length));
        },
        py::arg("path"), py::kw_only(), py::arg("max_file_size") = py::none(),
        py::arg("max_steps") = py::none(), py::arg("max_actors") = py::none(),
        py::arg("max_text_length") = py::none(),
        (std::string("Loads the SOP in an XML file. Raises LoadError, which carries every "
                     "diagnostic, when the file is missing, unreadable, malformed or invalid.") +
         limits_doc)
            .c_str());
    module.def(
        "load_string",
        [](std::string_view text, std::string source_name,
           std::optional<std::uint64_t> max_file_size, std::optional<std::size_t> max_steps,
           std::optional<std::size_t> max_actors, std::optional<std::size_t> max_text_length) {
            return sop::load_string_or_throw(
                text, std::move(source_name),
                load_options(max_file_size, max_steps, max_actors, max_text_length));
        },
        py::arg("text"), py::arg("source_name") = "<string>", py::kw_only(),
        py::arg("max_file_size") = py::none(), py::arg("max_steps") = py::none(),
        py::arg("max_actors") = py::none(), py::arg("max_text_length") = py::none(),
        (std::string("Loads an SOP from XML text; ``source_name`` names it in diagnostics. "
                     "Raises LoadError.") +
         limits_doc)
            .c_str());
    module.def(
        "try_load_file",
        [](const std::filesystem::path& path, std::optional<std::uint64_t> max_file_size,
           std::optional<std::size_t> max_steps, std::optional<std::size_t> max_actors,
           std::optional<std::size_t> max_text_length) {
            return sop::load_file(
                path, load_options(max_file_size, max_steps, max_actors, max_text_length));
        },
        py::arg("path"), py::kw_only(), py::arg("max_file_size") = py::none(),
        py::arg("max_steps") = py::none(), py::arg("max_actors") = py::none(),
        py::arg("max_text_length") = py::none(),
        "Like load_file(), but never raises for a bad file: returns a LoadResult.");
    module.def(
        "try_load_string",
        [](std::string_view text, std::string source_name,
           std::optional<std::uint64_t> max_file_size, std::optional<std::size_t> max_steps,
           std::optional<std::size_t> max_actors, std::optional<std::size_t> max_text_length) {
            return sop::load_string(
                text, std::move(source_name),
                load_options(max_file_size, max_steps, max_actors, max_text_length));
        },
        py::arg("text"), py::arg("source_name") = "<string>", py::kw_only(),
        py::arg("max_file_size") = py::none(), py::arg("max_steps") = py::none(),
        py::arg("max_actors") = py::none(), py::arg("max_text_length") = py::none(),
        "Like load_string(), but never raises for bad text: returns a LoadResult.");
}

}  // namespace

void bind_catalog(py::module_& module) {
    py::class_<sop::catalog>(
        module, "Catalog",
        "SOPs whose steps run each other (step.sop), linked: every related SOP is one of them "
        "and none runs itself through others. Its definitions run their related SOPs as "
        "sub-cases. Made by load_catalog() or link().")
        .def_property_readonly(
            "definitions",
            [](const sop::catalog& catalog) {
                return std::vector<sop::definition>(catalog.definitions().begin(),
                                                    catalog.definitions().end());
            },
            "The linked Definitions, in the order loaded or given.")
        .def(
            "find",
            [](const sop::catalog& catalog, std::string_view id) -> std::optional<sop::definition> {
                const sop::definition* found = catalog.find(id);
                if (found == nullptr) return std::nullopt;
                return *found;
            },
            py::arg("id"), "The definition with this SOP id, or None.")
        .def("__getitem__",
             [](const sop::catalog& catalog, std::string_view id) {
                 const sop::definition* found = catalog.find(id);
                 if (found == nullptr) throw py::key_error(std::string(id));
                 return *found;
             })
        .def("__contains__", [](const sop::catalog& catalog,
                                std::string_view id) { return catalog.find(id) != nullptr; })
        .def("__len__", [](const sop::catalog& catalog) { return catalog.definitions().size(); })
        .def("__repr__", [](const sop::catalog& catalog) {
            return fmt::format("<Catalog of {} SOPs>", catalog.definitions().size());
        });

    // A catalog, or LoadError with every diagnostic.
    auto made = [](sop::catalog_result result) {
        if (!result) throw sop::load_error(std::move(result.diagnostics));
        return std::move(*result.catalog);
    };
    module.def(
        "load_catalog",
        [made](const std::filesystem::path& folder) {
            return made(sop::catalog::load_folder(folder));
        },
        py::arg("folder"),
        "Loads every *.xml file directly inside the folder, in name order, and links them into "
        "a Catalog. Raises LoadError, with every diagnostic, when a file has errors, two files "
        "have one SOP id, a step runs an SOP none of them is, or SOPs run each other in a "
        "circle.");
    module.def(
        "link",
        [made](std::vector<sop::definition> definitions) {
            return made(sop::catalog::link(std::move(definitions)));
        },
        py::arg("definitions"),
        "Links definitions already loaded into a Catalog; raises LoadError as load_catalog() "
        "does.");
}

void bind_definition(py::module_& module) {
    bind_times(module);
    bind_diagnostics(module);
    bind_identity(module);
    bind_steps(module);
    bind_analysis(module);
    bind_definition_class(module);
    bind_loading(module);
    bind_catalog(module);
}

}  // namespace sop_py
