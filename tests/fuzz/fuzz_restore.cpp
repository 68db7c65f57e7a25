// libFuzzer target: snapshot restore on arbitrary text, against the shipped Sidoarjo SOP (the
// properties are in checks.hpp).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "checks.hpp"

namespace {
const sop::definition& sidoarjo() {
    static const sop::definition sop =
        sop::load_file_or_throw(std::string(SOPENGINE_DEFINITIONS) + "/sidoarjo.xml");
    return sop;
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)sidoarjo();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (!sop_fuzz::check_restore(sidoarjo(),
                                 std::string_view(reinterpret_cast<const char*>(data), size))) {
        std::abort();
    }
    return 0;
}
