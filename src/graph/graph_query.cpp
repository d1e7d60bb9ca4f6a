#include "dipgraph/graph_query.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/page_rank.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "dipgraph/news_date.h"

namespace dipgraph {
namespace {

// ---------------------------------------------------------------------------
// The actor graph: one arc per ordered pair of actors with events (directed
// graphs) or per unordered pair (collapsed graphs), relations summed. Paths and
// centrality run on it, since they are about who is linked, not by which relation.

struct Arc {
  std::size_t from = 0, to = 0;  // node indices; from < to when undirected
  std::uint64_t events = 0;
  std::vector<Count> relations;
};

struct ActorGraph {
  bool directed = true;
  std::size_t nodes = 0;
  std::vector<Arc> arcs;  // sorted by (from, to), so neighbours come in id order
};

void add_count(std::vector<Count>& counts, const std::string& name, std::uint64_t n) {
  for (Count& c : counts) {
    if (c.name == name) {
      c.count += n;
      return;
    }
  }
  counts.push_back(Count{name, n});
}

void sort_counts(std::vector<Count>& counts) {
  std::sort(counts.begin(), counts.end(), [](const Count& a, const Count& b) {
    return a.count != b.count ? a.count > b.count : a.name < b.name;
  });
}

ActorGraph actor_graph(const RelationGraph& graph) {
  ActorGraph out;
  out.directed = graph.directed();
  out.nodes = graph.node_count();
  std::map<std::pair<std::size_t, std::size_t>, Arc> arcs;
  for (std::size_t i = 0; i < graph.edge_count(); ++i) {
    const GraphEdge& e = graph.edge(i);
    std::size_t from = e.source, to = e.target;
    if (!out.directed && to < from) std::swap(from, to);
    Arc& arc = arcs[{from, to}];
    arc.from = from;
    arc.to = to;
    arc.events += e.weight;
    if (out.directed) {
      add_count(arc.relations, e.relation, e.weight);
    } else {
      for (const Count& c : e.relations) add_count(arc.relations, c.name, c.count);
    }
  }
  for (auto& [key, arc] : arcs) {
    sort_counts(arc.relations);
    out.arcs.push_back(std::move(arc));
  }
  return out;
}

// A path's length: total cost, then hops, so that equal costs prefer fewer hops.
struct Cost {
  double cost = 0;
  std::size_t hops = 0;
};

// Costs are sums of 1/events in different orders, so equal sums may differ in the
// last bits; they compare equal within a relative 1e-12.
struct CostLess {
  bool operator()(const Cost& a, const Cost& b) const {
    const double slack = 1e-12 * std::max({1.0, std::fabs(a.cost), std::fabs(b.cost)});
    if (a.cost < b.cost - slack) return true;
    if (b.cost < a.cost - slack) return false;
    return a.hops < b.hops;
  }
};

struct CostPlus {
  Cost operator()(const Cost& a, const Cost& b) const { return {a.cost + b.cost, a.hops + b.hops}; }
};

struct ArcProperty {
  Cost cost;
  std::size_t arc = 0;  // index into ActorGraph::arcs
};

template <typename Directedness>
using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, Directedness,
                                         boost::no_property, ArcProperty>;

template <typename G>
G boost_graph(const ActorGraph& actors) {
  G g(actors.nodes);
  for (std::size_t i = 0; i < actors.arcs.size(); ++i) {
    const Arc& arc = actors.arcs[i];
    const double cost = 1.0 / static_cast<double>(arc.events);
    boost::add_edge(arc.from, arc.to, ArcProperty{Cost{cost, 1}, i}, g);
  }
  return g;
}

// The steps of the path ending at `to` in a predecessor map (pred[v] == v: root).
template <typename G>
std::optional<Path> path_from_predecessors(const RelationGraph& graph, const ActorGraph& actors,
                                           const G& g, const std::vector<std::size_t>& pred,
                                           std::size_t from, std::size_t to) {
  if (from != to && pred[to] == to) return std::nullopt;
  std::vector<std::size_t> chain{to};
  while (chain.back() != from) chain.push_back(pred[chain.back()]);
  std::reverse(chain.begin(), chain.end());

  Path path;
  for (std::size_t v : chain) path.actors.push_back(graph.node(v));
  for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
    // The arc of this hop; in an undirected graph it is stored as (min, max).
    const auto [edge, found] = boost::edge(chain[i], chain[i + 1], g);
    const Arc& arc = actors.arcs[g[edge].arc];
    PathStep step;
    step.from = graph.node(chain[i]).id;
    step.to = graph.node(chain[i + 1]).id;
    step.events = arc.events;
    step.cost = g[edge].cost.cost;
    step.relations = arc.relations;
    path.cost += step.cost;
    path.steps.push_back(std::move(step));
  }
  return path;
}

template <typename G>
std::optional<Path> dijkstra_path(const RelationGraph& graph, const ActorGraph& actors,
                                  std::size_t from, std::size_t to) {
  const G g = boost_graph<G>(actors);
  std::vector<std::size_t> pred(actors.nodes);
  for (std::size_t v = 0; v < pred.size(); ++v) pred[v] = v;
  std::vector<Cost> dist(actors.nodes);
  const auto index = boost::get(boost::vertex_index, g);
  boost::dijkstra_shortest_paths(
      g, from,
      boost::predecessor_map(boost::make_iterator_property_map(pred.begin(), index))
          .distance_map(boost::make_iterator_property_map(dist.begin(), index))
          .weight_map(boost::get(&ArcProperty::cost, g))
          .distance_compare(CostLess{})
          .distance_combine(CostPlus{})
          .distance_inf(Cost{std::numeric_limits<double>::infinity(),
                             std::numeric_limits<std::size_t>::max()})
          .distance_zero(Cost{}));
  return path_from_predecessors(graph, actors, g, pred, from, to);
}

template <typename G>
std::optional<Path> bfs_path(const RelationGraph& graph, const ActorGraph& actors,
                             std::size_t from, std::size_t to) {
  const G g = boost_graph<G>(actors);
  std::vector<std::size_t> pred(actors.nodes);
  for (std::size_t v = 0; v < pred.size(); ++v) pred[v] = v;
  const auto index = boost::get(boost::vertex_index, g);
  auto pred_map = boost::make_iterator_property_map(pred.begin(), index);
  boost::breadth_first_search(
      g, from,
      boost::visitor(boost::make_bfs_visitor(boost::record_predecessors(pred_map, boost::on_tree_edge()))));
  return path_from_predecessors(graph, actors, g, pred, from, to);
}

using DirectedGraph = BoostGraph<boost::directedS>;
using UndirectedGraph = BoostGraph<boost::undirectedS>;

// ---------------------------------------------------------------------------
// Centrality.

std::vector<double> degree_scores(const ActorGraph& actors) {
  // Distinct neighbours: arcs u->v and v->u of a directed graph are one neighbour.
  std::set<std::pair<std::size_t, std::size_t>> pairs;
  for (const Arc& arc : actors.arcs) pairs.emplace(std::min(arc.from, arc.to), std::max(arc.from, arc.to));
  std::vector<double> out(actors.nodes, 0);
  for (const auto& [u, v] : pairs) {
    ++out[u];
    ++out[v];
  }
  return out;
}

// Stops Boost's page_rank when no rank moved by more than the tolerance (relative
// to the ranks' scale) or after a fixed number of rounds.
class Converged {
 public:
  Converged(std::size_t nodes, std::size_t max_rounds) : previous_(nodes, -1.0), rounds_left_(max_rounds) {}

