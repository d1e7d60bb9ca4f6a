#include "dipgraph/event_store.h"

#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <optional>
#include <tuple>
#include <ostream>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "dipgraph/diagnostics.h"
#include "dipgraph/triple_io.h"
#include "store/document_index.h"
#include "store/packed_events.h"
#include "store/sqlite_db.h"
#include "store/store_merge.h"
#include "store/store_schema.h"

namespace dipgraph {
namespace {

using store::Database;
using store::Statement;

std::string utc_text(std::time_t now) {
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Rows per multi-row INSERT: one statement step that stores many rows costs SQLite
// far less than a step per row (a document has about 5 events and 15 topics).
// OR ROLLBACK: a statement that writes several rows and may fail halfway otherwise
// copies every page it changes into a statement journal first, to undo only itself;
// any failure here rolls back the whole batch anyway (Impl::rollback).
constexpr std::size_t kEventRows = 16;  // 17 parameters each
constexpr std::size_t kTopicRows = 64;  // 3 parameters each
constexpr int kEventColumns = 17;
constexpr const char* kInsertEvents =
    "INSERT OR ROLLBACK INTO events(event_key, doc_key, sentence, date, subject, relation, object, cameo, "
    "quad, goldstein, negated, confidence, evidence, span_begin, span_end, subject_text, "
    "object_text)";
constexpr const char* kEventRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertTopics = "INSERT OR ROLLBACK INTO event_topics(event_key, position, topic)";
constexpr const char* kTopicRow = "(?, ?, ?)";

std::int64_t as_int(std::size_t v) {
  return v > static_cast<std::size_t>(INT64_MAX) ? INT64_MAX : static_cast<std::int64_t>(v);
}

void write_escaped(std::ostream& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '\t': out << "\\t"; break;
      case '\n': out << "\\n"; break;
      case '\r': out << "\\r"; break;
      case '\\': out << "\\\\"; break;
      default: out << c;
    }
  }
}

// Exact and stable: the same double always prints the same digits.
std::string exact(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// SQLite's busy timeout counts from the first attempt, but a writer that commits
// batch after batch takes the lock back at once and keeps it nearly all the time:
// a second writer would time out while the first is doing fine. So the wait goes
// on as long as the other writer makes progress (its WAL changes) and gives up
// only after a minute without any.
struct WriterWait {
  std::string wal;  // the store's -wal file
  std::chrono::steady_clock::time_point since;
  std::pair<off_t, std::int64_t> seen{-1, -1};  // size and mtime (ns) of the WAL

  static int retry(void* arg, int attempt) noexcept {
    auto* w = static_cast<WriterWait*>(arg);
    const auto now = std::chrono::steady_clock::now();
    struct stat st {};
    std::pair<off_t, std::int64_t> state{-1, -1};
    if (::stat(w->wal.c_str(), &st) == 0) {
      state = {st.st_size, std::int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec};
    }
    if (attempt == 0 || state != w->seen) {
      w->seen = state;
      w->since = now;
    }
    if (now - w->since > std::chrono::seconds(60)) return 0;
    ::usleep(attempt < 20 ? 1000 : 10000);
    return 1;
  }
};

}  // namespace

std::string content_hash(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    throw Error("", "SHA-256 is not available from OpenSSL");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "sha256:";
  for (unsigned int i = 0; i < size; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

std::string triples_content_hash(const std::vector<Triple>& triples) {
  std::vector<std::string> lines(triples.size());
  for (std::size_t i = 0; i < triples.size(); ++i) append_triple_json(triples[i], lines[i]);
  std::sort(lines.begin(), lines.end());
  std::string all;
  for (const auto& line : lines) all += line;
  return content_hash(all);
}

struct EventStore::Impl {
  explicit Impl(const std::string& path, int flags) : db(path, flags) {
    wait.wal = path + "-wal";
    sqlite3_busy_handler(db.handle(), &WriterWait::retry, &wait);
  }

  WriterWait wait;  // declared first: outlives the connection that calls it
  Database db;
  bool batch = false;
  // A replaced document may have been the last to name an actor: the actors its old
  // events named are checked when the transaction commits, and removed if unused.
  std::vector<std::string> maybe_unused;
  // Whether this transaction changed anything: only then does it move the
  // generation on (an unchanged re-ingest keeps every cache that depends on it).
  bool changed = false;
  // Actors already written in this transaction with the (name, type) the store holds,
  // so that an actor costs one upsert per transaction, not one per event.
  std::unordered_map<std::string, std::pair<std::string, std::string>> actors_written;
  // The key of the next event; 0 until read in this transaction. Only this
  // connection writes while its transaction is open, so it can count by itself.
  std::int64_t next_event = 0;

  std::optional<Statement> find_doc, insert_doc, update_doc, delete_topics, delete_events,
      old_actors, upsert_actor, max_event;
  // The multi-row INSERTs, made when first needed: [n - 1] stores n rows.
  std::vector<std::unique_ptr<Statement>> insert_events, insert_topics;
  store::PostingLists postings;  // of the documents stored in this transaction
  // The ingest time, as text, of the second it was last made for.
  std::time_t now_second = -1;
  std::string now_text;

  void prepare() {
    find_doc.emplace(db,
                     "SELECT doc_key, content_hash, first_event, last_event FROM documents "
                     "WHERE id = ?");
    insert_doc.emplace(db,
                       "INSERT INTO documents(id, content_hash, url, title, source, date, "
                       "ingest_time, first_event, last_event, packed_events) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    update_doc.emplace(db,
                       "UPDATE documents SET content_hash = ?2, url = ?3, title = ?4, "
                       "source = ?5, date = ?6, ingest_time = ?7, first_event = ?8, "
                       "last_event = ?9, packed_events = ?10 WHERE doc_key = ?1");
    delete_topics.emplace(db, "DELETE FROM event_topics WHERE event_key BETWEEN ? AND ?");
    delete_events.emplace(db, "DELETE FROM events WHERE event_key BETWEEN ? AND ?");
    old_actors.emplace(db, store::kActorsOfEventsSql);
    upsert_actor.emplace(db, store::kUpsertActorSql);
    max_event.emplace(db, "SELECT coalesce(max(event_key), 0) FROM events");
  }

  void begin() {
    db.exec("BEGIN IMMEDIATE");
    forget_transaction();
  }

  // What this connection keeps about the open transaction.
  void forget_transaction() {
    actors_written.clear();
    maybe_unused.clear();
    postings.clear();
    changed = false;
    next_event = 0;
  }

  void commit() {
    postings.write(db);  // first: the actor check below reads the posting lists
    if (!maybe_unused.empty()) store::delete_unused_actors(db, std::move(maybe_unused));
    if (changed) db.exec(store::kBumpGenerationSql);
    db.exec("COMMIT");
    forget_transaction();
  }

  void rollback() noexcept {
    if (!sqlite3_get_autocommit(db.handle())) {
      sqlite3_exec(db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
    batch = false;
    forget_transaction();
  }

  void record_actor(const ActorRef& a) {
    auto it = actors_written.find(a.id);
    if (it != actors_written.end() &&
        std::tie(it->second.first, it->second.second) >= std::tie(a.name, a.type)) {
      return;
    }
    upsert_actor->bind(1, a.id).bind(2, a.name).bind(3, a.type).run();
    if (it == actors_written.end()) {
      actors_written.emplace(a.id, std::make_pair(a.name, a.type));
    } else {
      it->second = {a.name, a.type};
    }
  }

  // Binds ?2..?10 of insert_doc and update_doc: the record, the time, the event range
  // (NULL for a document without events), the packed events.
  void bind_document(Statement& s, const DocumentRecord& doc, const std::string& now,
                     std::int64_t first, std::size_t count, const std::string& packed) {
    s.bind_blob(10, packed);
    s.bind(2, doc.content_hash).bind(3, doc.url).bind(4, doc.title).bind(5, doc.source);
    s.bind(6, doc.date).bind(7, now);
    if (count == 0) {
      s.bind_null(8).bind_null(9);
    } else {
      s.bind(8, first).bind(9, first + as_int(count) - 1);
    }
  }

  // The statement `head VALUES row, row...` with `n` rows, prepared once.
  Statement& rows_statement(std::vector<std::unique_ptr<Statement>>& made, std::size_t n,
                            const char* head, const char* row) {
    if (made.size() < n) made.resize(n);
    std::unique_ptr<Statement>& s = made[n - 1];
    if (!s) {
      std::string sql = head;
      for (std::size_t i = 0; i < n; ++i) {
        sql += i == 0 ? " VALUES " : ", ";
        sql += row;
      }
      s = std::make_unique<Statement>(db, sql.c_str());
    }
    return *s;
  }

  // Binds event `t` with key `event_key` as the row starting at parameter `p` + 1.
  static void bind_event(Statement& s, int p, std::int64_t event_key, std::int64_t doc_key,
                         const Triple& t) {
    s.bind(p + 1, event_key).bind(p + 2, doc_key).bind(p + 3, as_int(t.sentence));
    s.bind(p + 4, t.date).bind(p + 5, t.subject.id).bind(p + 6, t.relation);
    s.bind(p + 7, t.object.id).bind(p + 8, t.cameo).bind(p + 9, static_cast<std::int64_t>(t.quad));
    s.bind(p + 10, t.goldstein).bind(p + 11, static_cast<std::int64_t>(t.negated ? 1 : 0));
    s.bind(p + 12, t.confidence).bind(p + 13, t.evidence).bind(p + 14, as_int(t.span_begin));
    s.bind(p + 15, as_int(t.span_end)).bind(p + 16, t.subject.text).bind(p + 17, t.object.text);
  }

  // Stores the triples as events first..first+n-1 of document `doc_key`, with their
  // topics and actors, up to kEventRows events and kTopicRows topics per statement.
  void insert_triples(std::int64_t first, std::int64_t doc_key, const std::vector<Triple>& triples) {
    std::size_t topics = 0;
    for (std::size_t begin = 0; begin < triples.size(); begin += kEventRows) {
      const std::size_t n = std::min(kEventRows, triples.size() - begin);
      Statement& s = rows_statement(insert_events, n, kInsertEvents, kEventRow);
      for (std::size_t r = 0; r < n; ++r) {
        const Triple& t = triples[begin + r];
        record_actor(t.subject);
        record_actor(t.object);
        topics += t.topics.size();
        bind_event(s, static_cast<int>(r) * kEventColumns, first + as_int(begin + r), doc_key, t);
      }
      s.run();
    }
    // The topics of all events as rows (event key, position, topic), in order.
    std::size_t left = topics, row = 0, rows = 0;
    Statement* statement = nullptr;
    for (std::size_t e = 0; e < triples.size(); ++e) {
      const std::vector<std::string>& list = triples[e].topics;
      for (std::size_t position = 0; position < list.size(); ++position) {
        if (row == 0) {
          rows = std::min(kTopicRows, left);
          statement = &rows_statement(insert_topics, rows, kInsertTopics, kTopicRow);
        }
        const int p = static_cast<int>(row) * 3;
        statement->bind(p + 1, first + as_int(e)).bind(p + 2, as_int(position));
        statement->bind(p + 3, list[position]);
        --left;
        if (++row == rows) {
          statement->run();
          row = 0;
        }
      }
    }
  }

  // The document's events in this transaction's posting lists (written at commit).
  void index_document(std::int64_t doc_key, const std::vector<Triple>& triples) {
    for (const Triple& t : triples) postings.add(t.subject.id, t.object.id, t.date, doc_key);
  }

  const std::string& utc_now() {
    const std::time_t now = std::time(nullptr);
    if (now != now_second) {
      now_second = now;
      now_text = utc_text(now);
    }
    return now_text;
  }

  // A document's events take the keys first..first+n-1: one range per document,
  // which is how they are found again (documents.first_event, last_event).
  std::int64_t claim_event_keys(std::size_t n) {
    if (next_event == 0) {
      next_event = max_event->step() ? max_event->int64(0) + 1 : 1;
      max_event->reset();
    }
    const std::int64_t first = next_event;
    next_event += as_int(n);
    return first;
  }

  // `packed`: pack_events(triples) if already made, else null.
  IngestOutcome ingest(const DocumentRecord& doc, const std::vector<Triple>& triples,
                       const std::string* packed) {
    std::optional<std::int64_t> key;
    find_doc->bind(1, doc.id);
    if (find_doc->step()) {
      key = find_doc->int64(0);
      const bool same = find_doc->text(1) == doc.content_hash;
      const bool had_events = !find_doc->is_null(2);
      const std::int64_t first = find_doc->int64(2), last = find_doc->int64(3);
      find_doc->reset();
      if (same) return IngestOutcome::kUnchanged;
      if (had_events) {
        old_actors->bind(1, first).bind(2, last);
        while (old_actors->step()) maybe_unused.push_back(old_actors->text(0));
        old_actors->reset();
        delete_topics->bind(1, first).bind(2, last).run();
        delete_events->bind(1, first).bind(2, last).run();
      }
    } else {
      find_doc->reset();
    }
    changed = true;
    const std::string& now = utc_now();
    const std::int64_t first = claim_event_keys(triples.size());
    std::string packed_here;
    if (packed == nullptr) {
      packed_here = store::pack_events(triples);
      packed = &packed_here;
    }
    IngestOutcome outcome = IngestOutcome::kAdded;
    if (key) {
      bind_document(*update_doc, doc, now, first, triples.size(), *packed);
      update_doc->bind(1, *key).run();
      outcome = IngestOutcome::kReplaced;
    } else {
      bind_document(*insert_doc, doc, now, first, triples.size(), *packed);
      insert_doc->bind(1, doc.id).run();
      key = sqlite3_last_insert_rowid(db.handle());
    }
    insert_triples(first, *key, triples);
    index_document(*key, triples);
    return outcome;
  }
};

EventStore::EventStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EventStore::EventStore(EventStore&&) noexcept = default;
EventStore& EventStore::operator=(EventStore&&) noexcept = default;

EventStore::~EventStore() {
  if (impl_) impl_->rollback();
}

EventStore EventStore::open(const std::string& path, const StoreOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (fs::is_directory(status)) throw Error(path, "cannot open store: is a directory");
  const bool exists = fs::exists(status);
  if (!exists && !options.create_if_missing) {
    throw Error(path, "no such store (create it with dipgraph ingest)");
  }
  const bool wal_present = fs::exists(path + "-wal", ec);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (options.create_if_missing) flags |= SQLITE_OPEN_CREATE;
  auto impl = std::make_unique<Impl>(path, flags);  // a second writer waits: WriterWait
  store::prepare_schema(impl->db, wal_present);
  impl->prepare();
  return EventStore(std::move(impl));
}

const std::string& EventStore::path() const { return impl_->db.path(); }

bool EventStore::in_batch() const { return impl_->batch; }

void EventStore::begin_batch() {
  if (impl_->batch) throw Error(path(), "begin_batch: a batch is already open");
  impl_->begin();
  impl_->batch = true;
}

void EventStore::commit_batch() {
  if (!impl_->batch) throw Error(path(), "commit_batch: no batch is open");
  try {
    impl_->commit();
  } catch (...) {
    impl_->rollback();
    throw;
  }
  impl_->batch = false;
}

IngestOutcome EventStore::ingest_document(const DocumentRecord& doc,
                                          const std::vector<Triple>& triples) {
  return ingest_prepared(doc, triples, nullptr);
}

IngestOutcome EventStore::ingest_document(const DocumentRecord& doc,
                                          const std::vector<Triple>& triples,
                                          const std::string& packed) {
  return ingest_prepared(doc, triples, &packed);
}

std::string EventStore::pack_events(const std::vector<Triple>& triples) {
  return store::pack_events(triples);
}

IngestOutcome EventStore::ingest_prepared(const DocumentRecord& doc,
                                          const std::vector<Triple>& triples,
                                          const std::string* packed) {
  if (doc.id.empty()) throw Error(path(), "ingest_document: empty document id");
  if (doc.content_hash.empty()) {
    throw Error(path(), "ingest_document: empty content hash for document \"" + doc.id + "\"");
  }
  const bool own_transaction = !impl_->batch;
  try {
    if (own_transaction) impl_->begin();
    IngestOutcome outcome = impl_->ingest(doc, triples, packed);
    if (own_transaction) impl_->commit();
    return outcome;
  } catch (...) {
    // Half a document must never be committed: the whole batch goes.
    impl_->rollback();
    throw;
  }
}

std::int64_t EventStore::generation() const {
  Statement q(impl_->db, "SELECT value FROM store_info WHERE key = 'generation'");
  return q.step() ? q.int64(0) : 0;
}

// One pass over the packed events (SQLite's GROUP BY and DISTINCT over the event
// rows took seconds on a million events), on this connection, so that inside a
// batch the counts include what the batch wrote.
StoreStats EventStore::stats() const {
  Database& db = impl_->db;
  StoreStats s;
  {
    Statement q(db, "SELECT count(*) FROM documents");
    if (q.step()) s.documents = static_cast<std::uint64_t>(q.int64(0));
  }
  {
    Statement q(db, "SELECT count(*) FROM actors");
    if (q.step()) s.actors = static_cast<std::uint64_t>(q.int64(0));
  }
  std::unordered_set<std::string> dyads;  // "low\x1fhigh"
  std::map<std::string, std::uint64_t, std::less<>> per_relation;
  std::string dyad;
  const auto count = [&](const EventView& e) {
    ++s.events;
    if (e.negated) ++s.negated;
    if (!e.date.empty()) {
      if (s.first_date.empty() || e.date < s.first_date) s.first_date = e.date;
      if (s.last_date.empty() || e.date > s.last_date) s.last_date = e.date;
    }
    const auto [low, high] = std::minmax(e.subject, e.object);
    dyad.assign(low).append(1, '\x1f').append(high);
    dyads.insert(dyad);
    auto it = per_relation.find(e.relation);
    if (it == per_relation.end()) it = per_relation.emplace(std::string(e.relation), 0).first;
    ++it->second;
  };
  Statement documents(db, "SELECT doc_key, packed_events FROM documents");
  EventView view;
  while (documents.step()) {
    view.document = documents.int64(0);
    store::unpack_document_events(path(), documents.blob(1), view, count);
  }
  s.dyads = dyads.size();
  s.events_per_relation.assign(per_relation.begin(), per_relation.end());
  return s;
}

void EventStore::merge_from(const std::string& other) {
  if (impl_->batch) throw Error(path(), "merge_from: cannot merge inside a batch");
  std::error_code ec;
  if (std::filesystem::equivalent(path(), other, ec)) {
    throw Error(other, "cannot merge a store into itself");
  }
  // Validates and migrates `other` the way open() does for this store.
  { EventStore check = EventStore::open(other, StoreOptions{false}); }
  store::merge_store(impl_->db, other);
}

void EventStore::dump(std::ostream& out) const {
  Database& db = impl_->db;
  {
    Statement q(db,
                "SELECT id, content_hash, url, title, source, date FROM documents ORDER BY id");
    while (q.step()) {
      out << "document";
      for (int c = 0; c < 6; ++c) {
        out << '\t';
        write_escaped(out, q.text(c));
      }
      out << '\n';
    }
  }
  {
    // group_concat follows the order of its ordered subquery (SQLite 3.40 has no
    // ORDER BY inside aggregates); the full-row ORDER BY makes ties identical lines.
    Statement q(db,
                "SELECT d.id, e.sentence, e.span_begin, e.span_end, e.date, e.subject, "
                "e.relation, e.object, e.cameo, e.quad, e.goldstein, e.negated, e.confidence, "
                "e.subject_text, e.object_text, e.evidence, "
                "coalesce((SELECT group_concat(topic, ';') FROM (SELECT topic FROM event_topics t "
                "WHERE t.event_key = e.event_key ORDER BY position)), '') AS topics "
                "FROM events e JOIN documents d USING (doc_key) "
                "ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17");
    while (q.step()) {
      out << "event";
      for (int c = 0; c < 17; ++c) {
        out << '\t';
        if (c == 10 || c == 12) {
          out << exact(q.real(c));
        } else {
          write_escaped(out, q.text(c));
        }
      }
      out << '\n';
    }
  }
  {
    Statement q(db, "SELECT id, name, type FROM actors ORDER BY id");
    while (q.step()) {
      out << "actor";
      for (int c = 0; c < 3; ++c) {
        out << '\t';
        write_escaped(out, q.text(c));
      }
      out << '\n';
    }
  }
}

}  // namespace dipgraph
