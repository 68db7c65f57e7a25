#pragma once

/// @file
/// Loading SOP XML into a definition, with every problem reported as a diagnostic.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <sopengine/calendar.hpp>
#include <sopengine/definition.hpp>
#include <sopengine/diagnostic.hpp>
#include <sopengine/duration.hpp>
#include <sopengine/error.hpp>
#include <sopengine/logging.hpp>
#include <sopengine/visibility.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace sop {

/// The most steps any SOP may have (load_options::max_steps may only lower it).
inline constexpr std::size_t max_steps = 1'000'000;
/// The most actors any SOP may declare (load_options::max_actors may only lower it).
inline constexpr std::size_t max_actors = 1'000'000;

/// Limits and conventions of the loader. Every limit is diagnosed, never wrapped: a document
/// over one gets an error naming the limit.
struct load_options {
    std::uint64_t max_file_size =
        std::uint64_t{16} * 1024 * 1024;     ///< Larger files are refused unread (file-too-large).
    std::size_t max_steps = sop::max_steps;  ///< More steps is the error too-many-steps.
    std::size_t max_actors = sop::max_actors;  ///< More actors is the error too-many-actors.
    /// The longest one value may be, in bytes after whitespace is folded (an id, a description,
    /// a list item, an attribute); longer is the error text-too-long.
    std::size_t max_text_length = 65'536;
    /// Where the load logs (debug: what was loaded); null for the default sink (logging.hpp).
    std::shared_ptr<log_sink> log;
};

/// The outcome of a load: a valid definition, or none; and every diagnostic, warnings included.
struct [[nodiscard]] load_result {
    std::optional<sop::definition> definition;  ///< Set exactly when there is no error.
    std::vector<diagnostic> diagnostics;        ///< In source order, errors and warnings.

    /// True when a definition was loaded.
    explicit operator bool() const noexcept { return definition.has_value(); }
};

/// Loads the SOP in the file at `path`. Never throws for bad input: a missing, unreadable,
/// oversized, empty, non-UTF-8, malformed or invalid file gives diagnostics and no definition.
/// Throws only std::bad_alloc.
SOPENGINE_API load_result load_file(const std::filesystem::path& path,
                                    const load_options& options = {});

/// Loads an SOP from XML text; `source_name` names it in diagnostics. Never throws for bad input.
SOPENGINE_API load_result load_string(std::string_view text, std::string source_name,
                                      const load_options& options = {});

/// Thrown by the *_or_throw loaders: a sop::error with code errc::load_failed that carries
/// every diagnostic.
class SOPENGINE_API load_error : public error {
public:
    /// Builds the error; what() lists the errors, one printed diagnostic per line.
    explicit load_error(std::vector<diagnostic> diagnostics);
    /// Every diagnostic of the failed load.
    const std::vector<diagnostic>& diagnostics() const noexcept { return diagnostics_; }

private:
    std::vector<diagnostic> diagnostics_;
};

/// Like load_file, but returns the definition or throws load_error.
///
/// @code
/// sop::definition sidoarjo = sop::load_file_or_throw("sop-definitions/sidoarjo.xml");
/// sop::instance work(sidoarjo);
/// work.start("sekda", at);
/// @endcode
SOPENGINE_API sop::definition load_file_or_throw(const std::filesystem::path& path,
                                                 const load_options& options = {});

/// Like load_string, but returns the definition or throws load_error.
SOPENGINE_API sop::definition load_string_or_throw(std::string_view text, std::string source_name,
                                                   const load_options& options = {});

/// Limits of the calendar loader.
struct calendar_load_options {
    std::uint64_t max_file_size = std::uint64_t{4} * 1024 * 1024;  ///< Per file (file-too-large).
    std::size_t max_text_length = 65'536;  ///< The longest value (text-too-long).
    std::size_t max_include_depth = 16;    ///< Includes within includes (include-too-deep).
};

/// The outcome of loading a calendar: the calendar, or none; and every diagnostic, those of
/// included files with their own file names.
struct [[nodiscard]] calendar_load_result {
    std::optional<working_calendar> calendar;  ///< Set exactly when there is no error.
    std::vector<diagnostic> diagnostics;       ///< Errors and warnings.

    /// True when a calendar was loaded.
    explicit operator bool() const noexcept { return calendar.has_value(); }
};

/// Loads a working calendar from its XML file (sop-definitions/calendars/README.md describes
/// the format; calendar.xsd is its schema). `<include file="..."/>` paths are relative to the
/// including file. Never throws for bad input. Throws only std::bad_alloc.
SOPENGINE_API calendar_load_result load_calendar_file(const std::filesystem::path& path,
                                                      const calendar_load_options& options = {});

/// Loads a working calendar from XML text; `source_name` names it in diagnostics, and its
/// folder is where relative includes are looked for.
SOPENGINE_API calendar_load_result load_calendar_string(std::string_view text,
                                                        std::string source_name,
                                                        const calendar_load_options& options = {});

/// Like load_calendar_file, but returns the calendar or throws load_error.
SOPENGINE_API working_calendar load_calendar_file_or_throw(
    const std::filesystem::path& path, const calendar_load_options& options = {});

/// The calendar as a self-contained calendar file (no includes; decrees numbered d1, d2, ...),
/// which load_calendar_string reads back to an equal calendar: how a calendar is kept where no
/// file system is (a store, a message).
[[nodiscard]] SOPENGINE_API std::string calendar_xml(const working_calendar& calendar);

}  // namespace sop
