// A thin RAII layer over the SQLite C API for the event store (private to src/store).
//
// Every failure becomes a dipgraph::Error naming the store file, so the store code
// reads as a list of statements and never checks return codes by hand.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace dipgraph::store {

class Database {
 public:
  // Opens `path` with the given sqlite3_open_v2 flags; throws Error on failure.
  Database(const std::string& path, int flags);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements that return no rows we need.
  void exec(const char* sql);
  // Throws Error(path, context + ": " + SQLite's message) for `rc`.
  [[noreturn]] void fail(int rc, std::string_view context) const;

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

// A prepared statement, reset after each use so it can be kept for the whole run.
class Statement {
 public:
  Statement(Database& db, const char* sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds by 1-based index. Text is not copied: it must outlive the next step().
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, double value);
  Statement& bind_null(int index);
  // Binds bytes as a BLOB (not copied either).
  Statement& bind_blob(int index, std::string_view bytes);

  // Steps once: true when a row is available, false when done.
  bool step();
  // Steps until done (for INSERT/UPDATE/DELETE) and resets.
  void run();
  void reset();

  std::int64_t int64(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  bool is_null(int column) const;
  // A column's text without a copy; valid until the next step() or reset().
  std::string_view view(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (text == nullptr) return {};
    return {text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
  }
  // A BLOB column's bytes without a copy; valid until the next step() or reset().
  std::string_view blob(int column) const {
    const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    if (bytes == nullptr) return {};
    return {bytes, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
  }

 private:
  Database& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace dipgraph::store
