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

}  // namespace dipgraph