  template <typename RankMap, typename Graph>
  bool operator()(const RankMap& ranks, const Graph& g) {
    if (rounds_left_-- == 0) return true;
    double change = 0, total = 0;
    for (auto v : boost::make_iterator_range(boost::vertices(g))) {
      const double r = get(ranks, v);
      change = std::max(change, std::fabs(r - previous_[v]));
      total += r;
      previous_[v] = r;
    }
    return change <= 1e-12 * std::max(total, 1.0);
  }

 private:
  std::vector<double> previous_;
  std::size_t rounds_left_;
};

std::vector<double> pagerank_scores(const ActorGraph& actors) {
  const std::size_t n = actors.nodes;
  if (n == 0) return {};
  using G = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  G g(n);
  std::vector<bool> has_out(n, false);
  for (const Arc& arc : actors.arcs) {
    boost::add_edge(arc.from, arc.to, g);
    has_out[arc.from] = true;
    if (!actors.directed) {
      boost::add_edge(arc.to, arc.from, g);
      has_out[arc.to] = true;
    }
  }
  // Boost's page_rank leaks the rank of actors without out-arcs; the usual fix is
  // that such an actor passes its rank on to everyone (itself included).
  for (std::size_t v = 0; v < n; ++v) {
    if (has_out[v]) continue;
    for (std::size_t u = 0; u < n; ++u) boost::add_edge(v, u, g);
  }
  std::vector<double> ranks(n, 0);
  boost::graph::page_rank(g, boost::make_iterator_property_map(ranks.begin(), boost::get(boost::vertex_index, g)),
                          Converged(n, 1000), 0.85);
  double total = 0;
  for (double r : ranks) total += r;
  if (total > 0) {
    for (double& r : ranks) r /= total;
  }
  return ranks;
}

template <typename G>
std::vector<double> betweenness_scores(const ActorGraph& actors) {
  const G g = boost_graph<G>(actors);
  std::vector<double> scores(actors.nodes, 0);
  const auto index = boost::get(boost::vertex_index, g);
  boost::brandes_betweenness_centrality(
      g, boost::centrality_map(boost::make_iterator_property_map(scores.begin(), index))
             .vertex_index_map(index));
  return scores;
}

// ---------------------------------------------------------------------------
// Timelines.

// The first day of a bucket named as bucket_of names it; nullopt when malformed.
std::optional<CalendarDate> bucket_start(const std::string& name, TimeBucket bucket) {
  auto number = [&](std::size_t from, std::size_t n) -> int {
    if (name.size() < from + n) return -1;
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (name[i] < '0' || name[i] > '9') return -1;
      v = v * 10 + (name[i] - '0');
    }
    return v;
  };
  const int year = number(0, 4);
  if (year < 0) return std::nullopt;
  CalendarDate d{year, 1, 1};
  switch (bucket) {
    case TimeBucket::kDay:
      if (name.size() != 10) return std::nullopt;
      d.month = number(5, 2);
      d.day = number(8, 2);
      break;
    case TimeBucket::kWeek: {
      if (name.size() != 8 || name.compare(4, 2, "-W") != 0) return std::nullopt;
      const int week = number(6, 2);
      if (week < 1 || week > 53) return std::nullopt;
      // 4 January is always in ISO week 1; its week starts on the Monday before.
      const CalendarDate jan4{year, 1, 4};
      const CalendarDate monday = add_days(jan4, -((weekday(jan4) + 6) % 7));
      return add_days(monday, 7 * (week - 1));
    }
    case TimeBucket::kMonth:
      if (name.size() != 7) return std::nullopt;
      d.month = number(5, 2);
      break;
    case TimeBucket::kYear:
      if (name.size() != 4) return std::nullopt;
      break;
  }
  if (!is_valid_date(d.year, d.month, d.day)) return std::nullopt;
  return d;
}

