#include "dipgraph/relation_graph.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

#include "dipgraph/event_store.h"
#include "dipgraph/diagnostics.h"
#include "dipgraph/graph_cache.h"
#include "dipgraph/graph_query.h"
#include "byte_codec.h"
#include "graph/event_table.h"
#include "test_util.h"

using namespace dipgraph;
namespace fs = std::filesystem;

namespace {

ActorRef actor(const std::string& id, const std::string& name) {
  return ActorRef{id, name, id.size() == 3 ? "country" : "igo", name};
}

const ActorRef kPak = actor("PAK", "Pakistan");
const ActorRef kRus = actor("RUS", "Russia");
const ActorRef kInd = actor("IND", "India");
const ActorRef kCiv = actor("CIV", "Côte d'Ivoire");

using test::event;

// The fixed store every case reads (hand-computed expectations below):
//   d1 (Wire A, 2021-03): PAK consult RUS x2 (03-01, 03-03), PAK cooperate RUS,
//                         PAK accuse IND, negated PAK agree RUS
//   d2 (Wire B, 2021-04): RUS consult PAK, PAK consult RUS, PAK accuse IND (undated)
//   d3 (Wire A, 2022-01): PAK consult RUS, CIV support PAK, PAK self-relation dropped
struct FixedStore {
  fs::path dir;
  std::string path;

  FixedStore() {
    dir = fs::temp_directory_path() / ("dipgraph-graph-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    path = (dir / "fixed.db").string();
    EventStore store = EventStore::open(path);
    add(store, "d1", "Wire A", "2021-03-01",
        {event("2021-03-01", kPak, "consult", kRus, "040", 1, 1.0, {"energy", "trade"}),
         event("2021-03-03", kPak, "consult", kRus, "042", 1, 1.9, {"energy"}),
         event("2021-03-03", kPak, "cooperate", kRus, "060", 2, 6.0, {"security"}),
         event("2021-03-03", kPak, "accuse", kInd, "112", 3, -2.0, {"Kashmir"}),
         event("2021-03-03", kPak, "agree", kRus, "030", 1, 4.0, {}, true)});
    add(store, "d2", "Wire B", "2021-04-10",
        {event("2021-04-10", kRus, "consult", kPak, "040", 1, 1.0, {"trade"}),
         event("2021-04-12", kPak, "consult", kRus, "040", 1, 1.0, {"trade", "energy"}),
         event("", kPak, "accuse", kInd, "112", 3, -2.0)});
    add(store, "d3", "Wire A", "2022-01-05",
        {event("2022-01-05", kPak, "consult", kRus, "040", 1, 1.0, {"defence"}),
         event("2022-01-05", kCiv, "support", kPak, "051", 1, 3.4),
         event("2022-01-05", kPak, "consult", kPak, "040", 1, 1.0)});
  }
  ~FixedStore() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  static void add(EventStore& store, const std::string& id, const std::string& source,
                  const std::string& date, std::vector<Triple> triples) {
    DocumentRecord doc;
    doc.id = id;
    doc.source = source;
    doc.date = date;
    doc.title = id;
    for (Triple& t : triples) t.doc = id;
    doc.content_hash = triples_content_hash(triples);
    store.ingest_document(doc, triples);
  }

  RelationGraph graph(GraphOptions options = {}) const {
    EventStore store = EventStore::open(path, StoreOptions{false});
    return RelationGraph::from_store(store, options);
  }
};

const GraphEdge* find_edge(const RelationGraph& g, const std::string& s, const std::string& o,
                           const std::string& relation) {
  for (std::size_t i = 0; i < g.edge_count(); ++i) {
    const GraphEdge& e = g.edge(i);
    if (g.node(e.source).id == s && g.node(e.target).id == o && e.relation == relation) return &e;
  }
  return nullptr;
}

std::vector<std::string> node_ids(const RelationGraph& g) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < g.node_count(); ++i) out.push_back(g.node(i).id);
  return out;
}

// Every node, every edge and the options: what save() must keep.
void check_same_graph(const RelationGraph& a, const RelationGraph& b) {
  BOOST_TEST((a.options() == b.options()));
  BOOST_REQUIRE(a.node_count() == b.node_count());
  BOOST_REQUIRE(a.edge_count() == b.edge_count());
  for (std::size_t i = 0; i < a.node_count(); ++i) BOOST_TEST((a.node(i) == b.node(i)));
  for (std::size_t i = 0; i < a.edge_count(); ++i) BOOST_TEST((a.edge(i) == b.edge(i)));
  for (std::size_t i = 0; i < a.node_count(); ++i) {
    BOOST_TEST((b.find_node(a.node(i).id) == std::optional<std::size_t>(i)));
    BOOST_TEST(a.edges_of(i) == b.edges_of(i), boost::test_tools::per_element());
  }
}

std::size_t cache_entries(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& entry : fs::directory_iterator(dir)) n += entry.path().extension() == ".graph";
  return n;
}

// Deterministic events over `documents` documents (1 to 4 events each) for the
// builder-merge and parallel-scan cases; the strings live in `text`.
struct SyntheticEvents {
  std::deque<std::string> text;
  std::vector<EventView> events;

