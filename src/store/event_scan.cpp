// The store's read path for the graph module: one sequential pass over the events.
//
// SQLite spends about a microsecond on every row it returns, however narrow, so a
// graph of millions of events reads the documents' packed events (one row and one
// blob per document, store/packed_events.h) and filters them here. When the
// filter selects a small part of the store (an actor, a few days), the indexes find
// those events faster: then the event rows are read, merged with their topics and
// with the sources of their documents. Lookups per event (a JOIN on documents, a
// subquery for topics) would cost a B-tree search each, so sources are read once
// into memory, and events and topics come as two cursors ordered by event key,
// merged like sorted lists.
#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "dipgraph/diagnostics.h"
#include "dipgraph/event_store.h"
#include "store/event_filter_sql.h"
#include "store/packed_events.h"
#include "store/sqlite_db.h"

namespace dipgraph {
namespace {

using store::Database;
using store::Statement;

// The WHERE clause of `filter`, with its parameters in binding order.
std::string where_clause(const EventFilter& filter, std::vector<std::string>& params) {
  std::string who = "1";
  if (!filter.actors.empty()) {
    std::string set;
    for (std::size_t i = 0; i < filter.actors.size(); ++i) set += i ? ",?" : "?";
    who = "(subject IN (" + set + ") OR object IN (" + set + "))";
    params.insert(params.end(), filter.actors.begin(), filter.actors.end());
    params.insert(params.end(), filter.actors.begin(), filter.actors.end());
  }
  return " WHERE " + who + store::filter_terms(filter, params);
}

// Document key -> index into `names`, so that each event carries its source cheaply.
struct Sources {
  std::unordered_map<std::int64_t, std::uint32_t> of_document;
  std::vector<std::string> names;

  explicit Sources(Database& db) {
    std::unordered_map<std::string, std::uint32_t> index;
    Statement q(db, "SELECT doc_key, source FROM documents");
    while (q.step()) {
      auto [it, added] = index.try_emplace(q.text(1), static_cast<std::uint32_t>(names.size()));
      if (added) names.push_back(it->first);
      of_document.emplace(q.int64(0), it->second);
    }
  }

  std::string_view of(std::int64_t doc_key) const {
    auto it = of_document.find(doc_key);
    return it == of_document.end() ? std::string_view() : std::string_view(names[it->second]);
  }
};

}  // namespace

namespace {

bool has_selective_terms(const EventFilter& f) {
  return !f.actors.empty() || !f.since.empty() || !f.until.empty() || !f.relations.empty();
}

bool contains(const std::vector<std::string>& values, std::string_view v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

// What the SQL of filter_terms and where_clause selects, for an unpacked event.
bool passes(const EventFilter& f, const EventView& e) {
  if (e.negated && !f.include_negated) return false;
  if (!f.since.empty() && (e.date.empty() || e.date < f.since)) return false;
  if (!f.until.empty() && (e.date.empty() || e.date > f.until)) return false;
  if (!f.relations.empty() && !contains(f.relations, e.relation)) return false;
  if (!f.actors.empty() && !contains(f.actors, e.subject) && !contains(f.actors, e.object)) return false;
  return true;
}

// Whether `filter` selects less than a twentieth of the events, counted through the
// indexes and given up at that bound, so the question costs little either way.
bool selects_few(Database& db, const EventFilter& filter) {
  if (!has_selective_terms(filter)) return false;
  Statement total(db, "SELECT coalesce(max(event_key), 0) FROM events");
  const std::int64_t bound = total.step() ? total.int64(0) / 20 : 0;
  total.reset();
  std::vector<std::string> params;
  const std::string sql = "SELECT count(*) FROM (SELECT 1 FROM events" + where_clause(filter, params) +
                          " LIMIT " + std::to_string(bound) + ")";
  Statement count(db, sql.c_str());
  for (std::size_t i = 0; i < params.size(); ++i) {
    count.bind(static_cast<int>(i) + 1, std::string_view(params[i]));
  }
  const bool few = count.step() && count.int64(0) < bound;
  count.reset();
  return few;
}

void scan_packed(Database& db, const std::string& path, const EventFilter& filter,
                 const std::function<void(const EventView&)>& visit) {
  Statement documents(db, "SELECT doc_key, source, packed_events FROM documents ORDER BY doc_key");
  EventView view;
  const std::function<void(const EventView&)> keep = [&](const EventView& e) {
    if (passes(filter, e)) visit(e);
  };
  while (documents.step()) {
    view.document = documents.int64(0);
    view.source = documents.view(1);
    if (!store::unpack_events(documents.blob(2), view, keep)) {
      throw Error(path, "store is corrupt: the packed events of document key " +
                            std::to_string(view.document) + " cannot be read");
    }
  }
  documents.reset();
}

void scan_rows(Database& db, const EventFilter& filter, const std::function<void(const EventView&)>& visit) {
  const Sources sources(db);
  std::vector<std::string> params;
  const std::string sql =
      "SELECT event_key, doc_key, subject, relation, object, cameo, quad, goldstein, date, "
      "negated FROM events" +
      where_clause(filter, params) + " ORDER BY event_key";
  Statement events(db, sql.c_str());
  for (std::size_t i = 0; i < params.size(); ++i) {
    events.bind(static_cast<int>(i) + 1, std::string_view(params[i]));
  }
  Statement topics(db, "SELECT event_key, topic FROM event_topics ORDER BY event_key, position");
  bool topic_row = topics.step();

  EventView view;
  std::vector<std::string> topic_text;  // owns the topics of the current event
  while (events.step()) {
    const std::int64_t key = events.int64(0);
    view.document = events.int64(1);
    view.subject = events.view(2);
    view.relation = events.view(3);
    view.object = events.view(4);
    view.cameo = events.view(5);
    view.quad = static_cast<int>(events.int64(6));
    view.goldstein = events.real(7);
    view.date = events.view(8);
    view.negated = events.int64(9) != 0;
    view.source = sources.of(view.document);

    while (topic_row && topics.int64(0) < key) topic_row = topics.step();
    topic_text.clear();
    while (topic_row && topics.int64(0) == key) {
      topic_text.push_back(std::string(topics.view(1)));
      topic_row = topics.step();
    }
    view.topics.assign(topic_text.begin(), topic_text.end());
    visit(view);
  }
  topics.reset();
  events.reset();
}

}  // namespace

void EventStore::for_each_event(const EventFilter& filter,
                                const std::function<void(const EventView&)>& visit) const {
  // A connection of its own, read-only: a scan can never write, and its read
  // transaction does not interfere with a batch open on this EventStore.
  Database db(path(), SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
  sqlite3_busy_timeout(db.handle(), 60000);
  db.exec("BEGIN");
  if (selects_few(db, filter)) {
    scan_rows(db, filter, visit);
  } else {
    scan_packed(db, path(), filter, visit);
  }
  db.exec("COMMIT");
}

std::vector<ActorRecord> EventStore::actors() const {
  Database db(path(), SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
  sqlite3_busy_timeout(db.handle(), 60000);
  std::vector<ActorRecord> out;
  Statement q(db, "SELECT id, name, type FROM actors ORDER BY id");
  while (q.step()) out.push_back(ActorRecord{q.text(0), q.text(1), q.text(2)});
  return out;
}

}  // namespace dipgraph
