// The SQLite backend: one file in WAL mode with durable commits (synchronous=FULL); writers of
// several processes take turns through BEGIN IMMEDIATE and the busy timeout.

#include <fmt/format.h>
#include <sqlite3.h>

#include <sopengine/error.hpp>
#include <sopengine/store.hpp>
#include <string>
#include <unordered_map>

#include "store/database.hpp"

namespace sop::detail {
namespace {

class sqlite_database final : public database {
public:
    sqlite_database(const std::string& path, std::int64_t busy_timeout_ms) {
        const int opened = sqlite3_open_v2(
            path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
            nullptr);
        if (opened != SQLITE_OK) {
            const std::string said = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(opened);
            sqlite3_close_v2(db_);
            db_ = nullptr;
            throw error(store_errc::unavailable,
                        fmt::format("cannot open the SQLite store \"{}\": {}", path, said));
        }
        sqlite3_extended_result_codes(db_, 1);
        sqlite3_busy_timeout(db_, static_cast<int>(busy_timeout_ms));
        path_ = path;
        try {
            // WAL lets readers go on while one process writes; FULL syncs the log at every commit,
            // so an acknowledged operation survives a crash or a power loss.
            script("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
        } catch (...) {
            close();
            throw;
        }
    }
    ~sqlite_database() override { close(); }
    sqlite_database(const sqlite_database&) = delete;
    sqlite_database& operator=(const sqlite_database&) = delete;
    sqlite_database(sqlite_database&&) = delete;
    sqlite_database& operator=(sqlite_database&&) = delete;

    std::string_view backend() const noexcept override { return "sqlite"; }

    void script(std::string_view sql) override {
        const std::string text(sql);
        char* said = nullptr;
        const int code = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &said);
        if (code != SQLITE_OK) {
            const std::string message = said != nullptr ? said : sqlite3_errstr(code);
            sqlite3_free(said);
            fail(code, message);
        }
    }

    std::vector<sql_row> query(std::string_view sql, std::span<const sql_value> values) override {
        sqlite3_stmt* statement = prepare(sql, values);
        std::vector<sql_row> rows;
        const int columns = sqlite3_column_count(statement);
        int code = 0;
        while ((code = sqlite3_step(statement)) == SQLITE_ROW) {
            std::vector<sql_value> row;
            row.reserve(static_cast<std::size_t>(columns));
            for (int column = 0; column < columns; ++column) {
                switch (sqlite3_column_type(statement, column)) {
                    case SQLITE_NULL: row.emplace_back(std::monostate{}); break;
                    case SQLITE_INTEGER:
                        row.emplace_back(std::int64_t{sqlite3_column_int64(statement, column)});
                        break;
                    default: {
                        const auto* text = sqlite3_column_text(statement, column);
                        const int size = sqlite3_column_bytes(statement, column);
                        row.emplace_back(std::string(reinterpret_cast<const char*>(text),
                                                     static_cast<std::size_t>(size)));
                    }
                }
            }
            rows.emplace_back(std::move(row));
        }
        finish(statement, code);
        return rows;
    }

    std::int64_t change(std::string_view sql, std::span<const sql_value> values) override {
        sqlite3_stmt* statement = prepare(sql, values);
        const int code = sqlite3_step(statement);
        finish(statement, code);
        return sqlite3_changes64(db_);
    }

    void begin() override { script("BEGIN IMMEDIATE"); }
    void commit() override { script("COMMIT"); }
    void rollback() noexcept override {
        if (sqlite3_get_autocommit(db_) == 0)
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    void lock_schema() override {}  // BEGIN IMMEDIATE holds the only write lock already
    void lock_staff() override {}

private:
    sqlite3_stmt* prepare(std::string_view sql, std::span<const sql_value> values) {
        auto found = statements_.find(sql);
        if (found == statements_.end()) {
            sqlite3_stmt* statement = nullptr;
            const int code = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                                SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
            if (code != SQLITE_OK) fail(code, sqlite3_errmsg(db_));
            found = statements_.emplace(std::string(sql), statement).first;
        }
        sqlite3_stmt* statement = found->second;
        for (std::size_t index = 0; index < values.size(); ++index) {
            const int at = static_cast<int>(index) + 1;
            const sql_value& value = values[index];
            if (const auto* number = std::get_if<std::int64_t>(&value)) {
                sqlite3_bind_int64(statement, at, *number);
            } else if (const auto* text = std::get_if<std::string>(&value)) {
                sqlite3_bind_text(statement, at, text->data(), static_cast<int>(text->size()),
                                  SQLITE_STATIC);
            } else {
                sqlite3_bind_null(statement, at);
            }
        }
        return statement;
    }

    void finish(sqlite3_stmt* statement, int code) {
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
        if (code != SQLITE_DONE && code != SQLITE_ROW && code != SQLITE_OK) {
            fail(code, sqlite3_errmsg(db_));
        }
    }

    [[noreturn]] void fail(int code, const std::string& said) const {
        const int primary = code & 0xff;
        if (primary == SQLITE_NOTADB) {
            throw error(store_errc::incompatible,
                        fmt::format("\"{}\" is not a SQLite database: {}", path_, said));
        }
        if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
            throw error(store_errc::unavailable,
                        fmt::format("the SQLite store \"{}\" stayed locked by another writer "
                                    "longer than the busy timeout: {}",
                                    path_, said));
        }
        throw error(store_errc::unavailable, fmt::format("the SQLite store \"{}\" failed: {} ({})",
                                                         path_, said, sqlite3_errstr(code)));
    }

    void close() noexcept {
        for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
        statements_.clear();
        if (db_ != nullptr) sqlite3_close_v2(db_);
        db_ = nullptr;
    }

    struct text_hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const noexcept {
            return std::hash<std::string_view>{}(text);
        }
    };

    sqlite3* db_ = nullptr;
    std::string path_;
    std::unordered_map<std::string, sqlite3_stmt*, text_hash, std::equal_to<>> statements_;
};

}  // namespace

std::unique_ptr<database> open_sqlite(const std::string& path, std::int64_t busy_timeout_ms) {
    return std::make_unique<sqlite_database>(path, busy_timeout_ms);
}

}  // namespace sop::detail
