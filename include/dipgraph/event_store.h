// The event store (Contract 3 of DESIGN.md): documents and the triples coded from
// them, kept in an embedded SQLite database that grows run after run.
//
// Ingesting a document is idempotent (document id + content hash): the same content
// again changes nothing, a changed content replaces the document's events. Each
// document is stored inside a transaction, so a crash or kill -9 leaves the store as
// it was before or after a batch, never between. Stores merge exactly and in any
// order (merge_from), which makes sharded and distributed runs possible.
//
// The schema is versioned in `PRAGMA user_version` and migrated on open; the file
// carries the application id 'DGPH' so that other SQLite files are refused.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dipgraph/types.h"

namespace dipgraph {

// What the store keeps about one document besides its events.
struct DocumentRecord {
  std::string id;            // document id (Contract 1)
  std::string content_hash;  // non-empty; changes whenever the content changes
  std::string url;
  std::string title;
  std::string source;
  std::string date;  // publication date `YYYY-MM-DD`; empty when unknown

  bool operator==(const DocumentRecord&) const = default;
};

enum class IngestOutcome {
  kAdded,      // a new document id
  kUnchanged,  // same id and same content hash: nothing was written
  kReplaced,   // same id, another content hash: its old events were deleted
};

struct StoreStats {
  std::uint64_t documents = 0;
  std::uint64_t events = 0;
  std::uint64_t negated = 0;  // events with negated = true (counted in `events` too)
  std::uint64_t actors = 0;
  std::uint64_t dyads = 0;  // unordered actor pairs with at least one event
  std::string first_date;   // earliest and latest known event date; empty if none
  std::string last_date;
  std::vector<std::pair<std::string, std::uint64_t>> events_per_relation;  // by relation

  bool operator==(const StoreStats&) const = default;
};

// Which events a scan returns. Dates compare as `YYYY-MM-DD` text; an event without
// a date is left out as soon as `since` or `until` is set.
struct EventFilter {
  std::string since;                    // inclusive; empty: no lower bound
  std::string until;                    // inclusive; empty: no upper bound
  std::vector<std::string> relations;   // PLOVER types to keep; empty: every type
  std::vector<std::string> actors;      // keep events with one of these as subject or
                                        // object; empty: every actor
  bool include_negated = false;         // negated events are never relations otherwise

  bool operator==(const EventFilter&) const = default;
};

// One stored event as a scan sees it. The views point into the scan's own buffers
// and are valid only during the callback.
struct EventView {
  std::string_view subject, relation, object, cameo, date, source;
  int quad = 0;
  double goldstein = 0;
  bool negated = false;
  std::int64_t document = 0;  // a store-internal key: equal for events of one document
  std::vector<std::string_view> topics;  // in their stored order
};

// An actor as the store knows it (from the triples that named it).
struct ActorRecord {
  std::string id, name, type;
  bool operator==(const ActorRecord&) const = default;
};

// One stored event with its evidence, to show why two actors are linked.
struct EvidenceRecord {
  std::string document;  // document id
  std::int64_t sentence = 0;
  std::string date;  // event date `YYYY-MM-DD`; empty when unknown
  std::string url, title;  // of the document; empty when unknown
  std::string subject, relation, object;
  double goldstein = 0;
  double confidence = 0;
  std::string evidence;  // the sentence the event was coded from

  bool operator==(const EvidenceRecord&) const = default;
};

struct StoreOptions {
  bool create_if_missing = true;  // false: a missing file is an Error
};

// A content hash for documents: `sha256:` and 64 lowercase hex digits of `bytes`.
std::string content_hash(std::string_view bytes);

// The content hash of a document known only by its triples: the hash of their
// canonical JSON lines (append_triple_json), sorted, so the order of the triples
// does not matter but every field does.
std::string triples_content_hash(const std::vector<Triple>& triples);

// One open store. Not thread-safe: use one EventStore per thread. Several processes
// may write one file; a writer waits for another's transactions as long as that one
// makes progress, and throws Error after a minute without progress.
class EventStore {
 public:
  // Version 1 kept topics as one ';'-joined column of events; version 2 has the
  // event_topics table and the query indexes; version 3 keeps each document's
  // event key range in documents (first_event, last_event) instead of an index on
  // events(doc_key); version 4 adds store_info with the store's generation; version
  // 5 keeps each document's events packed in one blob for for_each_event; version
  // 6 replaces the three event indexes (dyad, object, date) by posting lists of
  // documents per dyad and per date (dyad_postings, date_postings), one row per
  // pair or date and write transaction.
  static constexpr int kSchemaVersion = 6;

  // Opens (or creates) the store at `path` and migrates an older schema. Throws
  // Error naming the file when it cannot be opened or created, is not a dipgraph
  // store (another SQLite file, random bytes), is truncated or corrupt, or has a
  // newer schema version than this build knows.
  static EventStore open(const std::string& path, const StoreOptions& options = {});

  EventStore(EventStore&&) noexcept;
  EventStore& operator=(EventStore&&) noexcept;
  // Rolls back an uncommitted batch.
  ~EventStore();

  const std::string& path() const;