// A score as an integer of nanounits, so that sorting cannot be swayed by the last
// bits of an iterated sum.
long long score_key(double score) { return std::llround(score * 1e9); }

const GraphEdge* dyad_edge(const RelationGraph& dyads, std::size_t a, std::size_t b) {
  for (std::size_t i : dyads.edges_of(a)) {
    const GraphEdge& e = dyads.edge(i);
    if ((e.source == a && e.target == b) || (e.source == b && e.target == a)) return &e;
  }
  return nullptr;
}

}  // namespace

std::vector<GraphOptions> query_graph_options(const GraphOptions& options) {
  GraphOptions directed = options, dyads = options;
  directed.collapse = false;
  directed.topics = false;  // half the builder's work per event, read by no query
  directed.timelines = false;
  dyads.collapse = true;
  return {directed, dyads};
}

QueryGraphs load_query_graphs(const EventStore& store, const GraphOptions& options,
                              std::string_view a, std::string_view b) {
  auto graphs = RelationGraph::from_store(store, query_graph_options(options), a, b);
  return QueryGraphs{std::move(graphs[0]), std::move(graphs[1])};
}

GraphOptions whole_store_graph_options(GraphOptions question) {
  question.timelines = false;
  question.topics = false;
  return question;
}

std::vector<GraphOptions> unfiltered_whole_store_graphs() {
  GraphOptions collapsed, directed;
  collapsed.collapse = true;
  return {whole_store_graph_options(collapsed), whole_store_graph_options(directed)};
}

