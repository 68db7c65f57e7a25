// The PostgreSQL backend (libpq): many application servers share one database. Statements are
// prepared once per connection; every value travels as text.

#include <fmt/format.h>
#include <libpq-fe.h>

#include <charconv>
#include <memory>
#include <sopengine/error.hpp>
#include <sopengine/store.hpp>
#include <string>
#include <unordered_map>

#include "store/database.hpp"

namespace sop::detail {
namespace {

// "?" placeholders as PostgreSQL's "$1", "$2", ... (the store's SQL has no "?" in literals).
std::string numbered(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int next = 0;
    for (const char c : sql) {
        if (c == '?') {
            out += fmt::format("${}", ++next);
        } else {
            out += c;
        }
    }
    return out;
}

using result_ptr = std::unique_ptr<PGresult, decltype(&PQclear)>;

class postgresql_database final : public database {
public:
    explicit postgresql_database(const std::string& uri) : db_(PQconnectdb(uri.c_str())) {
        if (db_ == nullptr)
            throw error(store_errc::unavailable, "libpq could not allocate a connection");
        if (PQstatus(db_) != CONNECTION_OK) {
            const std::string said = trimmed(PQerrorMessage(db_));
            PQfinish(db_);
            db_ = nullptr;
            throw error(store_errc::unavailable,
                        fmt::format("cannot connect to the PostgreSQL store: {}", said));
        }
        // "relation already exists, skipping" and the like are not for the application's stderr.
        PQsetNoticeProcessor(
            db_, [](void*, const char*) {}, nullptr);
        script("SET client_min_messages = warning");
    }
    ~postgresql_database() override {
        if (db_ != nullptr) PQfinish(db_);
    }
    postgresql_database(const postgresql_database&) = delete;
    postgresql_database& operator=(const postgresql_database&) = delete;
    postgresql_database(postgresql_database&&) = delete;
    postgresql_database& operator=(postgresql_database&&) = delete;

    std::string_view backend() const noexcept override { return "postgresql"; }

    void script(std::string_view sql) override {
        const std::string text(sql);
        check(result_ptr(PQexec(db_, text.c_str()), &PQclear));
    }

    std::vector<sql_row> query(std::string_view sql, std::span<const sql_value> values) override {
        const result_ptr result = run(sql, values);
        const int rows = PQntuples(result.get());
        const int columns = PQnfields(result.get());
        std::vector<sql_row> out;
        out.reserve(static_cast<std::size_t>(rows));
        for (int row = 0; row < rows; ++row) {
            std::vector<sql_value> cells;
            cells.reserve(static_cast<std::size_t>(columns));
            for (int column = 0; column < columns; ++column) {
                if (PQgetisnull(result.get(), row, column) != 0) {
                    cells.emplace_back(std::monostate{});
                    continue;
                }
                const char* text = PQgetvalue(result.get(), row, column);
                const auto size = static_cast<std::size_t>(PQgetlength(result.get(), row, column));
                const Oid type = PQftype(result.get(), column);
                if (type == 20 || type == 23 || type == 21) {  // int8, int4, int2
                    std::int64_t number = 0;
                    std::from_chars(text, text + size, number);
                    cells.emplace_back(number);
                } else {
                    cells.emplace_back(std::string(text, size));
                }
            }
            out.emplace_back(std::move(cells));
        }
        return out;
    }

    std::int64_t change(std::string_view sql, std::span<const sql_value> values) override {
        const result_ptr result = run(sql, values);
        const std::string_view count = PQcmdTuples(result.get());
        std::int64_t changed = 0;
        std::from_chars(count.data(), count.data() + count.size(), changed);
        return changed;
    }

    void begin() override { script("BEGIN"); }
    void commit() override { script("COMMIT"); }
    void rollback() noexcept override {
        if (db_ != nullptr && PQtransactionStatus(db_) != PQTRANS_IDLE) {
            PQclear(PQexec(db_, "ROLLBACK"));
        }
    }
    void lock_schema() override { script("SELECT pg_advisory_xact_lock(7315221358)"); }
    void lock_staff() override { script("SELECT pg_advisory_xact_lock(7315221359)"); }

private:
    static std::string trimmed(const char* text) {
        std::string out = text != nullptr ? text : "";
        while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
        return out;
    }

    result_ptr run(std::string_view sql, std::span<const sql_value> values) {
        auto found = statements_.find(sql);
        if (found == statements_.end()) {
            const std::string name = fmt::format("s{}", statements_.size() + 1);
            const std::string text = numbered(sql);
            check(result_ptr(PQprepare(db_, name.c_str(), text.c_str(),
                                       static_cast<int>(values.size()), nullptr),
                             &PQclear));
            found = statements_.emplace(std::string(sql), name).first;
        }
        std::vector<std::string> texts(values.size());
        std::vector<const char*> pointers(values.size(), nullptr);
        for (std::size_t index = 0; index < values.size(); ++index) {
            if (const auto* number = std::get_if<std::int64_t>(&values[index])) {
                texts[index] = std::to_string(*number);
                pointers[index] = texts[index].c_str();
            } else if (const auto* text = std::get_if<std::string>(&values[index])) {
                pointers[index] = text->c_str();
            }
        }
        result_ptr result(
            PQexecPrepared(db_, found->second.c_str(), static_cast<int>(values.size()),
                           pointers.data(), nullptr, nullptr, 0),
            &PQclear);
        check(result);
        return result;
    }

    void check(const result_ptr& result) const {
        const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
        const std::string said =
            result ? trimmed(PQresultErrorMessage(result.get())) : trimmed(PQerrorMessage(db_));
        throw error(store_errc::unavailable, fmt::format("the PostgreSQL store failed: {}", said));
    }

    struct text_hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const noexcept {
            return std::hash<std::string_view>{}(text);
        }
    };

    PGconn* db_ = nullptr;
    std::unordered_map<std::string, std::string, text_hash, std::equal_to<>> statements_;
};

}  // namespace

std::unique_ptr<database> open_postgresql(const std::string& uri) {
    return std::make_unique<postgresql_database>(uri);
}

}  // namespace sop::detail
