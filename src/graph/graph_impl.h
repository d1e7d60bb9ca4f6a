// The Boost.Graph inside RelationGraph, private to the graph and export modules.
#pragma once

#include <boost/graph/adjacency_list.hpp>

#include <string>
#include <unordered_map>
#include <vector>

#include "dipgraph/relation_graph.h"

namespace dipgraph {

struct RelationGraph::Impl {
  // vecS vertices: a vertex descriptor is the node index. Bidirectional, so that
  // in-edges are as cheap as out-edges; a collapsed graph uses the same type and
  // its algorithms read each edge both ways (see directed()).
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                      GraphNode, GraphEdge>;
  using Vertex = Graph::vertex_descriptor;
  using Edge = Graph::edge_descriptor;

  Graph graph;
  std::vector<Edge> edges;  // in edge order: edge(i) is graph[edges[i]]
  std::unordered_map<std::string, std::size_t> index;  // node id -> node index
  GraphOptions options;
};

// The builders of one count that runs in parts (a store scan, an event table):
// one per part and variant, each part on its own thread, added up at the end.
class PartBuilders {
 public:
  // Throws Error (naming `where`) unless the variants share one filter: they are
  // fed the same events.
  PartBuilders(const std::vector<GraphOptions>& variants, std::size_t parts, const std::string& where);
  std::size_t parts() const { return builders_.size(); }
  std::vector<GraphBuilder>& part(std::size_t p) { return builders_[p]; }
  // The graph of each variant: its parts merged, its actors named from `actors`.
  std::vector<RelationGraph> build(const std::vector<ActorRecord>& actors);

 private:
  std::vector<std::vector<GraphBuilder>> builders_;
};

// The parts a count runs in: one per core, at most 8.
std::size_t graph_parts();

}  // namespace dipgraph
