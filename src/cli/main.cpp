// dipgraph: news articles in, a knowledge graph of relations between countries out.
// main only picks the subcommand and maps errors to exit codes.
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "dipgraph/diagnostics.h"

namespace {

using namespace dipgraph::cli;

void print_overview(std::ostream& out) {
  out << "usage: dipgraph <command> [options] [args]\n"
         "       dipgraph --help | --version\n\n"
         "Turns news articles into a knowledge graph of relations between countries.\n\n"
         "commands:\n";
  for (const Command& c : commands()) {
    std::string name = c.name;
    name.resize(std::max<std::size_t>(name.size() + 2, 12), ' ');
    out << "  " << name << c.summary << '\n';
  }
  out << "\n'dipgraph <command> --help' shows a command's options.\n"
         "exit codes: 0 ok, 1 some input was bad or missing, 2 bad command line.\n";
}

int run(int argc, char** argv) {
  Io io{std::cin, std::cout, std::cerr, isatty(STDERR_FILENO) == 1};
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    print_overview(io.err);
    return kExitUsage;
  }
  const std::string& first = args.front();
  if (first == "--help" || first == "-h" || first == "help") {
    if (first == "help" && args.size() > 1) {
      if (const Command* c = find_command(args[1])) {
        Io help_io = io;
        return c->run({"--help"}, help_io);
      }
    }
    print_overview(io.out);
    return kExitOk;
  }
  if (first == "--version" || first == "-V") {
    io.out << "dipgraph " << DIPGRAPH_VERSION << '\n';
    return kExitOk;
  }
  const Command* command = find_command(first);
  if (!command) {
    io.err << "dipgraph: unknown command '" << first << "'";
    auto suggestions = suggest_commands(first);
    if (!suggestions.empty()) io.err << "; did you mean '" << suggestions.front() << "'?";
    io.err << "\nrun 'dipgraph --help' for the list of commands\n";
    return kExitUsage;
  }
  args.erase(args.begin());
  try {
    return command->run(args, io);
  } catch (const UsageError& e) {
    io.err << "dipgraph " << e.command() << ": " << e.what() << "\nrun 'dipgraph " << e.command()
           << " --help' for usage\n";
    return kExitUsage;
  } catch (const dipgraph::Error& e) {
    io.err << e.what() << '\n';
    return kExitBadInput;
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::bad_alloc&) {
    std::cerr << "dipgraph: error: out of memory\n";
  } catch (const std::exception& e) {
    std::cerr << "dipgraph: error: " << e.what() << '\n';
  }
  return dipgraph::cli::kExitBadInput;
}
