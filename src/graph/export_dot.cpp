// Graphviz DOT, our own writer: every id and value quoted and escaped (Boost's
// write_graphviz leaves `node`/`edge` bare and backslashes raw; INTEROP.md §4).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <ostream>
#include <set>

#include "dipgraph/graph_export.h"
#include "graph/export_common.h"

namespace dipgraph {
namespace {

using detail::clean_text;

// Sizes past which a graph counts as big: spline routing and edge labels cost too
// much time and ink there.
constexpr std::size_t kSmallNodes = 100;
constexpr std::size_t kSmallEdges = 400;
constexpr std::size_t kLabelledEdges = 60;  // up to this many edges carry their relation

// A DOT quoted string. Inside quotes only \" is an escape for the lexer, and escString
// attributes (label, tooltip) turn \\ into one backslash; escaping \ too keeps a name
// ending in a backslash from eating the closing quote.
void quote(std::string& out, std::string_view s) {
  out += '"';
  for (char c : clean_text(s)) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

// Text inside an HTML-like label (the legend).
void html(std::string& out, std::string_view s) {
  std::string escaped;
  detail::append_xml(escaped, s);
  out += escaped;
}

std::string fixed(double v, int precision = 2) {
  char buffer[64];
  auto r = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::fixed, precision);
  return std::string(buffer, r.ptr);
}

void attr(std::string& out, const char* name, std::string_view value, bool& first) {
  out += first ? "" : ", ";
  first = false;
  out += name;
  out += '=';
  quote(out, value);
}

const char* shape_of(std::string_view type) {
  if (type == "igo") return "box";
  if (type == "topic") return "note";
  return "ellipse";
}

double pen_width(std::uint64_t weight) {
  return std::min(8.0, 1.0 + std::log2(static_cast<double>(std::max<std::uint64_t>(weight, 1))));
}

// Names of hubs a little larger, so that a big picture has landmarks.
double font_size(std::uint64_t events, bool big) {
  const double base = big ? 12.0 : 13.0;
  return std::min(base + 8.0, base + 2.0 * std::log10(1.0 + static_cast<double>(events)));
}

std::string edge_tooltip(const RelationGraph& g, const GraphEdge& e) {
  std::string t = g.node(e.source).label + (g.directed() ? " -> " : " -- ") + g.node(e.target).label;
  t += ": " + (g.directed() ? e.relation : detail::joined_relations(e));
  if (!e.cameo.empty()) t += " (CAMEO " + e.cameo + ")";
  t += ", " + std::to_string(e.weight) + " event" + (e.weight == 1 ? "" : "s");
  t += " in " + std::to_string(e.articles) + " article" + (e.articles == 1 ? "" : "s");
  if (!e.first_seen.empty()) {
    t += ", " + e.first_seen;
    if (e.last_seen != e.first_seen) t += " .. " + e.last_seen;
  }
  t += ", Goldstein " + detail::format_decimal(e.goldstein_mean);
  if (!e.topics.empty()) t += "; topics: " + detail::joined_topics(e, ", ");
  return t;
}

std::string node_tooltip(const GraphNode& n) {
  std::string t = n.label;
  if (n.label != n.id) t += " (" + n.id + ")";
  if (!n.type.empty()) t += ", " + n.type;
  return t + ": " + std::to_string(n.events) + " event" + (n.events == 1 ? "" : "s");
}

// The legend is the graph's own label (HTML-like, at the bottom): every layout
// engine places it, unlike a legend node or cluster, which neato and sfdp move.
std::string legend(const RelationGraph& g) {
  std::set<int> quads;
  std::set<std::string> types;
  for (std::size_t i = 0; i < g.edge_count(); ++i) quads.insert(g.edge(i).quad);
  for (std::size_t i = 0; i < g.node_count(); ++i) types.insert(g.node(i).type);
  std::string out = "<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"3\">";
  out += "<TR><TD></TD><TD ALIGN=\"LEFT\"><B>dipgraph</B>: " + std::to_string(g.node_count()) +
         " actors, " + std::to_string(g.edge_count()) + (g.directed() ? " relations" : " dyads") +
         "; edge width: events (log scale)</TD></TR>";
  for (int q = 0; q <= 4; ++q) {
    if (!quads.count(q)) continue;
    out += "<TR><TD BGCOLOR=\"" + detail::quad_hex(q) + "\" WIDTH=\"28\" HEIGHT=\"6\"></TD>";
    out += "<TD ALIGN=\"LEFT\">";
    html(out, detail::quad_name(q));
    out += "</TD></TR>";
  }
  for (const std::string& type : types) {
    out += "<TR><TD BGCOLOR=\"" + detail::hex(detail::type_rgb(type)) +
           "\" BORDER=\"1\" WIDTH=\"28\" HEIGHT=\"12\"></TD><TD ALIGN=\"LEFT\">";
    html(out, type.empty() ? std::string("actor") : type);
    out += "</TD></TR>";
  }
  return out + "</TABLE>>";
}

}  // namespace

std::string auto_layout(const RelationGraph& graph) {
  return graph.node_count() > kSmallNodes || graph.edge_count() > kSmallEdges ? "sfdp" : "neato";
}

void write_dot(const RelationGraph& g, std::ostream& stream, const ExportOptions& options) {
  const bool big = g.node_count() > kSmallNodes || g.edge_count() > kSmallEdges;
  const std::string layout = options.layout.empty() ? auto_layout(g) : options.layout;
  std::string out;
  out.reserve(detail::kChunkBytes + 64 * 1024);
  out += "// dipgraph relation graph: " + std::to_string(g.node_count()) + " nodes, " +
         std::to_string(g.edge_count()) + " edges. Render: dot -Tsvg FILE (layout " + layout +
         " is set below; sfdp for big graphs).\n";
  out += g.directed() ? "digraph " : "graph ";
  out += "\"dipgraph\" {\n  graph [";
  bool first = true;
  attr(out, "layout", layout, first);
  attr(out, "charset", "UTF-8", first);
  attr(out, "outputorder", "edgesfirst", first);
  attr(out, "overlap", "prism", first);
  attr(out, "overlap_scaling", big ? "-6" : "-4", first);
  attr(out, "sep", big ? "+6" : "+12", first);
  attr(out, "splines", big ? "false" : "true", first);
  if (layout == "dot") attr(out, "rankdir", "LR", first);
  attr(out, "pad", "0.3", first);
  attr(out, "bgcolor", "white", first);
  attr(out, "fontname", "DejaVu Sans", first);
  attr(out, "fontsize", big ? "18" : "11", first);
  attr(out, "labelloc", "b", first);
  attr(out, "labeljust", "l", first);
  out += ", label=" + legend(g) + "];\n";
  out += "  node [shape=\"ellipse\", style=\"filled\", color=\"#5a5a5a\", fontname=\"DejaVu Sans\", "
         "margin=\"0.08,0.03\", penwidth=\"0.8\"];\n";
  out += "  edge [arrowsize=\"0.6\", fontname=\"DejaVu Sans\", fontsize=\"8\", fontcolor=\"#404040\"];\n";

  for (std::size_t i = 0; i < g.node_count(); ++i) {
    detail::flush_chunk(out, stream);
    const GraphNode& n = g.node(i);
    out += "  ";
    quote(out, n.id);
    out += " [";
    first = true;
    attr(out, "label", n.label, first);
    attr(out, "shape", shape_of(n.type), first);
    if (n.type == "igo") attr(out, "style", "filled,rounded", first);
    attr(out, "fillcolor", detail::hex(detail::type_rgb(n.type)), first);
    attr(out, "fontsize", fixed(font_size(n.events, big), 1), first);
    attr(out, "tooltip", node_tooltip(n), first);
    out += "];\n";
  }
  const char* arrow = g.directed() ? " -> " : " -- ";
  // Translucent edges in a big picture, so that crossings do not hide each other.
  const std::string alpha = g.edge_count() > 2000 ? "77" : big ? "99" : "";
  for (std::size_t i = 0; i < g.edge_count(); ++i) {
    detail::flush_chunk(out, stream);
    const GraphEdge& e = g.edge(i);
    out += "  ";
    quote(out, g.node(e.source).id);
    out += arrow;
    quote(out, g.node(e.target).id);
    out += " [";
    first = true;
    attr(out, "color", detail::quad_hex(e.quad) + alpha, first);
    attr(out, "penwidth", fixed(pen_width(e.weight)), first);
    if (g.edge_count() <= kLabelledEdges) attr(out, "label", e.relation, first);
    attr(out, "tooltip", edge_tooltip(g, e), first);
    out += "];\n";
  }
  out += "}\n";
  stream << out;
}

}  // namespace dipgraph
