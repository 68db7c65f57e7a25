#pragma once

// The one thing the store asks of a database: SQL with positional parameters ("?"), rows of
// integers, texts and NULLs, and transactions. sqlite.cpp and postgresql.cpp implement it; the
// store's SQL is written once, in the dialect both accept.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sop::detail {

// A parameter or a column: NULL, an integer or a text.
using sql_value = std::variant<std::monostate, std::int64_t, std::string>;

// One row of a result.
class sql_row {
public:
    explicit sql_row(std::vector<sql_value> values) : values_(std::move(values)) {}
    bool null(std::size_t column) const;
    std::int64_t integer(std::size_t column) const;  // 0 for NULL
    std::optional<std::int64_t> optional_integer(std::size_t column) const;
    const std::string& text(std::size_t column) const;  // empty for NULL

private:
    std::vector<sql_value> values_;
};

// A connection. Every failure of the database throws sop::error with store_errc::unavailable
// (or incompatible when the file is not a database), naming the backend and what it said.
class database {
public:
    database() = default;
    virtual ~database() = default;
    database(const database&) = delete;
    database& operator=(const database&) = delete;
    database(database&&) = delete;
    database& operator=(database&&) = delete;

    // "sqlite" or "postgresql".
    virtual std::string_view backend() const noexcept = 0;
    // Runs statements without parameters or results (the schema).
    virtual void script(std::string_view sql) = 0;
    // Runs one statement; its rows.
    virtual std::vector<sql_row> query(std::string_view sql, std::span<const sql_value> values) = 0;
    // Runs one statement; how many rows it changed.
    virtual std::int64_t change(std::string_view sql, std::span<const sql_value> values) = 0;
    // A write transaction (SQLite: BEGIN IMMEDIATE, taking the write lock at once).
    virtual void begin() = 0;
    virtual void commit() = 0;
    // Rolls back if a transaction is open; never throws.
    virtual void rollback() noexcept = 0;
    // Serialises schema migrations between processes until the transaction ends.
    virtual void lock_schema() = 0;
    // Serialises changes to the people and their assignments until the transaction ends.
    virtual void lock_staff() = 0;
};

std::unique_ptr<database> open_sqlite(const std::string& path, std::int64_t busy_timeout_ms);
std::unique_ptr<database> open_postgresql(const std::string& uri);

// A transaction that rolls back unless committed.
class transaction {
public:
    explicit transaction(database& db) : db_(db) { db_.begin(); }
    ~transaction() {
        if (open_) db_.rollback();
    }
    transaction(const transaction&) = delete;
    transaction& operator=(const transaction&) = delete;
    transaction(transaction&&) = delete;
    transaction& operator=(transaction&&) = delete;
    void commit() {
        db_.commit();
        open_ = false;
    }

private:
    database& db_;
    bool open_ = true;
};

}  // namespace sop::detail
