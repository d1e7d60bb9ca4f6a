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
#include <barrier>
#include <exception>
#include <optional>
#include <string>
#include <thread>
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

// The events of one actor (`b` empty) or one pair in either direction; all when
// `a` is empty.
struct Scope {
  std::string_view a, b;

  bool contains(const EventView& e) const {
    if (a.empty()) return true;
    if (b.empty()) return e.subject == a || e.object == a;
    return (e.subject == a && e.object == b) || (e.subject == b && e.object == a);
  }
};

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
  // Only the terms an index answers alone: actors and dates (events_by_dyad,
  // events_by_object) or dates and relations (events_by_date). Any other term would
  // cost a table row per index entry. The count may then exceed what the filter
  // keeps, never fall short, so "few" is never said of many.
  EventFilter indexed = filter;
  indexed.include_negated = true;
  if (!indexed.actors.empty()) indexed.relations.clear();
  Statement total(db, "SELECT coalesce(max(event_key), 0) FROM events");
  const std::int64_t bound = total.step() ? total.int64(0) / 20 : 0;
  total.reset();
  std::vector<std::string> params;
  const std::string sql = "SELECT count(*) FROM (SELECT 1 FROM events" + where_clause(indexed, params) +
                          " LIMIT " + std::to_string(bound) + ")";
  Statement count(db, sql.c_str());
  for (std::size_t i = 0; i < params.size(); ++i) {
    count.bind(static_cast<int>(i) + 1, std::string_view(params[i]));
  }
  const bool few = count.step() && count.int64(0) < bound;
  count.reset();
  return few;
}

// Readies a read-only connection for a scan. (A memory map instead of read(2)
// cost more CPU than it saved here: a page fault per page is dearer than the copy.)
constexpr int kScanFlags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;

void prepare_for_scan(Database& db) {
  sqlite3_busy_timeout(db.handle(), 60000);
}

// Starts a read transaction and returns the generation it sees (the first read
// fixes the snapshot).
std::int64_t begin_snapshot(Database& db) {
  db.exec("BEGIN");
  Statement q(db, "SELECT value FROM store_info WHERE key = 'generation'");
  const std::int64_t generation = q.step() ? q.int64(0) : 0;
  q.reset();
  return generation;
}

struct DocumentRange {
  std::int64_t first = 0, last = -1;  // doc keys, inclusive
};

void scan_packed(Database& db, const std::string& path, const DocumentRange& range,
                 const std::function<void(const EventView&)>& keep) {
  Statement documents(db,
                      "SELECT doc_key, source, packed_events FROM documents "
                      "WHERE doc_key BETWEEN ? AND ? ORDER BY doc_key");
  documents.bind(1, range.first).bind(2, range.last);
  EventView view;
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

// Documents per part below which a part is not worth a thread and a connection.
constexpr std::int64_t kDocumentsPerPart = 4096;

// `whole` cut into at most `parts` ranges of about equal key span.
std::vector<DocumentRange> split(const DocumentRange& whole, std::size_t parts) {
  const std::int64_t span = whole.last - whole.first + 1;
  const std::int64_t n = std::max<std::int64_t>(
      1, std::min<std::int64_t>(static_cast<std::int64_t>(parts), span / kDocumentsPerPart));
  std::vector<DocumentRange> out;
  for (std::int64_t i = 0; i < n; ++i) {
    out.push_back(DocumentRange{whole.first + span * i / n, whole.first + span * (i + 1) / n - 1});
  }
  return out;
}

// The parts of a packed scan, each on a thread and a connection of its own. Each
// thread opens its snapshot, then all wait until every snapshot is open; only if
// all see `generation` (the snapshot of the caller's connection) do they scan.
// Returns false, having visited nothing, when a commit came in between.
bool scan_packed_parts(const std::string& path, const std::vector<DocumentRange>& ranges,
                       std::int64_t generation,
                       const std::function<void(std::size_t, const EventView&)>& keep) {
  const std::size_t n = ranges.size();
  std::vector<std::exception_ptr> errors(n);
  std::vector<char> same(n, 0);
  std::barrier opened(static_cast<std::ptrdiff_t>(n));
  std::vector<std::thread> threads;
  for (std::size_t part = 0; part < n; ++part) {
    threads.emplace_back([&, part] {
      std::optional<Database> db;
      try {
        db.emplace(path, kScanFlags);
        prepare_for_scan(*db);
        same[part] = begin_snapshot(*db) == generation;
      } catch (...) {
        errors[part] = std::current_exception();
      }
      opened.arrive_and_wait();
      if (errors[part] || std::find(same.begin(), same.end(), 0) != same.end()) return;
      try {
        scan_packed(*db, path, ranges[part], [&](const EventView& e) { keep(part, e); });
        db->exec("COMMIT");
      } catch (...) {
        errors[part] = std::current_exception();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  return std::find(same.begin(), same.end(), 0) == same.end();
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
  scan_events("", "", filter, 1, [&visit](std::size_t, const EventView& e) { visit(e); });
}

void EventStore::scan_events(std::string_view a, std::string_view b, const EventFilter& filter,
                             std::size_t parts, const PartVisitor& visit) const {
  // A pair holds few events, always read through the dyad index. For one actor or
  // the whole store the indexes are asked (cheaply) how much the question holds.
  if (!a.empty() && !b.empty()) {
    for_each_event_of(a, b, filter, [&visit](const EventView& e) { visit(0, e); });
    return;
  }
  EventFilter question = filter;
  if (!a.empty()) question.actors = {std::string(a)};
  const Scope scope{a, b};

  Database db(path(), kScanFlags);
  prepare_for_scan(db);
  const std::int64_t generation = begin_snapshot(db);
  if (selects_few(db, question)) {
    if (a.empty()) {
      scan_rows(db, filter, [&visit](const EventView& e) { visit(0, e); });
    } else {
      db.exec("COMMIT");
      for_each_event_of(a, b, filter, [&visit](const EventView& e) { visit(0, e); });
      return;
    }
  } else {
    EventFilter terms = filter;  // a question about an actor ignores filter.actors,
    if (!a.empty()) terms.actors.clear();  // as for_each_event_of does
    const auto keep = [&](std::size_t part, const EventView& e) {
      if (scope.contains(e) && passes(terms, e)) visit(part, e);
    };
    Statement bounds(db, "SELECT coalesce(min(doc_key), 0), coalesce(max(doc_key), -1) FROM documents");
    DocumentRange whole;
    if (bounds.step()) whole = DocumentRange{bounds.int64(0), bounds.int64(1)};
    bounds.reset();
    const std::vector<DocumentRange> ranges = split(whole, parts);
    if (ranges.size() < 2 || !scan_packed_parts(path(), ranges, generation, keep)) {
      scan_packed(db, path(), whole, [&keep](const EventView& e) { keep(0, e); });
    }
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
