#include "dipgraph/graph_export.h"

#include <unistd.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <rapidjson/document.h>
#include <sstream>

#include "dipgraph/event_store.h"
#include "test_util.h"
#include "graph/export_common.h"

using namespace dipgraph;
namespace fs = std::filesystem;
namespace pt = boost::property_tree;

namespace {

ActorRef actor(const std::string& id, const std::string& name, const std::string& type = "country") {
  return ActorRef{id, name, type, name};
}

// Names that break careless writers: an apostrophe, non-ASCII letters, and quotes,
// ampersand, angle brackets, a backslash and a DOT keyword as id.
const ActorRef kPak = actor("PAK", "Pakistan");
const ActorRef kRus = actor("RUS", "Russia");
const ActorRef kCiv = actor("CIV", "Côte d'Ivoire");
const ActorRef kTur = actor("TUR", "Türkiye");
const ActorRef kOdd = actor("edge", "Say \"hi\" <now> & \\ then", "igo");
const std::string kOddLabel = "Say \"hi\" <now> & \\ then";

using test::event;

// The fixed store of the golden files:
//   d1 (2021-03): PAK consult RUS x2 (03-01 energy+trade, 03-03 energy),
//                 PAK cooperate RUS (security), TUR accuse CIV (territory)
//   d2 (2021-04): RUS consult PAK (trade), PAK consult RUS (04-12, trade+energy),
//                 CIV accuse TUR undated
//   d3 (2022-01): PAK consult RUS (defence), odd support PAK (peace_process),
//                 TUR sanction odd
struct FixedStore {
  fs::path dir;
  std::string path;

