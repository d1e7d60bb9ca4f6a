#include "dipgraph/graph_query.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <tuple>

#include "dipgraph/event_store.h"

using namespace dipgraph;
namespace fs = std::filesystem;
namespace tt = boost::test_tools;

namespace {

ActorRef actor(const std::string& id, const std::string& name) { return ActorRef{id, name, "country", name}; }

const ActorRef kAfg = actor("AFG", "Afghanistan");
const ActorRef kChn = actor("CHN", "China");
const ActorRef kInd = actor("IND", "India");
const ActorRef kPak = actor("PAK", "Pakistan");
const ActorRef kRus = actor("RUS", "Russia");

struct Ev {
  std::size_t sentence;
  std::string date;
  const ActorRef& subject;
  std::string relation;
  const ActorRef& object;
  int quad;
  double goldstein;
  double confidence;
  std::vector<std::string> topics;
  bool negated = false;
};

Triple triple(const Ev& e) {
  Triple t;
  t.sentence = e.sentence;
  t.date = e.date;
  t.subject = e.subject;
  t.relation = e.relation;
  t.object = e.object;
  t.cameo = "000";
  t.quad = e.quad;
  t.goldstein = e.goldstein;
  t.topics = e.topics;
  t.negated = e.negated;
  t.confidence = e.confidence;
  t.evidence = "Sentence " + std::to_string(e.sentence) + " of its article.";
  return t;
}

// The fixed store (hand-computed answers in each case):
//   d1 (2021-01-10, https://example.org/d1):
//     s1 2021-01-10 PAK consult RUS   q1  1.0  conf 0.8  energy
//     s2 2021-01-12 PAK consult RUS   q1  1.0  conf 0.9  trade, energy
//     s2 2021-01-12 RUS consult PAK   q1  1.0  conf 0.9  trade      (same sentence)
//     s3 2021-01-12 PAK accuse IND    q3 -2.0  conf 0.9  territory
//   d2 (2021-03-05):
//     s1 2021-03-05 PAK cooperate RUS q2  6.0  conf 0.7  energy
//     s2 2021-03-05 IND accuse PAK    q3 -2.0  conf 0.7
//     s3 2021-03-06 IND threaten PAK  q3 -4.4  conf 0.6  territory
//     s4 2021-03-05 PAK agree RUS     q1  8.0  negated: never counted
//   d3 (2021-03-20): s1 RUS agree CHN q1 8.0; s2 CHN aid AFG q2 7.0
//   d4 (undated):    s1 PAK accuse IND q3 -2.0 conf 0.9 (no date)
struct FixedStore {
  fs::path dir;
  std::string path;

