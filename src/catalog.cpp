// A catalog: definitions with distinct ids, whose related SOPs (a step's `sop`) are resolved
// among themselves. Linking copies a definition that names related SOPs and gives the copy the
// linked definitions of those SOPs, children before parents, so a linked definition holds the
// whole tree of SOPs it runs.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <sopengine/catalog.hpp>
#include <sopengine/error.hpp>
#include <system_error>

#include "detail/definition_data.hpp"
#include "detail/text.hpp"

namespace sop {
namespace detail {
struct catalog_access {
    static catalog make(std::vector<definition> linked) { return catalog(std::move(linked)); }
};
}  // namespace detail

namespace {

// Whether a Keterkaitan item names the SOP: its id, its number or its title, in any case.
bool lists(const definition& parent, const definition& child) {
    std::vector<std::string> names{detail::ascii_lower(child.id())};
    for (const std::string* text : {&child.header().number, &child.header().title}) {
        std::string name = detail::ascii_lower(detail::normalize_space(*text));
        if (!name.empty()) names.push_back(std::move(name));
    }
    return std::any_of(
        parent.header().related_sops.begin(), parent.header().related_sops.end(),
        [&names](const std::string& item) {
            const std::string written = detail::ascii_lower(detail::normalize_space(item));
            return std::any_of(names.begin(), names.end(), [&written](const std::string& name) {
                return written.find(name) != std::string::npos;
            });
        });
}

class linker {
public:
    explicit linker(std::vector<definition> given) : given_(std::move(given)) {}

    catalog_result run(std::vector<diagnostic> loaded) && {
        out_.diagnostics = std::move(loaded);
        index();
        resolve();
        if (has_errors(out_.diagnostics)) return std::move(out_);
        state_.assign(given_.size(), visit::fresh);
        for (std::size_t i = 0; i < given_.size(); ++i) find_cycles(i);
        if (has_errors(out_.diagnostics)) return std::move(out_);
        linked_.resize(given_.size());
        for (std::size_t i = 0; i < given_.size(); ++i) link(i);
        check_listed();
        std::vector<definition> result;
        result.reserve(linked_.size());
        for (auto& one : linked_) result.push_back(std::move(*one));
        out_.catalog.emplace(detail::catalog_access::make(std::move(result)));
        return std::move(out_);
    }

private:
    enum class visit : std::uint8_t { fresh, open, done };

    void error(std::string code, location where, std::string message) {
        out_.diagnostics.push_back(
            diagnostic{severity::error, std::move(code), std::move(where), std::move(message)});
    }

    // The SOPs by id; a second one with an id taken is an error.
    void index() {
        for (std::size_t i = 0; i < given_.size(); ++i) {
            const definition& one = given_[i];
            if (!detail::definition_access::valid(one)) {
                throw sop::error(errc::invalid_argument,
                                 "sop::catalog::link needs definitions, not moved-from ones");
            }
            const auto [at, fresh] = by_id_.emplace(one.id(), i);
            if (!fresh) {
                error("duplicate-sop", location{one.source_name(), 0, 0},
                      fmt::format("SOP id '{}' is also the id of {}; give every SOP of a catalog "
                                  "its own id",
                                  one.id(), given_[at->second].source_name()));
            }
        }
        for (const auto& [id, index] : by_id_) ids_.push_back(id);
    }

    // Every related SOP a step names is in the catalog.
    void resolve() {
        for (const definition& one : given_) {
            for (const step& row : one.steps()) {
                if (row.sop.empty() || by_id_.count(row.sop) != 0) continue;
                std::string message =
                    fmt::format("step {} of {} runs SOP '{}', which the catalog does not have",
                                row.id, one.id(), row.sop);
                if (const auto guess = suggest_.closest(row.sop, ids_); !guess.empty()) {
                    message += fmt::format("; did you mean '{}'?", guess);
                } else {
                    message +=
                        fmt::format("; add its file, or name one of {}", fmt::join(ids_, ", "));
                }
                error("unknown-sop", row.where, std::move(message));
            }
        }
    }

    // SOPs that run each other in a circle, each circle reported once, at the step that closes
    // it. `path` holds the steps followed from the SOP the search began at.
    void find_cycles(std::size_t at) {
        if (state_[at] != visit::fresh) return;
        state_[at] = visit::open;
        const definition& one = given_[at];
        for (const step& row : one.steps()) {
            if (row.sop.empty()) continue;
            const std::size_t next = by_id_.at(row.sop);
            path_.emplace_back(at, &row);
            if (state_[next] == visit::open) {
                report_cycle(next);
            } else {
                find_cycles(next);
            }
            path_.pop_back();
        }
        state_[at] = visit::done;
    }

