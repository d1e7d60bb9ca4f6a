// The byte layout of graph options, shared by RelationGraph::save and the graph
// cache's keys (private to src/graph).
#pragma once

#include <string>

#include "dipgraph/relation_graph.h"

namespace dipgraph {

// Appends every field of `options` to `out` in a fixed layout: equal bytes mean
// equal options.
void put_graph_options(std::string& out, const GraphOptions& options);

}  // namespace dipgraph
