// The document indexes of a version 6 store (private to src/store): which documents
// hold an actor, a pair of actors or a date range, and reading those documents'
// packed events by key.
//
// The indexes are posting lists, as in a search engine: each write transaction
// that stored documents adds one row per (actor, partner) pair and one per date it
// saw, holding the keys of its documents with such events (ascending, as varint
// deltas). An entry per document and pair would cost a B-tree insert each, which
// was most of what ingest spent in SQLite; a posting row covers a whole batch.
//
// The lists may name more documents than hold such events, never fewer: a replaced
// document keeps its old entries (its new events are listed by the transaction that
// replaced it). Every read path ends in the packed events of the documents named
// (store/packed_events.h) and filters each event, so extra entries cost a read,
// never a wrong answer.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dipgraph/event_store.h"
#include "store/sqlite_db.h"

namespace dipgraph::store {

// The tables and the counter that numbers posting rows (store_schema.cpp).
constexpr const char* kPostingTablesSql = R"sql(
CREATE TABLE dyad_postings (
  actor TEXT NOT NULL,
  partner TEXT NOT NULL,
  posting INTEGER NOT NULL,
  documents BLOB NOT NULL,
  PRIMARY KEY (actor, partner, posting)
) WITHOUT ROWID;
CREATE TABLE date_postings (
  date TEXT NOT NULL,
  posting INTEGER NOT NULL,
  documents BLOB NOT NULL,
  PRIMARY KEY (date, posting)
) WITHOUT ROWID;
INSERT INTO store_info(key, value) VALUES ('postings', 0);
)sql";

// The posting lists of one write transaction, kept in memory until it commits.
class PostingLists {
 public:
  // Document `doc` has an event of `subject` and `object` dated `date` (may be
  // empty: undated events are in no date list).
  void add(std::string_view subject, std::string_view object, std::string_view date,
           std::int64_t doc);
  bool empty() const { return dyads_.empty() && dates_.empty(); }
  void clear();

  // Writes the lists as new posting rows (inside the caller's transaction) and
  // clears them.
  void write(Database& db);

 private:
  // "actor\x1fpartner" -> documents, in both directions; date -> documents.
  std::unordered_map<std::string, std::vector<std::int64_t>> dyads_, dates_;
  std::string key_;
};

// The posting lists of every event with key above `after`, written as new rows: for
// a migration (all events) and a merge (the events it copied).
void post_events_after(Database& db, std::int64_t after);

// The keys of the documents that may have an event of actor `a` (`b` empty) or
// between `a` and `b` (either direction), ascending and distinct.
std::vector<std::int64_t> documents_of(Database& db, std::string_view a, std::string_view b);

// The keys of the documents that may hold events of `actors` (any of them) dated
// within [since, until] (a bound is open when empty; no date term when both are),
// ascending and distinct; nullopt when there is neither an actor nor a date term.
std::optional<std::vector<std::int64_t>> candidate_documents(Database& db,
                                                            const std::vector<std::string>& actors,
                                                            const std::string& since,
                                                            const std::string& until);

// Calls `visit` for each event of the documents `keys`, in the order of `keys`, with
// the document key and source set. A blob that cannot be read throws Error naming
// `path` ("store is corrupt").
void read_documents(Database& db, const std::string& path, std::span<const std::int64_t> keys,
                    const std::function<void(const EventView&)>& visit);

// Deletes those of `candidates` (actor ids, repeats allowed) that no event names
// any more (after a replace or a merge deleted events), checking the events of the
// documents their posting lists name.
void delete_unused_actors(Database& db, std::vector<std::string> candidates);

// `keys` as a JSON array, for `IN (SELECT value FROM json_each(?))`.
std::string json_array(const std::vector<std::int64_t>& keys);

}  // namespace dipgraph::store
