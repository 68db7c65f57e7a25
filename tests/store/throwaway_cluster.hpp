#pragma once

// A throwaway PostgreSQL cluster (scripts/pg-cluster.sh): started on first use, a new empty
// database on each request, stopped and removed by stop() or when destroyed. The store's tests
// and its benchmarks share it.

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include "store/database.hpp"

namespace sop_test {

/// The output of a shell command, without its last newlines; throws when it fails.
inline std::string command_output(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), &pclose);
    if (!pipe) throw std::runtime_error("cannot run " + command);
    std::string out;
    std::array<char, 512> buffer{};
    while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe.get()) != nullptr) {
        out += buffer.data();
    }
    if (pclose(pipe.release()) != 0) throw std::runtime_error("failed: " + command);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

/// One cluster in a temporary folder, listening on a unix socket there only.
class throwaway_cluster {
public:
    throwaway_cluster() = default;
    ~throwaway_cluster() { stop(); }
    throwaway_cluster(const throwaway_cluster&) = delete;
    throwaway_cluster& operator=(const throwaway_cluster&) = delete;
    throwaway_cluster(throwaway_cluster&&) = delete;
    throwaway_cluster& operator=(throwaway_cluster&&) = delete;

    /// The URI of a new, empty database (the cluster starts on the first call).
    std::string new_database() {
        if (uri_.empty()) {
            folder_ = command_output("mktemp -d /tmp/sopengine-pg.XXXXXX");
            uri_ = command_output(script() + " start " + folder_);
        }
        std::string name = "t";  // not "t" + std::to_string(...): GCC 12 -O3 warns falsely
        name += std::to_string(++databases_);
        admin().script("CREATE DATABASE " + name);
        return "postgresql:///" + name + "?host=" + folder_ + "&user=sopengine";
    }

    /// Stops the cluster and removes its folder (nothing when it never started).
    void stop() noexcept {
        admin_.reset();
        if (!folder_.empty()) {
            const int stopped = std::system((script() + " stop " + folder_).c_str());
            if (stopped != 0)
                std::fprintf(stderr, "could not stop the cluster in %s\n", folder_.c_str());
        }
        folder_.clear();
        uri_.clear();
    }

private:
    static std::string script() {
        return std::string(SOPENGINE_SOURCE_DIR) + "/scripts/pg-cluster.sh";
    }
    sop::detail::database& admin() {
        if (!admin_) admin_ = sop::detail::open_postgresql(uri_);
        return *admin_;
    }
    std::string folder_;
    std::string uri_;
    int databases_ = 0;
    std::unique_ptr<sop::detail::database> admin_;
};

}  // namespace sop_test
