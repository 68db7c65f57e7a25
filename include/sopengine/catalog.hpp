#pragma once

/// @file
/// SOPs that run each other: a step's `sop="..."` names a related SOP (Keterkaitan) by id, and a
/// catalog resolves those ids among a set of definitions, so that cases can run them.

#include <filesystem>
#include <optional>
#include <sopengine/definition.hpp>
#include <sopengine/diagnostic.hpp>
#include <sopengine/load.hpp>
#include <sopengine/visibility.hpp>
#include <span>
#include <string_view>
#include <vector>

namespace sop {

class catalog;
struct catalog_result;

namespace detail {
struct catalog_access;
}  // namespace detail

/// A set of definitions with distinct ids, linked: every related SOP a step names is one of
/// them, and no SOP runs itself through others. The definitions a catalog holds are linked
/// (definition::linked(), definition::related()), so cases of them run their related SOPs as
/// sub-cases. Immutable; copies share the definitions.
///
/// @code
/// auto made = sop::catalog::load_folder("sop-definitions/examples");
/// if (!made) for (const auto& d : made.diagnostics) std::cerr << sop::to_string(d) << '\n';
/// sop::instance permit(*made.catalog->find("dpmptsp-izin-reklame"));
/// @endcode
class SOPENGINE_API catalog {
public:
    /// Loads every `*.xml` file directly inside `folder`, in name order, and links them. A file
    /// with errors, two files of one SOP id, a related SOP no file has and SOPs that run each
    /// other in a circle are errors (located at the file, or at the step that names the SOP).
    /// Never throws for bad input (only std::bad_alloc).
    static catalog_result load_folder(const std::filesystem::path& folder,
                                      const load_options& options = {});
    /// Links definitions loaded already (in the order given), with the diagnostics of
    /// load_folder's linking.
    static catalog_result link(std::vector<definition> definitions);

    /// The linked definitions, in the order loaded or given.
    std::span<const definition> definitions() const noexcept { return definitions_; }
    /// The definition with this SOP id, or nullptr.
    const definition* find(std::string_view id) const noexcept;

private:
    friend struct detail::catalog_access;
    explicit catalog(std::vector<definition> linked) noexcept;
    std::vector<definition> definitions_;
};

/// The outcome of making a catalog: the catalog, or none; and every diagnostic, those of each
/// file loaded and those of linking.
struct [[nodiscard]] catalog_result {
    std::optional<sop::catalog> catalog;  ///< Set exactly when there is no error.
    std::vector<diagnostic> diagnostics;  ///< Errors and warnings, file by file.

    /// True when a catalog was made.
    explicit operator bool() const noexcept { return catalog.has_value(); }
};

}  // namespace sop
