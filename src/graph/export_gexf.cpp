// GEXF 1.3 (Gephi's own format), static or dynamic: our own small XML writer,
// every text value escaped (INTEROP.md §2 lists what Gephi and the schema want).
#include <cmath>
#include <ostream>

#include "dipgraph/graph_export.h"
#include "graph/export_common.h"

namespace dipgraph {
namespace {

using detail::append_xml;
using detail::Spell;

void xml_attr(std::string& out, const char* name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  append_xml(out, value);
  out += '"';
}

void attvalue(std::string& out, const char* id, std::string_view value) {
  out += "          <attvalue for=\"";
  out += id;
  out += "\" value=\"";
  append_xml(out, value);
  out += "\"/>\n";
}

void spells(std::string& out, const std::vector<Spell>& list) {
  if (list.empty()) return;
  out += "        <spells>\n";
  for (const Spell& s : list) {
    out += "          <spell start=\"" + s.start + "\" end=\"" + s.end + "\"/>\n";
  }
  out += "        </spells>\n";
}

void colour(std::string& out, detail::Rgb c) {
  out += "        <viz:color r=\"" + std::to_string(c.r) + "\" g=\"" + std::to_string(c.g) +
         "\" b=\"" + std::to_string(c.b) + "\"/>\n";
}

void declare(std::string& out, const char* id, const char* type) {
  out += "      <attribute id=\"";
  out += id;
  out += "\" title=\"";
  out += id;
  out += "\" type=\"";
  out += type;
  out += "\"/>\n";
}

// GEXF 1.3 liststring: `[a, b]`.
std::string list_value(const GraphEdge& e) { return '[' + detail::joined_topics(e, ", ") + ']'; }

}  // namespace

void write_gexf(const RelationGraph& g, std::ostream& stream, const ExportOptions& options) {
  const bool dynamic = options.dynamic;
  const TimeBucket bucket = g.options().bucket;
  std::vector<std::vector<Spell>> edge_time, node_time;
  if (dynamic) {
    edge_time.reserve(g.edge_count());
    for (std::size_t i = 0; i < g.edge_count(); ++i) {
      edge_time.push_back(detail::edge_spells(g.edge(i), bucket));
    }
    node_time = detail::node_spells(g, edge_time);
  }

  std::string out;
  out.reserve(detail::kChunkBytes + 64 * 1024);
  out +=
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" "
      "version=\"1.3\">\n"
      "  <meta>\n"
      "    <creator>dipgraph " DIPGRAPH_VERSION "</creator>\n"
      "    <description>relations between countries coded from news articles";
  if (dynamic) {
    out += std::string("; time buckets: ") + time_bucket_name(bucket);
  }
  out += "</description>\n  </meta>\n  <graph";
  xml_attr(out, "mode", dynamic ? "dynamic" : "static");
  xml_attr(out, "defaultedgetype", g.directed() ? "directed" : "undirected");
  if (dynamic) xml_attr(out, "timeformat", "date");
  out += ">\n    <attributes class=\"node\" mode=\"static\">\n";
  declare(out, "type", "string");
  declare(out, "events", "long");
  out += "    </attributes>\n    <attributes class=\"edge\" mode=\"static\">\n";
  for (const char* id : {"relation", "cameo"}) declare(out, id, "string");
  declare(out, "quad", "integer");
  for (const char* id : {"events", "articles", "sources"}) declare(out, id, "long");
  for (const char* id : {"first_seen", "last_seen"}) declare(out, id, "string");
  declare(out, "goldstein_mean", "double");
  for (const char* id : {"cooperation", "conflict"}) declare(out, id, "long");
  declare(out, "topics", "liststring");
  declare(out, "relations", "string");
  out += "    </attributes>\n";
  if (dynamic) {
    // The reserved title `weight` makes this Gephi's dynamic edge weight.
    out += "    <attributes class=\"edge\" mode=\"dynamic\">\n";
    declare(out, "weight", "double");
    out += "    </attributes>\n";
  }

  out += "    <nodes count=\"" + std::to_string(g.node_count()) + "\">\n";
  for (std::size_t i = 0; i < g.node_count(); ++i) {
    detail::flush_chunk(out, stream);
    const GraphNode& n = g.node(i);
    out += "      <node";
    xml_attr(out, "id", n.id);
    xml_attr(out, "label", n.label);
    out += ">\n        <attvalues>\n";
    attvalue(out, "type", n.type);
    attvalue(out, "events", std::to_string(n.events));
    out += "        </attvalues>\n";
    if (dynamic) spells(out, node_time[i]);
    colour(out, detail::type_rgb(n.type));
    const double size = 8.0 + 4.0 * std::log10(1.0 + static_cast<double>(n.events));
    out += "        <viz:size value=\"" + detail::format_decimal(size) + "\"/>\n";
    if (n.type == "topic") out += "        <viz:shape value=\"square\"/>\n";
    out += "      </node>\n";
  }
  out += "    </nodes>\n    <edges count=\"" + std::to_string(g.edge_count()) + "\">\n";
  for (std::size_t i = 0; i < g.edge_count(); ++i) {
    detail::flush_chunk(out, stream);
    const GraphEdge& e = g.edge(i);
    out += "      <edge";
    xml_attr(out, "id", detail::edge_id(g, e));
    xml_attr(out, "source", g.node(e.source).id);
    xml_attr(out, "target", g.node(e.target).id);
    // Gephi keeps parallel edges of distinct kinds apart (GraphML ones it sums).
    if (g.directed()) xml_attr(out, "kind", e.relation);
    xml_attr(out, "label", e.relation);
    xml_attr(out, "weight", std::to_string(e.weight));
    out += ">\n        <attvalues>\n";
    auto value = [&out](const char* id, std::string_view v) { attvalue(out, id, v); };
    value("relation", e.relation);
    value("cameo", e.cameo);
    value("quad", std::to_string(e.quad));
    value("events", std::to_string(e.weight));
    value("articles", std::to_string(e.articles));
    value("sources", std::to_string(e.sources));
    value("first_seen", e.first_seen);
    value("last_seen", e.last_seen);
    value("goldstein_mean", detail::format_decimal(e.goldstein_mean));
    value("cooperation", std::to_string(e.cooperation));
    value("conflict", std::to_string(e.conflict));
    value("topics", list_value(e));
    value("relations", detail::joined_relations(e));
    if (dynamic) {
      for (const BucketCount& b : e.timeline) {
        Spell s = detail::bucket_range(b.bucket, bucket);
        if (s.start.empty()) continue;
        // Cut to the edge's own time, as its spells are.
        if (!e.first_seen.empty() && e.first_seen > s.start && e.first_seen <= s.end) {
          s.start = e.first_seen;
        }
        if (!e.last_seen.empty() && e.last_seen < s.end && e.last_seen >= s.start) {
          s.end = e.last_seen;
        }
        out += "          <attvalue for=\"weight\" value=\"" + std::to_string(b.events) +
               "\" start=\"" + s.start + "\" end=\"" + s.end + "\"/>\n";
      }
    }
    out += "        </attvalues>\n";
    if (dynamic) spells(out, edge_time[i]);
    colour(out, detail::quad_rgb(e.quad));
    out += "        <viz:thickness value=\"" +
           detail::format_decimal(1.0 + std::log2(static_cast<double>(std::max<std::uint64_t>(e.weight, 1)))) +
           "\"/>\n";
    out += "      </edge>\n";
  }
  out += "    </edges>\n  </graph>\n</gexf>\n";
  stream << out;
}

}  // namespace dipgraph
