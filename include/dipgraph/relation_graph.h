// The relation graph (Contract 4 of DESIGN.md): actors as vertices, the events
// between them merged into weighted edges with GDELT-like counts and timelines.
//
// A graph is built from the event store under filters, in one pass over the
// events. Inside it is a Boost.Graph adjacency_list with bundled properties (see
// src/graph/graph_impl.h); outside, callers see only the plain GraphNode and
// GraphEdge values below, so no Boost type leaks out of the graph and export
// modules.
//
// Everything is deterministic: nodes are sorted by id, edges by (source id, target
// id, relation), counts lists by count then name, so the same store and options
// always give the same graph (and byte-identical exports).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dipgraph/event_store.h"

namespace dipgraph {

// The width of the time buckets of edge timelines.
enum class TimeBucket { kDay, kWeek, kMonth, kYear };

// "day", "week", "month", "year" -> bucket; nullopt for anything else.
std::optional<TimeBucket> parse_time_bucket(std::string_view name);
const char* time_bucket_name(TimeBucket bucket);

// The bucket of an ISO date `YYYY-MM-DD`: `2024-03-05`, ISO week `2024-W10`,
// `2024-03`, `2024`. Empty for an empty or malformed date.
std::string bucket_of(std::string_view date, TimeBucket bucket);

struct GraphOptions {
  EventFilter filter;            // which events count (dates, relations, actors)
  std::uint64_t min_weight = 1;  // edges with fewer events are dropped
  bool collapse = false;         // one undirected edge per dyad, all relations merged
  TimeBucket bucket = TimeBucket::kMonth;  // the width of GraphEdge::timeline
  std::size_t max_topics = 10;   // topics kept per edge, most frequent first; 0: all
  bool timelines = true;         // false: GraphEdge::timeline stays empty (faster, for
                                 // the questions that do not look at time)
  bool topics = true;            // false: GraphEdge::topics stays empty and topics are
                                 // not counted (faster, for paths and centrality)

  bool operator==(const GraphOptions&) const = default;
};

// A name with how often it occurred (a topic, a relation, a CAMEO code).
struct Count {
  std::string name;
  std::uint64_t count = 0;
  bool operator==(const Count&) const = default;
};

// The events of one edge in one time bucket, split by quad class.
struct BucketCount {
  std::string bucket;                    // as bucket_of gives it
  std::uint64_t events = 0;
  std::array<std::uint64_t, 4> quad{};   // events of quad class 1..4 at index 0..3
  bool operator==(const BucketCount&) const = default;
};

struct GraphNode {
  std::string id;     // actor code (`PAK`, `UN`)
  std::string label;  // its name (`Pakistan`); the id when the store has no name
  std::string type;   // `country`, `igo`, ... as in the store's actors table
  std::uint64_t events = 0;  // events on the node's edges (strength)
  bool operator==(const GraphNode&) const = default;
};

struct GraphEdge {
  std::size_t source = 0;  // node indices; for a collapsed edge source id < target id
  std::size_t target = 0;
  std::string relation;    // PLOVER type; collapsed: the most frequent one
  std::string cameo;       // the most frequent CAMEO code
  int quad = 0;            // the most frequent quad class (1..4)
  std::uint64_t weight = 0;    // events
  std::uint64_t articles = 0;  // distinct documents
  std::uint64_t sources = 0;   // distinct document sources
  std::string first_seen;      // earliest and latest event date; empty if none dated
  std::string last_seen;
  double goldstein_mean = 0;
  std::vector<Count> relations;  // events per relation, most frequent first
  std::vector<Count> topics;     // most frequent first, at most max_topics
  std::vector<BucketCount> timeline;  // dated events per bucket, ascending
  // Events of quad classes 1-2 (verbal and material cooperation) and 3-4 (conflict).
  std::uint64_t cooperation = 0;
  std::uint64_t conflict = 0;
  bool operator==(const GraphEdge&) const = default;
};

// A Goldstein mean as every output writes it (exports, query tables and JSON):
// rounded to two decimals, -0 as 0, 0 when not finite. Two decimals are the scale's
// own precision, and they drop the last bits, which depend on the order in which a
// graph's parts were summed.
double rounded_goldstein(double mean);

// Aggregates events into nodes and edges. Feed it with add(), then take the graph
// with RelationGraph::build(). Tests and views feed it directly; from_store() feeds
// it from a store scan.
class GraphBuilder {
 public:
  explicit GraphBuilder(GraphOptions options);
  ~GraphBuilder();
  GraphBuilder(GraphBuilder&&) noexcept;
  GraphBuilder& operator=(GraphBuilder&&) noexcept;

  // Counts one event. Filters are not applied here (the store applies them), except
  // that self-relations and events without a subject or object are ignored.
  void add(const EventView& event);
  // An event whose names are indices into a table of distinct names, `names`, the
  // same table on every call (the event table of the graph cache): counted as add()
  // counts the event with those names, each name looked up once per builder
  // instead of once per event.
  struct CodedEvent {
    std::uint32_t subject = 0, object = 0, relation = 0, cameo = 0, date = 0, source = 0;
    std::span<const std::uint32_t> topics;
    int quad = 0;
    double goldstein = 0;
    std::int64_t document = 0;
  };
  void add_coded(const CodedEvent& event, const std::vector<std::string>& names);
  // Names and types for node labels; actors never seen in an event are not added.
  void name_actors(const std::vector<ActorRecord>& actors);
  // Adds everything `other` counted (a builder of equal options, fed other events,
  // e.g. another range of the store on another thread); `other` is left empty. The
  // result equals one builder fed both streams. Distinct articles stay exact even
  // when both saw the same document.
  void merge(GraphBuilder&& other);

 private:
  friend class RelationGraph;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class RelationGraph {
 public:
  // Builds the graph of `store` under `options` in one scan.
  static RelationGraph from_store(const EventStore& store, const GraphOptions& options);
  // The graphs of `store` under each of `variants` from one scan: of the whole store
  // when `a` is empty, else of the events of actor id `a` (`b` empty) or of the pair
  // `a`, `b` in either direction, read through the store's actor indexes
  // (EventStore::for_each_event_of; `filter.actors` is then ignored). The variants
  // must share one filter: else Error.
  static std::vector<RelationGraph> from_store(const EventStore& store,
                                               const std::vector<GraphOptions>& variants,
                                               std::string_view a = {}, std::string_view b = {});
  // Takes the aggregates of `builder` (which is left empty).
  static RelationGraph build(GraphBuilder&& builder);

  RelationGraph(RelationGraph&&) noexcept;
  RelationGraph& operator=(RelationGraph&&) noexcept;
  ~RelationGraph();

  // False for a collapsed graph, whose edges are unordered dyads.
  bool directed() const;
  const GraphOptions& options() const;

  std::size_t node_count() const;
  std::size_t edge_count() const;
  const GraphNode& node(std::size_t index) const;
  const GraphEdge& edge(std::size_t index) const;
  std::optional<std::size_t> find_node(std::string_view id) const;
  // Indices of the edges with `node` as source or target, in edge order.
  std::vector<std::size_t> edges_of(std::size_t node) const;

  // The whole graph (options, nodes, edges) as bytes, and back: what the graph
  // cache keeps on disk (graph_cache.h). load() gives nullopt for bytes that save()
  // did not write (damaged, truncated, another format version); it never throws
  // for bad input.
  std::string save() const;
  static std::optional<RelationGraph> load(std::string_view bytes);

  // The Boost.Graph representation, for the graph and export modules only
  // (src/graph/graph_impl.h); everyone else uses the accessors above.
  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  explicit RelationGraph(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dipgraph
