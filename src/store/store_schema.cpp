#include "store/store_schema.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "dipgraph/diagnostics.h"
#include "dipgraph/event_store.h"
#include "store/document_index.h"
#include "store/packed_events.h"

namespace dipgraph::store {
namespace {

// The tables common to every version. Version 1 also had `topics TEXT` (';'-joined)
// in events; version 3 added the event range to documents and dropped events_by_doc.
constexpr const char* kBaseTables = R"sql(
CREATE TABLE documents (
  doc_key INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  content_hash TEXT NOT NULL,
  url TEXT NOT NULL,
  title TEXT NOT NULL,
  source TEXT NOT NULL,
  date TEXT NOT NULL,
  ingest_time TEXT NOT NULL
);
CREATE TABLE events (
  event_key INTEGER PRIMARY KEY,
  doc_key INTEGER NOT NULL,
  sentence INTEGER NOT NULL,
  date TEXT NOT NULL,
  subject TEXT NOT NULL,
  relation TEXT NOT NULL,
  object TEXT NOT NULL,
  cameo TEXT NOT NULL,
  quad INTEGER NOT NULL,
  goldstein REAL NOT NULL,
  negated INTEGER NOT NULL,
  confidence REAL NOT NULL,
  evidence TEXT NOT NULL,
  span_begin INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  subject_text TEXT NOT NULL,
  object_text TEXT NOT NULL
);
CREATE TABLE actors (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// Version 2: topics as rows (a graph counts them per edge) and the indexes for the
// queries by actor, dyad, relation and date.
constexpr const char* kTopicsTable = R"sql(
CREATE TABLE event_topics (
  event_key INTEGER NOT NULL,
  position INTEGER NOT NULL,
  topic TEXT NOT NULL,
  PRIMARY KEY (event_key, position)
) WITHOUT ROWID;
)sql";

// The index versions 1 and 2 used to find a document's events (version 3 keeps
// their key range in documents instead: one index less to update per event).
constexpr const char* kDocumentIndex = "CREATE INDEX events_by_doc ON events(doc_key)";

constexpr const char* kQueryIndexes = R"sql(
CREATE INDEX events_by_dyad ON events(subject, object, date);
CREATE INDEX events_by_object ON events(object, date);
CREATE INDEX events_by_relation ON events(relation, date);
CREATE INDEX events_by_date ON events(date);
)sql";

void set_version(Database& db, int version) {
  db.exec(("PRAGMA user_version = " + std::to_string(version)).c_str());
}

void migrate_2_to_3(Database& db);
void migrate_3_to_4(Database& db);
void migrate_4_to_5(Database& db);
void migrate_5_to_6(Database& db);

// A new store is a version 2 store migrated on the spot (cheap while it is empty),
// so new and migrated stores cannot differ in schema.
void create_current(Database& db) {
  db.exec(kBaseTables);
  db.exec(kDocumentIndex);
  db.exec(kTopicsTable);
  db.exec(kQueryIndexes);
  db.exec(("PRAGMA application_id = " + std::to_string(kApplicationId)).c_str());
  migrate_2_to_3(db);
  migrate_3_to_4(db);
  migrate_4_to_5(db);
  migrate_5_to_6(db);
}

// 1 -> 2: split the joined topics into event_topics rows, drop the column, index.
void migrate_1_to_2(Database& db) {
  db.exec(kTopicsTable);
  {
    Statement select(db, "SELECT event_key, topics FROM events WHERE topics <> ''");
    Statement insert(db, "INSERT INTO event_topics(event_key, position, topic) VALUES (?, ?, ?)");
    while (select.step()) {
      const std::int64_t key = select.int64(0);
      const std::string joined = select.text(1);
      std::int64_t position = 0;
      std::size_t begin = 0;
      while (begin <= joined.size()) {
        std::size_t end = joined.find(';', begin);
        if (end == std::string::npos) end = joined.size();
        if (end > begin) {
          std::string_view topic(joined.data() + begin, end - begin);
          insert.bind(1, key).bind(2, position++).bind(3, topic).run();
        }
        begin = end + 1;
      }
    }
  }
  db.exec("ALTER TABLE events DROP COLUMN topics");
  db.exec(kQueryIndexes);
  set_version(db, 2);
}

// Gives every event a new key in (document, old key) order, so that each document's
// events form one key range. Stores written by dipgraph are like that already; this
// is for stores that were edited or assembled by other means.
void renumber_events(Database& db) {
  db.exec(R"sql(
CREATE TEMP TABLE renumber (old_key INTEGER PRIMARY KEY, new_key INTEGER NOT NULL);
INSERT INTO renumber SELECT event_key, row_number() OVER (ORDER BY doc_key, event_key) FROM events;
UPDATE events SET event_key = -(SELECT new_key FROM renumber WHERE old_key = event_key);
UPDATE events SET event_key = -event_key;
UPDATE event_topics SET event_key = -(SELECT new_key FROM renumber WHERE old_key = event_key);
UPDATE event_topics SET event_key = -event_key;
DROP TABLE temp.renumber;
)sql");
}

constexpr const char* kSetEventRanges =
    "UPDATE documents SET (first_event, last_event) = "
    "(SELECT min(event_key), max(event_key) FROM events e WHERE e.doc_key = documents.doc_key)";

// Version 3's query indexes: every index costs a B-tree insert per event, so the
// relation moved into the date index. A relation on its own selects a sixteenth of
// all events or more, for which a scan beats an index; with dates it is filtered
// inside the index, before any row is read.
constexpr const char* kQueryIndexes3 = R"sql(
DROP INDEX events_by_relation;
DROP INDEX events_by_date;
CREATE INDEX events_by_date ON events(date, relation);
)sql";

