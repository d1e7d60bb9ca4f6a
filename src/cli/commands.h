// The subcommand table and what every subcommand shares (private to the CLI).
#pragma once

#include <iosfwd>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "dipgraph/diagnostics.h"

namespace dipgraph {
class Lexicon;
class RelationGraph;
}

namespace dipgraph::cli {

// Documented exit codes (README "Exit codes").
enum ExitCode : int {
  kExitOk = 0,        // success
  kExitBadInput = 1,  // some input was bad or missing (the rest was processed)
  kExitUsage = 2,     // bad command line
};

// Where every subcommand that reads or writes an event store looks by default.
inline constexpr const char* kDefaultStore = "graphs/dipgraph.db";

// Streams a command talks to; tests can substitute string streams.
struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  bool err_is_terminal = false;
};

using CommandFn = int (*)(const std::vector<std::string>& args, Io& io);

struct Command {
  const char* name;
  const char* summary;  // one line, shown in `dipgraph --help`
  CommandFn run;
};

std::span<const Command> commands();
const Command* find_command(const std::string& name);
// The closest command names by edit distance (at most 2 edits), best first.
std::vector<std::string> suggest_commands(const std::string& typo);

// A bad command line; main prints it with usage and exits kExitUsage.
class UsageError : public std::runtime_error {
 public:
  UsageError(std::string command, const std::string& message)
      : std::runtime_error(message), command_(std::move(command)) {}
  const std::string& command() const { return command_; }

 private:
  std::string command_;
};

// Parses a subcommand's arguments. `options` is the visible option set (a
// `--help` flag is added); `positional` names the positional option, if any.
// Returns kExitOk after printing help when `--help` was given, nullopt to go
// on; throws UsageError on unknown options or bad values.
std::optional<int> parse_command_line(const char* command, const char* synopsis,
                                      const char* description,
                                      boost::program_options::options_description options,
                                      const char* positional,
                                      const std::vector<std::string>& args,
                                      boost::program_options::variables_map& vm, Io& io);

// Subcommand entry points, one file each: src/cli/command_<name>.cpp.
int run_inspect(const std::vector<std::string>& args, Io& io);
int run_lexicon(const std::vector<std::string>& args, Io& io);
int run_extract(const std::vector<std::string>& args, Io& io);

// The built-in lexicon plus the `--lexicon FILE` files of a command, in order;
// bad rows of the files go to `report` (of the built-in files too when
// `report_builtin`), an unreadable file throws dipgraph::Error.
Lexicon load_lexicon(const std::vector<std::string>& files, const Reporter& report,
                     bool report_builtin = false);

// The lexicon of a coding command: the built-ins plus its `--lexicon` files, bad
// rows printed on io.err and counted in `errors`.
Lexicon load_command_lexicon(const boost::program_options::variables_map& vm, Io& io,
                             std::size_t& errors);
int run_ingest(const std::vector<std::string>& args, Io& io);
int run_merge(const std::vector<std::string>& args, Io& io);
int run_stats(const std::vector<std::string>& args, Io& io);
int run_query(const std::vector<std::string>& args, Io& io);
int run_export(const std::vector<std::string>& args, Io& io);
int run_render(const std::vector<std::string>& args, Io& io);

// The graph that export and render draw: the store and filters of the shared graph
// options in `vm`, in the topics-as-nodes view when `--topics-as-nodes` is set.
// Bad options throw UsageError for `command`; a bad store throws dipgraph::Error.
RelationGraph graph_for_export(const boost::program_options::variables_map& vm,
                               const char* command);

}  // namespace dipgraph::cli
