#include "dipgraph/event_store.h"

#include <sqlite3.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <tuple>

#include "dipgraph/diagnostics.h"
#include "store/document_index.h"
#include "store/sqlite_db.h"
#include "test_util.h"

using namespace dipgraph;
namespace fs = std::filesystem;

namespace {

// A fresh folder per test case, removed afterwards.
struct TempDir {
  fs::path dir;
  TempDir() {
    static int counter = 0;
    dir = fs::temp_directory_path() /
          ("dipgraph-store-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::string path(const std::string& name) const { return (dir / name).string(); }
};

struct Doc {
  DocumentRecord record;
  std::vector<Triple> triples;
};

ActorRef actor(const std::string& id, const std::string& name, const std::string& text = "") {
  return ActorRef{id, name, id.size() == 3 ? "country" : "igo", text.empty() ? name : text};
}

Triple make_triple(const std::string& doc, std::size_t sentence, const std::string& date,
                   const ActorRef& subject, const std::string& relation, const ActorRef& object,
                   std::vector<std::string> topics = {}, bool negated = false) {
  Triple t;
  t.doc = doc;
  t.sentence = sentence;
  t.date = date;
  t.subject = subject;
  t.relation = relation;
  t.cameo = "040";
  t.quad = 1;
  t.goldstein = 1.0;
  t.object = object;
  t.topics = std::move(topics);
  t.negated = negated;
  t.confidence = 0.75;
  t.evidence = "Sentence " + std::to_string(sentence) + " of " + doc + ".";
  t.span_begin = sentence * 100;
  t.span_end = sentence * 100 + 40;
  return t;
}

Doc make_doc(const std::string& id, std::vector<Triple> triples) {
  Doc d;
  d.record.id = id;
  d.record.title = "Title of " + id;
  d.record.source = "Test Wire";
  d.record.url = "https://example.org/" + id;
  d.record.date = "2021-04-07";
  d.triples = std::move(triples);
  d.record.content_hash = triples_content_hash(d.triples);
  return d;
}

// Synthetic documents; std::mt19937's sequence is fixed by the standard, and only
// raw engine output is used, so the corpus is the same on every platform.
std::vector<Doc> synthetic_corpus(std::size_t documents, std::uint32_t seed) {
  static const ActorRef kActors[] = {
      actor("PAK", "Pakistan"), actor("RUS", "Russia"), actor("IND", "India"),
      actor("CHN", "China"),    actor("USA", "United States"), actor("TUR", "Turkey"),
      actor("UNO", "United Nations"), actor("EUR", "European Union")};
  static const char* kRelations[] = {"consult", "agree", "accuse", "sanction", "aid", "threaten"};
  static const char* kTopics[] = {"trade", "energy", "security", "nuclear", "afghanistan"};
  std::mt19937 rng(seed);
  auto pick = [&rng](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  std::vector<Doc> docs;
  for (std::size_t d = 0; d < documents; ++d) {
    const std::string id = "doc" + std::to_string(1000 + d);
    std::vector<Triple> triples;
    const std::size_t count = 1 + pick(6);
    for (std::size_t s = 0; s < count; ++s) {
      const std::size_t a = pick(std::size(kActors));
      const std::size_t b = (a + 1 + pick(std::size(kActors) - 1)) % std::size(kActors);
      std::vector<std::string> topics;
      for (std::size_t k = pick(3); k > 0; --k) topics.push_back(kTopics[pick(std::size(kTopics))]);
      char date[16];
      std::snprintf(date, sizeof date, "20%02zu-%02zu-%02zu", 15 + pick(10), 1 + pick(12),
                    1 + pick(28));
      Triple t = make_triple(id, s, pick(20) == 0 ? "" : date, kActors[a],
                             kRelations[pick(std::size(kRelations))], kActors[b], topics,
                             pick(10) == 0);
      t.goldstein = static_cast<double>(pick(201)) / 10.0 - 10.0;
      t.confidence = static_cast<double>(pick(101)) / 100.0;
      t.evidence += " \"Quoted\"\tand tabbed; caf\xc3\xa9.";
      triples.push_back(std::move(t));
    }
    docs.push_back(make_doc(id, std::move(triples)));
  }
  return docs;
}

void ingest_all(EventStore& store, const std::vector<Doc>& docs, std::size_t batch = 16) {
  store.begin_batch();
  std::size_t n = 0;
  for (const Doc& d : docs) {
    store.ingest_document(d.record, d.triples);
    if (++n % batch == 0) {
      store.commit_batch();
      store.begin_batch();
    }
  }
  store.commit_batch();
}

std::vector<std::string> dump_lines(const EventStore& store) {
  std::ostringstream out;
  store.dump(out);
  std::vector<std::string> lines;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> dump_of(const std::string& path) {
  EventStore store = EventStore::open(path, StoreOptions{false});
  return dump_lines(store);
}

// Runs SQL on a store file behind dipgraph's back, as another program would.
void raw_sql(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  BOOST_REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  BOOST_REQUIRE_MESSAGE(rc == SQLITE_OK, message);
}

std::int64_t raw_int(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  BOOST_REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  BOOST_REQUIRE(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK);
  std::int64_t value = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

// Rows that break the invariant of schema 3: a document's events are exactly the
// keys first_event..last_event (deleting a replaced document's events relies on it).
std::int64_t range_errors(const std::string& path) {
  return raw_int(path,
                 "SELECT (SELECT count(*) FROM events e JOIN documents d ON e.event_key BETWEEN "
                 "d.first_event AND d.last_event WHERE e.doc_key <> d.doc_key) + "
                 "(SELECT count(*) FROM documents d WHERE coalesce(last_event - first_event + 1, "
                 "0) <> (SELECT count(*) FROM events e WHERE e.doc_key = d.doc_key))");
}

// Events the posting lists of schema 6 miss: each event's document must be listed
// under its dyad in both directions and under its date (more is allowed).
std::int64_t index_errors(const std::string& path) {
  store::Database db(path, SQLITE_OPEN_READONLY);
  std::map<std::pair<std::string, std::string>, std::vector<std::int64_t>> dyads;
  std::map<std::string, std::vector<std::int64_t>> dates;
  const auto listed = [](const std::vector<std::int64_t>& keys, std::int64_t doc) {
    return std::binary_search(keys.begin(), keys.end(), doc);
  };
  const auto of = [&](const std::string& a, const std::string& b) -> const std::vector<std::int64_t>& {
    auto it = dyads.find({a, b});
    if (it == dyads.end()) it = dyads.emplace(std::make_pair(a, b), store::documents_of(db, a, b)).first;
    return it->second;
  };
  std::int64_t errors = 0;
  store::Statement q(db, "SELECT subject, object, date, doc_key FROM events");
  while (q.step()) {
    const std::string subject = q.text(0), object = q.text(1), date = q.text(2);
    const std::int64_t doc = q.int64(3);
    errors += !listed(of(subject, object), doc) + !listed(of(object, subject), doc);
    if (date.empty()) continue;
    auto it = dates.find(date);
    if (it == dates.end()) {
      it = dates.emplace(date, *store::candidate_documents(db, {}, date, date)).first;
    }
    errors += !listed(it->second, doc);
  }
  return errors;
}

std::string open_error(const std::string& path, StoreOptions options = {}) {
  try {
    EventStore::open(path, options);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// One event as a scan gives it, as text: every field a graph reads.
std::string scan_line(const EventView& e) {
  std::string line = std::string(e.subject) + '|' + std::string(e.relation) + '|' + std::string(e.object) +
                     '|' + std::string(e.cameo) + '|' + std::string(e.date) + '|' + std::to_string(e.quad) +
                     '|' + std::to_string(e.goldstein) + '|' + (e.negated ? "neg" : "pos") + '|' +
                     std::string(e.source) + '|';
  for (std::string_view t : e.topics) line += std::string(t) + ';';
  return line;
}

std::vector<std::string> scan_lines(const EventStore& store, const EventFilter& filter) {
  std::vector<std::string> lines;
  store.for_each_event(filter, [&](const EventView& e) { lines.push_back(scan_line(e)); });
  std::sort(lines.begin(), lines.end());
  return lines;
}

// The same, computed from the documents a store should hold.
std::vector<std::string> expected_lines(const std::vector<Doc>& docs, const EventFilter& f) {
  const auto in = [](const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  };
  std::vector<std::string> lines;
  for (const Doc& d : docs) {
    for (const Triple& t : d.triples) {
      if (t.negated && !f.include_negated) continue;
      if (!f.since.empty() && (t.date.empty() || t.date < f.since)) continue;
      if (!f.until.empty() && (t.date.empty() || t.date > f.until)) continue;
      if (!f.relations.empty() && !in(f.relations, t.relation)) continue;
      if (!f.actors.empty() && !in(f.actors, t.subject.id) && !in(f.actors, t.object.id)) continue;
      EventView e;
      e.subject = t.subject.id;
      e.relation = t.relation;
      e.object = t.object.id;
      e.cameo = t.cameo;
      e.date = t.date;
      e.quad = t.quad;
      e.goldstein = t.goldstein;
      e.negated = t.negated;
      e.source = d.record.source;
      e.topics.assign(t.topics.begin(), t.topics.end());
      lines.push_back(scan_line(e));
    }
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(event_store)

BOOST_AUTO_TEST_CASE(content_hash_is_sha256_of_canonical_sorted_lines) {
  BOOST_TEST(content_hash("abc") ==
             "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(content_hash("") ==
             "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  std::vector<Triple> triples = synthetic_corpus(1, 3).front().triples;
  BOOST_REQUIRE(triples.size() >= 2);
  const std::string hash = triples_content_hash(triples);
  std::vector<Triple> reversed(triples.rbegin(), triples.rend());
  BOOST_TEST(triples_content_hash(reversed) == hash);
  triples[0].confidence += 0.01;
  BOOST_TEST(triples_content_hash(triples) != hash);
  BOOST_TEST(triples_content_hash({}) == content_hash(""));
}

BOOST_AUTO_TEST_CASE(new_store_is_empty_and_reopens) {
  TempDir tmp;
  const std::string path = tmp.path("new.db");
  {
    EventStore store = EventStore::open(path);
    BOOST_TEST((store.stats() == StoreStats{}));
    BOOST_TEST(dump_lines(store).empty());
  }
  BOOST_TEST(raw_int(path, "PRAGMA user_version") == EventStore::kSchemaVersion);
  BOOST_TEST(raw_int(path, "PRAGMA application_id") == 0x44475048);
  BOOST_TEST(dump_of(path).empty());
  // An empty file is an empty database to SQLite: it becomes a store.
  write_bytes(tmp.path("empty.db"), "");
  BOOST_TEST(EventStore::open(tmp.path("empty.db")).stats().documents == 0u);
}

BOOST_AUTO_TEST_CASE(reingest_changes_nothing) {
  TempDir tmp;
  const std::string path = tmp.path("s.db");
  const auto docs = synthetic_corpus(40, 11);
  std::vector<std::string> before;
  {
    EventStore store = EventStore::open(path);
    ingest_all(store, docs);
    before = dump_lines(store);
    for (const Doc& d : docs) {
      BOOST_TEST((store.ingest_document(d.record, d.triples) == IngestOutcome::kUnchanged));
    }
    BOOST_TEST(dump_lines(store) == before, boost::test_tools::per_element());
  }
  EventStore reopened = EventStore::open(path);
  ingest_all(reopened, docs, 7);
  BOOST_TEST(dump_lines(reopened) == before, boost::test_tools::per_element());
  BOOST_TEST(reopened.stats().documents == 40u);
  std::size_t events = 0;
  for (const Doc& d : docs) events += d.triples.size();
  BOOST_TEST(reopened.stats().events == events);
}

// Ingest stores a document's events and topics with multi-row INSERTs of at most 16
// events and 64 topics: a document of 37 events with 0 to 4 topics each (more than
// 64 in all) must come back whole and in order, from the packed events and from the
// rows, and a document packed beforehand (ingest --triples) must store the same.
BOOST_AUTO_TEST_CASE(long_document_keeps_every_event_and_topic_in_order) {
  TempDir tmp;
  const ActorRef pak = actor("PAK", "Pakistan"), rus = actor("RUS", "Russia");
  std::vector<Triple> triples;
  std::size_t topics = 0;
  for (std::size_t s = 0; s < 37; ++s) {
    std::vector<std::string> list;
    for (std::size_t k = 0; k < s % 5; ++k) list.push_back("topic" + std::to_string(s * 10 + k));
    topics += list.size();
    triples.push_back(make_triple("long", s, "2021-03-01", s % 2 ? pak : rus, "consult",
                                  s % 2 ? rus : pak, list));
  }
  BOOST_REQUIRE(topics > 64u);
  const std::vector<Doc> docs = {
      make_doc("long", triples),
      make_doc("other", {make_triple("other", 0, "2021-03-02", actor("IND", "India"), "aid",
                                     actor("CHN", "China"), {"trade", "energy"})})};
  EventFilter all;
  all.include_negated = true;
  const auto in_order = [](const EventStore& store) {
    std::vector<std::string> lines;
    store.for_each_event_of("PAK", "RUS", EventFilter{}, [&](const EventView& e) {
      lines.push_back(scan_line(e));
    });
    return lines;
  };
  std::vector<std::string> expected;
  for (const Triple& t : triples) {
    std::string line = t.subject.id + "|consult|" + t.object.id + "|040|2021-03-01|1|" +
                       std::to_string(1.0) + "|pos|Test Wire|";
    for (const std::string& topic : t.topics) line += topic + ';';
    expected.push_back(line);
  }
  EventStore plain = EventStore::open(tmp.path("plain.db"));
  ingest_all(plain, docs);
  BOOST_TEST(scan_lines(plain, all) == expected_lines(docs, all), boost::test_tools::per_element());
  BOOST_TEST(in_order(plain) == expected, boost::test_tools::per_element());
  BOOST_TEST(raw_int(tmp.path("plain.db"), "SELECT count(*) FROM event_topics "
                                           "WHERE event_key IN (SELECT event_key FROM events "
                                           "WHERE sentence < 37 AND evidence LIKE '% of long.')") ==
             static_cast<std::int64_t>(topics));

  EventStore packed = EventStore::open(tmp.path("packed.db"));
  packed.begin_batch();
  for (const Doc& d : docs) {
    BOOST_TEST((packed.ingest_document(d.record, d.triples, EventStore::pack_events(d.triples)) ==
                IngestOutcome::kAdded));
  }
  packed.commit_batch();
  BOOST_TEST(dump_lines(packed) == dump_lines(plain), boost::test_tools::per_element());
  BOOST_TEST(scan_lines(packed, all) == scan_lines(plain, all), boost::test_tools::per_element());
  BOOST_TEST(in_order(packed) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(changed_document_replaces_its_events) {
  TempDir tmp;
  EventStore store = EventStore::open(tmp.path("s.db"));
  const ActorRef pak = actor("PAK", "Pakistan"), rus = actor("RUS", "Russia"),
                 irn = actor("IRN", "Iran"), chn = actor("CHN", "China");
  Doc v1 = make_doc("a", {make_triple("a", 0, "2021-01-01", pak, "consult", rus, {"trade"}),
                          make_triple("a", 1, "2021-01-02", irn, "accuse", pak, {"security"})});
  Doc other = make_doc("b", {make_triple("b", 0, "2021-02-01", chn, "aid", pak, {"health"})});
  BOOST_TEST((store.ingest_document(v1.record, v1.triples) == IngestOutcome::kAdded));
  BOOST_TEST((store.ingest_document(other.record, other.triples) == IngestOutcome::kAdded));
  BOOST_TEST(store.stats().actors == 4u);

  Doc v2 = make_doc("a", {make_triple("a", 0, "2021-01-01", pak, "agree", rus, {"energy"})});
  v2.record.title = "Corrected title";
  BOOST_TEST((store.ingest_document(v2.record, v2.triples) == IngestOutcome::kReplaced));

  // The store now holds exactly what a fresh ingest of v2 and b holds.
  EventStore fresh = EventStore::open(tmp.path("fresh.db"));
  fresh.ingest_document(other.record, other.triples);
  fresh.ingest_document(v2.record, v2.triples);
  BOOST_TEST(dump_lines(store) == dump_lines(fresh), boost::test_tools::per_element());
  BOOST_TEST(index_errors(tmp.path("s.db")) == 0);
  const StoreStats s = store.stats();
  BOOST_TEST(s.documents == 2u);
  BOOST_TEST(s.events == 2u);
  BOOST_TEST(s.actors == 3u);  // Iran was only named by the replaced version
  const auto lines = dump_lines(store);
  BOOST_TEST(lines.front() ==
             "document\ta\t" + v2.record.content_hash +
                 "\thttps://example.org/a\tCorrected title\tTest Wire\t2021-04-07");
  BOOST_TEST(lines[2] ==
             "event\ta\t0\t0\t40\t2021-01-01\tPAK\tagree\tRUS\t040\t1\t1\t0\t0.75\tPakistan\t"
             "Russia\tSentence 0 of a.\tenergy");
  // Replacing it back is a change again, and old topics do not come back.
  BOOST_TEST((store.ingest_document(v1.record, v1.triples) == IngestOutcome::kReplaced));
  BOOST_TEST(store.stats().events == 3u);
  BOOST_TEST(store.stats().actors == 4u);
}

BOOST_AUTO_TEST_CASE(actor_spelling_does_not_depend_on_order) {
  TempDir tmp;
  const ActorRef short_name = actor("GBR", "Britain"), long_name = actor("GBR", "United Kingdom");
  const ActorRef fra = actor("FRA", "France");
  Doc a = make_doc("a", {make_triple("a", 0, "2020-01-01", short_name, "consult", fra)});
  Doc b = make_doc("b", {make_triple("b", 0, "2020-01-01", long_name, "consult", fra)});
  EventStore one = EventStore::open(tmp.path("1.db"));
  one.ingest_document(a.record, a.triples);
  one.ingest_document(b.record, b.triples);
  EventStore two = EventStore::open(tmp.path("2.db"));
  two.ingest_document(b.record, b.triples);
  two.ingest_document(a.record, a.triples);
  BOOST_TEST(dump_lines(one) == dump_lines(two), boost::test_tools::per_element());
  BOOST_TEST(dump_lines(one).back() == "actor\tGBR\tUnited Kingdom\tcountry");
}

BOOST_AUTO_TEST_CASE(stats_match_hand_counts) {
  TempDir tmp;
  EventStore store = EventStore::open(tmp.path("s.db"));
  const ActorRef pak = actor("PAK", "Pakistan"), rus = actor("RUS", "Russia"),
                 ind = actor("IND", "India"), uno = actor("UNO", "United Nations");
  Doc a = make_doc("a", {make_triple("a", 0, "2021-04-07", pak, "consult", rus),
                         make_triple("a", 1, "2021-04-08", rus, "consult", pak),
                         make_triple("a", 2, "", pak, "accuse", ind, {}, true)});
  Doc b = make_doc("b", {make_triple("b", 0, "2019-12-31", uno, "request", ind),
                         make_triple("b", 1, "2022-01-01", ind, "accuse", pak)});
  Doc empty = make_doc("c", {});
  store.ingest_document(a.record, a.triples);
  store.ingest_document(b.record, b.triples);
  store.ingest_document(empty.record, empty.triples);
  StoreStats expected;
  expected.documents = 3;  // a document without triples is still a document seen
  expected.events = 5;
  expected.negated = 1;
  expected.actors = 4;
  expected.dyads = 3;  // PAK-RUS (both directions), PAK-IND (both), UNO-IND
  expected.first_date = "2019-12-31";
  expected.last_date = "2022-01-01";  // the undated event is not a date
  expected.events_per_relation = {{"accuse", 2}, {"consult", 2}, {"request", 1}};
  const StoreStats s = store.stats();
  BOOST_TEST(s.documents == expected.documents);
  BOOST_TEST(s.dyads == expected.dyads);
  BOOST_TEST(s.first_date == expected.first_date);
  BOOST_TEST((s == expected));
}

BOOST_AUTO_TEST_CASE(shards_merged_in_any_order_equal_one_ingest) {
  TempDir tmp;
  const auto docs = synthetic_corpus(200, 7);
  {
    EventStore whole = EventStore::open(tmp.path("whole.db"));
    ingest_all(whole, docs, 25);
  }
  // Four shards of unequal size, each ingested in its own order and batch size.
  const std::size_t cuts[] = {0, 37, 101, 150, 200};
  for (int k = 0; k < 4; ++k) {
    std::vector<Doc> part(docs.begin() + cuts[k], docs.begin() + cuts[k + 1]);
    if (k % 2) std::reverse(part.begin(), part.end());
    EventStore shard = EventStore::open(tmp.path("shard" + std::to_string(k) + ".db"));
    ingest_all(shard, part, 3 + k);
  }
  const auto expected = dump_of(tmp.path("whole.db"));
  BOOST_REQUIRE(expected.size() > 400u);
  const std::vector<std::vector<int>> orders = {{0, 1, 2, 3}, {3, 2, 1, 0}, {2, 0, 3, 1}, {1, 3, 0, 2}};
  for (std::size_t o = 0; o < orders.size(); ++o) {
    const std::string out = tmp.path("merged" + std::to_string(o) + ".db");
    {
      EventStore merged = EventStore::open(out);
      for (int k : orders[o]) merged.merge_from(tmp.path("shard" + std::to_string(k) + ".db"));
    }
    BOOST_TEST_CONTEXT("merge order " << o) {
      BOOST_TEST(dump_of(out) == expected, boost::test_tools::per_element());
      BOOST_TEST(range_errors(out) == 0);
      BOOST_TEST(index_errors(out) == 0);
    }
  }
  // A tree of merges, a shard merged twice, and a shard merged into a copy of itself.
  {
    EventStore left = EventStore::open(tmp.path("left.db"));
    left.merge_from(tmp.path("shard3.db"));
    left.merge_from(tmp.path("shard1.db"));
    EventStore right = EventStore::open(tmp.path("right.db"));
    right.merge_from(tmp.path("shard0.db"));
    right.merge_from(tmp.path("shard2.db"));
    right.merge_from(tmp.path("shard0.db"));
  }
  {
    EventStore top = EventStore::open(tmp.path("right.db"));
    top.merge_from(tmp.path("left.db"));
    top.merge_from(tmp.path("whole.db"));
    BOOST_TEST(dump_lines(top) == expected, boost::test_tools::per_element());
    // Ingesting after a merge goes on without key clashes.
    const auto more = synthetic_corpus(3, 99);
    for (const Doc& d : more) {
      Doc renamed = d;
      renamed.record.id = "extra-" + d.record.id;
      BOOST_TEST((top.ingest_document(renamed.record, renamed.triples) == IngestOutcome::kAdded));
    }
  }
  BOOST_TEST(range_errors(tmp.path("right.db")) == 0);
  BOOST_TEST(index_errors(tmp.path("right.db")) == 0);
}

BOOST_AUTO_TEST_CASE(merge_of_two_versions_keeps_the_greater_hash_either_way) {
  TempDir tmp;
  const ActorRef pak = actor("PAK", "Pakistan"), rus = actor("RUS", "Russia"),
                 irn = actor("IRN", "Iran");
  Doc x1 = make_doc("x", {make_triple("x", 0, "2021-01-01", pak, "consult", rus)});
  Doc x2 = make_doc("x", {make_triple("x", 0, "2021-01-01", irn, "accuse", rus, {"nuclear"})});
  const Doc& winner = x1.record.content_hash > x2.record.content_hash ? x1 : x2;
  {
    EventStore a = EventStore::open(tmp.path("a.db"));
    a.ingest_document(x1.record, x1.triples);
    EventStore b = EventStore::open(tmp.path("b.db"));
    b.ingest_document(x2.record, x2.triples);
    EventStore w = EventStore::open(tmp.path("w.db"));
    w.ingest_document(winner.record, winner.triples);
  }
  for (const auto& [first, second] : {std::pair{"a.db", "b.db"}, std::pair{"b.db", "a.db"}}) {
    const std::string out = tmp.path(std::string("m-") + first);
    {
      EventStore m = EventStore::open(out);
      m.merge_from(tmp.path(first));
      m.merge_from(tmp.path(second));
    }
    BOOST_TEST(dump_of(out) == dump_of(tmp.path("w.db")), boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(migrates_version_1) {
  TempDir tmp;
  const std::string path = tmp.path("v1.db");
  // Version 1 as it was written: topics joined in one column of events, no
  // event_topics table and no query indexes.
  raw_sql(path, R"sql(
    CREATE TABLE documents (doc_key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
      content_hash TEXT NOT NULL, url TEXT NOT NULL, title TEXT NOT NULL, source TEXT NOT NULL,
      date TEXT NOT NULL, ingest_time TEXT NOT NULL);
    CREATE TABLE events (event_key INTEGER PRIMARY KEY, doc_key INTEGER NOT NULL,
      sentence INTEGER NOT NULL, date TEXT NOT NULL, subject TEXT NOT NULL,
      relation TEXT NOT NULL, object TEXT NOT NULL, cameo TEXT NOT NULL, quad INTEGER NOT NULL,
      goldstein REAL NOT NULL, negated INTEGER NOT NULL, confidence REAL NOT NULL,
      evidence TEXT NOT NULL, span_begin INTEGER NOT NULL, span_end INTEGER NOT NULL,
      subject_text TEXT NOT NULL, object_text TEXT NOT NULL, topics TEXT NOT NULL);
    CREATE INDEX events_by_doc ON events(doc_key);
    CREATE TABLE actors (id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL) WITHOUT ROWID;
    INSERT INTO documents VALUES (1, 'a', 'sha256:aa', 'https://example.org/a', 'Title of a',
      'Test Wire', '2021-04-07', '2024-01-01T00:00:00Z');
    INSERT INTO events VALUES (1, 1, 0, '2021-04-07', 'PAK', 'consult', 'RUS', '040', 1, 1.0, 0,
      0.75, 'Sentence 0 of a.', 0, 40, 'Pakistan', 'Russia', 'trade;energy');
    INSERT INTO events VALUES (2, 1, 1, '', 'RUS', 'accuse', 'PAK', '040', 1, 1.0, 1,
      0.75, 'Sentence 1 of a.', 100, 140, 'Russia', 'Pakistan', '');
    INSERT INTO actors VALUES ('PAK', 'Pakistan', 'country'), ('RUS', 'Russia', 'country');
    PRAGMA application_id = 1145524296;
    PRAGMA user_version = 1;
  )sql");
  const auto migrated = dump_of(path);
  BOOST_TEST(raw_int(path, "PRAGMA user_version") == EventStore::kSchemaVersion);
  BOOST_TEST(raw_int(path, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'events_by_%'") == 0);
  BOOST_TEST(raw_int(path, "SELECT count(*) FROM dyad_postings") == 2);
  BOOST_TEST(raw_int(path, "SELECT count(*) FROM date_postings WHERE date = '2021-04-07'") == 1);
  BOOST_TEST(index_errors(path) == 0);
  BOOST_TEST(raw_int(path, "SELECT count(*) FROM event_topics") == 2);

  // The same content ingested into a current store gives the same rows.
  const ActorRef pak = actor("PAK", "Pakistan"), rus = actor("RUS", "Russia");
  Doc a = make_doc("a", {make_triple("a", 0, "2021-04-07", pak, "consult", rus, {"trade", "energy"}),
                         make_triple("a", 1, "", rus, "accuse", pak, {}, true)});
  a.record.content_hash = "sha256:aa";
  {
    EventStore current = EventStore::open(tmp.path("current.db"));
    current.ingest_document(a.record, a.triples);
    BOOST_TEST(migrated == dump_lines(current), boost::test_tools::per_element());
  }
  // The migrated store takes new documents and recognises its old one.
  EventStore store = EventStore::open(path);
  BOOST_TEST((store.ingest_document(a.record, a.triples) == IngestOutcome::kUnchanged));
  BOOST_TEST(store.stats().events == 2u);
}

// Version 2 as it was written: events found by events_by_doc, no event ranges.
constexpr const char* kVersion2Schema = R"sql(
  CREATE TABLE documents (doc_key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL, url TEXT NOT NULL, title TEXT NOT NULL, source TEXT NOT NULL,
    date TEXT NOT NULL, ingest_time TEXT NOT NULL);
  CREATE TABLE events (event_key INTEGER PRIMARY KEY, doc_key INTEGER NOT NULL,
    sentence INTEGER NOT NULL, date TEXT NOT NULL, subject TEXT NOT NULL,
    relation TEXT NOT NULL, object TEXT NOT NULL, cameo TEXT NOT NULL, quad INTEGER NOT NULL,
    goldstein REAL NOT NULL, negated INTEGER NOT NULL, confidence REAL NOT NULL,
    evidence TEXT NOT NULL, span_begin INTEGER NOT NULL, span_end INTEGER NOT NULL,
    subject_text TEXT NOT NULL, object_text TEXT NOT NULL);
  CREATE INDEX events_by_doc ON events(doc_key);
  CREATE TABLE actors (id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE event_topics (event_key INTEGER NOT NULL, position INTEGER NOT NULL,
    topic TEXT NOT NULL, PRIMARY KEY (event_key, position)) WITHOUT ROWID;
  CREATE INDEX events_by_dyad ON events(subject, object, date);
  CREATE INDEX events_by_object ON events(object, date);
  CREATE INDEX events_by_relation ON events(relation, date);
  CREATE INDEX events_by_date ON events(date);
  PRAGMA application_id = 1145524296;
  PRAGMA user_version = 2;
)sql";

// Copies the rows of a current store into a version 2 file, with the events of
// its documents interleaved when `interleave` (each document's events then no
// longer form one key range, which migration must repair).
void write_version_2(const std::string& from, const std::string& to, bool interleave) {
  raw_sql(to, kVersion2Schema);
  const std::string sql =
      "ATTACH '" + from + "' AS cur;"
      "INSERT INTO documents SELECT doc_key, id, content_hash, url, title, source, date, "
      "ingest_time FROM cur.documents;"
      "CREATE TEMP TABLE keys AS SELECT event_key AS old, " +
      std::string(interleave ? "row_number() OVER (ORDER BY sentence, doc_key) * 7"
                             : "event_key") +
      " AS new FROM cur.events;"
      "INSERT INTO events SELECT k.new, doc_key, sentence, date, subject, relation, object, "
      "cameo, quad, goldstein, negated, confidence, evidence, span_begin, span_end, "
      "subject_text, object_text FROM cur.events JOIN keys k ON k.old = event_key;"
      "INSERT INTO event_topics SELECT k.new, position, topic FROM cur.event_topics "
      "JOIN keys k ON k.old = event_key;"
      "INSERT INTO actors SELECT * FROM cur.actors;";
  raw_sql(to, sql.c_str());
}

BOOST_AUTO_TEST_CASE(migrates_version_2_with_contiguous_or_interleaved_events) {
  TempDir tmp;
  const auto docs = synthetic_corpus(40, 9);
  const std::string current = tmp.path("current.db");
  {
    EventStore store = EventStore::open(current);
    ingest_all(store, docs);
  }
  const auto expected = dump_of(current);
  for (const bool interleave : {false, true}) {
    const std::string path = tmp.path(interleave ? "v2-interleaved.db" : "v2.db");
    write_version_2(current, path, interleave);
    if (interleave) {
      BOOST_REQUIRE(raw_int(path,
                            "SELECT count(*) FROM (SELECT doc_key FROM events GROUP BY doc_key "
                            "HAVING max(event_key) - min(event_key) + 1 <> count(*))") > 0);
    }
    BOOST_TEST(dump_of(path) == expected, boost::test_tools::per_element());
    BOOST_TEST(raw_int(path, "PRAGMA user_version") == EventStore::kSchemaVersion);
    BOOST_TEST(raw_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'events_by_doc'") == 0);
    BOOST_TEST(raw_int(path, "SELECT value FROM store_info WHERE key = 'generation'") > 0);
    BOOST_TEST(range_errors(path) == 0);
    BOOST_TEST(index_errors(path) == 0);
    // Replacing a migrated document removes exactly its old events and topics.
    EventStore store = EventStore::open(path);
    Doc changed = docs[7];
    changed.triples.pop_back();
    changed.record.content_hash = triples_content_hash(changed.triples);
    BOOST_TEST((store.ingest_document(changed.record, changed.triples) == IngestOutcome::kReplaced));
    EventStore fresh = EventStore::open(tmp.path(interleave ? "f1.db" : "f0.db"));
    ingest_all(fresh, docs);
    fresh.ingest_document(changed.record, changed.triples);
    BOOST_TEST(dump_lines(store) == dump_lines(fresh), boost::test_tools::per_element());
    // The packed events the migration wrote read as those ingest writes.
    for (EventFilter f : {EventFilter{}, EventFilter{"2019-03-01", "2019-03-09", {}, {}, false}}) {
      f.include_negated = true;
      BOOST_TEST(scan_lines(store, f) == scan_lines(fresh, f), boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(bad_store_files_are_refused_with_their_name) {
  TempDir tmp;
  const std::string random = tmp.path("random.db");
  std::mt19937 rng(5);
  std::string bytes(8192, '\0');
  for (char& c : bytes) c = static_cast<char>(rng() & 0xff);
  write_bytes(random, bytes);
  BOOST_TEST(open_error(random) == random + ": error: not a dipgraph store: not an SQLite database");

  const std::string text = tmp.path("notes.db");
  write_bytes(text, "just some notes, not a database\n");
  BOOST_TEST(open_error(text) == text + ": error: not a dipgraph store: not an SQLite database");

  const std::string foreign = tmp.path("foreign.db");
  raw_sql(foreign, "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
  BOOST_TEST(open_error(foreign) ==
             foreign + ": error: not a dipgraph store: an SQLite database of another program");

  const std::string newer = tmp.path("newer.db");
  { EventStore::open(newer); }
  raw_sql(newer, "PRAGMA user_version = 7");
  BOOST_TEST(open_error(newer) == newer +
                                      ": error: store schema version 7 is newer than this "
                                      "dipgraph supports (6); use a newer dipgraph");

  const std::string whole = tmp.path("whole.db");
  {
    EventStore store = EventStore::open(whole);
    ingest_all(store, synthetic_corpus(300, 2));
  }
  BOOST_REQUIRE(!fs::exists(whole + "-wal"));  // closed cleanly: everything is in the file
  const std::string content = dipgraph::test::read_file(whole);
  const std::string truncated = tmp.path("truncated.db");
  write_bytes(truncated, content.substr(0, content.size() / 2));
  const std::string message = open_error(truncated);
  BOOST_TEST(message.rfind(truncated + ": error: store is truncated: " +
                               std::to_string(content.size() / 2) + " bytes, its header says " +
                               std::to_string(content.size()),
                           0) == 0u,
             message);

  BOOST_TEST(open_error(tmp.path("missing.db"), StoreOptions{false}) ==
             tmp.path("missing.db") + ": error: no such store (create it with dipgraph ingest)");
  BOOST_TEST(open_error(tmp.dir.string()) ==
             tmp.dir.string() + ": error: cannot open store: is a directory");
  const std::string unwritable = tmp.path("no-such-dir/s.db");
  BOOST_TEST(open_error(unwritable) ==
             unwritable + ": error: cannot create store: unable to open database file (does its "
                          "folder exist, and may this user write there?)");
  // None of the refused files was changed or turned into a store.
  BOOST_TEST(dipgraph::test::read_file(random) == bytes);
  BOOST_TEST(raw_int(newer, "PRAGMA user_version") == 7);
}

BOOST_AUTO_TEST_CASE(generation_moves_on_every_committed_change_only) {
  TempDir tmp;
  const std::string path = tmp.path("s.db"), other = tmp.path("o.db");
  const auto docs = synthetic_corpus(6, 5);
  EventStore store = EventStore::open(path);
  const std::int64_t created = store.generation();
  BOOST_TEST(created > 0);
  BOOST_TEST(EventStore::open(other).generation() != created);  // random starts

  store.ingest_document(docs[0].record, docs[0].triples);
  const std::int64_t one = store.generation();
  BOOST_TEST(one == created + 1);
  store.ingest_document(docs[0].record, docs[0].triples);  // unchanged
  BOOST_TEST(store.generation() == one);

  store.begin_batch();  // one batch of several documents: one step
  for (std::size_t i = 1; i < 4; ++i) store.ingest_document(docs[i].record, docs[i].triples);
  store.commit_batch();
  const std::int64_t batch = store.generation();
  BOOST_TEST(batch == one + 1);
  store.begin_batch();  // a batch that changed nothing: no step
  store.ingest_document(docs[1].record, docs[1].triples);
  store.commit_batch();
  BOOST_TEST(store.generation() == batch);
  {
    EventStore rolled_back = std::move(store);
    rolled_back.begin_batch();  // closed without commit: no step
    rolled_back.ingest_document(docs[4].record, docs[4].triples);
  }
  EventStore reopened = EventStore::open(path);
  BOOST_TEST(reopened.generation() == batch);

  Doc changed = docs[0];
  changed.triples.pop_back();
  changed.record.content_hash = triples_content_hash(changed.triples);
  reopened.ingest_document(changed.record, changed.triples);  // replaced
  BOOST_TEST(reopened.generation() == batch + 1);
  {
    EventStore o = EventStore::open(other);
    o.ingest_document(docs[5].record, docs[5].triples);
  }
  reopened.merge_from(other);
  BOOST_TEST(reopened.generation() == batch + 2);
}

BOOST_AUTO_TEST_CASE(scans_return_exactly_the_filtered_events) {
  TempDir tmp;
  auto docs = synthetic_corpus(300, 17);
  const std::string path = tmp.path("s.db"), other = tmp.path("o.db");
  EventStore store = EventStore::open(path);
  ingest_all(store, docs);
  // A replaced document (new event keys at the end) and documents merged in.
  docs[5].triples.pop_back();
  docs[5].record.content_hash = triples_content_hash(docs[5].triples);
  store.ingest_document(docs[5].record, docs[5].triples);
  auto more = synthetic_corpus(340, 18);
  more.erase(more.begin(), more.begin() + 300);  // ids doc1300.. are new
  for (Doc& d : more) d.record.source = "Other Wire";
  {
    EventStore o = EventStore::open(other);
    ingest_all(o, more);
  }
  store.merge_from(other);
  docs.insert(docs.end(), more.begin(), more.end());

  std::vector<EventFilter> filters(7);
  filters[1].include_negated = true;
  filters[2].since = "2017-01-01";  // most of the store: the packed blobs
  filters[2].until = "2022-06-30";
  filters[3].actors = {"PAK"};
  filters[3].relations = {"aid", "accuse"};
  filters[4].since = "2019-03-01";  // a few days: the rows the indexes select
  filters[4].until = "2019-03-09";
  filters[5].actors = {"TUR"};
  filters[5].relations = {"sanction"};
  filters[5].since = "2020-01-01";
  filters[6].actors = {"NOBODY"};
  // One day, both bounds on a date that events carry.
  std::string day;
  for (const Doc& d : docs) {
    for (const Triple& t : d.triples) {
      if (day.empty() && !t.date.empty() && !t.negated) day = t.date;
    }
  }
  BOOST_REQUIRE(!day.empty());
  filters.push_back(EventFilter{day, day, {}, {}, false});
  BOOST_REQUIRE(!expected_lines(docs, filters.back()).empty());
  // Filter 4 must take the path of few documents read by key: under a twentieth.
  BOOST_REQUIRE(raw_int(path, "SELECT count(DISTINCT doc_key) FROM events WHERE date "
                              "BETWEEN '2019-03-01' AND '2019-03-09'") < 340 / 20);
  BOOST_REQUIRE(raw_int(path, "SELECT count(DISTINCT doc_key) FROM events WHERE date "
                              "BETWEEN '2019-03-01' AND '2019-03-09'") > 0);
  BOOST_TEST(index_errors(path) == 0);
  // The same questions about one actor and about one pair, by every read path.
  const auto lines_of = [&](std::string_view a, std::string_view b, const EventFilter& f) {
    std::vector<std::string> lines;
    store.scan_events(a, b, f, 3, [&](std::size_t, const EventView& e) { lines.push_back(scan_line(e)); });
    std::sort(lines.begin(), lines.end());
    std::vector<std::string> direct;
    store.for_each_event_of(a, b, f, [&](const EventView& e) { direct.push_back(scan_line(e)); });
    std::sort(direct.begin(), direct.end());
    BOOST_TEST(direct == lines, boost::test_tools::per_element());
    return lines;
  };
  // The lines (subject|relation|object|...) of events between `a` and `b`.
  const auto of_pair = [](std::vector<std::string> lines, const std::string& a, const std::string& b) {
    std::erase_if(lines, [&](const std::string& l) {
      const std::size_t s = l.find('|'), r = l.find('|', s + 1), o = l.find('|', r + 1);
      const std::string subject = l.substr(0, s), object = l.substr(r + 1, o - r - 1);
      return !((subject == a && object == b) || (subject == b && object == a));
    });
    return lines;
  };
  for (EventFilter f : filters) {
    const auto expected = expected_lines(docs, f);
    BOOST_TEST(scan_lines(store, f) == expected, boost::test_tools::per_element());
    f.actors = {"PAK"};
    const auto of_pak = expected_lines(docs, f);
    f.actors = {"NOBODY"};  // ignored by questions about an actor or a pair
    BOOST_TEST(lines_of("PAK", "", f) == of_pak, boost::test_tools::per_element());
    BOOST_TEST(lines_of("PAK", "RUS", f) == of_pair(of_pak, "PAK", "RUS"), boost::test_tools::per_element());
    BOOST_TEST(lines_of("RUS", "PAK", f) == of_pair(of_pak, "PAK", "RUS"), boost::test_tools::per_element());
  }
  BOOST_TEST(scan_lines(store, filters[6]).empty());
}

// A question about a quarter of the documents or less reads them by key, in parts
// of 1,024 keys or more on threads of their own (event_scan.cpp); the parts read
// disjoint ascending documents and together give what one connection gives.
BOOST_AUTO_TEST_CASE(reads_by_key_in_parts_equal_a_serial_read) {
  TempDir tmp;
  const auto docs = synthetic_corpus(12000, 23);
  const std::string path = tmp.path("parts.db");
  {
    EventStore store = EventStore::open(path);
    ingest_all(store, docs, 2000);
  }
  const EventStore store = EventStore::open(path, StoreOptions{false});
  // The first window of months from 2019-01 whose documents fill two parts by key.
  EventFilter filter;
  filter.since = "2019-01-01";
  std::size_t candidates = 0;
  {
    store::Database db(path, SQLITE_OPEN_READONLY);
    for (int month = 1; month <= 12 && candidates < 2 * 1024; ++month) {
      filter.until = "2019-" + std::string(month < 10 ? "0" : "") + std::to_string(month) + "-28";
      candidates = store::candidate_documents(db, {}, filter.since, filter.until)->size();
    }
  }
  BOOST_REQUIRE(candidates >= 2 * 1024u);
  BOOST_REQUIRE(candidates <= docs.size() / 4);
  std::vector<std::string> serial;
  store.scan_events("", "", filter, 1, [&](std::size_t part, const EventView& e) {
    BOOST_TEST(part == 0u);
    serial.push_back(scan_line(e));
  });
  std::sort(serial.begin(), serial.end());
  BOOST_TEST(serial == expected_lines(docs, filter), boost::test_tools::per_element());
  std::vector<std::vector<std::int64_t>> documents(3);  // per part: parts run at once
  std::vector<std::vector<std::string>> lines(3);
  store.scan_events("", "", filter, 3, [&](std::size_t part, const EventView& e) {
    documents.at(part).push_back(e.document);
    lines.at(part).push_back(scan_line(e));
  });
  BOOST_TEST(!documents[0].empty());
  BOOST_TEST(!documents[1].empty());
  std::vector<std::string> joined;
  for (std::size_t part = 0; part < documents.size(); ++part) {
    BOOST_TEST(std::is_sorted(documents[part].begin(), documents[part].end()));
    if (part > 0 && !documents[part].empty()) BOOST_TEST(documents[part - 1].back() < documents[part].front());
    joined.insert(joined.end(), lines[part].begin(), lines[part].end());
  }
  std::sort(joined.begin(), joined.end());
  BOOST_TEST(joined == serial, boost::test_tools::per_element());
}

// strongest_evidence reads the event rows of only the documents whose packed events
// reach the strength of the limit-th strongest event, and all of the pair's when
// that could change the answer (sentences with several strong events): for every
// limit, pair order and filter it gives what ranking all of the pair's events gives.
BOOST_AUTO_TEST_CASE(strongest_evidence_equals_a_ranking_of_every_event) {
  TempDir tmp;
  auto docs = synthetic_corpus(200, 31);
  const ActorRef pak = actor("PAK", "Pakistan"), rus = actor("RUS", "Russia");
  // Two documents whose strongest events share a sentence: the two strongest events
  // give one sentence, so a limit of 2 needs the other documents too.
  for (const std::string id : {"shared1", "shared2"}) {
    std::vector<Triple> triples;
    for (const char* relation : {"threaten", "sanction"}) {
      Triple t = make_triple(id, 3, "2020-05-05", pak, relation, rus);
      t.goldstein = -10.0;
      t.confidence = 0.9;
      triples.push_back(t);
    }
    docs.push_back(make_doc(id, std::move(triples)));
  }
  const std::string path = tmp.path("e.db");
  {
    EventStore store = EventStore::open(path);
    ingest_all(store, docs);
  }
  const EventStore store = EventStore::open(path, StoreOptions{false});
  struct Row {
    double strength, confidence;
    std::string date, doc;
    std::int64_t sentence;
  };
  const auto ranked = [&](const std::string& a, const std::string& b, const EventFilter& f, std::size_t limit) {
    std::vector<Row> rows;
    for (const Doc& d : docs) {
      for (const Triple& t : d.triples) {
        const bool pair = (t.subject.id == a && t.object.id == b) || (t.subject.id == b && t.object.id == a);
        if (!pair || (t.negated && !f.include_negated)) continue;
        if (!f.since.empty() && (t.date.empty() || t.date < f.since)) continue;
        if (!f.relations.empty() && std::find(f.relations.begin(), f.relations.end(), t.relation) == f.relations.end()) {
          continue;
        }
        rows.push_back(Row{std::fabs(t.goldstein), t.confidence, t.date, d.record.id, static_cast<std::int64_t>(t.sentence)});
      }
    }
    // The query's order: |goldstein| and confidence descending, dated before
    // undated, newest first, then document id and sentence ascending.
    std::sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) {
      if (x.strength != y.strength) return x.strength > y.strength;
      if (x.confidence != y.confidence) return x.confidence > y.confidence;
      if (x.date.empty() != y.date.empty()) return y.date.empty();
      if (x.date != y.date) return x.date > y.date;
      return std::tie(x.doc, x.sentence) < std::tie(y.doc, y.sentence);
    });
    std::vector<std::string> out;
    std::set<std::pair<std::string, std::int64_t>> seen;
    for (const Row& r : rows) {
      if (out.size() == limit) break;
      if (seen.emplace(r.doc, r.sentence).second) out.push_back(r.doc + "#" + std::to_string(r.sentence));
    }
    return out;
  };
  std::vector<EventFilter> filters(3);
  filters[1].since = "2019-01-01";
  filters[2].relations = {"threaten", "accuse", "sanction"};
  filters[2].include_negated = true;
  for (const EventFilter& f : filters) {
    for (const auto& [a, b] : {std::pair<std::string, std::string>{"PAK", "RUS"}, {"RUS", "PAK"}, {"IND", "CHN"}}) {
      for (std::size_t limit : {1, 2, 3, 5, 8, 13, 40, 1000}) {
        std::vector<std::string> got;
        for (const EvidenceRecord& r : store.strongest_evidence(a, b, f, limit)) {
          got.push_back(r.document + "#" + std::to_string(r.sentence));
        }
        BOOST_TEST(got == ranked(a, b, f, limit), a << "-" << b << " limit " << limit);
      }
    }
  }
}

// A damaged blob (packed events or posting list) is an Error naming the store, on
// every read path that meets it, never a crash or a wrong answer.
BOOST_AUTO_TEST_CASE(damaged_blobs_are_errors_naming_the_store) {
  TempDir tmp;
  const ActorRef pak = actor("PAK", "Pakistan"), rus = actor("RUS", "Russia");
  const Doc a = make_doc("a", {make_triple("a", 0, "2021-01-01", pak, "consult", rus)});
  const auto error_of = [](const std::function<void()>& read) -> std::string {
    try {
      read();
    } catch (const Error& e) {
      return e.what();
    }
    return "(no error)";
  };
  const auto ignore = [](const EventView&) {};
  const std::string packed = tmp.path("packed.db"), postings = tmp.path("postings.db");
  for (const std::string& path : {packed, postings}) {
    EventStore store = EventStore::open(path);
    store.ingest_document(a.record, a.triples);
  }
  raw_sql(packed, "UPDATE documents SET packed_events = x'01ff'");
  raw_sql(postings, "UPDATE dyad_postings SET documents = x'80'");
  const EventStore damaged = EventStore::open(packed);
  BOOST_TEST(error_of([&] { damaged.for_each_event(EventFilter{}, ignore); }) ==
             packed + ": error: store is corrupt: the packed events of document key 1 cannot be read");
  BOOST_TEST(error_of([&] { damaged.for_each_event_of("PAK", "RUS", EventFilter{}, ignore); }) ==
             packed + ": error: store is corrupt: the packed events of document key 1 cannot be read");
  BOOST_TEST(error_of([&] { damaged.strongest_evidence("PAK", "RUS", EventFilter{}, 5); }) ==
             packed + ": error: store is corrupt: the packed events of document key 1 cannot be read");
  const EventStore lists = EventStore::open(postings);
  BOOST_TEST(error_of([&] { lists.for_each_event_of("PAK", "", EventFilter{}, ignore); }) ==
             postings + ": error: store is corrupt: a posting list cannot be read");
  BOOST_TEST(error_of([&] { lists.strongest_evidence("PAK", "RUS", EventFilter{}, 5); }) ==
             postings + ": error: store is corrupt: a posting list cannot be read");
}

BOOST_AUTO_TEST_CASE(batches_commit_or_roll_back_whole) {
  TempDir tmp;
  const std::string path = tmp.path("s.db");
  const auto docs = synthetic_corpus(10, 4);
  {
    EventStore store = EventStore::open(path);
    BOOST_CHECK_THROW(store.commit_batch(), Error);
    store.begin_batch();
    BOOST_CHECK_THROW(store.begin_batch(), Error);
    BOOST_CHECK_THROW(store.merge_from(tmp.path("other.db")), Error);
    for (const Doc& d : docs) store.ingest_document(d.record, d.triples);
    BOOST_TEST(store.stats().documents == 10u);  // visible inside the batch
  }  // closed without commit_batch: rolled back
  EventStore store = EventStore::open(path);
  BOOST_TEST(store.stats().documents == 0u);
  DocumentRecord nameless;
  nameless.content_hash = "sha256:00";
  BOOST_CHECK_THROW(store.ingest_document(nameless, {}), Error);
  DocumentRecord unhashed;
  unhashed.id = "x";
  BOOST_CHECK_THROW(store.ingest_document(unhashed, {}), Error);
  BOOST_CHECK_THROW(store.merge_from(path), Error);  // into itself
  BOOST_CHECK_THROW(store.merge_from(tmp.path("absent.db")), Error);
  BOOST_TEST(!fs::exists(tmp.path("absent.db")));
}

BOOST_AUTO_TEST_SUITE_END()