  explicit SyntheticEvents(std::size_t documents) {
    std::mt19937 rng(11);
    const auto pick = [&](std::initializer_list<const char*> names) -> std::string_view {
      return text.emplace_back(*(names.begin() + rng() % names.size()));
    };
    for (std::size_t d = 1; d <= documents; ++d) {
      const std::string_view source = pick({"Wire A", "Wire B", "Daily C"});
      for (std::size_t n = 1 + rng() % 4; n > 0; --n) {
        EventView e;
        e.document = static_cast<std::int64_t>(d);
        e.source = source;
        e.subject = pick({"PAK", "RUS", "IND", "CHN", "USA", "UN"});
        e.object = pick({"PAK", "RUS", "IND", "CHN", "USA", "UN"});
        e.relation = pick({"consult", "cooperate", "accuse", "agree"});
        e.cameo = pick({"040", "060", "112"});
        e.quad = static_cast<int>(rng() % 5);
        e.goldstein = static_cast<double>(rng() % 21) / 2 - 5;
        e.date = pick({"2021-01-04", "2021-01-05", "2021-02-28", "2022-12-31", "", "bad"});
        for (std::size_t t = rng() % 3; t > 0; --t) e.topics.push_back(pick({"energy", "trade", "Kashmir"}));
        events.push_back(e);
      }
    }
  }
};

// A store of the synthetic events, one document per document number.
void write_store(const std::string& path, const SyntheticEvents& synthetic) {
  EventStore store = EventStore::open(path);
  store.begin_batch();
  std::vector<Triple> triples;
  for (std::size_t i = 0; i < synthetic.events.size(); ++i) {
    const EventView& e = synthetic.events[i];
    Triple t = test::event(e.date == "bad" ? "" : std::string(e.date), actor(std::string(e.subject), "S"),
                           std::string(e.relation), actor(std::string(e.object), "O"), std::string(e.cameo),
                           e.quad, e.goldstein, {e.topics.begin(), e.topics.end()});
    t.negated = i % 7 == 0;
    triples.push_back(t);
    if (i + 1 == synthetic.events.size() || synthetic.events[i + 1].document != e.document) {
      FixedStore::add(store, "doc" + std::to_string(e.document), std::string(e.source), "2021-01-01", triples);
      triples.clear();
    }
  }
  store.commit_batch();
}

RelationGraph built_from(const GraphOptions& options, const std::vector<EventView>& events) {
  GraphBuilder builder(options);
  for (const EventView& e : events) builder.add(e);
  return RelationGraph::build(std::move(builder));
}

std::vector<GraphOptions> option_variants() {
  std::vector<GraphOptions> out(4);
  out[1].collapse = true;
  out[2].bucket = TimeBucket::kWeek;
  out[2].max_topics = 1;
  out[3].timelines = false;
  out[3].topics = false;
  out[3].collapse = true;
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(relation_graph)

BOOST_AUTO_TEST_CASE(articles_are_exact_in_any_document_order) {
  const SyntheticEvents synthetic(300);
  std::vector<EventView> shuffled = synthetic.events;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(5));
  for (const GraphOptions& options : option_variants()) {
    const RelationGraph in_order = built_from(options, synthetic.events);
    BOOST_REQUIRE(in_order.edge_count() > 10u);
    check_same_graph(in_order, built_from(options, shuffled));
    BOOST_TEST(in_order.save() == built_from(options, shuffled).save());
  }
  // By hand: documents 1, 2, 1 again on one edge are two articles, not three.
  EventView e;
  e.subject = "PAK";
  e.object = "RUS";
  e.relation = "consult";
  GraphBuilder builder(GraphOptions{});
  for (const std::int64_t document : {1, 2, 1}) {
    e.document = document;
    builder.add(e);
  }
  const RelationGraph g = RelationGraph::build(std::move(builder));
  BOOST_REQUIRE(g.edge_count() == 1u);
  BOOST_TEST(g.edge(0).weight == 3u);
  BOOST_TEST(g.edge(0).articles == 2u);
}

BOOST_AUTO_TEST_CASE(merged_builders_equal_one_builder) {
  const SyntheticEvents synthetic(300);
  const auto& events = synthetic.events;
  for (const GraphOptions& options : option_variants()) {
    const std::string expected = built_from(options, events).save();
    // Split by document range (as the parallel scan does), interleaved event by
    // event (the same documents on both sides), and with an empty third builder.
    for (const bool by_range : {true, false}) {
      std::vector<GraphBuilder> parts;
      for (int i = 0; i < 3; ++i) parts.emplace_back(options);
      for (std::size_t i = 0; i < events.size(); ++i) {
        const bool second = by_range ? events[i].document > 150 : i % 2 == 1;
        parts[second ? 1 : 0].add(events[i]);
      }
      parts[0].merge(std::move(parts[2]));
      parts[1].merge(std::move(parts[0]));
      BOOST_TEST(RelationGraph::build(std::move(parts[1])).save() == expected, "by range: " << by_range);
    }
    GraphOptions other = options;
    other.min_weight = 2;
    GraphBuilder a(options), b(other);
    BOOST_CHECK_THROW(a.merge(std::move(b)), Error);
  }
}

