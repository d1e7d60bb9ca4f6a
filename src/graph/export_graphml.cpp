// GraphML through Boost.Graph's write_graphml (graph_export.h says why Boost here).
// GCC 12 at -O2 warns that Boost's edge iterator (a boost::optional inside) "may be
// used uninitialized" once write_graphml is inlined: a false positive inside Boost,
// so silenced for Boost's lines only (the warning's location is theirs).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>
#include <boost/property_map/function_property_map.hpp>
#include <string>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#include <ostream>

#include "dipgraph/graph_export.h"
#include "graph/export_common.h"

namespace dipgraph {
namespace {

// A copy of the graph's shape only: the edge bundle is the edge's index, and every
// value is read through a function property map from the RelationGraph itself.
template <class Directed>
using Shape = boost::adjacency_list<boost::vecS, boost::vecS, Directed, boost::no_property,
                                    std::size_t>;

template <class Directed>
void write_shape(const RelationGraph& graph, std::ostream& out) {
  using G = Shape<Directed>;
  using Vertex = typename boost::graph_traits<G>::vertex_descriptor;
  using Edge = typename boost::graph_traits<G>::edge_descriptor;
  G shape(graph.node_count());
  // Edges in edge order; Boost lists them back in this order (per source vertex for
  // a directed graph, whose edges are sorted by source already).
  for (std::size_t i = 0; i < graph.edge_count(); ++i) {
    const GraphEdge& e = graph.edge(i);
    boost::add_edge(e.source, e.target, i, shape);
  }

  boost::dynamic_properties dp;
  auto node = [&graph, &dp](const char* name, auto f) {
    using Value = decltype(f(graph.node(0)));
    auto get = [&graph, f](Vertex v) -> Value { return f(graph.node(v)); };
    dp.property(name, boost::make_function_property_map<Vertex, Value>(get));
  };
  auto edge = [&graph, &shape, &dp](const char* name, auto f) {
    using Value = decltype(f(graph.edge(0)));
    auto get = [&graph, &shape, f](Edge e) -> Value { return f(graph.edge(shape[e])); };
    dp.property(name, boost::make_function_property_map<Edge, Value>(get));
  };
  using detail::clean_text;
  node("label", [](const GraphNode& n) { return clean_text(n.label); });
  node("code", [](const GraphNode& n) { return clean_text(n.id); });
  node("type", [](const GraphNode& n) { return clean_text(n.type); });
  node("events", [](const GraphNode& n) { return n.events; });
  // Gephi reads node and edge colours from int keys r, g, b.
  node("r", [](const GraphNode& n) { return detail::type_rgb(n.type).r; });
  node("g", [](const GraphNode& n) { return detail::type_rgb(n.type).g; });
  node("b", [](const GraphNode& n) { return detail::type_rgb(n.type).b; });

  edge("label", [](const GraphEdge& e) { return clean_text(e.relation); });
  edge("weight", [](const GraphEdge& e) { return static_cast<double>(e.weight); });
  edge("relation", [](const GraphEdge& e) { return clean_text(e.relation); });
  edge("cameo", [](const GraphEdge& e) { return clean_text(e.cameo); });
  edge("quad", [](const GraphEdge& e) { return e.quad; });
  edge("articles", [](const GraphEdge& e) { return e.articles; });
  edge("sources", [](const GraphEdge& e) { return e.sources; });
  edge("first_seen", [](const GraphEdge& e) { return clean_text(e.first_seen); });
  edge("last_seen", [](const GraphEdge& e) { return clean_text(e.last_seen); });
  edge("goldstein_mean", [](const GraphEdge& e) { return detail::rounded(e.goldstein_mean); });
  edge("cooperation", [](const GraphEdge& e) { return e.cooperation; });
  edge("conflict", [](const GraphEdge& e) { return e.conflict; });
  edge("topics", [](const GraphEdge& e) { return detail::joined_topics(e, ";"); });
  edge("relations", [](const GraphEdge& e) { return detail::joined_relations(e); });
  edge("timeline", [](const GraphEdge& e) { return detail::joined_timeline(e); });
  edge("r", [](const GraphEdge& e) { return detail::quad_rgb(e.quad).r; });
  edge("g", [](const GraphEdge& e) { return detail::quad_rgb(e.quad).g; });
  edge("b", [](const GraphEdge& e) { return detail::quad_rgb(e.quad).b; });

  boost::write_graphml(out, shape, boost::get(boost::vertex_index, shape), dp, true);
}

}  // namespace

void write_graphml(const RelationGraph& graph, std::ostream& out) {
  if (graph.directed()) {
    write_shape<boost::directedS>(graph, out);
  } else {
    write_shape<boost::undirectedS>(graph, out);
  }
}

}  // namespace dipgraph
