// The store's read paths for the graph module and the queries.
//
// SQLite spends about a microsecond on every row it returns, however narrow, so
// every path reads the documents' packed events (one row and one blob per document,
// store/packed_events.h) and filters them here. A graph of the whole store reads all
// documents in one sequential pass, cut into document ranges read by several threads.
// When the document indexes (store/document_index.h) show that a question concerns
// a part of the documents (an actor, a pair, some days), only those are read, by
// key; when they name many, the sequential pass steps over the documents they do
// not name without reading their events.
#include <sqlite3.h>

#include <algorithm>
#include <barrier>
#include <exception>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "dipgraph/event_store.h"
#include "store/document_index.h"
#include "store/event_filter_sql.h"
#include "store/packed_events.h"
#include "store/sqlite_db.h"

namespace dipgraph {
namespace {

using store::Database;
using store::Statement;

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

// Whether an event passes `f`: its terms, and the actors.
bool passes(const EventFilter& f, const EventView& e) {
  if (!store::passes_terms(f, e)) return false;
  if (!f.actors.empty() && !contains(f.actors, e.subject) && !contains(f.actors, e.object)) return false;
  return true;
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

// The documents of a sequential scan that may hold what the question asks for:
// all, or those of an ascending key list (the document indexes' candidates). The
// others are stepped over without reading their events.
class Wanted {
 public:
  explicit Wanted(const std::vector<std::int64_t>* keys) : keys_(keys) {}
  // Whether `key` is wanted; keys must be asked in ascending order.
  bool operator()(std::int64_t key) {
    if (keys_ == nullptr) return true;
    next_ = std::lower_bound(next_ == nullptr ? keys_->data() : next_, keys_->data() + keys_->size(), key);
    return next_ != keys_->data() + keys_->size() && *next_ == key;
  }

 private:
  const std::vector<std::int64_t>* keys_;
  const std::int64_t* next_ = nullptr;
};

void scan_packed(Database& db, const std::string& path, const DocumentRange& range,
                 const std::vector<std::int64_t>* wanted,
                 const std::function<void(const EventView&)>& keep) {
  Statement documents(db,
                      "SELECT doc_key, source, packed_events FROM documents "
                      "WHERE doc_key BETWEEN ? AND ? ORDER BY doc_key");
  documents.bind(1, range.first).bind(2, range.last);
  EventView view;
  Wanted is_wanted(wanted);
  while (documents.step()) {
    view.document = documents.int64(0);
    if (!is_wanted(view.document)) continue;
    view.source = documents.view(1);
    store::unpack_document_events(path, documents.blob(2), view, keep);
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

// Candidate documents per part below which a part is not worth a thread (a read
// by key costs about four steps of a sequential pass).
constexpr std::int64_t kKeysPerPart = 1024;

// The ranges of at most `parts` parts with about as many of the ascending `keys`
// each: a part's cost grows with the candidates it reads, not with its key span.
std::vector<DocumentRange> split_keys(const std::vector<std::int64_t>& keys, std::size_t parts) {
  const auto total = static_cast<std::int64_t>(keys.size());
  const std::int64_t n = std::max<std::int64_t>(
      1, std::min<std::int64_t>(static_cast<std::int64_t>(parts), total / kKeysPerPart));
  std::vector<DocumentRange> out;
  for (std::int64_t i = 0; i < n && total > 0; ++i) {
    const std::int64_t first = total * i / n, last = total * (i + 1) / n - 1;
    out.push_back(DocumentRange{keys[static_cast<std::size_t>(first)], keys[static_cast<std::size_t>(last)]});
  }
  return out;
}

// How a scan reads its documents: all in one pass; in one pass, stepping over
// those not in `keys`; or only the documents of `keys`, by key.
struct ReadPlan {
  const std::vector<std::int64_t>* keys = nullptr;  // ascending; null: every document
  bool by_key = false;
};

void read_range(Database& db, const std::string& path, const DocumentRange& range, const ReadPlan& plan,
                const std::function<void(const EventView&)>& keep) {
  if (!plan.by_key) {
    scan_packed(db, path, range, plan.keys, keep);
    return;
  }
  const auto begin = std::lower_bound(plan.keys->begin(), plan.keys->end(), range.first);
  const auto end = std::upper_bound(begin, plan.keys->end(), range.last);
  store::read_documents(db, path, std::span<const std::int64_t>(begin, end), keep);
}

// The parts of a scan, each on a thread and a connection of its own. Each thread
// opens its snapshot, then all wait until every snapshot is open; only if all see
// `generation` (the snapshot of the caller's connection) do they read. Returns
// false, having visited nothing, when a commit came in between.
bool read_parts(const std::string& path, const std::vector<DocumentRange>& ranges, std::int64_t generation,
                const ReadPlan& plan, const std::function<void(std::size_t, const EventView&)>& keep) {
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
        read_range(*db, path, ranges[part], plan, [&](const EventView& e) { keep(part, e); });
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

// The documents per this many of the store above which a question reads the whole
// store in one pass (stepping over the documents the indexes rule out) rather than
// the documents the indexes name by key: a read by key costs a B-tree search, a
// step in a sequential pass little more than SQLite's row. On a 1M-event store,
// 11% of the documents read by key on one thread took 80-90 ms; the pass over all
// of them, stepping over the other 89%, 100-110 ms on two.
constexpr std::int64_t kByKeyShare = 4;

}  // namespace

void EventStore::for_each_event(const EventFilter& filter,
                                const std::function<void(const EventView&)>& visit) const {
  scan_events("", "", filter, 1, [&visit](std::size_t, const EventView& e) { visit(e); });
}

void EventStore::scan_events(std::string_view a, std::string_view b, const EventFilter& filter,
                             std::size_t parts, const PartVisitor& visit) const {
  // A pair holds few documents, always read through the document index.
  if (!a.empty() && !b.empty()) {
    for_each_event_of(a, b, filter, [&visit](const EventView& e) { visit(0, e); });
    return;
  }
  const Scope scope{a, b};
  EventFilter terms = filter;  // a question about an actor ignores filter.actors,
  if (!a.empty()) terms.actors.clear();  // as for_each_event_of does
  const auto keep = [&](std::size_t part, const EventView& e) {
    if (scope.contains(e) && passes(terms, e)) visit(part, e);
  };

  Database db(path(), kScanFlags);
  prepare_for_scan(db);
  const std::int64_t generation = begin_snapshot(db);
  // Two subqueries, not min() and max() in one SELECT: SQLite answers a lone
  // min() or max() from the end of the B-tree, a pair by reading every row.
  Statement bounds(db,
                   "SELECT coalesce((SELECT min(doc_key) FROM documents), 0), "
                   "coalesce((SELECT max(doc_key) FROM documents), -1)");
  DocumentRange whole;
  if (bounds.step()) whole = DocumentRange{bounds.int64(0), bounds.int64(1)};
  bounds.reset();
  const std::vector<std::string> actors = a.empty() ? filter.actors : std::vector<std::string>{std::string(a)};
  const std::optional<std::vector<std::int64_t>> candidates =
      store::candidate_documents(db, actors, filter.since, filter.until);
  ReadPlan plan;
  if (candidates) {
    plan.keys = &*candidates;
    plan.by_key = static_cast<std::int64_t>(candidates->size()) <= (whole.last - whole.first + 1) / kByKeyShare;
  }
  // With candidates, the parts share them evenly even when they step through every
  // document: a store is ingested in date order, so halves by key would give one
  // part every document of a question about recent years.
  const std::vector<DocumentRange> ranges = candidates ? split_keys(*candidates, parts) : split(whole, parts);
  if (ranges.size() < 2 || !read_parts(path(), ranges, generation, plan, keep)) {
    read_range(db, path(), whole, plan, [&keep](const EventView& e) { keep(0, e); });
  }
  db.exec("COMMIT");
}

void EventStore::for_each_event_of(std::string_view a, std::string_view b, const EventFilter& filter,
                                   const std::function<void(const EventView&)>& visit) const {
  const Scope scope{a, b};
  EventFilter terms = filter;
  terms.actors.clear();
  Database db(path(), kScanFlags);
  prepare_for_scan(db);
  db.exec("BEGIN");
  store::read_documents(db, path(), store::documents_of(db, a, b), [&](const EventView& e) {
    if (scope.contains(e) && passes(terms, e)) visit(e);
  });
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
