// sop-runner lint: every diagnostic of every file, the way compilers print them.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <system_error>

#include "runner.hpp"

namespace runner {
namespace {

namespace fs = std::filesystem;

// The files named on the command line; a directory stands for the .xml files under it, sorted.
std::vector<std::string> expand(const std::vector<std::string>& arguments) {
    std::vector<std::string> files;
    for (const std::string& argument : arguments) {
        std::error_code error;
        if (!fs::is_directory(argument, error)) {
            files.push_back(argument);
            continue;
        }
        std::vector<std::string> found;
        for (fs::recursive_directory_iterator it(argument, error), end; !error && it != end;
             it.increment(error)) {
            if (it->path().extension() == ".xml" && !it->is_directory(error)) {
                found.push_back(it->path().string());
            }
        }
        if (error || found.empty()) {
            files.push_back(argument);  // the loader says what is wrong with it
            continue;
        }
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

std::string coloured(const sop::diagnostic& item) {
    std::string where = item.where.file;
    if (item.where.line > 0) where += fmt::format(":{}", item.where.line);
    if (item.where.column > 0) where += fmt::format(":{}", item.where.column);
    const bool error = item.level == sop::severity::error;
    return fmt::format("\033[1m{}:\033[0m \033[1;{}m{}:\033[0m {} \033[2m[{}]\033[0m\n", where,
                       error ? 31 : 35, sop::to_string(item.level), item.message, item.code);
}

nlohmann::json to_json(const sop::diagnostic& item) {
    auto optional_number = [](std::uint32_t value) {
        return value == 0 ? nlohmann::json(nullptr) : nlohmann::json(value);
    };
    return {{"severity", sop::to_string(item.level)},
            {"code", item.code},
            {"file", item.where.file},
            {"line", optional_number(item.where.line)},
            {"column", optional_number(item.where.column)},
            {"message", item.message}};
}

// Whether the file's root element is <calendar>: the first start tag after the declaration,
// comments and a DOCTYPE. Anything unreadable is linted as an SOP, whose loader says why.
bool is_calendar_file(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    for (std::size_t at = head.find('<'); at != std::string::npos; at = head.find('<', at + 1)) {
        if (at + 1 < head.size() && (head[at + 1] == '?' || head[at + 1] == '!')) continue;
        return head.compare(at + 1, 8, "calendar") == 0;
    }
    return false;
}

// A file's diagnostics and whether it loaded, as an SOP (kept, for linking) or a calendar.
struct checked {
    std::vector<sop::diagnostic> diagnostics;
    bool valid = false;
    std::optional<sop::definition> definition;
};

checked check(const std::string& file) {
    if (is_calendar_file(file)) {
        sop::calendar_load_result result = sop::load_calendar_file(file);
        return {std::move(result.diagnostics), result.calendar.has_value(), std::nullopt};
    }
    sop::load_result result = sop::load_file(file);
    const bool valid = result.definition.has_value();
    return {std::move(result.diagnostics), valid, std::move(result.definition)};
}

// When the valid SOPs name related SOPs, they are linked as one catalog, as sop-runner walk and
// the store link them: a related SOP none of the files has, SOPs that run each other in a circle
// and two files of one SOP id are errors of the file concerned.
void link(std::vector<checked>& results, const std::vector<std::string>& files) {
    std::vector<sop::definition> definitions;
    bool related = false;
    for (const checked& result : results) {
        if (!result.definition) continue;
        definitions.push_back(*result.definition);
        related = related || !result.definition->linked();
    }
    if (!related) return;
    sop::catalog_result linked = sop::catalog::link(std::move(definitions));
    for (sop::diagnostic& item : linked.diagnostics) {
        const auto file = std::find(files.begin(), files.end(), item.where.file);
        if (file == files.end()) continue;
        checked& result = results[static_cast<std::size_t>(file - files.begin())];
        result.valid = result.valid && item.level != sop::severity::error;
        result.diagnostics.push_back(std::move(item));
    }
}

}  // namespace

int lint(const lint_options& options) {
    const std::vector<std::string> files = expand(options.files);
    const bool colour = !options.json && use_colour(options.colour, stdout);
    std::size_t errors = 0;
    std::size_t warnings = 0;
    std::size_t failed_files = 0;
    nlohmann::json report = nlohmann::json::array();
    std::string out;
    std::vector<checked> results;
    results.reserve(files.size());
    for (const std::string& file : files) results.push_back(check(file));
    link(results, files);
    for (std::size_t i = 0; i < files.size(); ++i) {
        const std::string& file = files[i];
        const auto& [diagnostics, valid, definition] = results[i];
        std::size_t file_errors = 0;
        for (const sop::diagnostic& item : diagnostics) {
            ++(item.level == sop::severity::error ? file_errors : warnings);
        }
        errors += file_errors;
        if (file_errors > 0) ++failed_files;
        if (options.json) {
            nlohmann::json listed = nlohmann::json::array();
            for (const sop::diagnostic& item : diagnostics) listed.push_back(to_json(item));
            report.push_back({{"file", file},
                              {"valid", valid},
                              {"errors", file_errors},
                              {"warnings", diagnostics.size() - file_errors},
                              {"diagnostics", std::move(listed)}});
            continue;
        }
        out.clear();
        for (const sop::diagnostic& item : diagnostics) {
            out += colour ? coloured(item) : sop::to_string(item) + '\n';
        }
        std::fwrite(out.data(), 1, out.size(), stdout);
    }
    const bool failed = errors > 0 || (options.werror && warnings > 0);
    if (options.json) {
        const nlohmann::json summary{{"files", std::move(report)},
                                     {"errors", errors},
                                     {"warnings", warnings},
                                     {"ok", !failed}};
        fmt::print("{}\n", summary.dump(2));
    } else {
        fmt::print(stderr, "{} file{} checked: {} with errors, {} error{}, {} warning{}{}\n",
                   files.size(), files.size() == 1 ? "" : "s", failed_files, errors,
                   errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s",
                   options.werror && warnings > 0 ? " (warnings are errors)" : "");
    }
    return failed ? failure : success;
}

}  // namespace runner