  FixedStore() {
    dir = fs::temp_directory_path() / ("dipgraph-export-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    path = (dir / "fixed.db").string();
    EventStore store = EventStore::open(path);
    add(store, "d1", "2021-03-01",
        {event("2021-03-01", kPak, "consult", kRus, "040", 1, 1.0, {"energy", "trade"}),
         event("2021-03-03", kPak, "consult", kRus, "042", 1, 1.9, {"energy"}),
         event("2021-03-03", kPak, "cooperate", kRus, "060", 2, 6.0, {"security"}),
         event("2021-03-03", kTur, "accuse", kCiv, "112", 3, -2.0, {"territory"})});
    add(store, "d2", "2021-04-10",
        {event("2021-04-10", kRus, "consult", kPak, "040", 1, 1.0, {"trade"}),
         event("2021-04-12", kPak, "consult", kRus, "040", 1, 1.0, {"trade", "energy"}),
         event("", kCiv, "accuse", kTur, "112", 3, -2.0)});
    add(store, "d3", "2022-01-05",
        {event("2022-01-05", kPak, "consult", kRus, "040", 1, 1.0, {"defence"}),
         event("2022-01-05", kOdd, "support", kPak, "051", 1, 3.4, {"peace_process"}),
         event("2022-01-06", kTur, "sanction", kOdd, "163", 4, -8.0)});
  }
  ~FixedStore() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  static void add(EventStore& store, const std::string& id, const std::string& date,
                  std::vector<Triple> triples) {
    DocumentRecord doc;
    doc.id = id;
    doc.source = "Wire";
    doc.date = date;
    doc.title = id;
    for (Triple& t : triples) t.doc = id;
    doc.content_hash = triples_content_hash(triples);
    store.ingest_document(doc, triples);
  }

  RelationGraph graph(GraphOptions options = {}, bool topics = false) const {
    EventStore store = EventStore::open(path, StoreOptions{false});
    return topics ? topic_graph_from_store(store, options) : RelationGraph::from_store(store, options);
  }
};

std::string written(const RelationGraph& g, ExportFormat format, ExportOptions options = {}) {
  std::ostringstream out;
  write_graph(g, format, out, options);
  return out.str();
}

// Compares `text` with tests/golden/export/NAME byte for byte; with
// DIPGRAPH_UPDATE_GOLDEN=1 in the environment writes it instead
// (scripts/update_export_golden.sh), to be reviewed as a diff.
void check_golden(const std::string& name, const std::string& text) {
  const fs::path file = fs::path(DIPGRAPH_GOLDEN_DIR) / "export" / name;
  if (const char* update = std::getenv("DIPGRAPH_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return;
  }
  std::ifstream in(file, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "missing golden file " << file << " (scripts/update_export_golden.sh)");
  std::stringstream expected;
  expected << in.rdbuf();
  BOOST_TEST_INFO("golden file " << file);
  BOOST_TEST(text == expected.str());
}

const GraphEdge* find_edge(const RelationGraph& g, const std::string& s, const std::string& o,
                           const std::string& relation) {
  for (std::size_t i = 0; i < g.edge_count(); ++i) {
    const GraphEdge& e = g.edge(i);
    if (g.node(e.source).id == s && g.node(e.target).id == o && e.relation == relation) return &e;
  }
  return nullptr;
}

// GraphML read back through Boost's read_graphml.
struct ReadNode {
  std::string label, code, type;
  long events = 0;
  int r = 0, g = 0, b = 0;
};
struct ReadEdge {
  std::string label, relation, cameo, first_seen, last_seen, topics, relations, timeline;
  double weight = 0, goldstein_mean = 0;
  int quad = 0, r = 0, g = 0, b = 0;
  long articles = 0, sources = 0, cooperation = 0, conflict = 0;
};
template <class Directed>
using ReadGraphOf = boost::adjacency_list<boost::vecS, boost::vecS, Directed, ReadNode, ReadEdge>;
using ReadGraph = ReadGraphOf<boost::directedS>;

template <class G = ReadGraph>
G read_back(const std::string& graphml) {
  G g;
  boost::dynamic_properties dp;
  dp.property("label", boost::get(&ReadNode::label, g));
  dp.property("code", boost::get(&ReadNode::code, g));
  dp.property("type", boost::get(&ReadNode::type, g));
  dp.property("events", boost::get(&ReadNode::events, g));
  dp.property("r", boost::get(&ReadNode::r, g));
  dp.property("g", boost::get(&ReadNode::g, g));
  dp.property("b", boost::get(&ReadNode::b, g));
  dp.property("label", boost::get(&ReadEdge::label, g));
  dp.property("relation", boost::get(&ReadEdge::relation, g));
  dp.property("cameo", boost::get(&ReadEdge::cameo, g));
  dp.property("first_seen", boost::get(&ReadEdge::first_seen, g));
  dp.property("last_seen", boost::get(&ReadEdge::last_seen, g));
  dp.property("topics", boost::get(&ReadEdge::topics, g));
  dp.property("relations", boost::get(&ReadEdge::relations, g));
  dp.property("timeline", boost::get(&ReadEdge::timeline, g));
  dp.property("weight", boost::get(&ReadEdge::weight, g));
  dp.property("goldstein_mean", boost::get(&ReadEdge::goldstein_mean, g));
  dp.property("quad", boost::get(&ReadEdge::quad, g));
  dp.property("articles", boost::get(&ReadEdge::articles, g));
  dp.property("sources", boost::get(&ReadEdge::sources, g));
  dp.property("cooperation", boost::get(&ReadEdge::cooperation, g));
  dp.property("conflict", boost::get(&ReadEdge::conflict, g));
  dp.property("r", boost::get(&ReadEdge::r, g));
  dp.property("g", boost::get(&ReadEdge::g, g));
  dp.property("b", boost::get(&ReadEdge::b, g));
  std::istringstream in(graphml);
  boost::read_graphml(in, g, dp);
  return g;
}

// A minimal RFC 4180 reader: rows of cells.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"' && cell.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == ',' || c == '\n') {
      rows.back().push_back(cell);
      cell.clear();
      was_quoted = false;
      if (c == '\n') rows.emplace_back();
    } else {
      cell += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

const FixedStore& fixed() {
  static FixedStore store;
  return store;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(graph_export)

BOOST_AUTO_TEST_CASE(format_names_parse_both_ways) {
  for (auto f : {ExportFormat::kGraphml, ExportFormat::kDot, ExportFormat::kGexf, ExportFormat::kJson,
                 ExportFormat::kCsv}) {
    BOOST_TEST((parse_export_format(export_format_name(f)) == f));
  }
  BOOST_TEST(!parse_export_format("GraphML"));
  BOOST_TEST(!parse_export_format(""));
  BOOST_TEST(!parse_export_format("gml"));
}

BOOST_AUTO_TEST_CASE(clean_text_makes_valid_utf8_without_controls) {
  using detail::clean_text;
  BOOST_TEST(clean_text("") == "");
  BOOST_TEST(clean_text("Côte d'Ivoire") == "Côte d'Ivoire");
  BOOST_TEST(clean_text("a\tb\nc\x7f") == "a b c ");
  BOOST_TEST(clean_text("a\xff" "b") == "a\xEF\xBF\xBD" "b");
  BOOST_TEST(clean_text("\xC3") == "\xEF\xBF\xBD");                  // truncated
  BOOST_TEST(clean_text("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  BOOST_TEST(clean_text("\xEF\xBF\xBF") == "\xEF\xBF\xBD");          // U+FFFF
  std::string xml;
  detail::append_xml(xml, "<a href=\"x\">&'</a>");
  BOOST_TEST(xml == "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
}

BOOST_AUTO_TEST_CASE(decimals_are_rounded_and_typed) {
  using detail::format_decimal;
  BOOST_TEST(format_decimal(1.0) == "1.0");
  BOOST_TEST(format_decimal(-2.0) == "-2.0");
  BOOST_TEST(format_decimal(1.2999999) == "1.3");
  BOOST_TEST(format_decimal(1.0 / 3.0) == "0.33");
  BOOST_TEST(format_decimal(-0.001) == "0.0");
  BOOST_TEST(format_decimal(std::nan("")) == "0.0");
}

BOOST_AUTO_TEST_CASE(buckets_become_date_ranges) {
  using detail::bucket_range;
  using detail::Spell;
  BOOST_TEST((bucket_range("2021-03-05", TimeBucket::kDay) == Spell{"2021-03-05", "2021-03-05"}));
  BOOST_TEST((bucket_range("2021-W01", TimeBucket::kWeek) == Spell{"2021-01-04", "2021-01-10"}));
  BOOST_TEST((bucket_range("2020-W53", TimeBucket::kWeek) == Spell{"2020-12-28", "2021-01-03"}));
  BOOST_TEST((bucket_range("2024-02", TimeBucket::kMonth) == Spell{"2024-02-01", "2024-02-29"}));
  BOOST_TEST((bucket_range("2021-12", TimeBucket::kMonth) == Spell{"2021-12-01", "2021-12-31"}));
  BOOST_TEST((bucket_range("2021", TimeBucket::kYear) == Spell{"2021-01-01", "2021-12-31"}));
  BOOST_TEST((bucket_range("2021-13", TimeBucket::kMonth) == Spell{}));
  BOOST_TEST((bucket_range("", TimeBucket::kDay) == Spell{}));
  BOOST_TEST((bucket_range("2021-W99", TimeBucket::kWeek) == Spell{}));
}

BOOST_AUTO_TEST_CASE(edge_spells_run_over_consecutive_buckets_cut_to_first_and_last_seen) {
  const RelationGraph g = fixed().graph();
  const GraphEdge* consult = find_edge(g, "PAK", "RUS", "consult");
  BOOST_REQUIRE(consult);
  const auto spells = detail::edge_spells(*consult, TimeBucket::kMonth);
  BOOST_REQUIRE(spells.size() == 2u);
  BOOST_TEST((spells[0] == detail::Spell{"2021-03-01", "2021-04-30"}));
  BOOST_TEST((spells[1] == detail::Spell{"2022-01-01", "2022-01-05"}));
  BOOST_TEST(detail::gephi_intervals(spells) == "<[2021-03-01, 2021-04-30]; [2022-01-01, 2022-01-05]>");
  // CIV->TUR accuse is undated: no spells, so CIV and TUR exist all the time.
  const GraphEdge* undated = find_edge(g, "CIV", "TUR", "accuse");
  BOOST_REQUIRE(undated);
  BOOST_TEST(detail::edge_spells(*undated, TimeBucket::kMonth).empty());
  std::vector<std::vector<detail::Spell>> all;
  for (std::size_t i = 0; i < g.edge_count(); ++i) {
    all.push_back(detail::edge_spells(g.edge(i), TimeBucket::kMonth));
  }
  const auto nodes = detail::node_spells(g, all);
  BOOST_TEST(nodes[*g.find_node("CIV")].empty());
  BOOST_TEST(nodes[*g.find_node("TUR")].empty());
  // PAK: its RUS edges (2021-03..04, 2022-01) and the odd actor's support (2022-01-05).
  const auto& pak = nodes[*g.find_node("PAK")];
  BOOST_REQUIRE(pak.size() == 2u);
  BOOST_TEST((pak[0] == detail::Spell{"2021-03-01", "2021-04-30"}));
  BOOST_TEST((pak[1] == detail::Spell{"2022-01-01", "2022-01-05"}));
}

BOOST_AUTO_TEST_CASE(golden_files_for_every_format) {
  const RelationGraph g = fixed().graph();
  check_golden("fixed.graphml", written(g, ExportFormat::kGraphml));
  check_golden("fixed.dot", written(g, ExportFormat::kDot));
  check_golden("fixed.gexf", written(g, ExportFormat::kGexf));
  ExportOptions dynamic;
  dynamic.dynamic = true;
  check_golden("fixed.dynamic.gexf", written(g, ExportFormat::kGexf, dynamic));
  check_golden("fixed.json", written(g, ExportFormat::kJson));
  std::ostringstream nodes, edges;
  write_csv_nodes(g, nodes);
  write_csv_edges(g, edges);
  check_golden("fixed.nodes.csv", nodes.str());
  check_golden("fixed.edges.csv", edges.str());
  GraphOptions collapse;
  collapse.collapse = true;
  const RelationGraph c = fixed().graph(collapse);
  check_golden("collapsed.graphml", written(c, ExportFormat::kGraphml));
  check_golden("collapsed.dot", written(c, ExportFormat::kDot));
  const RelationGraph t = fixed().graph({}, true);
  check_golden("topics.gexf", written(t, ExportFormat::kGexf));
}

BOOST_AUTO_TEST_CASE(output_is_deterministic) {
  const RelationGraph a = fixed().graph();
  const RelationGraph b = fixed().graph();
  ExportOptions dynamic;
  dynamic.dynamic = true;
  for (auto f : {ExportFormat::kGraphml, ExportFormat::kDot, ExportFormat::kGexf, ExportFormat::kJson,
                 ExportFormat::kCsv}) {
    BOOST_TEST(written(a, f) == written(b, f));
    BOOST_TEST(written(a, f, dynamic) == written(b, f, dynamic));
  }
}

BOOST_AUTO_TEST_CASE(graphml_round_trips_through_boost_read_graphml) {
  const RelationGraph g = fixed().graph();
  const std::string text = written(g, ExportFormat::kGraphml);
  BOOST_TEST(text.find("edgedefault=\"directed\"") != std::string::npos);
  const ReadGraph r = read_back(text);
  BOOST_REQUIRE(boost::num_vertices(r) == g.node_count());
  BOOST_REQUIRE(boost::num_edges(r) == g.edge_count());
  for (std::size_t i = 0; i < g.node_count(); ++i) {
    const GraphNode& n = g.node(i);
    BOOST_TEST(r[i].code == n.id);
    BOOST_TEST(r[i].label == n.label);
    BOOST_TEST(r[i].type == n.type);
    BOOST_TEST(r[i].events == static_cast<long>(n.events));
  }
  std::size_t i = 0;
  for (auto [it, end] = boost::edges(r); it != end; ++it, ++i) {
    const GraphEdge& e = g.edge(i);
    const ReadEdge& x = r[*it];
    BOOST_TEST(boost::source(*it, r) == e.source);
    BOOST_TEST(boost::target(*it, r) == e.target);
    BOOST_TEST(x.label == e.relation);
    BOOST_TEST(x.relation == e.relation);
    BOOST_TEST(x.cameo == e.cameo);
    BOOST_TEST(x.quad == e.quad);
    BOOST_TEST(x.weight == static_cast<double>(e.weight));
    BOOST_TEST(x.weight > 0);
    BOOST_TEST(x.articles == static_cast<long>(e.articles));
    BOOST_TEST(x.sources == static_cast<long>(e.sources));
    BOOST_TEST(x.first_seen == e.first_seen);
    BOOST_TEST(x.last_seen == e.last_seen);
    BOOST_TEST(x.goldstein_mean == detail::rounded(e.goldstein_mean));
    BOOST_TEST(x.cooperation == static_cast<long>(e.cooperation));
    BOOST_TEST(x.conflict == static_cast<long>(e.conflict));
    BOOST_TEST(x.topics == detail::joined_topics(e, ";"));
    BOOST_TEST(x.relations == detail::joined_relations(e));
    BOOST_TEST(x.r == detail::quad_rgb(e.quad).r);
  }
  // The values themselves, for one edge, by hand.
  const ReadEdge* consult = nullptr;
  for (auto [it, end] = boost::edges(r); it != end; ++it) {
    if (r[boost::source(*it, r)].code == "PAK" && r[boost::target(*it, r)].code == "RUS" &&
        r[*it].relation == "consult") {
      consult = &r[*it];
    }
  }
  BOOST_REQUIRE(consult);
  BOOST_TEST(consult->weight == 4.0);
  BOOST_TEST(consult->articles == 3);
  BOOST_TEST(consult->first_seen == "2021-03-01");
  BOOST_TEST(consult->last_seen == "2022-01-05");
  BOOST_TEST(consult->goldstein_mean == 1.23);  // (1 + 1.9 + 1 + 1) / 4 = 1.225
  BOOST_TEST(consult->topics == "energy;trade;defence");
  BOOST_TEST(consult->timeline == "2021-03:2;2021-04:1;2022-01:1");
}

BOOST_AUTO_TEST_CASE(collapsed_graphml_is_undirected) {
  GraphOptions options;
  options.collapse = true;
  const RelationGraph g = fixed().graph(options);
  const std::string text = written(g, ExportFormat::kGraphml);
  BOOST_TEST(text.find("edgedefault=\"undirected\"") != std::string::npos);
  const auto r = read_back<ReadGraphOf<boost::undirectedS>>(text);
  BOOST_TEST(boost::num_edges(r) == g.edge_count());
  BOOST_TEST(boost::num_vertices(r) == g.node_count());
}

BOOST_AUTO_TEST_CASE(odd_names_survive_graphml_gexf_json_csv_and_dot) {
  const RelationGraph g = fixed().graph();
  std::map<std::string, std::string> expected;  // id -> label
  for (std::size_t i = 0; i < g.node_count(); ++i) expected[g.node(i).id] = g.node(i).label;
  BOOST_REQUIRE(expected.at("CIV") == "Côte d'Ivoire");
  BOOST_REQUIRE(expected.at("TUR") == "Türkiye");
  BOOST_REQUIRE(expected.at("edge") == kOddLabel);

  // GraphML, by Boost's reader.
  const ReadGraph r = read_back(written(g, ExportFormat::kGraphml));
  for (std::size_t i = 0; i < boost::num_vertices(r); ++i) BOOST_TEST(r[i].label == expected.at(r[i].code));

  // GEXF, by an XML parser (entities decoded).
  for (bool dynamic : {false, true}) {
    ExportOptions options;
    options.dynamic = dynamic;
    std::istringstream in(written(g, ExportFormat::kGexf, options));
    pt::ptree doc;
    pt::read_xml(in, doc);
    std::size_t seen = 0;
    for (const auto& [tag, node] : doc.get_child("gexf.graph.nodes")) {
      if (tag != "node") continue;
      ++seen;
      BOOST_TEST(node.get<std::string>("<xmlattr>.label") ==
                 expected.at(node.get<std::string>("<xmlattr>.id")));
    }
    BOOST_TEST(seen == g.node_count());
    std::size_t edges = 0;
    for (const auto& [tag, edge] : doc.get_child("gexf.graph.edges")) {
      if (tag != "edge") continue;
      ++edges;
      BOOST_TEST(expected.count(edge.get<std::string>("<xmlattr>.source")) == 1u);
      BOOST_TEST(expected.count(edge.get<std::string>("<xmlattr>.target")) == 1u);
      BOOST_TEST(edge.get<double>("<xmlattr>.weight") >= 1.0);
    }
    BOOST_TEST(edges == g.edge_count());
  }

  // JSON, by RapidJSON.
  rapidjson::Document json;
  const std::string text = written(g, ExportFormat::kJson);
  json.Parse(text.c_str());
  BOOST_REQUIRE(!json.HasParseError());
  const auto& nodes = json["elements"]["nodes"];
  BOOST_REQUIRE(nodes.Size() == g.node_count());
  for (const auto& n : nodes.GetArray()) {
    BOOST_TEST(n["data"]["name"].GetString() == expected.at(n["data"]["id"].GetString()));
  }
  std::set<std::string> ids;
  for (const auto& n : nodes.GetArray()) ids.insert(n["data"]["id"].GetString());
  for (const auto& e : json["elements"]["edges"].GetArray()) {
    ids.insert(e["data"]["id"].GetString());
    BOOST_TEST(expected.count(e["data"]["source"].GetString()) == 1u);
  }
  BOOST_TEST(ids.size() == g.node_count() + g.edge_count());  // unique across both

  // CSV, by an RFC 4180 reader.
  std::ostringstream csv;
  write_csv_nodes(g, csv);
  const auto rows = parse_csv(csv.str());
  BOOST_REQUIRE(rows.size() == g.node_count() + 1);
  BOOST_TEST(rows[0][0] == "Id");
  BOOST_TEST(rows[0][1] == "Label");
  for (std::size_t i = 1; i < rows.size(); ++i) {
    BOOST_REQUIRE(rows[i].size() == rows[0].size());
    BOOST_TEST(rows[i][1] == expected.at(rows[i][0]));
  }

  // DOT: every id and label quoted, `"` and `\` escaped; `edge` is quoted.
  const std::string dot = written(g, ExportFormat::kDot);
  BOOST_TEST(dot.find("\"edge\" [label=\"Say \\\"hi\\\" <now> & \\\\ then\"") != std::string::npos);
  BOOST_TEST(dot.find("\"CIV\" [label=\"Côte d'Ivoire\"") != std::string::npos);
  BOOST_TEST(dot.find("\"TUR\" -> \"edge\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(dynamic_gexf_has_spells_and_per_bucket_weights) {
  ExportOptions options;
  options.dynamic = true;
  const std::string text = written(fixed().graph(), ExportFormat::kGexf, options);
  BOOST_TEST(text.find("mode=\"dynamic\" defaultedgetype=\"directed\" timeformat=\"date\"") !=
             std::string::npos);
  BOOST_TEST(text.find("<attributes class=\"edge\" mode=\"dynamic\">") != std::string::npos);
  // PAK->RUS consult: 2 events in March from the 1st, 1 in April up to its end, 1 on 2022-01-05.
  const auto at = text.find("<edge id=\"PAK-&gt;RUS:consult\"");
  BOOST_REQUIRE(at != std::string::npos);
  const std::string edge = text.substr(at, text.find("</edge>", at) - at);
  BOOST_TEST(edge.find("<attvalue for=\"weight\" value=\"2\" start=\"2021-03-01\" end=\"2021-03-31\"/>") !=
             std::string::npos);
  BOOST_TEST(edge.find("<attvalue for=\"weight\" value=\"1\" start=\"2022-01-01\" end=\"2022-01-05\"/>") !=
             std::string::npos);
  BOOST_TEST(edge.find("<spell start=\"2021-03-01\" end=\"2021-04-30\"/>") != std::string::npos);
  BOOST_TEST(edge.find("kind=\"consult\"") != std::string::npos);
  // Static GEXF has no time.
  const std::string flat = written(fixed().graph(), ExportFormat::kGexf);
  BOOST_TEST(flat.find("<spell") == std::string::npos);
  BOOST_TEST(flat.find("mode=\"static\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(topics_become_nodes_with_exact_weights) {
  const RelationGraph g = fixed().graph({}, true);
  const auto energy = g.find_node("topic:energy");
  BOOST_REQUIRE(energy);
  BOOST_TEST(g.node(*energy).label == "energy");
  BOOST_TEST(g.node(*energy).type == "topic");
  const auto peace = g.find_node("topic:peace_process");
  BOOST_REQUIRE(peace);
  BOOST_TEST(g.node(*peace).label == "peace process");
  // Three PAK consult RUS events carry energy: both actors get a consult edge to it.
  for (const char* actor : {"PAK", "RUS"}) {
    const GraphEdge* e = find_edge(g, actor, "topic:energy", "consult");
    BOOST_REQUIRE(e);
    BOOST_TEST(e->weight == 3u);
    BOOST_TEST(e->articles == 2u);
    BOOST_TEST(e->first_seen == "2021-03-01");
    BOOST_TEST(e->last_seen == "2021-04-12");
  }
  // trade: PAK consult RUS twice (d1, d2) and RUS consult PAK once.
  BOOST_REQUIRE(find_edge(g, "PAK", "topic:trade", "consult"));
  BOOST_TEST(find_edge(g, "PAK", "topic:trade", "consult")->weight == 3u);
  BOOST_REQUIRE(find_edge(g, "PAK", "topic:security", "cooperate"));
  // The actor-actor edges are unchanged.
  const RelationGraph plain = fixed().graph();
  BOOST_TEST((*find_edge(g, "PAK", "RUS", "consult") == *find_edge(plain, "PAK", "RUS", "consult")));
  // Every format carries the topic nodes.
  BOOST_TEST(written(g, ExportFormat::kJson).find("\"id\":\"topic:energy\"") != std::string::npos);
  BOOST_TEST(written(g, ExportFormat::kDot).find("\"topic:energy\" [label=\"energy\", shape=\"note\"") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(empty_graph_writes_valid_empty_files) {
  GraphOptions options;
  options.filter.since = "2030-01-01";
  const RelationGraph g = fixed().graph(options);
  BOOST_REQUIRE(g.node_count() == 0u);
  BOOST_TEST(boost::num_vertices(read_back(written(g, ExportFormat::kGraphml))) == 0u);
  rapidjson::Document json;
  const std::string text = written(g, ExportFormat::kJson);
  json.Parse(text.c_str());
  BOOST_TEST(!json.HasParseError());
  BOOST_TEST(json["elements"]["edges"].Size() == 0u);
  std::istringstream gexf(written(g, ExportFormat::kGexf));
  pt::ptree doc;
  BOOST_CHECK_NO_THROW(pt::read_xml(gexf, doc));
  BOOST_TEST(doc.get<std::string>("gexf.graph.nodes.<xmlattr>.count") == "0");
  const std::string dot = written(g, ExportFormat::kDot);
  BOOST_TEST(dot.find("0 actors, 0 relations") != std::string::npos);
  ExportOptions nodes;
  nodes.table = CsvTable::kNodes;
  BOOST_TEST(written(g, ExportFormat::kCsv, nodes) == "Id,Label,type,events,timeset\n");
}

BOOST_AUTO_TEST_CASE(dot_styles_by_quad_weight_and_size) {
  const RelationGraph g = fixed().graph();
  const std::string dot = written(g, ExportFormat::kDot);
  BOOST_TEST(dot.find("layout=\"neato\"") != std::string::npos);
  BOOST_TEST(dot.find("charset=\"UTF-8\"") != std::string::npos);
  BOOST_TEST(dot.find("overlap=\"prism\"") != std::string::npos);
  // PAK->RUS consult: 4 events, quad 1 (blue), pen width 1 + log2(4) = 3.
  BOOST_TEST(dot.find("\"PAK\" -> \"RUS\" [color=\"#2b83ba\", penwidth=\"3.00\", label=\"consult\", "
                      "tooltip=\"Pakistan -> Russia: consult (CAMEO 040), 4 events in 3 articles, "
                      "2021-03-01 .. 2022-01-05, Goldstein 1.23; topics: energy, trade, defence\"];") !=
             std::string::npos);
  ExportOptions sfdp;
  sfdp.layout = "sfdp";
  BOOST_TEST(written(g, ExportFormat::kDot, sfdp).find("layout=\"sfdp\"") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
