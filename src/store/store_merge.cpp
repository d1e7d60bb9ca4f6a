#include "store/store_merge.h"

#include <string>
#include <utility>
#include <vector>

#include "store/document_index.h"
#include "store/store_schema.h"

namespace dipgraph::store {
namespace {

// The documents of `src` that win: new ids, and ids whose content hash is greater
// than ours (see EventStore::merge_from for why the hash decides).
constexpr const char* kChooseDocuments = R"sql(
CREATE TEMP TABLE merge_take (src_key INTEGER PRIMARY KEY, old_key INTEGER);
INSERT INTO merge_take
  SELECT s.doc_key, m.doc_key FROM src.documents s LEFT JOIN main.documents m ON m.id = s.id
  WHERE m.doc_key IS NULL OR s.content_hash > m.content_hash;
UPDATE main.documents SET ingest_time = s.ingest_time FROM src.documents s
  WHERE s.id = documents.id AND s.content_hash = documents.content_hash
    AND s.ingest_time < documents.ingest_time;
)sql";

// The event ranges of our documents that lose to `src`.
constexpr const char* kReplacedRanges =
    "SELECT m.doc_key, m.first_event, m.last_event FROM merge_take t JOIN main.documents m "
    "ON m.doc_key = t.old_key WHERE m.first_event IS NOT NULL";


// The winning documents of `src`, their event ranges shifted by ?1 as their events
// are (kCopyEvents), so that each range still covers exactly its document's events.
constexpr const char* kCopyDocuments = R"sql(
INSERT INTO main.documents(id, content_hash, url, title, source, date, ingest_time,
                           first_event, last_event, packed_events)
  SELECT s.id, s.content_hash, s.url, s.title, s.source, s.date, s.ingest_time,
         s.first_event + ?1, s.last_event + ?1, s.packed_events
  FROM src.documents s JOIN merge_take t ON t.src_key = s.doc_key WHERE true
  ON CONFLICT(id) DO UPDATE SET content_hash = excluded.content_hash, url = excluded.url,
    title = excluded.title, source = excluded.source, date = excluded.date,
    ingest_time = excluded.ingest_time, first_event = excluded.first_event,
    last_event = excluded.last_event, packed_events = excluded.packed_events
)sql";

constexpr const char* kMapDocuments = R"sql(
CREATE TEMP TABLE merge_keys (src_key INTEGER PRIMARY KEY, dst_key INTEGER NOT NULL);
INSERT INTO merge_keys
  SELECT s.doc_key, m.doc_key FROM merge_take t JOIN src.documents s ON s.doc_key = t.src_key
  JOIN main.documents m ON m.id = s.id;
)sql";

// Event keys of `src` are shifted by ?1 past our largest key, so topics follow their
// events without a per-row lookup.
constexpr const char* kCopyEvents =
    "INSERT INTO main.events(event_key, doc_key, sentence, date, subject, relation, object, "
    "cameo, quad, goldstein, negated, confidence, evidence, span_begin, span_end, subject_text, "
    "object_text) "
    "SELECT e.event_key + ?1, k.dst_key, e.sentence, e.date, e.subject, e.relation, e.object, "
    "e.cameo, e.quad, e.goldstein, e.negated, e.confidence, e.evidence, e.span_begin, "
    "e.span_end, e.subject_text, e.object_text "
    "FROM src.events e JOIN merge_keys k ON k.src_key = e.doc_key ORDER BY e.event_key";

constexpr const char* kCopyTopics =
    "INSERT INTO main.event_topics(event_key, position, topic) "
    "SELECT t.event_key + ?1, t.position, t.topic FROM src.event_topics t "
    "JOIN src.events e ON e.event_key = t.event_key JOIN merge_keys k ON k.src_key = e.doc_key";

constexpr const char* kCopyActors =
    "INSERT INTO main.actors(id, name, type) SELECT id, name, type FROM src.actors WHERE true "
    "ON CONFLICT(id) DO UPDATE SET name = excluded.name, type = excluded.type "
    "WHERE (excluded.name, excluded.type) > (actors.name, actors.type)";

std::int64_t single_int(Database& db, const char* sql) {
  Statement s(db, sql);
  return s.step() ? s.int64(0) : 0;
}

void drop_temp(Database& db) noexcept {
  sqlite3_exec(db.handle(), "DROP TABLE IF EXISTS temp.merge_take; DROP TABLE IF EXISTS temp.merge_keys",
               nullptr, nullptr, nullptr);
}

}  // namespace

void merge_store(Database& db, const std::string& other) {
  {
    Statement attach(db, "ATTACH DATABASE ? AS src");
    attach.bind(1, other).run();
  }
  try {
    db.exec("BEGIN IMMEDIATE");
    drop_temp(db);
    std::vector<std::string> maybe_unused;  // actors of our replaced events
    db.exec(kChooseDocuments);
    {
      Statement ranges(db, kReplacedRanges);
      Statement actors(db, kActorsOfEventsSql);
      Statement topics(db, "DELETE FROM main.event_topics WHERE event_key BETWEEN ? AND ?");
      Statement events(db, "DELETE FROM main.events WHERE event_key BETWEEN ? AND ?");
      while (ranges.step()) {
        const std::int64_t first = ranges.int64(1), last = ranges.int64(2);
        actors.bind(1, first).bind(2, last);
        while (actors.step()) maybe_unused.push_back(actors.text(0));
        actors.reset();
        topics.bind(1, first).bind(2, last).run();
        events.bind(1, first).bind(2, last).run();
      }
    }
    const std::int64_t last_event = single_int(db, "SELECT coalesce(max(event_key), 0) FROM main.events");
    const std::int64_t offset =
        last_event - single_int(db, "SELECT coalesce(min(event_key), 1) FROM src.events") + 1;
    {
      Statement copy(db, kCopyDocuments);
      copy.bind(1, offset).run();
    }
    db.exec(kMapDocuments);
    {
      Statement copy(db, kCopyEvents);
      copy.bind(1, offset).run();
    }
    {
      Statement copy(db, kCopyTopics);
      copy.bind(1, offset).run();
    }
    post_events_after(db, last_event);  // the copied events: keys above ours
    db.exec(kCopyActors);
    {
      // Copied actors may be named only by documents of `src` that lost.
      Statement copied(db, "SELECT id FROM src.actors");
      while (copied.step()) maybe_unused.push_back(copied.text(0));
    }
    delete_unused_actors(db, std::move(maybe_unused));
    drop_temp(db);
    db.exec(kBumpGenerationSql);
    db.exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    drop_temp(db);
    sqlite3_exec(db.handle(), "DETACH DATABASE src", nullptr, nullptr, nullptr);
    throw;
  }
  db.exec("DETACH DATABASE src");
}

}  // namespace dipgraph::store
