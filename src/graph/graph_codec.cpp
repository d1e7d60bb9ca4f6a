// RelationGraph::save and load: the graph as bytes for the graph cache. Every field
// of the options, nodes and edges is written, so a loaded graph equals the saved one
// (tests/test_relation_graph.cpp checks it), and nothing of Boost.Graph's layout is:
// load() rebuilds the adjacency list from the plain values.
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "graph/graph_codec.h"

#include "byte_codec.h"
#include "graph/graph_impl.h"

namespace dipgraph {
namespace {

// Bumped whenever the layout below or the meaning of a field changes.
constexpr std::string_view kMagic = "DGPHGRAPH3";  // 3: GraphOptions::topics

void put_strings(std::string& out, const std::vector<std::string>& v) {
  put_varint(out, v.size());
  for (const auto& s : v) put_string(out, s);
}

void put_counts(std::string& out, const std::vector<Count>& v) {
  put_varint(out, v.size());
  for (const Count& c : v) {
    put_string(out, c.name);
    put_varint(out, c.count);
  }
}

}  // namespace

void put_graph_options(std::string& out, const GraphOptions& o) {
  put_string(out, o.filter.since);
  put_string(out, o.filter.until);
  put_strings(out, o.filter.relations);
  put_strings(out, o.filter.actors);
  out += static_cast<char>(o.filter.include_negated);
  put_varint(out, o.min_weight);
  out += static_cast<char>(o.collapse);
  out += static_cast<char>(o.bucket);
  put_varint(out, o.max_topics);
  out += static_cast<char>(o.timelines);
  out += static_cast<char>(o.topics);
}

namespace {

void put_edge(std::string& out, const GraphEdge& e) {
  put_varint(out, e.source);
  put_varint(out, e.target);
  put_string(out, e.relation);
  put_string(out, e.cameo);
  put_varint(out, static_cast<std::uint64_t>(e.quad));
  put_varint(out, e.weight);
  put_varint(out, e.articles);
  put_varint(out, e.sources);
  put_string(out, e.first_seen);
  put_string(out, e.last_seen);
  put_real(out, e.goldstein_mean);
  put_counts(out, e.relations);
  put_counts(out, e.topics);
  put_varint(out, e.timeline.size());
  for (const BucketCount& b : e.timeline) {
    put_string(out, b.bucket);
    put_varint(out, b.events);
    for (std::uint64_t q : b.quad) put_varint(out, q);
  }
  put_varint(out, e.cooperation);
  put_varint(out, e.conflict);
}

// Reading: each function fails on the first field it cannot read.

bool read_bool(ByteReader& in, bool& v) {
  unsigned char b = 0;
  if (!in.byte(b) || b > 1) return false;
  v = b != 0;
  return true;
}

bool read_size(ByteReader& in, std::size_t& v) {
  std::uint64_t n = 0;
  if (!in.varint(n) || n > SIZE_MAX) return false;
  v = static_cast<std::size_t>(n);
  return true;
}

bool read_strings(ByteReader& in, std::vector<std::string>& v) {
  std::uint64_t n = 0;
  if (!in.count(n)) return false;
  v.resize(n);
  for (auto& s : v) {
    if (!in.string(s)) return false;
  }
  return true;
}

bool read_counts(ByteReader& in, std::vector<Count>& v) {
  std::uint64_t n = 0;
  if (!in.count(n, 2)) return false;
  v.resize(n);
  for (Count& c : v) {
    if (!in.string(c.name) || !in.varint(c.count)) return false;
  }
  return true;
}

bool read_options(ByteReader& in, GraphOptions& o) {
  unsigned char bucket = 0;
  if (!in.string(o.filter.since) || !in.string(o.filter.until) ||
      !read_strings(in, o.filter.relations) || !read_strings(in, o.filter.actors) ||
      !read_bool(in, o.filter.include_negated) || !in.varint(o.min_weight) ||
      !read_bool(in, o.collapse) || !in.byte(bucket) || bucket > static_cast<int>(TimeBucket::kYear) ||
      !read_size(in, o.max_topics) || !read_bool(in, o.timelines) || !read_bool(in, o.topics)) {
    return false;
  }
  o.bucket = static_cast<TimeBucket>(bucket);
  return true;
}

bool read_edge(ByteReader& in, std::size_t nodes, GraphEdge& e) {
  std::uint64_t quad = 0, buckets = 0;
  if (!read_size(in, e.source) || !read_size(in, e.target) || e.source >= nodes ||
      e.target >= nodes || !in.string(e.relation) || !in.string(e.cameo) || !in.varint(quad) ||
      quad > 4 || !in.varint(e.weight) || !in.varint(e.articles) || !in.varint(e.sources) ||
      !in.string(e.first_seen) || !in.string(e.last_seen) || !in.real(e.goldstein_mean) ||
      !read_counts(in, e.relations) || !read_counts(in, e.topics) || !in.count(buckets, 6)) {
    return false;
  }
  e.quad = static_cast<int>(quad);
  e.timeline.resize(buckets);
  for (BucketCount& b : e.timeline) {
    if (!in.string(b.bucket) || !in.varint(b.events)) return false;
    for (std::uint64_t& q : b.quad) {
      if (!in.varint(q)) return false;
    }
  }
  return in.varint(e.cooperation) && in.varint(e.conflict);
}

}  // namespace

std::string RelationGraph::save() const {
  std::string out(kMagic);
  put_graph_options(out, impl_->options);
  put_varint(out, node_count());
  for (std::size_t i = 0; i < node_count(); ++i) {
    const GraphNode& n = node(i);
    put_string(out, n.id);
    put_string(out, n.label);
    put_string(out, n.type);
    put_varint(out, n.events);
  }
  put_varint(out, edge_count());
  for (std::size_t i = 0; i < edge_count(); ++i) put_edge(out, edge(i));
  return out;
}

std::optional<RelationGraph> RelationGraph::load(std::string_view bytes) {
  if (bytes.substr(0, kMagic.size()) != kMagic) return std::nullopt;
  ByteReader in(bytes.substr(kMagic.size()));
  auto impl = std::make_unique<Impl>();
  std::uint64_t nodes = 0, edges = 0;
  if (!read_options(in, impl->options) || !in.count(nodes, 4)) return std::nullopt;
  for (std::uint64_t i = 0; i < nodes; ++i) {
    GraphNode n;
    if (!in.string(n.id) || !in.string(n.label) || !in.string(n.type) || !in.varint(n.events)) {
      return std::nullopt;
    }
    std::string id = n.id;
    const auto vertex = boost::add_vertex(impl->graph);
    impl->graph[vertex] = std::move(n);
    if (!impl->index.emplace(std::move(id), vertex).second) {
      return std::nullopt;  // two nodes with one id: not a graph save() wrote
    }
  }
  if (!in.count(edges, 20)) return std::nullopt;
  impl->edges.reserve(edges);
  for (std::uint64_t i = 0; i < edges; ++i) {
    GraphEdge e;
    if (!read_edge(in, impl->index.size(), e)) return std::nullopt;
    // add_edge copies the property it is given: add an empty one, move into it.
    const auto edge = boost::add_edge(e.source, e.target, impl->graph).first;
    impl->graph[edge] = std::move(e);
    impl->edges.push_back(edge);
  }
  if (!in.at_end()) return std::nullopt;
  return RelationGraph(std::move(impl));
}

}  // namespace dipgraph
