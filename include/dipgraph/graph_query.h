// The query stage: answers about country links for the CLI — who an actor is linked
// to and how, how two actors relate (and over time), the strongest chain of
// relations between two actors, and who is central.
//
// Every query reads a RelationGraph (relation_graph.h) and returns plain values;
// paths and centrality run Boost.Graph's algorithms (Dijkstra, breadth-first
// search, PageRank, Brandes betweenness) over an actor graph made from it. No
// Boost type appears here. A query never prints and never touches the store; the
// CLI builds the graph (load_query_graphs does it in one scan) and formats answers.
//
// Directed graphs (an edge per subject, object, relation) are read in the
// direction of the events; collapsed graphs (GraphOptions::collapse) have
// undirected edges, which every query reads both ways.
//
// Every answer is deterministic: lists are sorted with the tie order named at each
// declaration, ending with the actor id, so equal scores never swap between runs.
// All functions are thread-safe on a const graph.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dipgraph/event_store.h"
#include "dipgraph/relation_graph.h"

namespace dipgraph {

// The two views of one filtered set of events that the queries read: `directed`
// keeps who did what to whom, `dyads` (collapsed) counts each pair of actors once
// per document for `articles` and merges the timeline of both directions. Topics
// and timelines are counted on `dyads` only: no query reads them per relation.
struct QueryGraphs {
  RelationGraph directed;
  RelationGraph dyads;
};

// The options of the two graphs of QueryGraphs under a question's `options`
// (whose `collapse` is ignored): {directed, dyads}.
std::vector<GraphOptions> query_graph_options(const GraphOptions& options);

// Builds both graphs of `store` under `options` (whose `collapse` is ignored) in one
// scan: of the whole store (`options.filter.actors` applies) when `a` is empty, of
// the events of actor id `a` when `b` is empty, else of the events between `a` and
// `b`. The last two read through the store's actor indexes
// (EventStore::for_each_event_of), which is what makes a question about one actor
// or one pair fast on a large store. Throws what the store's scans throw.
QueryGraphs load_query_graphs(const EventStore& store, const GraphOptions& options,
                              std::string_view a = {}, std::string_view b = {});

// The options of the whole-store graph that `query path` and `query top` read:
// `question`'s, without timelines and topics, for they look at neither (a smaller
// graph is faster to build, to cache and to read back).
GraphOptions whole_store_graph_options(GraphOptions question);

// The whole-store graphs that questions without filters read (path: collapsed,
// top: directed unless --collapse), which `ingest` prepares in the graph cache.
std::vector<GraphOptions> unfiltered_whole_store_graphs();

// ---------------------------------------------------------------------------
// links: every actor linked to one actor.

// Events of one relation between the actor and one other actor, by direction.
struct LinkRelation {
  std::string relation;        // PLOVER type
  std::uint64_t outgoing = 0;  // events the actor did to the other actor
  std::uint64_t incoming = 0;  // events the other actor did to the actor
  bool operator==(const LinkRelation&) const = default;
};

struct Link {
  GraphNode other;             // the linked actor (its `events` is over the whole graph)
  std::uint64_t events = 0;    // both directions, every relation
  std::uint64_t outgoing = 0;  // of which the actor was the subject
  std::uint64_t incoming = 0;
  std::uint64_t articles = 0;  // distinct documents with an event of the pair
  std::string first_seen, last_seen;  // empty when no event is dated
  double goldstein_mean = 0;
  std::uint64_t cooperation = 0;  // events of quad classes 1-2
  std::uint64_t conflict = 0;     // events of quad classes 3-4
  std::vector<LinkRelation> relations;  // by events (both directions) desc, then name
  std::vector<Count> topics;            // most frequent first, as the dyad graph keeps them
  bool operator==(const Link&) const = default;
};

// The actors linked to `actor` (an actor id), heaviest first: by events desc, then
// articles desc, then id. Empty when the actor has no edge in the graphs (unknown
// ids included: resolving names is the caller's job).
std::vector<Link> find_links(const QueryGraphs& graphs, std::string_view actor);

// ---------------------------------------------------------------------------
// between: everything two actors did to each other.

// One directed relation between the two actors (an edge of the directed graph).
struct DyadRelation {
  std::string subject, relation, object;  // actor ids and PLOVER type
  std::uint64_t events = 0;
  std::uint64_t articles = 0;
  std::string first_seen, last_seen;
  double goldstein_mean = 0;
  int quad = 0;  // the most frequent quad class
  bool operator==(const DyadRelation&) const = default;
};

struct Between {
  GraphNode a, b;  // as named in the graph; id only when the actor has no edge
  std::uint64_t events = 0;  // both directions
  std::uint64_t articles = 0;
  std::string first_seen, last_seen;
  double goldstein_mean = 0;
  std::uint64_t cooperation = 0, conflict = 0;
  // By events desc, then subject (so a's rows come first on ties when a < b), relation.
  std::vector<DyadRelation> relations;
  std::vector<Count> topics;
  std::vector<BucketCount> timeline;  // both directions, non-empty buckets, ascending
  bool operator==(const Between&) const = default;
};

// The relations between actor ids `a` and `b` in both directions. `events` is 0
// and the lists empty when the two have no event in the graphs.
Between find_between(const QueryGraphs& graphs, std::string_view a, std::string_view b);

// ---------------------------------------------------------------------------
// timeline: how two actors related, bucket by bucket.

// The dyad's timeline with the empty buckets between its first and last bucket
// filled in as zero rows (so a sparkline is to scale in time), ascending. Buckets
// are named as bucket_of names them; `timeline` must be sorted and use `bucket`.
std::vector<BucketCount> fill_timeline(const std::vector<BucketCount>& timeline, TimeBucket bucket);

// Cooperation (quad 1-2) and conflict (quad 3-4) events of a bucket.
std::uint64_t cooperation_of(const BucketCount& bucket);
std::uint64_t conflict_of(const BucketCount& bucket);

// A text sparkline, one character per value: `▁` for zero, and `▂`..`█` for values
// scaled to the maximum (any non-zero value shows above zero). Empty for no values.
std::string sparkline(const std::vector<std::uint64_t>& values);

// ---------------------------------------------------------------------------
// path: how two actors are connected.

// One hop of a path: the relations between two consecutive actors.
struct PathStep {
  std::string from, to;       // actor ids
  std::uint64_t events = 0;   // from -> to in a directed graph; both ways when collapsed
  double cost = 0;            // 1 / events
  std::vector<Count> relations;  // events per relation on this hop, most first
  bool operator==(const PathStep&) const = default;
};

struct Path {
  std::vector<GraphNode> actors;  // from the first actor to the last, inclusive
  std::vector<PathStep> steps;    // actors.size() - 1 hops
  double cost = 0;                // the sum of the steps' costs
  bool operator==(const Path&) const = default;
};

// The strongest chain of relations from `from` to `to` (actor ids): Dijkstra over
// the actor graph, where a hop between two actors costs 1 / (their events). So a
// chain of heavy links beats one light link (two hops of 10 events cost 0.2, one
// hop of 1 event costs 1), and every hop costs something, so no chain is longer than
// it needs to be for its strength. Among equal costs the path with fewer hops wins;
// a tie that remains goes to the path found first when neighbours are visited in id
// order. nullopt when either actor is not in the graph or no chain joins them;
// `from == to` gives a path of one actor and no steps.
std::optional<Path> strongest_path(const RelationGraph& graph, std::string_view from,
                                   std::string_view to);

// The chain with the fewest hops (breadth-first search; neighbours in id order, so
// of equal-length chains the one through the smallest ids first is found). Costs
// are reported as for strongest_path. nullopt as for strongest_path.
std::optional<Path> fewest_hops_path(const RelationGraph& graph, std::string_view from,
                                     std::string_view to);

// ---------------------------------------------------------------------------
// top: who is central.

enum class Metric {
  kDegree,       // distinct actors linked to the actor, either direction
  kStrength,     // events on the actor's edges (GraphNode::events)
  kPageRank,     // Boost page_rank, see rank_actors
  kBetweenness,  // Boost brandes_betweenness_centrality, see rank_actors
  kCooperation,  // events of quad classes 1-2 on the actor's edges
  kConflict,     // events of quad classes 3-4 on the actor's edges
};

// "degree", "strength", "pagerank", "betweenness", "cooperation", "conflict".
std::optional<Metric> parse_metric(std::string_view name);
const char* metric_name(Metric metric);

struct ActorScore {
  GraphNode actor;
  double score = 0;
  bool operator==(const ActorScore&) const = default;
};

// Every actor of `graph` scored by `metric`, by score desc then id; the first
// `limit` (0: all). Scores are exact counts for degree, strength, cooperation and
// conflict. PageRank runs on the actor graph (an arc u -> v when u did something
// to v; both ways when collapsed; unweighted, as Boost's page_rank is) with damping
// 0.85; an actor with no out-arc links to every actor (the usual teleport), and
// the ranks are scaled to sum to 1, iterated until no rank moves by 1e-12 (at most
// 1000 rounds). Betweenness counts, over all pairs of other actors, the share of
// their fewest-hop paths through the actor: ordered pairs in a directed graph,
// unordered pairs in a collapsed one. Scores are compared rounded to 9 decimals
// (equal ones go by id), so rounding in the iterations cannot reorder equal actors.
std::vector<ActorScore> rank_actors(const RelationGraph& graph, Metric metric, std::size_t limit = 0);

}  // namespace dipgraph