// 2 -> 3: documents know the key range of their events; events_by_doc goes.
void migrate_2_to_3(Database& db) {
  db.exec("ALTER TABLE documents ADD COLUMN first_event INTEGER");
  db.exec("ALTER TABLE documents ADD COLUMN last_event INTEGER");
  db.exec(kSetEventRanges);
  Statement gaps(db,
                 "SELECT count(*) FROM documents d WHERE last_event - first_event + 1 <> "
                 "(SELECT count(*) FROM events e WHERE e.doc_key = d.doc_key)");
  const bool contiguous = gaps.step() && gaps.int64(0) == 0;
  gaps.reset();
  if (!contiguous) {
    renumber_events(db);
    db.exec(kSetEventRanges);
  }
  db.exec("DROP INDEX events_by_doc");
  db.exec(kQueryIndexes3);
  set_version(db, 3);
}

// 3 -> 4: the store's generation, which every committed change moves on (see
// EventStore::generation). It starts at a random value, so that a store deleted and
// created again under the same name does not repeat the generations of the old one.
void migrate_3_to_4(Database& db) {
  db.exec("CREATE TABLE store_info (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID");
  std::random_device entropy;
  const std::uint64_t start = (std::uint64_t{entropy()} << 32 | entropy()) >> 2;  // stays positive
  Statement insert(db, "INSERT INTO store_info(key, value) VALUES ('generation', ?)");
  insert.bind(1, static_cast<std::int64_t>(start)).run();
  set_version(db, 4);
}

// 4 -> 5: each document keeps the graph fields of its events packed in one blob
// (store/packed_events.h), written from the event rows in one pass over them.
void migrate_4_to_5(Database& db) {
  db.exec("ALTER TABLE documents ADD COLUMN packed_events BLOB");
  Statement events(db,
                   "SELECT doc_key, subject, object, relation, cameo, date, quad, goldstein, negated, "
                   "event_key FROM events ORDER BY event_key");
  Statement topics(db, "SELECT event_key, topic FROM event_topics ORDER BY event_key, position");
  Statement update(db, "UPDATE documents SET packed_events = ? WHERE doc_key = ?");
  std::vector<Triple> triples;
  std::int64_t document = 0;
  const auto flush = [&] {
    if (triples.empty()) return;
    const std::string blob = pack_events(triples);
    update.bind_blob(1, blob).bind(2, document).run();
    triples.clear();
  };
  bool topic_row = topics.step();
  while (events.step()) {
    if (events.int64(0) != document) {
      flush();
      document = events.int64(0);
    }
    Triple& t = triples.emplace_back();
    t.subject.id = events.text(1);
    t.object.id = events.text(2);
    t.relation = events.text(3);
    t.cameo = events.text(4);
    t.date = events.text(5);
    t.quad = static_cast<int>(events.int64(6));
    t.goldstein = events.real(7);
    t.negated = events.int64(8) != 0;
    const std::int64_t key = events.int64(9);
    while (topic_row && topics.int64(0) < key) topic_row = topics.step();
    while (topic_row && topics.int64(0) == key) {
      t.topics.push_back(topics.text(1));
      topic_row = topics.step();
    }
  }
  flush();
  events.reset();
  topics.reset();
  const std::string none = pack_events({});
  Statement empty(db, "UPDATE documents SET packed_events = ? WHERE packed_events IS NULL");
  empty.bind_blob(1, none).run();
  set_version(db, 5);
}

// 5 -> 6: posting lists of documents by dyad and date (store/document_index.h), made
// from the events, replace the three text-keyed event indexes. Posting rows are
// numbered by a counter in store_info.
void migrate_5_to_6(Database& db) {
  db.exec(kPostingTablesSql);
  post_events_after(db, 0);
  db.exec("DROP INDEX events_by_dyad; DROP INDEX events_by_object; DROP INDEX events_by_date");
  set_version(db, 6);
}

using Migration = void (*)(Database&);
// kMigrations[v - 1] takes a store from version v to v + 1.
constexpr Migration kMigrations[] = {migrate_1_to_2, migrate_2_to_3, migrate_3_to_4, migrate_4_to_5,
                                     migrate_5_to_6};