BOOST_AUTO_TEST_CASE(buckets_name_days_iso_weeks_months_and_years) {
  BOOST_TEST(bucket_of("2024-03-05", TimeBucket::kDay) == "2024-03-05");
  BOOST_TEST(bucket_of("2024-03-05", TimeBucket::kWeek) == "2024-W10");
  BOOST_TEST(bucket_of("2021-01-03", TimeBucket::kWeek) == "2020-W53");  // a Sunday
  BOOST_TEST(bucket_of("2021-01-04", TimeBucket::kWeek) == "2021-W01");  // a Monday
  BOOST_TEST(bucket_of("2024-12-30", TimeBucket::kWeek) == "2025-W01");
  BOOST_TEST(bucket_of("2024-03-05", TimeBucket::kMonth) == "2024-03");
  BOOST_TEST(bucket_of("2024-03-05", TimeBucket::kYear) == "2024");
  BOOST_TEST(bucket_of("", TimeBucket::kDay) == "");
  BOOST_TEST(bucket_of("2024-02-30", TimeBucket::kMonth) == "");
  BOOST_TEST(bucket_of("March 2024", TimeBucket::kYear) == "");
  BOOST_TEST((parse_time_bucket("week") == TimeBucket::kWeek));
  BOOST_TEST(!parse_time_bucket("fortnight").has_value());
  BOOST_TEST(time_bucket_name(TimeBucket::kYear) == std::string("year"));
}

