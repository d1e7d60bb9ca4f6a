#include "cli/graph_options.h"

#include <algorithm>
#include <cstdlib>

#include "cli/commands.h"
#include "dipgraph/lexicon.h"
#include "dipgraph/news_date.h"
#include "edit_distance.h"

namespace dipgraph::cli {
namespace po = boost::program_options;

namespace {

std::string date_option(const po::variables_map& vm, const char* name, const char* command) {
  if (!vm.count(name)) return {};
  const std::string value = vm[name].as<std::string>();
  if (!is_iso_calendar_date(value)) {
    throw UsageError(command, std::string("--") + name + " must be a date YYYY-MM-DD, not '" +
                                  value + "'");
  }
  return value;
}

std::string did_you_mean(const std::vector<std::string>& suggestions) {
  if (suggestions.empty()) return {};
  std::string out = " (did you mean ";
  for (std::size_t i = 0; i < suggestions.size(); ++i) {
    out += (i ? ", '" : "'") + suggestions[i] + "'";
  }
  return out + "?)";
}

// Values of a repeatable option that also accepts comma-separated lists.
std::vector<std::string> list_option(const po::variables_map& vm, const char* name) {
  std::vector<std::string> out;
  if (!vm.count(name)) return out;
  for (const std::string& value : vm[name].as<std::vector<std::string>>()) {
    std::size_t begin = 0;
    while (begin <= value.size()) {
      std::size_t end = value.find(',', begin);
      if (end == std::string::npos) end = value.size();
      if (end > begin) out.push_back(value.substr(begin, end - begin));
      begin = end + 1;
    }
  }
  return out;
}

}  // namespace

const std::vector<std::string>& relation_types() {
  static const std::vector<std::string> kTypes = {
      "agree",   "consult", "support", "concede",   "cooperate", "aid",
      "retreat", "request", "accuse",  "reject",    "threaten",  "protest",
      "sanction", "mobilize", "coerce", "assault"};
  return kTypes;
}

po::options_description graph_option_descriptions(const GraphOptionSet& set) {
  po::options_description options("graph options");
  options.add_options()                                                                  //
      ("store", po::value<std::string>()->default_value(kDefaultStore), "event store to read")  //
      ("since", po::value<std::string>(), "only events on or after this date (YYYY-MM-DD)")    //
      ("until", po::value<std::string>(), "only events on or before this date (YYYY-MM-DD)")   //
      ("relation", po::value<std::vector<std::string>>()->composing(),
       "only these relations (PLOVER types; repeat or comma-separate)");
  if (set.actor_filter) {
    options.add_options()("actor", po::value<std::vector<std::string>>()->composing(),
                          "only edges touching these actors (code, name or demonym; repeat "
                          "or comma-separate)");
  }
  if (set.min_weight) {
    options.add_options()("min-weight", po::value<std::uint64_t>()->default_value(1),
                          "drop edges with fewer events");
  }
  if (set.collapse) {
    options.add_options()("collapse", po::bool_switch(),
                          "one undirected edge per pair of actors, relations counted on it");
  }
  if (set.bucket) {
    options.add_options()("by", po::value<std::string>()->default_value("month"),
                          "time buckets: day, week, month or year");
  }
  return options;
}

std::string resolve_actor(const std::string& text, const Lexicon& lexicon, const char* command) {
  if (const Actor* actor = lexicon.resolve(text)) return actor->code;
  throw UsageError(command, "unknown actor '" + text + "'" + did_you_mean(lexicon.suggest(text)));
}

GraphOptions graph_options_from(const po::variables_map& vm, const Lexicon& lexicon,
                                const char* command) {
  GraphOptions options;
  options.filter.since = date_option(vm, "since", command);
  options.filter.until = date_option(vm, "until", command);
  if (!options.filter.since.empty() && !options.filter.until.empty() &&
      options.filter.since > options.filter.until) {
    throw UsageError(command, "--since " + options.filter.since + " is after --until " +
                                  options.filter.until);
  }
  for (const std::string& relation : list_option(vm, "relation")) {
    const auto& types = relation_types();
    if (std::find(types.begin(), types.end(), relation) == types.end()) {
      std::vector<std::string> near;
      for (const std::string& t : types) {
        if (edit_distance(relation, t) <= 2) near.push_back(t);
      }
      throw UsageError(command, "unknown relation '" + relation + "'" + did_you_mean(near) +
                                    "; relations are the PLOVER types: agree, consult, "
                                    "support, ... (see README)");
    }
    options.filter.relations.push_back(relation);
  }
  for (const std::string& actor : list_option(vm, "actor")) {
    options.filter.actors.push_back(resolve_actor(actor, lexicon, command));
  }
  if (vm.count("min-weight")) {
    options.min_weight = vm["min-weight"].as<std::uint64_t>();
    if (options.min_weight == 0) throw UsageError(command, "--min-weight must be at least 1");
  }
  if (vm.count("collapse")) options.collapse = vm["collapse"].as<bool>();
  if (vm.count("by")) {
    const std::string by = vm["by"].as<std::string>();
    const auto bucket = parse_time_bucket(by);
    if (!bucket) throw UsageError(command, "--by must be day, week, month or year, not '" + by + "'");
    options.bucket = *bucket;
  }
  return options;
}

std::optional<GraphCacheOptions> graph_cache_from_environment(bool disabled) {
  if (disabled) return std::nullopt;
  GraphCacheOptions cache;
  if (const char* dir = std::getenv("DIPGRAPH_CACHE_DIR")) {
    if (*dir == '\0') return std::nullopt;
    cache.dir = dir;
  } else if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    cache.dir = std::string(xdg) + "/dipgraph";
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    cache.dir = std::string(home) + "/.cache/dipgraph";
  } else {
    return std::nullopt;
  }
  return cache;
}

}  // namespace dipgraph::cli
