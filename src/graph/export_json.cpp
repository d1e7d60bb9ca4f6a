// Cytoscape.js JSON with RapidJSON's writer: the `elements` document of cy.json(),
// plus the top-level "data", "directed" and "multigraph" that NetworkX's
// cytoscape_graph needs (INTEROP.md §3, §5).
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <ostream>

#include "dipgraph/graph_export.h"
#include "graph/export_common.h"

namespace dipgraph {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void str(Writer& w, std::string_view s) {
  const std::string clean = detail::clean_text(s);
  w.String(clean.data(), static_cast<rapidjson::SizeType>(clean.size()));
}

void key_str(Writer& w, const char* key, std::string_view value) {
  w.Key(key);
  str(w, value);
}

void key_u64(Writer& w, const char* key, std::uint64_t value) {
  w.Key(key);
  w.Uint64(value);
}

void write_node(Writer& w, const GraphNode& n) {
  w.StartObject();
  w.Key("data");
  w.StartObject();
  key_str(w, "id", n.id);
  key_str(w, "value", n.id);  // NetworkX's node key
  key_str(w, "name", n.label);
  key_str(w, "label", n.label);
  key_str(w, "type", n.type);
  key_u64(w, "events", n.events);
  key_str(w, "color", detail::hex(detail::type_rgb(n.type)));
  w.EndObject();
  w.EndObject();
}

void write_edge(Writer& w, const RelationGraph& g, const GraphEdge& e) {
  w.StartObject();
  w.Key("data");
  w.StartObject();
  key_str(w, "id", detail::edge_id(g, e));
  key_str(w, "source", g.node(e.source).id);
  key_str(w, "target", g.node(e.target).id);
  key_str(w, "key", g.directed() ? e.relation : std::string());  // NetworkX's edge key
  key_str(w, "label", e.relation);
  key_str(w, "relation", e.relation);
  key_str(w, "cameo", e.cameo);
  w.Key("quad");
  w.Int(e.quad);
  key_u64(w, "weight", e.weight);
  key_u64(w, "articles", e.articles);
  key_u64(w, "sources", e.sources);
  key_str(w, "first_seen", e.first_seen);
  key_str(w, "last_seen", e.last_seen);
  w.Key("goldstein_mean");
  w.Double(detail::rounded(e.goldstein_mean));
  key_u64(w, "cooperation", e.cooperation);
  key_u64(w, "conflict", e.conflict);
  w.Key("topics");
  w.StartArray();
  for (const Count& t : e.topics) str(w, t.name);
  w.EndArray();
  w.Key("relations");
  w.StartObject();
  for (const Count& r : e.relations) {
    const std::string name = detail::clean_text(r.name);
    w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
    w.Uint64(r.count);
  }
  w.EndObject();
  w.Key("timeline");
  w.StartObject();
  for (const BucketCount& b : e.timeline) {
    const std::string name = detail::clean_text(b.bucket);
    w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
    w.Uint64(b.events);
  }
  w.EndObject();
  key_str(w, "color", detail::quad_hex(e.quad));
  w.EndObject();
  w.EndObject();
}

}  // namespace

void write_cytoscape_json(const RelationGraph& g, std::ostream& out) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("data");
  w.StartObject();
  key_str(w, "name", "dipgraph");
  key_str(w, "time_bucket", time_bucket_name(g.options().bucket));
  w.EndObject();
  w.Key("directed");
  w.Bool(g.directed());
  w.Key("multigraph");
  w.Bool(true);
  w.Key("elements");
  w.StartObject();
  w.Key("nodes");
  w.StartArray();
  for (std::size_t i = 0; i < g.node_count(); ++i) write_node(w, g.node(i));
  w.EndArray();
  w.Key("edges");
  w.StartArray();
  for (std::size_t i = 0; i < g.edge_count(); ++i) write_edge(w, g, g.edge(i));
  w.EndArray();
  w.EndObject();
  w.EndObject();
  out.write(buffer.GetString(), static_cast<std::streamsize>(buffer.GetSize()));
  out << '\n';
}

}  // namespace dipgraph
