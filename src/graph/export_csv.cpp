// Gephi spreadsheet tables (INTEROP.md §6): RFC 4180 quoting, column names that
// Gephi's import wizard maps (Id, Label; Source, Target, Type, Kind, Weight,
// timeset), the rest as typed attribute columns.
#include <ostream>

#include "dipgraph/graph_export.h"
#include "graph/export_common.h"

namespace dipgraph {
namespace {

void cell(std::string& out, std::string_view value, bool last = false) {
  const std::string clean = detail::clean_text(value);
  if (clean.find_first_of(",\"") != std::string::npos || (!clean.empty() &&
      (clean.front() == ' ' || clean.back() == ' '))) {
    out += '"';
    for (char c : clean) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  } else {
    out += clean;
  }
  out += last ? '\n' : ',';
}

std::vector<std::vector<detail::Spell>> all_edge_spells(const RelationGraph& g) {
  std::vector<std::vector<detail::Spell>> out;
  out.reserve(g.edge_count());
  for (std::size_t i = 0; i < g.edge_count(); ++i) {
    out.push_back(detail::edge_spells(g.edge(i), g.options().bucket));
  }
  return out;
}

}  // namespace

void write_csv_nodes(const RelationGraph& g, std::ostream& stream) {
  const auto times = detail::node_spells(g, all_edge_spells(g));
  std::string out = "Id,Label,type,events,timeset\n";
  for (std::size_t i = 0; i < g.node_count(); ++i) {
    detail::flush_chunk(out, stream);
    const GraphNode& n = g.node(i);
    cell(out, n.id);
    cell(out, n.label);
    cell(out, n.type);
    cell(out, std::to_string(n.events));
    cell(out, detail::gephi_intervals(times[i]), true);
  }
  stream << out;
}

void write_csv_edges(const RelationGraph& g, std::ostream& stream) {
  std::string out;
  out.reserve(detail::kChunkBytes + 64 * 1024);
  out += "Source,Target,Type,Kind,Id,Label,Weight,relation,cameo,quad,articles,sources,"
         "first_seen,last_seen,goldstein_mean,cooperation,conflict,topics,relations,timeset\n";
  const TimeBucket bucket = g.options().bucket;
  for (std::size_t i = 0; i < g.edge_count(); ++i) {
    detail::flush_chunk(out, stream);
    const GraphEdge& e = g.edge(i);
    cell(out, g.node(e.source).id);
    cell(out, g.node(e.target).id);
    cell(out, g.directed() ? "Directed" : "Undirected");
    cell(out, g.directed() ? e.relation : std::string());
    cell(out, detail::edge_id(g, e));
    cell(out, e.relation);
    cell(out, std::to_string(e.weight));
    cell(out, e.relation);
    cell(out, e.cameo);
    cell(out, std::to_string(e.quad));
    cell(out, std::to_string(e.articles));
    cell(out, std::to_string(e.sources));
    cell(out, e.first_seen);
    cell(out, e.last_seen);
    cell(out, detail::format_decimal(e.goldstein_mean));
    cell(out, std::to_string(e.cooperation));
    cell(out, std::to_string(e.conflict));
    cell(out, detail::joined_topics(e, ";"));
    cell(out, detail::joined_relations(e));
    cell(out, detail::gephi_intervals(detail::edge_spells(e, bucket)), true);
  }
  stream << out;
}

}  // namespace dipgraph