    void report_cycle(std::size_t back_to) {
        const auto first = std::find_if(path_.begin(), path_.end(), [back_to](const auto& hop) {
            return hop.first == back_to;
        });
        std::string circle;
        for (auto hop = first; hop != path_.end(); ++hop) {
            circle += fmt::format("{} (step {}) -> ", given_[hop->first].id(), hop->second->id);
        }
        circle += given_[back_to].id();
        const step& closing = *path_.back().second;
        error("sop-cycle", closing.where,
              fmt::format("step {} of {} runs SOP '{}', which runs it again: {}; a case of "
                          "SOPs that run each other never ends, so let one of them send the work "
                          "back with a decision instead",
                          closing.id, given_[path_.back().first].id(), closing.sop, circle));
    }

    // The linked copy of a definition, its related SOPs linked first.
    void link(std::size_t at) {
        if (linked_[at]) return;
        const definition& one = given_[at];
        const detail::definition_data& data = detail::data_of(one);
        if (data.related_ids.empty()) {
            linked_[at] = one;
            return;
        }
        auto copy = std::make_shared<detail::definition_data>(data);
        copy->related.clear();
        copy->related.reserve(data.related_ids.size());
        for (const std::string& id : data.related_ids) {
            const std::size_t child = by_id_.at(id);
            link(child);
            copy->related.push_back(*linked_[child]);
        }
        linked_[at] = detail::definition_access::make(std::move(copy));
    }

    // A related SOP should stand in the form's Keterkaitan, which is where readers of the
    // printed SOP look for it.
    void check_listed() {
        for (const auto& one : linked_) {
            for (const step& row : one->steps()) {
                const definition* child = one->related(row);
                if (child == nullptr || lists(*one, *child)) continue;
                out_.diagnostics.push_back(diagnostic{
                    severity::warning, "unlisted-related-sop", row.where,
                    fmt::format("step {} of {} runs SOP '{}' ({}), which its Keterkaitan does "
                                "not list; add an <item> naming it to <related-sops>",
                                row.id, one->id(), child->id(), child->header().title)});
            }
        }
    }

    std::vector<definition> given_;
    catalog_result out_;
    std::map<std::string, std::size_t, std::less<>> by_id_;
    std::vector<std::string_view> ids_;
    detail::suggester suggest_;
    std::vector<visit> state_;
    std::vector<std::pair<std::size_t, const step*>> path_;
    std::vector<std::optional<definition>> linked_;
};

}  // namespace

catalog::catalog(std::vector<definition> linked) noexcept : definitions_(std::move(linked)) {}

const definition* catalog::find(std::string_view id) const noexcept {
    const auto found = std::find_if(definitions_.begin(), definitions_.end(),
                                    [id](const definition& one) { return one.id() == id; });
    return found == definitions_.end() ? nullptr : &*found;
}

catalog_result catalog::link(std::vector<definition> definitions) {
    return linker(std::move(definitions)).run({});
}

catalog_result catalog::load_folder(const std::filesystem::path& folder,
                                    const load_options& options) {
    std::vector<diagnostic> diagnostics;
    std::error_code failed;
    std::vector<std::filesystem::path> files;
    for (std::filesystem::directory_iterator entry(folder, failed), end; !failed && entry != end;
         entry.increment(failed)) {
        if (entry->path().extension() == ".xml" && entry->is_regular_file(failed)) {
            files.push_back(entry->path());
        }
    }
    if (failed) {
        diagnostics.push_back(
            diagnostic{severity::error, "file-unreadable", location{folder.string(), 0, 0},
                       fmt::format("cannot read the folder of SOPs: {}", failed.message())});
        return catalog_result{std::nullopt, std::move(diagnostics)};
    }
    std::sort(files.begin(), files.end());
    std::vector<definition> loaded;
    bool complete = true;
    for (const auto& file : files) {
        load_result one = load_file(file, options);
        diagnostics.insert(diagnostics.end(), one.diagnostics.begin(), one.diagnostics.end());
        if (one.definition) {
            loaded.push_back(std::move(*one.definition));
        } else {
            complete = false;
        }
    }
    if (files.empty()) {
        diagnostics.push_back(diagnostic{
            severity::error, "empty-catalog", location{folder.string(), 0, 0},
            "the folder has no SOP (*.xml) files; put the SOPs that run each other in it"});
        return catalog_result{std::nullopt, std::move(diagnostics)};
    }
    if (!complete) return catalog_result{std::nullopt, std::move(diagnostics)};
    return linker(std::move(loaded)).run(std::move(diagnostics));
}

}  // namespace sop
