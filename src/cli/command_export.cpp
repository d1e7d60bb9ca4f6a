// `dipgraph export`: the relation graph of a store, in one of the export formats.
#include <iostream>

#include "cli/commands.h"
#include "cli/graph_options.h"
#include "cli/output_file.h"
#include "dipgraph/graph_export.h"
#include "dipgraph/lexicon.h"

namespace dipgraph::cli {
namespace po = boost::program_options;

namespace {

// CSV `-o FILE`: both tables, FILE minus a `.csv` ending plus `.nodes.csv` and
// `.edges.csv`.
std::string table_path(const std::string& file, const char* table) {
  std::string base = file;
  if (base.size() > 4 && base.compare(base.size() - 4, 4, ".csv") == 0) base.resize(base.size() - 4);
  return base + '.' + table + ".csv";
}

void check_stream(std::ostream& out, const std::string& name) {
  out.flush();
  if (!out) throw Error(name, "cannot write output");
}

std::string summary(const RelationGraph& g) {
  return std::to_string(g.node_count()) + " node(s), " + std::to_string(g.edge_count()) +
         " edge(s)";
}

}  // namespace

RelationGraph graph_for_export(const po::variables_map& vm, const char* command) {
  std::size_t errors = 0;
  // Only --actor needs the lexicon; its built-in files are not reported here.
  const Lexicon lexicon = load_lexicon({}, [&errors](const Diagnostic&) { ++errors; });
  GraphOptions options = graph_options_from(vm, lexicon, command);
  const EventStore store = EventStore::open(vm["store"].as<std::string>(), StoreOptions{false});
  if (vm.count("topics-as-nodes") && vm["topics-as-nodes"].as<bool>()) {
    return topic_graph_from_store(store, options);
  }
  return RelationGraph::from_store(store, options);
}

int run_export(const std::vector<std::string>& args, Io& io) {
  po::options_description options("options");
  options.add_options()                                                                 //
      ("format,f", po::value<std::string>()->required(), "graphml, dot, gexf, json or csv")  //
      ("output,o", po::value<std::string>()->default_value("-"),
       "output file, - for stdout; written to a temporary file and renamed")  //
      ("dynamic", po::bool_switch(),
       "gexf: mode=\"dynamic\" with spells from the time buckets (--by), for Gephi's timeline")  //
      ("topics-as-nodes", po::bool_switch(),
       "topics become nodes too, with edges from the actors of each event to its topics")  //
      ("table", po::value<std::string>(),
       "csv: write only this table, nodes or edges (default: with -o FILE both, as "
       "FILE.nodes.csv and FILE.edges.csv; on stdout the edges)")  //
      ("layout", po::value<std::string>(),
       "dot: the Graphviz layout engine written into the file (sfdp, neato, dot, fdp, "
       "circo, twopi; default: neato, sfdp for big graphs)");
  GraphOptionSet set;
  set.bucket = true;
  options.add(graph_option_descriptions(set));
  po::variables_map vm;
  if (auto done = parse_command_line(
          "export", "--format graphml|dot|gexf|json|csv [-o FILE] [options]",
          "Writes the relation graph of the event store: actors as nodes, an edge per\n"
          "(source actor, target actor, relation) or, with --collapse, per pair of actors.\n"
          "GraphML for NetworkX, igraph, yEd; GEXF for Gephi (--dynamic for its\n"
          "timeline); DOT for Graphviz; json for Cytoscape.js; csv for Gephi's\n"
          "spreadsheet import. The same store and options give the same bytes.",
          options, nullptr, args, vm, io)) {
    return *done;
  }
  const std::string format_name = vm["format"].as<std::string>();
  const auto format = parse_export_format(format_name);
  if (!format) {
    throw UsageError("export", "unknown format '" + format_name +
                                   "'; formats are graphml, dot, gexf, json, csv");
  }
  ExportOptions export_options;
  export_options.dynamic = vm["dynamic"].as<bool>();
  if (export_options.dynamic && *format != ExportFormat::kGexf) {
    throw UsageError("export", "--dynamic applies to --format gexf only");
  }
  if (vm.count("layout")) {
    if (*format != ExportFormat::kDot) throw UsageError("export", "--layout applies to --format dot only");
    export_options.layout = vm["layout"].as<std::string>();
    static const char* kLayouts[] = {"sfdp", "neato", "dot", "fdp", "circo", "twopi"};
    if (std::find(std::begin(kLayouts), std::end(kLayouts), export_options.layout) ==
        std::end(kLayouts)) {
      throw UsageError("export", "unknown layout '" + export_options.layout +
                                     "'; layouts are sfdp, neato, dot, fdp, circo, twopi");
    }
  }
  std::optional<CsvTable> table;
  if (vm.count("table")) {
    if (*format != ExportFormat::kCsv) throw UsageError("export", "--table applies to --format csv only");
    const std::string name = vm["table"].as<std::string>();
    if (name != "nodes" && name != "edges") {
      throw UsageError("export", "--table must be nodes or edges, not '" + name + "'");
    }
    table = name == "nodes" ? CsvTable::kNodes : CsvTable::kEdges;
  }
  const std::string output = vm["output"].as<std::string>();

  const RelationGraph graph = graph_for_export(vm, "export");
  if (graph.edge_count() == 0) io.err << "dipgraph export: warning: no events match; the graph is empty\n";

  if (output == "-") {
    if (table) export_options.table = *table;
    write_graph(graph, *format, io.out, export_options);
    check_stream(io.out, "<stdout>");
    return kExitOk;
  }
  if (*format == ExportFormat::kCsv && !table) {
    AtomicFile nodes(table_path(output, "nodes")), edges(table_path(output, "edges"));
    write_csv_nodes(graph, nodes.open());
    write_csv_edges(graph, edges.open());
    nodes.commit();
    edges.commit();
    io.err << "dipgraph export: " << summary(graph) << " -> " << nodes.path() << ", "
           << edges.path() << '\n';
    return kExitOk;
  }
  if (table) export_options.table = *table;
  AtomicFile file(output);
  write_graph(graph, *format, file.open(), export_options);
  file.commit();
  io.err << "dipgraph export: " << summary(graph) << " -> " << output << " (" << format_name
         << ")\n";
  return kExitOk;
}

}  // namespace dipgraph::cli