  // A batch groups many ingest_document calls in one transaction (much faster than
  // one per document). Without a batch, each ingest_document commits by itself.
  // begin_batch while a batch is open, or commit_batch without one, throws Error.
  void begin_batch();
  void commit_batch();
  bool in_batch() const;

  // Stores `doc` and its triples (whose `doc` fields are ignored: they belong to
  // `doc.id`). Empty `doc.id` or `doc.content_hash` throws Error. Actors are
  // recorded from the triples; when two triples name one actor id differently, the
  // greater (name, type) is kept, so the result does not depend on order.
  IngestOutcome ingest_document(const DocumentRecord& doc, const std::vector<Triple>& triples);

  // ingest_document with the packed form of the triples made beforehand by
  // pack_events (maybe in another thread: `ingest --triples` packs in its reading
  // thread while this one writes). `packed` must be pack_events(triples).
  IngestOutcome ingest_document(const DocumentRecord& doc, const std::vector<Triple>& triples,
                                const std::string& packed);

  // The packed form of a document's events that the store keeps with the document
  // (for for_each_event). A pure function: any thread may call it.
  static std::string pack_events(const std::vector<Triple>& triples);

  StoreStats stats() const;

  // A number that changes whenever a committed transaction changes the store's
  // content (ingest that added or replaced a document, merge, migration) and stays
  // the same otherwise, e.g. across re-ingests of unchanged documents. What is
  // derived from a store (the graph cache) is valid as long as it is the same.
  // Changes made to the file by other programs than dipgraph are not seen.
  std::int64_t generation() const;

  // Calls `visit` for every event that passes `filter`, inside one read transaction
  // (a concurrent ingest is either wholly seen or not at all). The events of one
  // document come together, in the order of its triples; the order of documents is
  // the store's own. This is the graph module's only way into the store: one
  // sequential pass over the documents' packed events, or a read by key of the
  // documents the posting lists name when they are less than a twentieth of the
  // store. A packed blob that cannot be read throws Error ("store is corrupt").
  void for_each_event(const EventFilter& filter,
                      const std::function<void(const EventView&)>& visit) const;

  // Every actor, sorted by id.
  std::vector<ActorRecord> actors() const;

  // The events of the whole store (`a` empty), of actor id `a` (`b` empty) or of
  // the pair `a`, `b` in either direction, that pass `filter` (its `actors` apply to
  // the whole store only), read in up to `parts` pieces at once: visit(part, event)
  // is called on the part's own thread, so a caller that counts per part and adds
  // the parts up (the graph builder) uses several cores. All parts read one and the
  // same snapshot of the store. A part is a range of documents; a document's events
  // come together, on one part. Fewer parts run when the store is small or the
  // question is answered through the posting lists (few documents: serial),
  // and a concurrent commit between the parts' starts makes the scan serial too.
  using PartVisitor = std::function<void(std::size_t part, const EventView&)>;
  void scan_events(std::string_view a, std::string_view b, const EventFilter& filter,
                   std::size_t parts, const PartVisitor& visit) const;

  // Like for_each_event, for the events of actor id `a` (`b` empty) or of the pair
  // `a`, `b` in either direction (`filter.actors` is ignored), by document key. It
  // reads the documents the posting lists name by key, instead of one pass over the
  // whole store: much faster when the actors hold a small part of the store (what
  // `dipgraph query` asks about), slower when they hold most of it.
  void for_each_event_of(std::string_view a, std::string_view b, const EventFilter& filter,
                         const std::function<void(const EventView&)>& visit) const;

  // The strongest evidence for the events between actor ids `a` and `b`, in either
  // direction, that pass `filter` (whose `actors` are ignored): by |goldstein| desc,
  // then confidence desc, then date desc (undated last), then document id and
  // sentence, so the answer is deterministic. A sentence that gave several events
  // appears once, with its strongest. At most `limit` records. Reads the event rows
  // of the documents the pair's posting lists name, on a read-only connection of
  // its own (as for_each_event).
  std::vector<EvidenceRecord> strongest_evidence(std::string_view a, std::string_view b,
                                                 const EventFilter& filter,
                                                 std::size_t limit) const;

  // Merges the store at `other` (opened and migrated first; a bad file throws as
  // open does) into this one, in one transaction. A document only in `other` is
  // copied with its events. For a document in both with different content hashes,
  // the version with the greater hash wins: a rule on content alone is commutative
  // and associative, so merging shards in any order, on any machine, at any time
  // gives the same store. (Ingest times would make the result depend on clocks and
  // on when each shard ran.) Identical hashes change nothing but keep the earlier
  // ingest time. Must not be called inside a batch.
  void merge_from(const std::string& other);

  // Writes every row except ingest times and internal keys, one tab-separated line
  // per row, sorted: `document`, `event` (topics ';'-joined, in their order), then
  // `actor` lines. Two stores with equal dumps hold the same data. Tabs, newlines
  // and backslashes in values are escaped as \t, \n and \\.
  void dump(std::ostream& out) const;

 private:
  struct Impl;
  explicit EventStore(std::unique_ptr<Impl> impl);
  IngestOutcome ingest_prepared(const DocumentRecord& doc, const std::vector<Triple>& triples,
                                const std::string* packed);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dipgraph
