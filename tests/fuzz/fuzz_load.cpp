// libFuzzer target: the loader on arbitrary bytes (the properties are in checks.hpp).
#include <cstdint>
#include <cstdlib>

#include "checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (!sop_fuzz::check_load(std::string_view(reinterpret_cast<const char*>(data), size))) {
        std::abort();
    }
    return 0;
}