BOOST_AUTO_TEST_CASE(edges_aggregate_events_per_subject_object_relation) {
  FixedStore fixed;
  const RelationGraph g = fixed.graph();
  BOOST_TEST(g.directed());
  // Sorted by id; CIV's label keeps its non-ASCII letter and apostrophe.
  BOOST_TEST(node_ids(g) == (std::vector<std::string>{"CIV", "IND", "PAK", "RUS"}),
             boost::test_tools::per_element());
  BOOST_TEST(g.node(0).label == "Côte d'Ivoire");
  BOOST_TEST(g.node(0).type == "country");
  // Negated agree and the self-relation are not edges.
  BOOST_TEST(g.edge_count() == 5u);
  BOOST_TEST(find_edge(g, "PAK", "RUS", "agree") == nullptr);

  const GraphEdge* consult = find_edge(g, "PAK", "RUS", "consult");
  BOOST_REQUIRE(consult);
  BOOST_TEST(consult->weight == 4u);
  BOOST_TEST(consult->articles == 3u);
  BOOST_TEST(consult->sources == 2u);
  BOOST_TEST(consult->first_seen == "2021-03-01");
  BOOST_TEST(consult->last_seen == "2022-01-05");
  BOOST_TEST(consult->goldstein_mean == (1.0 + 1.9 + 1.0 + 1.0) / 4, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(consult->cameo == "040");  // 3 of 4
  BOOST_TEST(consult->quad == 1);
  BOOST_TEST(consult->cooperation == 4u);
  BOOST_TEST(consult->conflict == 0u);
  // energy 3, trade 2, defence 1.
  BOOST_REQUIRE(consult->topics.size() == 3u);
  BOOST_TEST(consult->topics[0].name == "energy");
  BOOST_TEST(consult->topics[0].count == 3u);
  BOOST_TEST(consult->topics[1].name == "trade");
  BOOST_TEST(consult->topics[2].name == "defence");
  // Monthly timeline: 2021-03 two, 2021-04 one, 2022-01 one.
  BOOST_REQUIRE(consult->timeline.size() == 3u);
  BOOST_TEST(consult->timeline[0].bucket == "2021-03");
  BOOST_TEST(consult->timeline[0].events == 2u);
  BOOST_TEST(consult->timeline[0].quad[0] == 2u);
  BOOST_TEST(consult->timeline[2].bucket == "2022-01");

  const GraphEdge* accuse = find_edge(g, "PAK", "IND", "accuse");
  BOOST_REQUIRE(accuse);
  BOOST_TEST(accuse->weight == 2u);
  BOOST_TEST(accuse->articles == 2u);
  // The undated event counts but has no date and no bucket.
  BOOST_TEST(accuse->first_seen == "2021-03-03");
  BOOST_TEST(accuse->last_seen == "2021-03-03");
  BOOST_TEST(accuse->timeline.size() == 1u);
  BOOST_TEST(accuse->conflict == 2u);
  BOOST_TEST(accuse->quad == 3);

  BOOST_TEST(find_edge(g, "RUS", "PAK", "consult")->weight == 1u);
  // PAK is on consult 4 + cooperate 1 + accuse 2 + RUS consult 1 + CIV support 1.
  BOOST_TEST(g.node(*g.find_node("PAK")).events == 9u);
  BOOST_TEST(g.edges_of(*g.find_node("IND")).size() == 1u);
  BOOST_TEST(!g.find_node("USA").has_value());
}

BOOST_AUTO_TEST_CASE(collapse_merges_a_dyad_in_both_directions) {
  FixedStore fixed;
  GraphOptions options;
  options.collapse = true;
  options.bucket = TimeBucket::kYear;
  const RelationGraph g = fixed.graph(options);
  BOOST_TEST(!g.directed());
  BOOST_TEST(g.edge_count() == 3u);  // CIV-PAK, IND-PAK, PAK-RUS
  const GraphEdge* dyad = find_edge(g, "PAK", "RUS", "consult");
  BOOST_REQUIRE(dyad);
  BOOST_TEST(dyad->weight == 6u);  // consult 4 + 1 back + cooperate 1
  BOOST_REQUIRE(dyad->relations.size() == 2u);
  BOOST_TEST(dyad->relations[0].name == "consult");
  BOOST_TEST(dyad->relations[0].count == 5u);
  BOOST_TEST(dyad->relations[1].name == "cooperate");
  BOOST_TEST(dyad->articles == 3u);
  BOOST_TEST(dyad->quad == 1);
  BOOST_REQUIRE(dyad->timeline.size() == 2u);
  BOOST_TEST(dyad->timeline[0].bucket == "2021");
  BOOST_TEST(dyad->timeline[0].events == 5u);
  BOOST_TEST(dyad->timeline[0].quad[1] == 1u);  // the cooperate event
  // The source id sorts before the target id, whatever the event direction.
  const GraphEdge* civ = find_edge(g, "CIV", "PAK", "support");
  BOOST_REQUIRE(civ);
}

BOOST_AUTO_TEST_CASE(filters_dates_relations_actors_and_min_weight) {
  FixedStore fixed;
  GraphOptions options;
  options.filter.since = "2021-04-01";
  options.filter.until = "2021-12-31";
  RelationGraph g = fixed.graph(options);
  // Only d2's dated events: RUS consult PAK, PAK consult RUS (undated accuse dropped).
  BOOST_TEST(g.edge_count() == 2u);
  BOOST_TEST(node_ids(g) == (std::vector<std::string>{"PAK", "RUS"}), boost::test_tools::per_element());

  options = {};
  options.filter.relations = {"accuse", "support"};
  g = fixed.graph(options);
  BOOST_TEST(g.edge_count() == 2u);
  BOOST_TEST(find_edge(g, "PAK", "IND", "accuse"));
  BOOST_TEST(find_edge(g, "CIV", "PAK", "support"));

  options = {};
  options.filter.actors = {"IND", "CIV"};
  g = fixed.graph(options);
  BOOST_TEST(node_ids(g) == (std::vector<std::string>{"CIV", "IND", "PAK"}), boost::test_tools::per_element());

  options = {};
  options.min_weight = 2;
  g = fixed.graph(options);
  BOOST_TEST(g.edge_count() == 2u);  // PAK consult RUS (4), PAK accuse IND (2)
  BOOST_TEST(node_ids(g) == (std::vector<std::string>{"IND", "PAK", "RUS"}), boost::test_tools::per_element());

  options = {};
  options.filter.include_negated = true;
  g = fixed.graph(options);
  BOOST_TEST(find_edge(g, "PAK", "RUS", "agree"));

  options = {};
  options.filter.since = "2030-01-01";
  g = fixed.graph(options);
  BOOST_TEST(g.node_count() == 0u);
  BOOST_TEST(g.edge_count() == 0u);
}

BOOST_AUTO_TEST_CASE(max_topics_keeps_the_most_frequent) {
  FixedStore fixed;
  GraphOptions options;
  options.max_topics = 1;
  const RelationGraph g = fixed.graph(options);
  const GraphEdge* consult = find_edge(g, "PAK", "RUS", "consult");
  BOOST_REQUIRE(consult);
  BOOST_REQUIRE(consult->topics.size() == 1u);
  BOOST_TEST(consult->topics[0].name == "energy");
}

BOOST_AUTO_TEST_CASE(builder_ignores_self_relations_and_missing_parties) {
  GraphBuilder builder(GraphOptions{});
  EventView e;
  e.subject = "PAK";
  e.object = "PAK";
  e.relation = "consult";
  builder.add(e);
  e.object = "";
  builder.add(e);
  e.object = "RUS";
  e.date = "not a date";
  e.quad = 9;  // out of range: counted as an event, in no quad class
  builder.add(e);
  const RelationGraph g = RelationGraph::build(std::move(builder));
  BOOST_REQUIRE(g.edge_count() == 1u);
  BOOST_TEST(g.edge(0).weight == 1u);
  BOOST_TEST(g.edge(0).quad == 0);
  BOOST_TEST(g.edge(0).first_seen == "");
  BOOST_TEST(g.edge(0).timeline.empty());
  BOOST_TEST(g.node(0).label == "PAK");  // no actor names given: the id
}

// Names are interned by their bytes packed into two words (up to 15 bytes) or by
// string (longer): names of every length, each a prefix of the next or differing
// in one byte only, stay distinct and keep their text.
BOOST_AUTO_TEST_CASE(names_of_every_length_stay_distinct) {
  const std::string full = "ABCDEFGHIJKLMNOPQRSTU";
  std::vector<std::string> names;
  for (std::size_t n = 1; n <= full.size(); ++n) {
    names.push_back(full.substr(0, n));
    std::string changed = full.substr(0, n);
    changed[n / 2] = 'z';  // the middle byte, which the short form reads separately
    names.push_back(changed);
    changed = full.substr(0, n);
    changed[n - 1] = 'z';
    names.push_back(changed);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  GraphBuilder builder(GraphOptions{});
  EventView e;
  e.object = "hub";
  e.relation = "consult";
  for (const std::string& name : names) {
    e.subject = name;
    e.cameo = name;  // the same names through a second interner
    builder.add(e);
  }
  const RelationGraph g = RelationGraph::build(std::move(builder));
  BOOST_TEST(g.node_count() == names.size() + 1);
  BOOST_TEST(g.edge_count() == names.size());
  for (const std::string& name : names) {
    const auto node = g.find_node(name);
    BOOST_REQUIRE(node.has_value());
    BOOST_TEST(g.node(*node).id == name);
    BOOST_REQUIRE(g.edges_of(*node).size() == 1u);
    const GraphEdge& edge = g.edge(g.edges_of(*node).front());
    BOOST_TEST(edge.weight == 1u);
    BOOST_TEST(edge.cameo == name);
  }
}

// First and last seen are the day buckets of the dates, whatever the year.
BOOST_AUTO_TEST_CASE(first_and_last_seen_are_day_buckets) {
  for (const char* date : {"2021-01-04", "1999-12-31", "1000-01-01", "0999-05-06", "0001-02-03", "9999-12-31"}) {
    GraphBuilder builder(GraphOptions{});
    EventView e;
    e.subject = "PAK";
    e.object = "RUS";
    e.relation = "consult";
    e.date = date;
    builder.add(e);
    const RelationGraph g = RelationGraph::build(std::move(builder));
    BOOST_REQUIRE(g.edge_count() == 1u);
    BOOST_TEST(g.edge(0).first_seen == bucket_of(date, TimeBucket::kDay), date);
    BOOST_TEST(g.edge(0).last_seen == bucket_of(date, TimeBucket::kDay), date);
    BOOST_TEST(!g.edge(0).first_seen.empty(), date);
  }
}

BOOST_AUTO_TEST_CASE(save_and_load_keep_every_field) {
  FixedStore fixed;
  GraphOptions options;
  options.filter.include_negated = true;
  options.bucket = TimeBucket::kWeek;
  options.filter.since = "2021-01-01";
  for (const bool collapse : {false, true}) {
    options.collapse = collapse;
    const RelationGraph g = fixed.graph(options);
    BOOST_REQUIRE(g.edge_count() > 2u);
    const std::string bytes = g.save();
    const auto loaded = RelationGraph::load(bytes);
    BOOST_REQUIRE(loaded.has_value());
    check_same_graph(g, *loaded);
    BOOST_TEST(loaded->save() == bytes);
  }
  GraphBuilder nothing{GraphOptions{}};
  const auto empty = RelationGraph::load(RelationGraph::build(std::move(nothing)).save());
  BOOST_REQUIRE(empty.has_value());
  BOOST_TEST(empty->node_count() == 0u);
}

BOOST_AUTO_TEST_CASE(load_refuses_damaged_bytes) {
  FixedStore fixed;
  const std::string bytes = fixed.graph().save();
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    BOOST_TEST(!RelationGraph::load(std::string_view(bytes).substr(0, n)).has_value(), "prefix " << n);
  }
  BOOST_TEST(!RelationGraph::load(bytes + "x").has_value());
  std::string other_format = bytes;
  other_format[9] = '9';  // the format version in the magic
  BOOST_TEST(!RelationGraph::load(other_format).has_value());
  // Flipped bytes give nullopt or some graph, never a crash (the sanitizers watch).
  for (std::size_t i = 10; i < bytes.size(); ++i) {
    std::string flipped = bytes;
    flipped[i] = static_cast<char>(flipped[i] ^ 0xA5);
    (void)RelationGraph::load(flipped);
  }
}

// Switching timelines or topics off leaves every other field of every edge as it was.
BOOST_AUTO_TEST_CASE(timelines_or_topics_off_keep_everything_else) {
  FixedStore fixed;
  const RelationGraph full = fixed.graph();
  BOOST_TEST(!find_edge(full, "PAK", "RUS", "consult")->timeline.empty());
  BOOST_TEST(!find_edge(full, "PAK", "RUS", "consult")->topics.empty());
  for (const bool timelines : {false, true}) {
    GraphOptions without;
    without.timelines = timelines;
    without.topics = !timelines;
    const RelationGraph part = fixed.graph(without);
    BOOST_REQUIRE(full.edge_count() == part.edge_count());
    for (std::size_t i = 0; i < part.edge_count(); ++i) {
      GraphEdge e = full.edge(i);
      if (timelines) {  // what `without` switched off
        e.topics.clear();
      } else {
        e.timeline.clear();
      }
      BOOST_TEST((part.edge(i) == e));
    }
  }
}

BOOST_AUTO_TEST_CASE(cache_equals_a_fresh_build_and_follows_the_store) {
  FixedStore fixed;
  const GraphCacheOptions cache{(fixed.dir / "cache").string(), 64};
  GraphOptions directed, dyads;
  dyads.collapse = true;
  {
    const EventStore store = EventStore::open(fixed.path, StoreOptions{false});
    const auto cold = cached_graphs(store, {directed, dyads}, cache);
    BOOST_TEST(cache_entries(cache.dir) == 1u);
    const auto warm = cached_graphs(store, {directed, dyads}, cache);
    BOOST_REQUIRE(cold.size() == 2u);
    BOOST_REQUIRE(warm.size() == 2u);
    check_same_graph(cold[0], fixed.graph(directed));
    check_same_graph(cold[1], fixed.graph(dyads));
    check_same_graph(warm[0], cold[0]);
    check_same_graph(warm[1], cold[1]);
    BOOST_TEST(cache_entries(cache.dir) == 1u);
    // Other options are another entry.
    GraphOptions since = directed;
    since.filter.since = "2022-01-01";
    check_same_graph(cached_graphs(store, {since}, cache).front(), fixed.graph(since));
    BOOST_TEST(cache_entries(cache.dir) == 2u);
    // Variants of one scan must share the filter.
    BOOST_CHECK_THROW(cached_graphs(store, {directed, since}, cache), Error);
  }
  {
    EventStore store = EventStore::open(fixed.path, StoreOptions{false});
    FixedStore::add(store, "d4", "Wire C", "2023-05-01",
                    {event("2023-05-01", kInd, "consult", kRus, "040", 1, 1.0, {"trade"})});
  }
  const EventStore store = EventStore::open(fixed.path, StoreOptions{false});
  const auto after = cached_graphs(store, {directed}, cache);
  BOOST_TEST(find_edge(after.front(), "IND", "RUS", "consult") != nullptr);
  check_same_graph(after.front(), fixed.graph(directed));
}

BOOST_AUTO_TEST_CASE(unusable_or_damaged_cache_is_only_a_miss) {
  FixedStore fixed;
  const fs::path file = fixed.dir / "not-a-folder";
  std::ofstream(file) << "x";
  const EventStore store = EventStore::open(fixed.path, StoreOptions{false});
  check_same_graph(cached_graphs(store, {GraphOptions{}}, GraphCacheOptions{file.string(), 64}).front(),
                   fixed.graph());
  check_same_graph(cached_graphs(store, {GraphOptions{}}, GraphCacheOptions{"", 64}).front(), fixed.graph());
  const GraphCacheOptions cache{(fixed.dir / "cache").string(), 64};
  cached_graphs(store, {GraphOptions{}}, cache);
  for (const auto& entry : fs::directory_iterator(cache.dir)) {
    fs::resize_file(entry.path(), fs::file_size(entry.path()) / 2);
  }
  check_same_graph(cached_graphs(store, {GraphOptions{}}, cache).front(), fixed.graph());
  check_same_graph(cached_graphs(store, {GraphOptions{}}, cache).front(), fixed.graph());  // rewritten
}

BOOST_AUTO_TEST_CASE(cache_keeps_at_most_max_entries) {
  FixedStore fixed;
  const GraphCacheOptions cache{(fixed.dir / "cache").string(), 3};
  const EventStore store = EventStore::open(fixed.path, StoreOptions{false});
  for (std::uint64_t w = 1; w <= 5; ++w) {
    GraphOptions options;
    options.min_weight = w;
    cached_graphs(store, {options}, cache);
    BOOST_TEST(cache_entries(cache.dir) == std::min<std::uint64_t>(w, 3));
  }
}

BOOST_AUTO_TEST_CASE(cache_of_one_actor_or_pair_equals_the_index_scan) {
  FixedStore fixed;
  const GraphCacheOptions cache{(fixed.dir / "cache").string(), 64};
  const EventStore store = EventStore::open(fixed.path, StoreOptions{false});
  const GraphOptions question;
  for (const auto& [a, b] : {std::pair<std::string, std::string>{"PAK", ""}, {"PAK", "RUS"}, {"RUS", "IND"}}) {
    const QueryGraphs fresh = load_query_graphs(store, question, a, b);
    for (int pass = 0; pass < 2; ++pass) {  // built, then read from the cache
      const auto cached = cached_graphs(store, query_graph_options(question), cache, a, b);
      check_same_graph(cached[0], fresh.directed);
      check_same_graph(cached[1], fresh.dyads);
    }
  }
  BOOST_TEST(cache_entries(cache.dir) == 3u);
}


// The event table of the graph cache (graph/event_table.h) gives the graphs a
// store scan gives, for every scope (the whole store, an actor, a pair), filter and
// option, counted in one part or in parts (a small kept-events share per part
// forces them here).
BOOST_AUTO_TEST_CASE(event_table_graphs_equal_store_scans) {
  const SyntheticEvents synthetic(3000);
  FixedStore fixed;
  const std::string path = (fixed.dir / "table.db").string();
  write_store(path, synthetic);
  const EventStore store = EventStore::open(path, StoreOptions{false});
  const std::optional<graph::EventTable> table = graph::read_event_table(store);
  BOOST_REQUIRE(table.has_value());
  BOOST_TEST(table->events.size() == synthetic.events.size());
  BOOST_TEST(table->documents.size() == 3000u);
  std::size_t topics = 0;
  for (const EventView& e : synthetic.events) topics += e.topics.size();
  BOOST_TEST(table->topics.size() == topics);
  std::vector<EventFilter> filters(7);
  filters[1].since = "2021-01-05";
  filters[2].until = "2021-02-28";
  filters[3].since = "2021-01-05";
  filters[3].until = "2021-01-05";
  filters[4].relations = {"accuse", "agree"};
  filters[5].actors = {"PAK", "UN"};
  filters[6].include_negated = true;
  filters[6].relations = {"consult"};
  const std::vector<ActorRecord> actors = store.actors();
  const std::vector<std::pair<std::string, std::string>> scopes = {{"", ""}, {"PAK", ""}, {"UN", "RUS"}, {"NOBODY", ""}};
  for (const auto& [a, b] : scopes) {
    for (const EventFilter& f : filters) {
      for (GraphOptions o : option_variants()) {
        o.filter = f;
        const RelationGraph expected = std::move(RelationGraph::from_store(store, {o}, a, b).front());
        for (const std::size_t per_part : {std::size_t{1}, std::size_t{1} << 30}) {
          const auto graphs = graph::graphs_from_table(*table, {o}, actors, a, b, per_part);
          BOOST_REQUIRE(graphs.has_value());
          check_same_graph(graphs->front(), expected);
          BOOST_TEST(graphs->front().save() == expected.save(), a << "-" << b);
        }
      }
    }
  }
  GraphOptions heavy;
  heavy.min_weight = 40;
  const auto graphs = graph::graphs_from_table(*table, {heavy}, actors);
  BOOST_REQUIRE(graphs.has_value());
  check_same_graph(graphs->front(), RelationGraph::from_store(store, heavy));
  GraphOptions since;
  since.filter.since = "2021-02-01";
  BOOST_CHECK_THROW(graph::graphs_from_table(*table, {heavy, since}, actors), Error);
}

// A saved table maps back equal under its key, and is a miss under another key, when
// truncated, when its documents are out of order, or when it is no table; an event
// index past the names makes counting give up (the caller builds from the store).
BOOST_AUTO_TEST_CASE(event_table_files_map_back_or_miss) {
  FixedStore fixed;
  const EventStore store = EventStore::open(fixed.path, StoreOptions{false});
  const graph::EventTable table = *graph::read_event_table(store);
  const std::string bytes = graph::save_event_table(table, "key 1");
  const std::string file = (fixed.dir / "t.events").string();
  const auto write = [&file](const std::string& b) { std::ofstream(file, std::ios::binary | std::ios::trunc) << b; };
  write(bytes);
  const auto mapped = graph::map_event_table(file, "key 1");
  BOOST_REQUIRE(mapped.has_value());
  BOOST_TEST(mapped->names == table.names, boost::test_tools::per_element());
  BOOST_REQUIRE(mapped->events.size() == table.events.size());
  BOOST_REQUIRE(mapped->documents.size() == table.documents.size());
  BOOST_TEST(std::memcmp(mapped->events.data(), table.events.data(), table.events.size_bytes()) == 0);
  BOOST_TEST(std::memcmp(mapped->documents.data(), table.documents.data(), table.documents.size_bytes()) == 0);
  BOOST_REQUIRE(mapped->topics.size() == table.topics.size());
  BOOST_TEST(std::equal(mapped->topics.begin(), mapped->topics.end(), table.topics.begin()));
  GraphOptions options;
  options.topics = false;
  check_same_graph(graph::graphs_from_table(*mapped, {options}, store.actors())->front(),
                   RelationGraph::from_store(store, options));

  BOOST_TEST(!graph::map_event_table(file, "key 2").has_value());
  BOOST_TEST(!graph::map_event_table((fixed.dir / "none.events").string(), "key 1").has_value());
  for (std::size_t cut : {std::size_t{5}, bytes.size() / 2, bytes.size() - 1}) {
    write(bytes.substr(0, cut));
    BOOST_TEST(!graph::map_event_table(file, "key 1").has_value(), "cut at " << cut);
  }
  write("not a table at all");
  BOOST_TEST(!graph::map_event_table(file, "key 1").has_value());
  // Damaged arrays, saved as tables: documents out of order are a miss; an index
  // past the names (an event's name, a topic) or a topic count past the topics is
  // mapped but not counted.
  const auto saved_with = [&](const std::function<void(std::vector<graph::TableDocument>&,
                                                       std::vector<graph::TableEvent>&,
                                                       std::vector<std::uint32_t>&)>& damage) {
    std::vector<graph::TableDocument> documents(table.documents.begin(), table.documents.end());
    std::vector<graph::TableEvent> events(table.events.begin(), table.events.end());
    std::vector<std::uint32_t> topics(table.topics.begin(), table.topics.end());
    damage(documents, events, topics);
    graph::EventTable t;
    t.names = table.names;
    t.documents = documents;
    t.events = events;
    t.topics = topics;
    write(graph::save_event_table(t, "key 1"));
    return graph::map_event_table(file, "key 1");
  };
  const auto past = static_cast<std::uint32_t>(table.names.size());
  BOOST_REQUIRE(table.documents.size() >= 2u);
  BOOST_TEST(!saved_with([](auto& d, auto&, auto&) { std::swap(d[0].key, d[1].key); }).has_value());
  BOOST_TEST(!saved_with([&](auto& d, auto&, auto&) { d[1].first_event = static_cast<std::uint32_t>(table.events.size() + 1); })
                  .has_value());
  GraphOptions with_topics;
  for (const auto& damage : std::vector<std::function<void(std::vector<graph::TableDocument>&,
                                                           std::vector<graph::TableEvent>&,
                                                           std::vector<std::uint32_t>&)>>{
           [&](auto&, auto& e, auto&) { e[0].subject = past; },
           [&](auto&, auto& e, auto&) { e.back().date = past + 7; },
           [&](auto&, auto&, auto& t) { t.back() = past; },
           [&](auto&, auto& e, auto&) { e.back().topics = 60000; }}) {
    const auto damaged = saved_with(damage);
    BOOST_REQUIRE(damaged.has_value());
    BOOST_TEST(!graph::graphs_from_table(*damaged, {with_topics}, store.actors()).has_value());
  }
}

// ingest's warm_graph_cache leaves the event table in the cache; a whole-store
// question with filters and without topics is then built from it, equal to a
// build from the store, and a table of an older generation is never used.
BOOST_AUTO_TEST_CASE(cache_builds_filtered_graphs_from_the_event_table) {
  FixedStore fixed;
  const GraphCacheOptions cache{(fixed.dir / "cache").string(), 64};
  const auto tables = [&cache] {
    std::size_t n = 0;
    for (const auto& entry : fs::directory_iterator(cache.dir)) n += entry.path().extension() == ".events";
    return n;
  };
  GraphOptions recent;
  recent.topics = false;
  recent.filter.since = "2021-04-01";
  {
    const EventStore store = EventStore::open(fixed.path, StoreOptions{false});
    warm_graph_cache(store, unfiltered_whole_store_graphs(), cache);
    BOOST_TEST(tables() == 1u);
    check_same_graph(cached_graphs(store, {recent}, cache).front(), fixed.graph(recent));
    // The graphs do come from the table: another store's table saved under this
    // store's key gives the other store's graph.
    fs::path table_file;
    for (const auto& entry : fs::directory_iterator(cache.dir)) {
      if (entry.path().extension() == ".events") table_file = entry.path();
    }
    std::ostringstream read;
    read << std::ifstream(table_file, std::ios::binary).rdbuf();
    const std::string bytes = read.str();
    ByteReader in(std::string_view(bytes).substr(std::string_view("DGPHEVENTS1\n").size()));
    std::string_view key;
    BOOST_REQUIRE(in.string(key));
    const std::string other_path = (fixed.dir / "other.db").string();
    {
      EventStore other = EventStore::open(other_path);
      FixedStore::add(other, "o1", "Wire O", "2022-02-02",
                      {event("2022-02-02", kCiv, "aid", kInd, "070", 2, 7.0, {})});
    }
    const EventStore other = EventStore::open(other_path, StoreOptions{false});
    std::ofstream(table_file, std::ios::binary | std::ios::trunc)
        << graph::save_event_table(*graph::read_event_table(other), key);
    GraphOptions from_other = recent;
    from_other.filter.until = "2030-01-01";  // another entry: not cached yet
    const RelationGraph g = std::move(cached_graphs(store, {from_other}, cache).front());
    BOOST_TEST(find_edge(g, "CIV", "IND", "aid") != nullptr);
    BOOST_TEST(g.edge_count() == 1u);
    fs::remove(table_file);  // the rest of the case reads a table of its own
  }
  {
    EventStore store = EventStore::open(fixed.path, StoreOptions{false});
    FixedStore::add(store, "d4", "Wire C", "2023-05-01",
                    {event("2023-05-01", kInd, "consult", kRus, "040", 1, 1.0, {"trade"})});
  }
  const EventStore store = EventStore::open(fixed.path, StoreOptions{false});
  GraphOptions later = recent;
  later.filter.since = "2021-04-02";  // not cached: built from the store, not the old table
  const RelationGraph fresh = std::move(cached_graphs(store, {later}, cache).front());
  BOOST_TEST(find_edge(fresh, "IND", "RUS", "consult") != nullptr);
  check_same_graph(fresh, fixed.graph(later));
  warm_graph_cache(store, unfiltered_whole_store_graphs(), cache);
  BOOST_TEST(tables() == 1u);  // the new generation's table replaced the old
  GraphOptions newest = recent;
  newest.filter.since = "2023-01-01";
  check_same_graph(cached_graphs(store, {newest}, cache).front(), fixed.graph(newest));
}

// A store big enough for the scan to run in parts (it cuts at 4,096 documents).
BOOST_AUTO_TEST_CASE(parallel_scan_equals_a_serial_scan) {
  const SyntheticEvents synthetic(12500);  // three parts of 4,096 or more
  FixedStore fixed;
  const std::string path = (fixed.dir / "parts.db").string();
  write_store(path, synthetic);
  const EventStore store = EventStore::open(path, StoreOptions{false});
  const auto text_of = [](const EventView& e) {
    std::string t = std::to_string(e.document) + '|' + std::string(e.source) + '|' + std::string(e.subject) + '|' +
                    std::string(e.relation) + '|' + std::string(e.object) + '|' + std::string(e.date);
    for (std::string_view topic : e.topics) t += '|' + std::string(topic);
    return t;
  };
  for (const std::string actor_id : {"", "PAK"}) {
    EventFilter filter;
    std::vector<std::string> serial;
    store.scan_events(actor_id, "", filter, 1, [&](std::size_t part, const EventView& e) {
      BOOST_TEST(part == 0u);
      serial.push_back(text_of(e));
    });
    BOOST_REQUIRE(serial.size() > 1000u);
    std::vector<std::vector<std::string>> parts(3);
    std::vector<std::vector<std::int64_t>> documents(3);
    store.scan_events(actor_id, "", filter, 3, [&](std::size_t part, const EventView& e) {
      parts.at(part).push_back(text_of(e));
      documents.at(part).push_back(e.document);
    });
    std::vector<std::string> joined;
    for (std::size_t part = 0; part < parts.size(); ++part) {
      BOOST_TEST(!parts[part].empty(), "part " << part << " of actor '" << actor_id << "' read nothing");
      BOOST_TEST(std::is_sorted(documents[part].begin(), documents[part].end()));
      if (part > 0 && !documents[part].empty() && !documents[part - 1].empty()) {
        BOOST_TEST(documents[part - 1].back() < documents[part].front());
      }
      joined.insert(joined.end(), parts[part].begin(), parts[part].end());
    }
    BOOST_TEST(joined == serial, boost::test_tools::per_element());

    // The graphs from_store builds (in parts, on this machine's cores) equal one
    // builder fed the serial scan.
    for (const GraphOptions& options : option_variants()) {
      GraphBuilder builder(options);
      store.scan_events(actor_id, "", filter, 1, [&](std::size_t, const EventView& e) { builder.add(e); });
      builder.name_actors(store.actors());
      const std::string expected = RelationGraph::build(std::move(builder)).save();
      BOOST_TEST(RelationGraph::from_store(store, {options}, actor_id, "").front().save() == expected);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