  FixedStore() {
    dir = fs::temp_directory_path() / ("dipgraph-query-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    path = (dir / "fixed.db").string();
    EventStore store = EventStore::open(path);
    add(store, "d1", "2021-01-10",
        {{1, "2021-01-10", kPak, "consult", kRus, 1, 1.0, 0.8, {"energy"}},
         {2, "2021-01-12", kPak, "consult", kRus, 1, 1.0, 0.9, {"trade", "energy"}},
         {2, "2021-01-12", kRus, "consult", kPak, 1, 1.0, 0.9, {"trade"}},
         {3, "2021-01-12", kPak, "accuse", kInd, 3, -2.0, 0.9, {"territory"}}});
    add(store, "d2", "2021-03-05",
        {{1, "2021-03-05", kPak, "cooperate", kRus, 2, 6.0, 0.7, {"energy"}},
         {2, "2021-03-05", kInd, "accuse", kPak, 3, -2.0, 0.7, {}},
         {3, "2021-03-06", kInd, "threaten", kPak, 3, -4.4, 0.6, {"territory"}},
         {4, "2021-03-05", kPak, "agree", kRus, 1, 8.0, 1.0, {}, true}});
    add(store, "d3", "2021-03-20",
        {{1, "2021-03-20", kRus, "agree", kChn, 1, 8.0, 0.9, {}},
         {2, "2021-03-20", kChn, "aid", kAfg, 2, 7.0, 0.9, {}}});
    add(store, "d4", "", {{1, "", kPak, "accuse", kInd, 3, -2.0, 0.9, {}}});
  }
  ~FixedStore() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  static void add(EventStore& store, const std::string& id, const std::string& date,
                  const std::vector<Ev>& events) {
    DocumentRecord doc;
    doc.id = id;
    doc.source = "Wire";
    doc.date = date;
    doc.title = "Title " + id;
    if (id == "d1") doc.url = "https://example.org/d1";
    std::vector<Triple> triples;
    for (const Ev& e : events) {
      triples.push_back(triple(e));
      triples.back().doc = id;
    }
    doc.content_hash = triples_content_hash(triples);
    store.ingest_document(doc, triples);
  }

  EventStore open() const { return EventStore::open(path, StoreOptions{false}); }

  QueryGraphs graphs(GraphOptions options = {}) const { return load_query_graphs(open(), options); }
  RelationGraph graph(GraphOptions options = {}) const { return RelationGraph::from_store(open(), options); }
};

std::vector<std::string> ids(const std::vector<Link>& links) {
  std::vector<std::string> out;
  for (const Link& l : links) out.push_back(l.other.id);
  return out;
}

std::vector<std::string> ids(const std::vector<ActorScore>& scores) {
  std::vector<std::string> out;
  for (const ActorScore& s : scores) out.push_back(s.actor.id);
  return out;
}

std::vector<std::string> ids(const Path& path) {
  std::vector<std::string> out;
  for (const GraphNode& n : path.actors) out.push_back(n.id);
  return out;
}

std::vector<double> scores(const std::vector<ActorScore>& ranked) {
  std::vector<double> out;
  for (const ActorScore& s : ranked) out.push_back(s.score);
  return out;
}

// A graph straight from a list of (subject, object, events), all consults: the
// shapes for path cases without a store.
RelationGraph graph_of(const std::vector<std::tuple<std::string, std::string, int>>& arcs, bool collapse) {
  GraphOptions options;
  options.collapse = collapse;
  GraphBuilder builder(options);
  std::int64_t document = 0;
  for (const auto& [s, o, n] : arcs) {
    for (int i = 0; i < n; ++i) {
      EventView e;
      e.subject = s;
      e.object = o;
      e.relation = "consult";
      e.cameo = "040";
      e.quad = 1;
      e.goldstein = 1.0;
      e.date = "2021-01-01";
      e.document = ++document;
      builder.add(e);
    }
  }
  return RelationGraph::build(std::move(builder));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(graph_query)

// --- links

BOOST_AUTO_TEST_CASE(links_list_every_partner_with_relations_by_direction) {
  FixedStore fixed;
  const auto links = find_links(fixed.graphs(), "PAK");
  // IND and RUS both have 4 events; IND has 3 articles (d1, d2, d4) to RUS's 2.
  BOOST_TEST(ids(links) == (std::vector<std::string>{"IND", "RUS"}), tt::per_element());
  BOOST_REQUIRE(links.size() == 2u);

  const Link& ind = links[0];
  BOOST_TEST(ind.other.label == "India");
  BOOST_TEST(ind.events == 4u);
  BOOST_TEST(ind.outgoing == 2u);
  BOOST_TEST(ind.incoming == 2u);
  BOOST_TEST(ind.articles == 3u);
  BOOST_TEST(ind.first_seen == "2021-01-12");
  BOOST_TEST(ind.last_seen == "2021-03-06");
  BOOST_TEST(ind.goldstein_mean == -2.6, tt::tolerance(1e-12));  // (-2 - 2 - 4.4 - 2) / 4
  BOOST_TEST(ind.cooperation == 0u);
  BOOST_TEST(ind.conflict == 4u);
  BOOST_TEST((ind.relations == std::vector<LinkRelation>{{"accuse", 2, 1}, {"threaten", 0, 1}}));
  BOOST_TEST((ind.topics == std::vector<Count>{{"territory", 2}}));

  const Link& rus = links[1];
  BOOST_TEST(rus.events == 4u);  // the negated agree is not a relation
  BOOST_TEST(rus.outgoing == 3u);
  BOOST_TEST(rus.incoming == 1u);
  BOOST_TEST(rus.articles == 2u);
  BOOST_TEST(rus.first_seen == "2021-01-10");
  BOOST_TEST(rus.last_seen == "2021-03-05");
  BOOST_TEST(rus.goldstein_mean == 2.25, tt::tolerance(1e-12));  // (1 + 1 + 1 + 6) / 4
  BOOST_TEST(rus.cooperation == 4u);
  BOOST_TEST((rus.relations == std::vector<LinkRelation>{{"consult", 2, 1}, {"cooperate", 1, 0}}));
  BOOST_TEST((rus.topics == std::vector<Count>{{"energy", 3}, {"trade", 2}}));
}

// Topics and timelines are counted once, on the dyads: no query reads them per
// relation, and the directed builder skips them.
BOOST_AUTO_TEST_CASE(query_graphs_count_topics_and_timelines_on_dyads_only) {
  FixedStore fixed;
  const QueryGraphs graphs = fixed.graphs();
  BOOST_TEST(!graphs.directed.options().collapse);
  BOOST_TEST(!graphs.directed.options().topics);
  BOOST_TEST(!graphs.directed.options().timelines);
  BOOST_TEST(graphs.dyads.options().collapse);
  BOOST_TEST(graphs.dyads.options().topics);
  BOOST_TEST(graphs.dyads.options().timelines);
  std::size_t with_topics = 0, with_timeline = 0;
  for (std::size_t i = 0; i < graphs.directed.edge_count(); ++i) {
    BOOST_TEST(graphs.directed.edge(i).topics.empty());
    BOOST_TEST(graphs.directed.edge(i).timeline.empty());
  }
  for (std::size_t i = 0; i < graphs.dyads.edge_count(); ++i) {
    with_topics += !graphs.dyads.edge(i).topics.empty();
    with_timeline += !graphs.dyads.edge(i).timeline.empty();
  }
  BOOST_TEST(with_topics > 0u);
  BOOST_TEST(with_timeline > 0u);
}

BOOST_AUTO_TEST_CASE(links_tie_on_events_and_articles_goes_by_id) {
  FixedStore fixed;
  // CHN: RUS agree CHN and CHN aid AFG, one event and one article each.
  const auto links = find_links(fixed.graphs(), "CHN");
  BOOST_TEST(ids(links) == (std::vector<std::string>{"AFG", "RUS"}), tt::per_element());
  BOOST_REQUIRE(links.size() == 2u);
  BOOST_TEST((links[0].relations == std::vector<LinkRelation>{{"aid", 1, 0}}));
  BOOST_TEST((links[1].relations == std::vector<LinkRelation>{{"agree", 0, 1}}));
}

BOOST_AUTO_TEST_CASE(links_follow_the_filters) {
  FixedStore fixed;
  GraphOptions since;
  since.filter.since = "2021-03-01";
  since.filter.actors = {"PAK"};
  auto links = find_links(fixed.graphs(since), "PAK");
  // The undated PAK accuse IND goes as soon as a date bound is set.
  BOOST_REQUIRE(links.size() == 2u);
  BOOST_TEST(links[0].other.id == "IND");
  BOOST_TEST(links[0].events == 2u);
  BOOST_TEST(links[1].other.id == "RUS");
  BOOST_TEST((links[1].relations == std::vector<LinkRelation>{{"cooperate", 1, 0}}));

  GraphOptions consult;
  consult.filter.relations = {"consult"};
  links = find_links(fixed.graphs(consult), "PAK");
  BOOST_REQUIRE(links.size() == 1u);
  BOOST_TEST((links[0].relations == std::vector<LinkRelation>{{"consult", 2, 1}}));
  BOOST_TEST(links[0].articles == 1u);
}

BOOST_AUTO_TEST_CASE(links_are_empty_for_an_actor_without_edges) {
  FixedStore fixed;
  BOOST_TEST(find_links(fixed.graphs(), "USA").empty());  // not in the store
  GraphOptions until;
  until.filter.until = "2020-12-31";
  BOOST_TEST(find_links(fixed.graphs(until), "PAK").empty());  // nothing before 2021
}

BOOST_AUTO_TEST_CASE(an_actor_filter_reads_only_that_actors_events) {
  FixedStore fixed;
  GraphOptions options;
  options.filter.actors = {"CHN"};
  const QueryGraphs graphs = fixed.graphs(options);
  BOOST_TEST(graphs.directed.node_count() == 3u);  // AFG, CHN, RUS
  BOOST_TEST(!graphs.dyads.directed());
  BOOST_TEST(graphs.dyads.edge_count() == 2u);
  // The same links as from the whole store, except the partners' own totals
  // (GraphNode::events), which count only the events read.
  auto filtered = find_links(graphs, "CHN"), whole = find_links(fixed.graphs(), "CHN");
  BOOST_REQUIRE(filtered.size() == 2u);
  BOOST_REQUIRE(whole.size() == 2u);
  BOOST_TEST(filtered[1].other.events == 1u);
  BOOST_TEST(whole[1].other.events == 5u);
  for (auto* links : {&filtered, &whole}) {
    for (Link& l : *links) l.other.events = 0;
  }
  BOOST_TEST(filtered == whole);
}

BOOST_AUTO_TEST_CASE(actor_and_pair_reads_give_the_same_answers_as_the_whole_store) {
  FixedStore fixed;
  const EventStore store = fixed.open();
  GraphOptions since;
  since.filter.since = "2021-01-11";
  for (const GraphOptions& options : {GraphOptions{}, since}) {
    auto one = find_links(load_query_graphs(store, options, "PAK"), "PAK");
    auto all = find_links(load_query_graphs(store, options), "PAK");
    BOOST_REQUIRE(one.size() == all.size());
    for (std::size_t i = 0; i < one.size(); ++i) {
      one[i].other.events = all[i].other.events = 0;  // totals over the events read
      BOOST_TEST((one[i] == all[i]));
    }
    const Between pair = find_between(load_query_graphs(store, options, "RUS", "PAK"), "PAK", "RUS");
    Between whole = find_between(load_query_graphs(store, options), "PAK", "RUS");
    BOOST_TEST(pair.events == whole.events);
    BOOST_TEST(pair.relations == whole.relations);
    BOOST_TEST(pair.timeline == whole.timeline);
    BOOST_TEST(pair.topics == whole.topics);
  }
  // The pair read holds the pair only; the actor read one actor's partners.
  const QueryGraphs pair = load_query_graphs(store, GraphOptions{}, "PAK", "IND");
  BOOST_TEST(pair.dyads.node_count() == 2u);
  BOOST_TEST(pair.directed.edge_count() == 3u);  // PAK accuse, IND accuse, IND threaten
  BOOST_TEST(load_query_graphs(store, GraphOptions{}, "CHN").directed.node_count() == 3u);
  BOOST_TEST(load_query_graphs(store, GraphOptions{}, "USA").dyads.node_count() == 0u);
  // Topics and sources come with each event, as for_each_event gives them.
  std::vector<std::string> seen;
  store.for_each_event_of("PAK", "RUS", EventFilter{}, [&](const EventView& e) {
    std::string line = std::string(e.subject) + ' ' + std::string(e.relation) + ' ' + std::string(e.source);
    for (auto t : e.topics) line += ' ' + std::string(t);
    seen.push_back(line);
  });
  BOOST_TEST(seen == (std::vector<std::string>{"PAK consult Wire energy", "PAK consult Wire trade energy",
                                               "RUS consult Wire trade", "PAK cooperate Wire energy"}),
             tt::per_element());
}

// --- between and timeline

BOOST_AUTO_TEST_CASE(between_gives_both_directions_totals_and_timeline) {
  FixedStore fixed;
  // Argument order names a and b but does not change the relations.
  const Between b = find_between(fixed.graphs(), "PAK", "IND");
  BOOST_TEST(b.a.id == "PAK");
  BOOST_TEST(b.b.label == "India");
  BOOST_TEST(b.events == 4u);
  BOOST_TEST(b.articles == 3u);
  BOOST_TEST(b.conflict == 4u);
  BOOST_REQUIRE(b.relations.size() == 3u);
  // 2 events first; the two 1-event rows of IND tie and go by relation.
  BOOST_TEST(b.relations[0].subject == "PAK");
  BOOST_TEST(b.relations[0].relation == "accuse");
  BOOST_TEST(b.relations[0].object == "IND");
  BOOST_TEST(b.relations[0].events == 2u);
  BOOST_TEST(b.relations[0].articles == 2u);
  BOOST_TEST(b.relations[0].first_seen == "2021-01-12");
  BOOST_TEST(b.relations[0].last_seen == "2021-01-12");  // the other one is undated
  BOOST_TEST(b.relations[0].quad == 3);
  BOOST_TEST(b.relations[1].relation == "accuse");
  BOOST_TEST(b.relations[1].subject == "IND");
  BOOST_TEST(b.relations[2].relation == "threaten");
  BOOST_TEST(b.relations[2].goldstein_mean == -4.4, tt::tolerance(1e-12));
  // Month buckets: 2021-01 one verbal conflict, 2021-03 two; the undated one is in
  // no bucket.
  BOOST_REQUIRE(b.timeline.size() == 2u);
  BOOST_TEST((b.timeline[0] == BucketCount{"2021-01", 1, {0, 0, 1, 0}}));
  BOOST_TEST((b.timeline[1] == BucketCount{"2021-03", 2, {0, 0, 2, 0}}));
  BOOST_TEST(find_between(fixed.graphs(), "IND", "PAK").relations == b.relations);
}

BOOST_AUTO_TEST_CASE(between_unlinked_actors_is_empty) {
  FixedStore fixed;
  const Between b = find_between(fixed.graphs(), "IND", "AFG");
  BOOST_TEST(b.events == 0u);
  BOOST_TEST(b.relations.empty());
  BOOST_TEST(b.timeline.empty());
  const Between unknown = find_between(fixed.graphs(), "PAK", "USA");
  BOOST_TEST(unknown.events == 0u);
  BOOST_TEST(unknown.a.label == "Pakistan");
  BOOST_TEST(unknown.b.id == "USA");
}

BOOST_AUTO_TEST_CASE(timeline_by_week_and_year) {
  FixedStore fixed;
  GraphOptions weeks;
  weeks.bucket = TimeBucket::kWeek;
  Between b = find_between(fixed.graphs(weeks), "PAK", "RUS");
  // 2021-01-10 is a Sunday (2021-W01), 01-12 a Tuesday (W02), 03-05 a Friday (W09).
  BOOST_REQUIRE(b.timeline.size() == 3u);
  BOOST_TEST((b.timeline[0] == BucketCount{"2021-W01", 1, {1, 0, 0, 0}}));
  BOOST_TEST((b.timeline[1] == BucketCount{"2021-W02", 2, {2, 0, 0, 0}}));
  BOOST_TEST((b.timeline[2] == BucketCount{"2021-W09", 1, {0, 1, 0, 0}}));
  const auto filled = fill_timeline(b.timeline, TimeBucket::kWeek);
  BOOST_REQUIRE(filled.size() == 9u);  // W01 .. W09
  BOOST_TEST(filled[2].bucket == "2021-W03");
  BOOST_TEST(filled[2].events == 0u);
  BOOST_TEST(filled[8].bucket == "2021-W09");
  BOOST_TEST(cooperation_of(filled[1]) == 2u);

  GraphOptions years;
  years.bucket = TimeBucket::kYear;
  b = find_between(fixed.graphs(years), "PAK", "RUS");
  BOOST_TEST((b.timeline == std::vector<BucketCount>{{"2021", 4, {3, 1, 0, 0}}}));
}

BOOST_AUTO_TEST_CASE(fill_timeline_fills_gaps_across_years_and_keeps_bad_input) {
  const std::vector<BucketCount> months{{"2020-11", 2, {2, 0, 0, 0}}, {"2021-02", 1, {0, 0, 0, 1}}};
  const auto filled = fill_timeline(months, TimeBucket::kMonth);
  std::vector<std::string> names;
  for (const auto& b : filled) names.push_back(b.bucket);
  BOOST_TEST(names == (std::vector<std::string>{"2020-11", "2020-12", "2021-01", "2021-02"}), tt::per_element());
  BOOST_TEST(filled[3].quad[3] == 1u);
  // 2020 has an ISO week 53; 2021-W01 follows it.
  const auto weeks = fill_timeline({{"2020-W52", 1, {}}, {"2021-W01", 1, {}}}, TimeBucket::kWeek);
  BOOST_TEST(weeks.size() == 3u);
  BOOST_TEST(weeks[1].bucket == "2020-W53");
  BOOST_TEST(fill_timeline({}, TimeBucket::kDay).empty());
  // Days, and names that are not of the given width come back unchanged.
  BOOST_TEST(fill_timeline({{"2024-02-28", 1, {}}, {"2024-03-01", 1, {}}}, TimeBucket::kDay).size() == 3u);
  const std::vector<BucketCount> bad{{"2021-03", 1, {}}, {"garbage", 1, {}}};
  BOOST_TEST(fill_timeline(bad, TimeBucket::kMonth) == bad);
  const std::vector<BucketCount> unsorted{{"2021-03", 1, {}}, {"2021-01", 1, {}}};
  BOOST_TEST(fill_timeline(unsorted, TimeBucket::kMonth) == unsorted);
}

BOOST_AUTO_TEST_CASE(sparkline_scales_to_the_maximum) {
  BOOST_TEST(sparkline({}) == "");
  BOOST_TEST(sparkline({0, 0}) == "▁▁");
  BOOST_TEST(sparkline({1, 0, 2}) == "▅▁█");  // 1 of 2 -> ceil(3.5) = level 4
  BOOST_TEST(sparkline({0, 1, 2, 3, 4, 5, 6, 7}) == "▁▂▃▄▅▆▇█");
  BOOST_TEST(sparkline({1, 1000}) == "▂█");  // a single event still shows
}

// --- evidence

BOOST_AUTO_TEST_CASE(evidence_is_strongest_first_one_per_sentence) {
  FixedStore fixed;
  const EventStore store = fixed.open();
  auto e = store.strongest_evidence("PAK", "IND", EventFilter{}, 3);
  // |-4.4| first; of the |-2.0| events conf 0.9 beats 0.7 and dated beats undated.
  BOOST_REQUIRE(e.size() == 3u);
  BOOST_TEST(e[0].relation == "threaten");
  BOOST_TEST(e[0].document == "d2");
  BOOST_TEST(e[0].sentence == 3);
  BOOST_TEST(e[0].goldstein == -4.4);
  BOOST_TEST(e[0].evidence == "Sentence 3 of its article.");
  BOOST_TEST(e[1].document == "d1");
  BOOST_TEST(e[1].date == "2021-01-12");
  BOOST_TEST(e[1].url == "https://example.org/d1");
  BOOST_TEST(e[1].title == "Title d1");
  BOOST_TEST(e[2].document == "d4");
  BOOST_TEST(e[2].date == "");

  // The negated agree (8.0) is never evidence; s2 of d1 gave two events, shown once.
  e = store.strongest_evidence("RUS", "PAK", EventFilter{}, 10);
  BOOST_REQUIRE(e.size() == 3u);
  BOOST_TEST(e[0].relation == "cooperate");
  BOOST_TEST(e[1].sentence == 2);
  BOOST_TEST(e[1].confidence == 0.9);
  BOOST_TEST(e[2].sentence == 1);

  EventFilter consult;
  consult.relations = {"consult"};
  consult.since = "2021-01-11";
  e = store.strongest_evidence("PAK", "RUS", consult, 10);
  BOOST_REQUIRE(e.size() == 1u);
  BOOST_TEST(e[0].sentence == 2);
  BOOST_TEST(store.strongest_evidence("PAK", "AFG", EventFilter{}, 10).empty());
  BOOST_TEST(store.strongest_evidence("PAK", "IND", EventFilter{}, 0).empty());
}

// --- paths

BOOST_AUTO_TEST_CASE(strongest_path_prefers_heavy_links_over_few_hops) {
  // A-B is one event (cost 1); A-C-B is two links of 4 (cost 0.25 + 0.25).
  const RelationGraph g = graph_of({{"A", "B", 1}, {"A", "C", 4}, {"C", "B", 4}}, true);
  const auto strongest = strongest_path(g, "A", "B");
  BOOST_REQUIRE(strongest.has_value());
  BOOST_TEST(ids(*strongest) == (std::vector<std::string>{"A", "C", "B"}), tt::per_element());
  BOOST_TEST(strongest->cost == 0.5, tt::tolerance(1e-12));
  BOOST_REQUIRE(strongest->steps.size() == 2u);
  BOOST_TEST(strongest->steps[1].from == "C");
  BOOST_TEST(strongest->steps[1].to == "B");
  BOOST_TEST(strongest->steps[1].events == 4u);
  BOOST_TEST((strongest->steps[1].relations == std::vector<Count>{{"consult", 4}}));

  const auto hops = fewest_hops_path(g, "A", "B");
  BOOST_REQUIRE(hops.has_value());
  BOOST_TEST(ids(*hops) == (std::vector<std::string>{"A", "B"}), tt::per_element());
  BOOST_TEST(hops->cost == 1.0);
}

BOOST_AUTO_TEST_CASE(equal_costs_prefer_fewer_hops) {
  // Direct: 1/1 = 1; via C: 1/2 + 1/2 = 1.
  const RelationGraph g = graph_of({{"A", "B", 1}, {"A", "C", 2}, {"C", "B", 2}}, true);
  const auto path = strongest_path(g, "A", "B");
  BOOST_REQUIRE(path.has_value());
  BOOST_TEST(ids(*path) == (std::vector<std::string>{"A", "B"}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(hop_ties_go_through_the_smaller_id) {
  // Two 2-hop chains A-C-D and A-B-D.
  const RelationGraph g = graph_of({{"A", "C", 1}, {"C", "D", 1}, {"A", "B", 1}, {"B", "D", 1}}, true);
  const auto path = fewest_hops_path(g, "A", "D");
  BOOST_REQUIRE(path.has_value());
  BOOST_TEST(ids(*path) == (std::vector<std::string>{"A", "B", "D"}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(directed_paths_follow_subject_to_object) {
  const RelationGraph g = graph_of({{"A", "C", 4}, {"C", "B", 4}, {"B", "A", 1}}, false);
  auto path = strongest_path(g, "B", "C");  // B -> A -> C
  BOOST_REQUIRE(path.has_value());
  BOOST_TEST(ids(*path) == (std::vector<std::string>{"B", "A", "C"}), tt::per_element());
  BOOST_TEST(path->cost == 1.25, tt::tolerance(1e-12));
  path = fewest_hops_path(g, "C", "A");  // C -> B -> A
  BOOST_REQUIRE(path.has_value());
  BOOST_TEST(path->steps.size() == 2u);
  // Both ways when the same events are read collapsed: C-A is one hop.
  const RelationGraph u = graph_of({{"A", "C", 4}, {"C", "B", 4}, {"B", "A", 1}}, true);
  BOOST_TEST(fewest_hops_path(u, "C", "A")->steps.size() == 1u);
}

BOOST_AUTO_TEST_CASE(paths_are_empty_when_nothing_joins_the_actors) {
  const RelationGraph g = graph_of({{"A", "B", 1}, {"C", "D", 1}}, true);
  BOOST_TEST(!strongest_path(g, "A", "D").has_value());
  BOOST_TEST(!fewest_hops_path(g, "A", "D").has_value());
  BOOST_TEST(!strongest_path(g, "A", "ZZZ").has_value());
  const RelationGraph d = graph_of({{"A", "B", 1}}, false);
  BOOST_TEST(!strongest_path(d, "B", "A").has_value());  // against the direction
  const auto self = strongest_path(g, "A", "A");
  BOOST_REQUIRE(self.has_value());
  BOOST_TEST(self->actors.size() == 1u);
  BOOST_TEST(self->steps.empty());
}

BOOST_AUTO_TEST_CASE(path_through_the_fixed_store) {
  FixedStore fixed;
  GraphOptions collapsed;
  collapsed.collapse = true;
  const auto path = strongest_path(fixed.graph(collapsed), "IND", "AFG");
  BOOST_REQUIRE(path.has_value());
  BOOST_TEST(ids(*path) == (std::vector<std::string>{"IND", "PAK", "RUS", "CHN", "AFG"}), tt::per_element());
  BOOST_TEST(path->cost == 2.5, tt::tolerance(1e-12));  // 1/4 + 1/4 + 1 + 1
  BOOST_TEST((path->steps[1].relations == std::vector<Count>{{"consult", 3}, {"cooperate", 1}}));
  // Directed, AFG reaches no one.
  BOOST_TEST(!strongest_path(fixed.graph(), "AFG", "IND").has_value());
}

// --- centrality

BOOST_AUTO_TEST_CASE(metric_names_round_trip) {
  for (const char* name : {"degree", "strength", "pagerank", "betweenness", "cooperation", "conflict"}) {
    const auto m = parse_metric(name);
    BOOST_REQUIRE(m.has_value());
    BOOST_TEST(metric_name(*m) == std::string(name));
  }
  BOOST_TEST(!parse_metric("closeness").has_value());
  BOOST_TEST(!parse_metric("").has_value());
}

// Directed actor graph of the fixed store: PAK<->RUS, PAK<->IND, RUS->CHN, CHN->AFG.
BOOST_AUTO_TEST_CASE(counting_metrics_with_ties_by_id) {
  FixedStore fixed;
  const RelationGraph g = fixed.graph();
  auto r = rank_actors(g, Metric::kDegree);
  BOOST_TEST(ids(r) == (std::vector<std::string>{"CHN", "PAK", "RUS", "AFG", "IND"}), tt::per_element());
  BOOST_TEST(scores(r) == (std::vector<double>{2, 2, 2, 1, 1}), tt::per_element());
  r = rank_actors(g, Metric::kStrength);
  BOOST_TEST(ids(r) == (std::vector<std::string>{"PAK", "RUS", "IND", "CHN", "AFG"}), tt::per_element());
  BOOST_TEST(scores(r) == (std::vector<double>{8, 5, 4, 2, 1}), tt::per_element());
  r = rank_actors(g, Metric::kCooperation);
  BOOST_TEST(ids(r) == (std::vector<std::string>{"RUS", "PAK", "CHN", "AFG", "IND"}), tt::per_element());
  BOOST_TEST(scores(r) == (std::vector<double>{5, 4, 2, 1, 0}), tt::per_element());
  r = rank_actors(g, Metric::kConflict, 3);
  BOOST_TEST(ids(r) == (std::vector<std::string>{"IND", "PAK", "AFG"}), tt::per_element());
  BOOST_TEST(scores(r) == (std::vector<double>{4, 4, 0}), tt::per_element());
  // Filters change the graph the metric reads.
  GraphOptions consult;
  consult.filter.relations = {"consult"};
  r = rank_actors(fixed.graph(consult), Metric::kStrength);
  BOOST_TEST(ids(r) == (std::vector<std::string>{"PAK", "RUS"}), tt::per_element());
  BOOST_TEST(scores(r) == (std::vector<double>{3, 3}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(betweenness_directed_and_collapsed) {
  FixedStore fixed;
  // Directed, ordered pairs: PAK on IND->{RUS,CHN,AFG} and RUS->IND; RUS on
  // {IND,PAK}->{CHN,AFG}; CHN on {IND,PAK,RUS}->AFG.
  auto r = rank_actors(fixed.graph(), Metric::kBetweenness);
  BOOST_TEST(ids(r) == (std::vector<std::string>{"PAK", "RUS", "CHN", "AFG", "IND"}), tt::per_element());
  BOOST_TEST(scores(r) == (std::vector<double>{4, 4, 3, 0, 0}), tt::per_element());
  // Collapsed it is the path IND-PAK-RUS-CHN-AFG, unordered pairs.
  GraphOptions collapsed;
  collapsed.collapse = true;
  r = rank_actors(fixed.graph(collapsed), Metric::kBetweenness);
  BOOST_TEST(ids(r) == (std::vector<std::string>{"RUS", "CHN", "PAK", "AFG", "IND"}), tt::per_element());
  BOOST_TEST(scores(r) == (std::vector<double>{4, 3, 3, 0, 0}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(pagerank_solves_the_linear_system) {
  FixedStore fixed;
  // AFG has no out-arc and teleports to all five. Solving
  //   r_v = 0.15/5 + 0.85 * sum(r_u / out(u)) exactly (out: PAK 2, RUS 2, IND 1,
  //   CHN 1, AFG 5) gives these; IND and RUS tie and go by id.
  const auto r = rank_actors(fixed.graph(), Metric::kPageRank);
  BOOST_TEST(ids(r) == (std::vector<std::string>{"PAK", "IND", "RUS", "AFG", "CHN"}), tt::per_element());
  const std::vector<double> expected{0.3012821043396211, 0.18871516425668572, 0.18871516425668572,
                                     0.18041335242556925, 0.1408742147214382};
  for (std::size_t i = 0; i < r.size(); ++i) BOOST_TEST(r[i].score == expected[i], tt::tolerance(1e-9));
  // A cycle is symmetric: everyone 1/3, ordered by id.
  const auto cycle = rank_actors(graph_of({{"B", "C", 1}, {"C", "A", 5}, {"A", "B", 2}}, false), Metric::kPageRank);
  BOOST_TEST(ids(cycle) == (std::vector<std::string>{"A", "B", "C"}), tt::per_element());
  for (const auto& s : cycle) BOOST_TEST(s.score == 1.0 / 3, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(metrics_of_an_empty_graph_are_empty) {
  FixedStore fixed;
  GraphOptions none;
  none.filter.until = "2000-01-01";
  const RelationGraph g = fixed.graph(none);
  for (Metric m : {Metric::kDegree, Metric::kStrength, Metric::kPageRank, Metric::kBetweenness,
                   Metric::kCooperation, Metric::kConflict}) {
    BOOST_TEST(rank_actors(g, m).empty());
  }
  BOOST_TEST(!strongest_path(g, "PAK", "RUS").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
