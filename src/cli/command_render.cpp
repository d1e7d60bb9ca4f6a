// `dipgraph render`: the relation graph drawn by Graphviz's layout programs (the
// Debian graphviz package), from the DOT that `export --format dot` writes.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/graph_options.h"
#include "cli/output_file.h"
#include "dipgraph/graph_export.h"

namespace dipgraph::cli {
namespace po = boost::program_options;

namespace {

// The full path of `program` on $PATH, or empty.
std::string find_program(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  std::size_t begin = 0;
  while (begin <= dirs.size()) {
    std::size_t end = dirs.find(':', begin);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = end > begin ? dirs.substr(begin, end - begin) : std::string(1, '.');
    candidate += '/';
    candidate += program;
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    begin = end + 1;
  }
  return {};
}

struct RunResult {
  int status = -1;     // exit status; -1 when killed by a signal
  std::string errors;  // what it wrote on stderr
};

// Runs `argv` with stdin from /dev/null, stdout discarded, stderr captured.
RunResult run_program(const std::vector<std::string>& argv) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) throw Error("dipgraph render", std::string("pipe: ") + std::strerror(errno));
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    throw Error("dipgraph render", std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    const int null_fd = ::open("/dev/null", O_RDWR);
    if (null_fd >= 0) {
      ::dup2(null_fd, STDIN_FILENO);
      ::dup2(null_fd, STDOUT_FILENO);
    }
    ::dup2(pipe_fds[1], STDERR_FILENO);
    ::close(pipe_fds[0]);
    ::execv(args[0], args.data());
    const char* message = "cannot run the Graphviz program\n";
    (void)!::write(STDERR_FILENO, message, std::strlen(message));
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  RunResult result;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
    if (n > 0) {
      result.errors.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// The output format from the file name's extension.
std::string format_of(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".svg" || ext == ".png" || ext == ".pdf") return ext.substr(1);
  return {};
}

std::string indented(const std::string& text) {
  std::string out;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    out += "  " + text.substr(begin, end - begin) + '\n';
    begin = end + 1;
  }
  return out;
}

}  // namespace

int run_render(const std::vector<std::string>& args, Io& io) {
  po::options_description options("options");
  options.add_options()                                                              //
      ("output,o", po::value<std::string>()->required(), "picture to write: FILE.svg, FILE.png or FILE.pdf")  //
      ("layout", po::value<std::string>(),
       "Graphviz layout program: sfdp, neato or dot (default: neato, sfdp for big graphs)")  //
      ("topics-as-nodes", po::bool_switch(),
       "topics become nodes too, with edges from the actors of each event to its topics");
  options.add(graph_option_descriptions(GraphOptionSet{}));
  po::variables_map vm;
  if (auto done = parse_command_line(
          "render", "-o FILE.svg|png|pdf [--layout sfdp|neato|dot] [options]",
          "Draws the relation graph with Graphviz (the Debian package graphviz): the\n"
          "DOT of `export --format dot` (colour by quad class, width by events, a\n"
          "legend) laid out by sfdp, neato or dot. The picture is written to a\n"
          "temporary file and renamed, so a failed run leaves no partial file.",
          options, nullptr, args, vm, io)) {
    return *done;
  }
  const std::string output = vm["output"].as<std::string>();
  const std::string format = format_of(output);
  if (format.empty()) {
    throw UsageError("render", "-o must name a .svg, .png or .pdf file, not '" + output + "'");
  }
  std::string layout;
  if (vm.count("layout")) {
    layout = vm["layout"].as<std::string>();
    if (layout != "sfdp" && layout != "neato" && layout != "dot") {
      throw UsageError("render", "--layout must be sfdp, neato or dot, not '" + layout + "'");
    }
  }

  const RelationGraph graph = graph_for_export(vm, "render");
  if (layout.empty()) layout = auto_layout(graph);
  const std::string program = find_program(layout);
  if (program.empty()) {
    throw Error("dipgraph render", "Graphviz program '" + layout +
                                       "' not found on PATH; install the graphviz package "
                                       "(scripts/setup.sh does) or use `dipgraph export --format dot`");
  }
  if (graph.edge_count() == 0) io.err << "dipgraph render: warning: no events match; the graph is empty\n";

  AtomicFile picture(output);
  // Creates the (empty) temporary picture, so that a bad output path is named as
  // such before any work; Graphviz then writes over it.
  picture.open();
  AtomicFile dot(picture.temp_path() + ".dot");
  ExportOptions export_options;
  export_options.layout = layout;
  write_dot(graph, dot.open(), export_options);
  dot.commit();  // to its own temporary name; removed below
  struct RemoveOnExit {
    std::string path;
    ~RemoveOnExit() {
      std::error_code ec;
      std::filesystem::remove(path, ec);
    }
  } remove_dot{dot.path()};

  const RunResult run =
      run_program({program, "-T" + format, "-o", picture.temp_path(), dot.path()});
  if (run.status != 0) {
    throw Error(output, layout + " failed (exit " + std::to_string(run.status) + ")" +
                            (run.errors.empty() ? std::string() : ":\n" + indented(run.errors)));
  }
  std::error_code ec;
  if (std::filesystem::file_size(picture.temp_path(), ec) == 0 || ec) {
    throw Error(output, layout + " wrote no picture");
  }
  if (!run.errors.empty()) io.err << "dipgraph render: " << layout << " said:\n" << indented(run.errors);
  picture.commit();
  io.err << "dipgraph render: " << graph.node_count() << " node(s), " << graph.edge_count()
         << " edge(s) -> " << output << " (" << layout << ")\n";
  return kExitOk;
}

}  // namespace dipgraph::cli
