#include <sopengine/error.hpp>
#include <sopengine/instance.hpp>
#include <sopengine/snapshot.hpp>
#include <string>

namespace sop {
namespace {

// One category per enumeration; each names its values as to_string does.
template <typename Code>
class named_category final : public std::error_category {
public:
    explicit named_category(const char* name) noexcept : name_(name) {}
    const char* name() const noexcept override { return name_; }
    std::string message(int value) const override {
        return std::string(to_string(static_cast<Code>(value)));
    }

private:
    const char* name_;
};

}  // namespace

std::string_view to_string(errc code) noexcept {
    switch (code) {
        case errc::invalid_argument: return "invalid_argument";
        case errc::load_failed: return "load_failed";
        case errc::no_working_time: return "no_working_time";
        case errc::time_out_of_range: return "time_out_of_range";
        case errc::moved_from: return "moved_from";
        case errc::not_linked: return "not_linked";
    }
    return "unknown";
}

const std::error_category& error_category() noexcept {
    static const named_category<errc> category("sopengine");
    return category;
}

const std::error_category& outcome_category() noexcept {
    static const named_category<outcome_code> category("sopengine.outcome");
    return category;
}

const std::error_category& restore_category() noexcept {
    static const named_category<restore_error> category("sopengine.restore");
    return category;
}

std::error_code make_error_code(errc code) noexcept {
    return {static_cast<int>(code), error_category()};
}

std::error_code make_error_code(outcome_code code) noexcept {
    return {static_cast<int>(code), outcome_category()};
}

std::error_code make_error_code(restore_error code) noexcept {
    return {static_cast<int>(code), restore_category()};
}

error::error(std::error_code code, const std::string& message)
    : std::runtime_error(message), code_(code) {}

}  // namespace sop
