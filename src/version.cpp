#include <sopengine/version.hpp>

namespace sop {

std::string_view version() noexcept {
    return SOPENGINE_VERSION;
}

}  // namespace sop
