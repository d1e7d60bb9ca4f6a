// The export stage (Contract 4 of DESIGN.md): a RelationGraph out as GraphML, DOT,
// GEXF 1.3, Cytoscape.js JSON or Gephi spreadsheet CSV, for Gephi, Graphviz,
// NetworkX, igraph, yEd and web viewers. ../shared/INTEROP.md records what each
// consumer really accepts; the choices below follow it.
//
// Which writer does the work, and why:
// - GraphML: Boost.Graph's write_graphml with dynamic_properties. Boost can say
//   everything needed once the values are made safe first: every key is typed from
//   its C++ type; no bool keys (Boost writes 1/0, which Java reads as false); numbers
//   are finite and rounded; strings are cleaned to valid UTF-8 without control
//   characters. Boost numbers nodes n0, n1, ... so the actor code travels as the
//   `code` key, the name as `label` (Gephi's node label). A collapsed graph is copied
//   into an undirected Boost graph so that edgedefault says "undirected".
//   GraphML cannot carry an edge type, so Gephi merges (sums) the parallel edges of one
//   dyad (PAK->RUS consult and PAK->RUS cooperate) on import: use GEXF or --collapse
//   for Gephi.
// - DOT: our own writer. Boost's write_graphviz leaves DOT keywords (`node`, `edge`)
//   unquoted and backslashes unescaped, and cannot write the legend or graph
//   attributes we need; here every id and value is quoted and escaped.
// - GEXF 1.3, Cytoscape.js JSON, CSV: our own small writers (Boost has none).
//
// Every writer is deterministic: the same graph gives the same bytes. Edge weights
// are event counts, never 0 (Gephi drops weight-0 edges); Goldstein means are
// rounded to two decimals in every format. Strings are written as valid UTF-8
// without control characters (invalid bytes become U+FFFD, controls a space).
// Writers only write to the stream; they neither flush nor check it (the caller
// does). They are thread-safe for distinct streams.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dipgraph/event_store.h"
#include "dipgraph/relation_graph.h"

namespace dipgraph {

enum class ExportFormat { kGraphml, kDot, kGexf, kJson, kCsv };

// "graphml", "dot", "gexf", "json", "csv" -> format; nullopt for anything else.
std::optional<ExportFormat> parse_export_format(std::string_view name);
const char* export_format_name(ExportFormat format);

enum class CsvTable { kNodes, kEdges };

struct ExportOptions {
  // GEXF: mode="dynamic" with spells from GraphEdge::timeline (one spell per run of
  // consecutive active time buckets, cut to first_seen..last_seen) and a dynamic
  // `weight` per bucket, so Gephi's timeline replays the relations. Nodes get the
  // union of their edges' spells (none when one of their edges is undated).
  bool dynamic = false;
  // DOT: the Graphviz layout engine written as the graph's `layout` ("sfdp",
  // "neato", "dot", ...); empty: auto_layout().
  std::string layout;
  // CSV: which table write_graph writes (write_csv_nodes / write_csv_edges directly
  // for both).
  CsvTable table = CsvTable::kEdges;
};

// GraphML 1.0 via Boost (see above). Node keys: label, code, type, events, r, g, b;
// edge keys: label (the relation), weight (events, double), relation, cameo, quad,
// articles, sources, first_seen, last_seen, goldstein_mean, cooperation, conflict,
// topics and relations (`;`-joined, relations as `name:count`), timeline
// (`bucket:events;...`), r, g, b (the quad class colour).
void write_graphml(const RelationGraph& graph, std::ostream& out);

// Graphviz DOT, UTF-8: nodes labelled by name and shaped by type, edge colour by
// quad class, pen width 1 + log2(weight) (at most 8), tooltips with counts, dates and
// topics, a legend of the quad colours as the graph label, overlap removal (prism)
// and the layout engine of `options.layout`.
void write_dot(const RelationGraph& graph, std::ostream& out, const ExportOptions& options = {});

// The layout engine for a graph of this size: "neato" for small graphs, "sfdp"
// above 100 nodes or 400 edges (INTEROP.md: `dot` takes minutes past ~1,000 edges).
std::string auto_layout(const RelationGraph& graph);

// GEXF 1.3 (http://gexf.net/1.3), static or dynamic (options.dynamic). One edge per
// graph edge with kind = relation (Gephi keeps parallel edges of distinct kinds);
// viz colours (quad class for edges, actor type for nodes), thickness and size.
void write_gexf(const RelationGraph& graph, std::ostream& out, const ExportOptions& options = {});

// Cytoscape.js JSON: {"data":{...},"directed":..,"multigraph":true,"elements":
// {"nodes":[{"data":{"id","value","name","label",...}}],"edges":[...]}} — the shape
// of cy.json() and of NetworkX's cytoscape_data. Edge ids `PAK->RUS:consult`
// (collapsed: `PAK--RUS`), unique across nodes and edges.
void write_cytoscape_json(const RelationGraph& graph, std::ostream& out);

// Gephi spreadsheet tables, RFC 4180 quoting, UTF-8 without BOM, LF line ends.
// Nodes: Id,Label,type,events,timeset. Edges: Source,Target,Type,Kind,Id,Label,Weight,
// relation,cameo,quad,articles,sources,first_seen,last_seen,goldstein_mean,
// cooperation,conflict,topics,relations,timeset; `timeset` is Gephi's interval list
// `<[start, end]; ...>` (the GEXF spells), empty for undated elements.
void write_csv_nodes(const RelationGraph& graph, std::ostream& out);
void write_csv_edges(const RelationGraph& graph, std::ostream& out);

// Writes `graph` in `format` (CSV: the table of options.table).
void write_graph(const RelationGraph& graph, ExportFormat format, std::ostream& out,
                 const ExportOptions& options = {});

// The topics-as-nodes view: each topic is a node too (id `topic:energy`, label
// `energy`, type `topic`), and an event "PAK cooperate RUS on energy, security" adds,
// besides its PAK->RUS edge, the events PAK->topic:energy, RUS->topic:energy,
// PAK->topic:security and RUS->topic:security with the same relation, date and
// document, so topic edges have exact weights, articles and timelines. Node
// `events` counts topic edges too.
inline constexpr std::string_view kTopicPrefix = "topic:";

// Builds the topics-as-nodes view from events, as GraphBuilder builds the plain one.
class TopicGraphBuilder {
 public:
  explicit TopicGraphBuilder(GraphOptions options);
  // Counts the event and its actor-topic events (not applied: filters, as GraphBuilder).
  void add(const EventView& event);
  // Names and types of the actors; topics are named by the builder itself.
  void name_actors(std::vector<ActorRecord> actors);
  // The graph (the builder is left empty).
  RelationGraph build();

 private:
  GraphBuilder builder_;
  std::vector<ActorRecord> actors_;
  std::vector<std::string> topics_;  // sorted, distinct
};

// RelationGraph::from_store, in the topics-as-nodes view.
RelationGraph topic_graph_from_store(const EventStore& store, const GraphOptions& options);

}  // namespace dipgraph
