// The event store's schema: creation, validation and migrations (private to src/store).
#pragma once

#include "store/sqlite_db.h"

namespace dipgraph::store {

// 'DGPH' in the SQLite header, so another program's SQLite file is never taken
// for an empty store.
constexpr int kApplicationId = 0x44475048;

// Makes `db` a current dipgraph store: creates the schema in an empty database,
// migrates an older version in one transaction, and throws Error for a file that is
// not a dipgraph store, is truncated, or has a newer version. `wal_present` says
// whether a -wal file existed before opening (pages may then live only in the WAL).
void prepare_schema(Database& db, bool wal_present);

// Moves the store's generation on; part of every write transaction that changed
// documents, events or actors, run just before its COMMIT.
constexpr const char* kBumpGenerationSql =
    "UPDATE store_info SET value = value + 1 WHERE key = 'generation'";

}  // namespace dipgraph::store