static_assert(std::size(kMigrations) == EventStore::kSchemaVersion - 1);

struct Header {
  std::int64_t application_id = 0;
  std::int64_t version = 0;
  std::int64_t objects = 0;  // tables, indexes... in sqlite_schema
};

// One statement, so one read snapshot: another process creating the store at
// the same moment is seen either not at all or completely.
Header read_header(Database& db) {
  Statement q(db,
              "SELECT (SELECT application_id FROM pragma_application_id()), "
              "(SELECT user_version FROM pragma_user_version()), "
              "(SELECT count(*) FROM sqlite_schema)");
  Header h;
  if (q.step()) {
    h.application_id = q.int64(0);
    h.version = q.int64(1);
    h.objects = q.int64(2);
  }
  return h;
}

bool is_empty(const Header& h) { return h.application_id == 0 && h.version == 0 && h.objects == 0; }

void check_header(Database& db, const Header& h) {
  if (h.application_id != kApplicationId) {
    throw Error(db.path(), "not a dipgraph store: an SQLite database of another program");
  }
  if (h.version > EventStore::kSchemaVersion) {
    throw Error(db.path(), "store schema version " + std::to_string(h.version) +
                               " is newer than this dipgraph supports (" +
                               std::to_string(EventStore::kSchemaVersion) +
                               "); use a newer dipgraph");
  }
  if (h.version < 1) throw Error(db.path(), "not a dipgraph store: no schema version");
}

std::uint32_t big_endian(const unsigned char* p, int bytes) {
  std::uint32_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  return v;
}

// A file shorter than the page count in its header lost its tail (a copy cut short).
// Read from the file header itself: SQLite would report such a file only as
// "malformed", or not at all until a query reaches a missing page. With a WAL left
// by a crash, new pages may legitimately live only in the WAL, so no check then.
void check_length(const std::string& path, bool wal_present) {
  if (wal_present) return;
  std::ifstream in(path, std::ios::binary);
  unsigned char header[100];
  if (!in.read(reinterpret_cast<char*>(header), sizeof header)) return;
  if (std::memcmp(header, "SQLite format 3", 16) != 0) return;
  std::uint64_t page_size = big_endian(header + 16, 2);
  if (page_size == 1) page_size = 65536;
  // The page count is only valid when the change counter matches version-valid-for.
  if (big_endian(header + 24, 4) != big_endian(header + 92, 4)) return;
  const std::uint64_t expected = page_size * big_endian(header + 28, 4);
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(path, ec);
  if (!ec && bytes < expected) {
    throw Error(path, "store is truncated: " + std::to_string(bytes) + " bytes, its header says " +
                          std::to_string(expected) + "; restore it from a copy");
  }
}

Header read_checked_header(Database& db) {
  try {
    return read_header(db);
  } catch (const Error& e) {
    const int code = sqlite3_errcode(db.handle()) & 0xff;
    if (code == SQLITE_NOTADB) throw Error(db.path(), "not a dipgraph store: not an SQLite database");
    if (code == SQLITE_CORRUPT) throw Error(db.path(), "store is corrupt: " + std::string(sqlite3_errmsg(db.handle())));
    throw;
  }
}

}  // namespace

void prepare_schema(Database& db, bool wal_present) {
  check_length(db.path(), wal_present);
  Header h = read_checked_header(db);
  if (!is_empty(h)) check_header(db, h);
  if (h.version != EventStore::kSchemaVersion) {
    // Another process may be creating or migrating the same file: decide again
    // inside the write transaction.
    // Larger pages than SQLite's 4 KiB: fewer pages per event and per index level,
    // so fewer pages written per commit. Only takes effect in an empty file.
    if (is_empty(h)) db.exec("PRAGMA page_size = 16384");
    db.exec("BEGIN IMMEDIATE");
    try {
      h = read_header(db);
      if (is_empty(h)) {
        create_current(db);
      } else {
        check_header(db, h);
        for (auto v = h.version; v < EventStore::kSchemaVersion; ++v) kMigrations[v - 1](db);
      }
      db.exec("COMMIT");
    } catch (...) {
      sqlite3_exec(db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }
  // WAL: readers do not block the writer, and a killed writer leaves a WAL that the
  // next open rolls back or forward. NORMAL sync is crash-safe in WAL mode.
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  // Each document touches index pages at places set by its actors and dates: a
  // large page cache keeps those pages in memory across documents, and rarer
  // checkpoints (each one an fsync) write many events' pages at once.
  db.exec("PRAGMA cache_size = -131072");  // 128 MiB
  Statement page_size(db, "PRAGMA page_size");
  const std::int64_t bytes = page_size.step() ? std::max<std::int64_t>(page_size.int64(0), 512) : 4096;
  page_size.reset();
  const std::string pages = std::to_string((std::int64_t{64} << 20) / bytes);
  db.exec(("PRAGMA wal_autocheckpoint = " + pages).c_str());  // 64 MiB of WAL
}

}  // namespace dipgraph::store
