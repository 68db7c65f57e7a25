#include <sopengine/version.hpp>

#define SOPENGINE_STRINGIFY_(x) #x
#define SOPENGINE_STRINGIFY(x) SOPENGINE_STRINGIFY_(x)

namespace sop {

std::string_view version() noexcept {
    return SOPENGINE_STRINGIFY(SOPENGINE_VERSION_MAJOR) "." SOPENGINE_STRINGIFY(
        SOPENGINE_VERSION_MINOR) "." SOPENGINE_STRINGIFY(SOPENGINE_VERSION_PATCH);
}

}  // namespace sop