std::vector<Link> find_links(const QueryGraphs& graphs, std::string_view actor) {
  const auto node = graphs.dyads.find_node(actor);
  if (!node) return {};
  std::map<std::string, Link> links;
  for (std::size_t i : graphs.dyads.edges_of(*node)) {
    const GraphEdge& e = graphs.dyads.edge(i);
    const std::size_t other = e.source == *node ? e.target : e.source;
    Link& link = links[graphs.dyads.node(other).id];
    link.other = graphs.dyads.node(other);
    link.events = e.weight;
    link.articles = e.articles;
    link.first_seen = e.first_seen;
    link.last_seen = e.last_seen;
    link.goldstein_mean = e.goldstein_mean;
    link.cooperation = e.cooperation;
    link.conflict = e.conflict;
    link.topics = e.topics;
  }
  if (const auto d = graphs.directed.find_node(actor)) {
    for (std::size_t i : graphs.directed.edges_of(*d)) {
      const GraphEdge& e = graphs.directed.edge(i);
      const bool outgoing = e.source == *d;
      auto it = links.find(graphs.directed.node(outgoing ? e.target : e.source).id);
      if (it == links.end()) continue;  // both graphs come from one scan, so never
      Link& link = it->second;
      auto rel = std::find_if(link.relations.begin(), link.relations.end(),
                              [&](const LinkRelation& r) { return r.relation == e.relation; });
      if (rel == link.relations.end()) {
        link.relations.push_back(LinkRelation{e.relation, 0, 0});
        rel = link.relations.end() - 1;
      }
      (outgoing ? rel->outgoing : rel->incoming) += e.weight;
      (outgoing ? link.outgoing : link.incoming) += e.weight;
    }
  }
  std::vector<Link> out;
  for (auto& [id, link] : links) {
    std::sort(link.relations.begin(), link.relations.end(),
              [](const LinkRelation& x, const LinkRelation& y) {
                const auto tx = x.outgoing + x.incoming, ty = y.outgoing + y.incoming;
                return tx != ty ? tx > ty : x.relation < y.relation;
              });
    out.push_back(std::move(link));
  }
  std::sort(out.begin(), out.end(), [](const Link& x, const Link& y) {
    return std::tie(y.events, y.articles, x.other.id) < std::tie(x.events, x.articles, y.other.id);
  });
  return out;
}

Between find_between(const QueryGraphs& graphs, std::string_view a, std::string_view b) {
  Between out;
  const auto na = graphs.dyads.find_node(a), nb = graphs.dyads.find_node(b);
  out.a = na ? graphs.dyads.node(*na) : GraphNode{std::string(a), std::string(a), "", 0};
  out.b = nb ? graphs.dyads.node(*nb) : GraphNode{std::string(b), std::string(b), "", 0};
  if (!na || !nb) return out;
  const GraphEdge* dyad = dyad_edge(graphs.dyads, *na, *nb);
  if (!dyad) return out;
  out.events = dyad->weight;
  out.articles = dyad->articles;
  out.first_seen = dyad->first_seen;
  out.last_seen = dyad->last_seen;
  out.goldstein_mean = dyad->goldstein_mean;
  out.cooperation = dyad->cooperation;
  out.conflict = dyad->conflict;
  out.topics = dyad->topics;
  out.timeline = dyad->timeline;

  const auto da = graphs.directed.find_node(a), db = graphs.directed.find_node(b);
  if (da && db) {
    for (std::size_t i : graphs.directed.edges_of(*da)) {
      const GraphEdge& e = graphs.directed.edge(i);
      if (e.source != *db && e.target != *db) continue;
      DyadRelation r;
      r.subject = graphs.directed.node(e.source).id;
      r.relation = e.relation;
      r.object = graphs.directed.node(e.target).id;
      r.events = e.weight;
      r.articles = e.articles;
      r.first_seen = e.first_seen;
      r.last_seen = e.last_seen;
      r.goldstein_mean = e.goldstein_mean;
      r.quad = e.quad;
      out.relations.push_back(std::move(r));
    }
  }
  std::sort(out.relations.begin(), out.relations.end(), [](const DyadRelation& x, const DyadRelation& y) {
    return std::tie(y.events, x.subject, x.relation) < std::tie(x.events, y.subject, y.relation);
  });
  return out;
}

std::vector<BucketCount> fill_timeline(const std::vector<BucketCount>& timeline, TimeBucket bucket) {
  if (timeline.empty()) return {};
  auto day = bucket_start(timeline.front().bucket, bucket);
  if (!day || !bucket_start(timeline.back().bucket, bucket)) return timeline;
  std::vector<BucketCount> out;
  auto next = timeline.begin();
  // Walks day by day (at most a few thousand steps for decades of years), naming
  // each new bucket; the walk, not arithmetic per width, keeps ISO weeks right.
  while (next != timeline.end()) {
    const std::string name = bucket_of(to_iso(*day), bucket);
    if (name > next->bucket) return timeline;  // not sorted or not of this width
    if (out.empty() || out.back().bucket != name) {
      if (name == next->bucket) {
        out.push_back(*next++);
      } else {
        out.push_back(BucketCount{name, 0, {}});
      }
    }
    *day = add_days(*day, 1);
  }
  return out;
}

