// Format names, the format switch and the topics-as-nodes view.
#include <algorithm>
#include <ostream>

#include "dipgraph/graph_export.h"

namespace dipgraph {

std::optional<ExportFormat> parse_export_format(std::string_view name) {
  if (name == "graphml") return ExportFormat::kGraphml;
  if (name == "dot") return ExportFormat::kDot;
  if (name == "gexf") return ExportFormat::kGexf;
  if (name == "json") return ExportFormat::kJson;
  if (name == "csv") return ExportFormat::kCsv;
  return std::nullopt;
}

const char* export_format_name(ExportFormat format) {
  switch (format) {
    case ExportFormat::kGraphml: return "graphml";
    case ExportFormat::kDot: return "dot";
    case ExportFormat::kGexf: return "gexf";
    case ExportFormat::kJson: return "json";
    case ExportFormat::kCsv: return "csv";
  }
  return "";
}

void write_graph(const RelationGraph& graph, ExportFormat format, std::ostream& out,
                 const ExportOptions& options) {
  switch (format) {
    case ExportFormat::kGraphml: write_graphml(graph, out); return;
    case ExportFormat::kDot: write_dot(graph, out, options); return;
    case ExportFormat::kGexf: write_gexf(graph, out, options); return;
    case ExportFormat::kJson: write_cytoscape_json(graph, out); return;
    case ExportFormat::kCsv:
      options.table == CsvTable::kNodes ? write_csv_nodes(graph, out) : write_csv_edges(graph, out);
      return;
  }
}

TopicGraphBuilder::TopicGraphBuilder(GraphOptions options) : builder_(std::move(options)) {}

void TopicGraphBuilder::add(const EventView& event) {
  builder_.add(event);
  if (event.topics.empty() || event.subject.empty() || event.object.empty() ||
      event.subject == event.object) {
    return;
  }
  EventView topic_event = event;
  topic_event.topics.clear();
  std::string id;
  for (std::string_view topic : event.topics) {
    if (topic.empty()) continue;
    id.assign(kTopicPrefix);
    id.append(topic);
    auto at = std::lower_bound(topics_.begin(), topics_.end(), topic);
    if (at == topics_.end() || *at != topic) topics_.insert(at, std::string(topic));
    topic_event.object = id;
    for (std::string_view actor : {event.subject, event.object}) {
      topic_event.subject = actor;
      builder_.add(topic_event);
    }
  }
}

void TopicGraphBuilder::name_actors(std::vector<ActorRecord> actors) { actors_ = std::move(actors); }

RelationGraph TopicGraphBuilder::build() {
  std::vector<ActorRecord> names = std::move(actors_);
  for (const std::string& topic : topics_) {
    std::string label = topic;
    std::replace(label.begin(), label.end(), '_', ' ');
    names.push_back(ActorRecord{std::string(kTopicPrefix) + topic, label, "topic"});
  }
  builder_.name_actors(names);
  actors_.clear();
  topics_.clear();
  return RelationGraph::build(std::move(builder_));
}

RelationGraph topic_graph_from_store(const EventStore& store, const GraphOptions& options) {
  TopicGraphBuilder builder(options);
  store.for_each_event(options.filter, [&](const EventView& e) { builder.add(e); });
  builder.name_actors(store.actors());
  return builder.build();
}

}  // namespace dipgraph
