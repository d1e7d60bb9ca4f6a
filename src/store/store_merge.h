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

// The document index entries of document ?1, whose old events are ?2..?3 (to be
// deleted next: a replaced document's entries follow from its old events).
// (Actor and partner each IN the old actors, not the pair IN the old pairs: SQLite
// answers a row-value IN by scanning the whole table. The entries of document ?1
// are exactly its old pairs, so the two forms delete the same rows.)
constexpr const char* kDeleteDocumentDyadsSql =
    "WITH old(actor) AS (SELECT subject FROM main.events WHERE event_key BETWEEN ?2 AND ?3 "
    "UNION SELECT object FROM main.events WHERE event_key BETWEEN ?2 AND ?3) "
    "DELETE FROM main.document_dyads WHERE actor IN old AND partner IN old AND doc_key = ?1";
constexpr const char* kDeleteDocumentDatesSql =
    "DELETE FROM main.document_dates WHERE doc_key = ?1 AND date IN (SELECT date FROM "
    "main.events WHERE event_key BETWEEN ?2 AND ?3)";

// Actors are what the events name: after events were deleted, drop the orphans.
constexpr const char* kDeleteUnusedActorsSql =
    "DELETE FROM actors WHERE NOT EXISTS (SELECT 1 FROM document_dyads WHERE actor = actors.id)";

// Merges the current-version store at `other` into `db` in one transaction, with the
// rules of EventStore::merge_from. `db` must not be inside a transaction.
void merge_store(Database& db, const std::string& other);

}  // namespace dipgraph::store
