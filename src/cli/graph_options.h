// The graph filters shared by every command that reads a graph from the store
// (export, render, query): --store, --since/--until, --relation, --actor,
// --min-weight, --collapse, --by. Private to the CLI.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "dipgraph/graph_cache.h"
#include "dipgraph/relation_graph.h"

namespace dipgraph {
class Lexicon;
}

namespace dipgraph::cli {

// Which of the shared options a command offers.
struct GraphOptionSet {
  bool actor_filter = true;   // --actor (query commands name their actors positionally)
  bool collapse = true;       // --collapse
  bool min_weight = true;     // --min-weight
  bool bucket = false;        // --by day|week|month|year
};

boost::program_options::options_description graph_option_descriptions(const GraphOptionSet& set);

// The options of `vm` as GraphOptions. Dates must be YYYY-MM-DD, relations PLOVER
// types, actors anything `resolve_actor` accepts; anything else throws UsageError
// for `command` (with "did you mean" where there is a near miss).
GraphOptions graph_options_from(const boost::program_options::variables_map& vm,
                                const Lexicon& lexicon, const char* command);

// An actor given by code, name, alias or demonym (`PAK`, `Pakistan`, `pakistani`)
// -> its code. Unknown: UsageError naming `text` with up to three suggestions.
std::string resolve_actor(const std::string& text, const Lexicon& lexicon, const char* command);

// Where the graph cache lives: $DIPGRAPH_CACHE_DIR (empty: no cache), else
// $XDG_CACHE_HOME/dipgraph, else ~/.cache/dipgraph; nullopt when `disabled`
// (--no-cache) or none of them is set.
std::optional<GraphCacheOptions> graph_cache_from_environment(bool disabled);

// The PLOVER event types of DESIGN.md, in its order.
const std::vector<std::string>& relation_types();

}  // namespace dipgraph::cli
