#include "store/sqlite_db.h"

#include <unistd.h>

#include "dipgraph/diagnostics.h"

namespace dipgraph::store {

Database::Database(const std::string& path, int flags) : path_(path) {
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    if ((flags & SQLITE_OPEN_CREATE) && ::access(path.c_str(), F_OK) != 0) {
      throw Error(path_, "cannot create store: " + message +
                             " (does its folder exist, and may this user write there?)");
    }
    throw Error(path_, "cannot open store: " + message);
  }
  sqlite3_extended_result_codes(db_, 1);
  // SQLite opens a file it may not write read-only without a word, and would fail
  // only at the first write, deep inside a run.
  if ((flags & SQLITE_OPEN_READWRITE) && sqlite3_db_readonly(db_, "main") == 1) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error(path_, "store is read-only: this user may not write the file or its folder");
  }
}

Database::~Database() { sqlite3_close_v2(db_); }

void Database::exec(const char* sql) {
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(rc, "store query failed");
}

void Database::fail(int rc, std::string_view context) const {
  if ((rc & 0xff) == SQLITE_CORRUPT) {
    throw Error(path_, std::string("store is corrupt (") + sqlite3_errstr(rc) +
                           "); restore it from a copy, or see the damage with: sqlite3 " +
                           path_ + " 'PRAGMA integrity_check'");
  }
  if ((rc & 0xff) == SQLITE_READONLY) {
    throw Error(path_, std::string("store is read-only (") + sqlite3_errstr(rc) +
                           "): this user may not write the file or its folder");
  }
  std::string message(context);
  message += ": ";
  // The connection's message is more specific than the code's, when it is about `rc`.
  message += (sqlite3_errcode(db_) == rc) ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  throw Error(path_, message);
}

Statement::Statement(Database& db, const char* sql) : db_(db) {
  int rc = sqlite3_prepare_v3(db.handle(), sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) db.fail(rc, "store query failed");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::string_view text) {
  int rc = sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
  if (rc != SQLITE_OK) db_.fail(rc, "store query failed");
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  int rc = sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_STATIC);
  if (rc != SQLITE_OK) db_.fail(rc, "store query failed");
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) db_.fail(rc, "store query failed");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK) db_.fail(rc, "store query failed");
  return *this;
}

Statement& Statement::bind_null(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) db_.fail(rc, "store query failed");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(stmt_);
  db_.fail(rc, "store query failed");
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }
bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::string Statement::text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_, column);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

}  // namespace dipgraph::store
