// Merging one event store into another (private to src/store).
#pragma once

#include <string>

#include "store/sqlite_db.h"

namespace dipgraph::store {

// Records an actor; of two spellings of one id the greater (name, type) stays, a
// commutative rule, so ingest order and merge order do not matter.
constexpr const char* kUpsertActorSql =
    "INSERT INTO actors(id, name, type) VALUES (?, ?, ?) "
    "ON CONFLICT(id) DO UPDATE SET name = excluded.name, type = excluded.type "
    "WHERE (excluded.name, excluded.type) > (actors.name, actors.type)";

// The actors that the events with keys ?1..?2 name (before those are deleted).
constexpr const char* kActorsOfEventsSql =
    "SELECT subject FROM main.events WHERE event_key BETWEEN ?1 AND ?2 UNION "
    "SELECT object FROM main.events WHERE event_key BETWEEN ?1 AND ?2";

// Merges the current-version store at `other` into `db` in one transaction, with the
// rules of EventStore::merge_from. `db` must not be inside a transaction.
void merge_store(Database& db, const std::string& other);

}  // namespace dipgraph::store