std::uint64_t cooperation_of(const BucketCount& bucket) { return bucket.quad[0] + bucket.quad[1]; }
std::uint64_t conflict_of(const BucketCount& bucket) { return bucket.quad[2] + bucket.quad[3]; }

std::string sparkline(const std::vector<std::uint64_t>& values) {
  static const char* const kBars[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  const std::uint64_t max = values.empty() ? 0 : *std::max_element(values.begin(), values.end());
  std::string out;
  for (std::uint64_t v : values) {
    // Non-zero values take the seven bars above the baseline, rounded up, so a
    // single event never looks like none.
    const std::uint64_t level = v == 0 ? 0 : (v * 7 + max - 1) / max;
    out += kBars[level];
  }
  return out;
}

std::optional<Path> strongest_path(const RelationGraph& graph, std::string_view from,
                                   std::string_view to) {
  const auto s = graph.find_node(from), t = graph.find_node(to);
  if (!s || !t) return std::nullopt;
  const ActorGraph actors = actor_graph(graph);
  return actors.directed ? dijkstra_path<DirectedGraph>(graph, actors, *s, *t)
                         : dijkstra_path<UndirectedGraph>(graph, actors, *s, *t);
}

std::optional<Path> fewest_hops_path(const RelationGraph& graph, std::string_view from,
                                     std::string_view to) {
  const auto s = graph.find_node(from), t = graph.find_node(to);
  if (!s || !t) return std::nullopt;
  const ActorGraph actors = actor_graph(graph);
  return actors.directed ? bfs_path<DirectedGraph>(graph, actors, *s, *t)
                         : bfs_path<UndirectedGraph>(graph, actors, *s, *t);
}

std::optional<Metric> parse_metric(std::string_view name) {
  for (Metric m : {Metric::kDegree, Metric::kStrength, Metric::kPageRank, Metric::kBetweenness,
                   Metric::kCooperation, Metric::kConflict}) {
    if (name == metric_name(m)) return m;
  }
  return std::nullopt;
}

const char* metric_name(Metric metric) {
  switch (metric) {
    case Metric::kDegree: return "degree";
    case Metric::kStrength: return "strength";
    case Metric::kPageRank: return "pagerank";
    case Metric::kBetweenness: return "betweenness";
    case Metric::kCooperation: return "cooperation";
    case Metric::kConflict: return "conflict";
  }
  return "";
}

std::vector<ActorScore> rank_actors(const RelationGraph& graph, Metric metric, std::size_t limit) {
  const std::size_t n = graph.node_count();
  std::vector<double> scores(n, 0);
  switch (metric) {
    case Metric::kDegree: scores = degree_scores(actor_graph(graph)); break;
    case Metric::kStrength:
      for (std::size_t v = 0; v < n; ++v) scores[v] = static_cast<double>(graph.node(v).events);
      break;
    case Metric::kPageRank: scores = pagerank_scores(actor_graph(graph)); break;
    case Metric::kBetweenness:
      scores = graph.directed() ? betweenness_scores<DirectedGraph>(actor_graph(graph))
                                : betweenness_scores<UndirectedGraph>(actor_graph(graph));
      break;
    case Metric::kCooperation:
    case Metric::kConflict:
      for (std::size_t i = 0; i < graph.edge_count(); ++i) {
        const GraphEdge& e = graph.edge(i);
        const auto count = static_cast<double>(metric == Metric::kCooperation ? e.cooperation : e.conflict);
        scores[e.source] += count;
        scores[e.target] += count;
      }
      break;
  }
  std::vector<ActorScore> out;
  out.reserve(n);
  for (std::size_t v = 0; v < n; ++v) out.push_back(ActorScore{graph.node(v), scores[v]});
  std::sort(out.begin(), out.end(), [](const ActorScore& x, const ActorScore& y) {
    const long long kx = score_key(x.score), ky = score_key(y.score);
    return kx != ky ? kx > ky : x.actor.id < y.actor.id;
  });
  if (limit != 0 && out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace dipgraph
