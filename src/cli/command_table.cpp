#include <algorithm>
#include <iostream>

#include "cli/commands.h"
#include "edit_distance.h"

namespace dipgraph::cli {
namespace po = boost::program_options;

namespace {

// Ordered as the pipeline runs.
constexpr Command kCommands[] = {
    {"inspect", "show how articles are read: cleaned text, sentences, offsets, matches", run_inspect},
    {"extract", "code articles into triples: who did what to whom (JSON lines or TSV)",
     run_extract},
    {"ingest", "store triples in the event store (--triples), idempotently", run_ingest},
    {"merge", "merge event stores exactly, in any order: A.db B.db ... -o OUT.db", run_merge},
    {"stats", "what an event store holds: documents, events, actors, dyads, dates", run_stats},
    {"query", "ask the store: links ACTOR, between A B, timeline A B, path A B, top", run_query},
    {"export", "write the relation graph as GraphML, DOT, GEXF, Cytoscape JSON or CSV",
     run_export},
    {"render", "draw the relation graph as SVG or PNG through Graphviz", run_render},
    {"lexicon", "list, check and look up the lexicon (actors, names, people, cues, topics)",
     run_lexicon},
};

}  // namespace

std::span<const Command> commands() { return kCommands; }

const Command* find_command(const std::string& name) {
  for (const Command& c : kCommands) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

std::vector<std::string> suggest_commands(const std::string& typo) {
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const Command& c : kCommands) {
    std::string name = c.name;
    std::size_t d = edit_distance(typo, name);
    // A prefix ("insp") is as good a hint as a small typo.
    if (name.rfind(typo, 0) == 0 && !typo.empty()) d = std::min<std::size_t>(d, 1);
    if (d <= 2) scored.emplace_back(d, name);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (auto& s : scored) out.push_back(std::move(s.second));
  return out;
}

std::optional<int> parse_command_line(const char* command, const char* synopsis,
                                      const char* description, po::options_description options,
                                      const char* positional, const std::vector<std::string>& args,
                                      po::variables_map& vm, Io& io) {
  options.add_options()("help,h", "show this help and exit");
  po::positional_options_description pos;
  if (positional) pos.add(positional, -1);
  try {
    po::store(po::command_line_parser(args).options(options).positional(pos).run(), vm);
    if (vm.count("help")) {
      io.out << "usage: dipgraph " << command << ' ' << synopsis << "\n\n"
             << description << "\n\n"
             << options << '\n';
      return kExitOk;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(command, e.what());
  }
  return std::nullopt;
}

}  // namespace dipgraph::cli
