// `dipgraph ingest`: triples made by `extract` (here or on other machines) into the
// event store, one document at a time, idempotently.
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <unordered_set>

#include "cli/commands.h"
#include "dipgraph/diagnostics.h"
#include "dipgraph/event_store.h"
#include "dipgraph/triple_io.h"

namespace dipgraph::cli {
namespace po = boost::program_options;

namespace {

struct Counts {
  std::uint64_t added = 0, replaced = 0, unchanged = 0, events = 0, bad_lines = 0;
  std::uint64_t documents() const { return added + replaced + unchanged; }
};

// Progress on a terminal: rewrites one stderr line at most twice a second.
class Progress {
 public:
  explicit Progress(Io& io) : io_(io), start_(Clock::now()), last_(start_) {}

  void update(const Counts& c, bool final_line = false) {
    if (!io_.err_is_terminal) return;
    const auto now = Clock::now();
    if (!final_line && now - last_ < std::chrono::milliseconds(500)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(c.documents()) / seconds : 0.0;
    io_.err << "\rdipgraph ingest: " << c.documents() << " documents, " << c.events
            << " events, " << static_cast<std::uint64_t>(rate) << " documents/s   ";
    if (final_line) io_.err << '\n';
    io_.err.flush();
  }

 private:
  using Clock = std::chrono::steady_clock;
  Io& io_;
  Clock::time_point start_, last_;
};

// Groups consecutive triples of one document and stores each group as a document.
class TripleIngester {
 public:
  TripleIngester(EventStore& store, std::size_t batch, Io& io)
      : store_(store), batch_(batch), io_(io), progress_(io) {}

  void read(std::istream& in, const std::string& file) {
    const Reporter report = [this](const Diagnostic& d) {
      io_.err << (io_.err_is_terminal ? "\r" : "") << format_diagnostic(d) << '\n';
      ++counts_.bad_lines;
    };
    store_.begin_batch();
    std::string line;
    std::size_t number = 0;
    Triple triple;
    while (std::getline(in, line)) {
      ++number;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      if (!parse_triple_json(line, file, number, report, triple)) continue;
      if (triple.doc != current_.id) {
        flush();
        if (stored_.count(triple.doc)) {
          report(Diagnostic{Severity::kError, file, number, 0,
                            "triples of document \"" + triple.doc +
                                "\" are not consecutive (its earlier lines are stored); "
                                "line skipped",
                            {}});
          continue;
        }
        current_.id = triple.doc;
      }
      triples_.push_back(std::move(triple));
      triple = Triple{};
    }
    flush();
    store_.commit_batch();
    progress_.update(counts_, true);
  }

  const Counts& counts() const { return counts_; }

 private:
  void flush() {
    if (current_.id.empty()) return;
    current_.content_hash = triples_content_hash(triples_);
    switch (store_.ingest_document(current_, triples_)) {
      case IngestOutcome::kAdded: ++counts_.added; break;
      case IngestOutcome::kReplaced: ++counts_.replaced; break;
      case IngestOutcome::kUnchanged: ++counts_.unchanged; break;
    }
    counts_.events += triples_.size();
    stored_.insert(current_.id);
    current_ = DocumentRecord{};
    triples_.clear();
    if (++in_batch_ >= batch_) {
      store_.commit_batch();
      store_.begin_batch();
      in_batch_ = 0;
    }
    progress_.update(counts_);
  }

  EventStore& store_;
  std::size_t batch_;
  Io& io_;
  Progress progress_;
  Counts counts_;
  std::size_t in_batch_ = 0;
  DocumentRecord current_;
  std::vector<Triple> triples_;
  std::unordered_set<std::string> stored_;  // ids stored by this run, to catch split groups
};

// The parent folder of the default `graphs/dipgraph.db` may not exist yet.
void make_parent_dir(const std::string& path) {
  const auto parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) throw Error(parent.string(), "cannot create directory: " + ec.message());
}

}  // namespace

int run_ingest(const std::vector<std::string>& args, Io& io) {
  po::options_description options("options");
  options.add_options()                                                                 //
      ("input", po::value<std::vector<std::string>>(), "articles (needs the coder: not available yet)")  //
      ("triples", po::value<std::string>(), "JSON lines of triples (Contract 2), - for stdin")  //
      ("store", po::value<std::string>()->default_value(kDefaultStore), "event store to write")  //
      ("batch", po::value<std::size_t>()->default_value(1000), "documents per transaction");
  po::variables_map vm;
  if (auto done = parse_command_line(
          "ingest", "--triples FILE|- [--store DB] [--batch N]",
          "Stores triples in the event store. Consecutive lines with the same \"doc\" form\n"
          "one document; its content hash is that of its triples, so ingesting the same\n"
          "triples again changes nothing and changed triples replace the document's events.\n"
          "Bad lines are reported with file:line and skipped (exit 1 at the end).\n\n"
          "Ingesting articles directly (dipgraph ingest INPUT...) needs the relation coder,\n"
          "which is not built yet: only --triples is available.",
          options, "input", args, vm, io)) {
    return *done;
  }
  const bool have_articles = vm.count("input") > 0;
  if (have_articles && vm.count("triples")) {
    throw UsageError("ingest", "give either articles or --triples, not both");
  }
  if (have_articles) {
    throw UsageError("ingest",
                     "ingesting articles needs the relation coder, which is not built yet; "
                     "store triples made elsewhere with --triples FILE|-");
  }
  if (!vm.count("triples")) throw UsageError("ingest", "nothing to ingest: give --triples FILE|-");
  const std::size_t batch = vm["batch"].as<std::size_t>();
  if (batch == 0) throw UsageError("ingest", "--batch must be at least 1");

  const std::string file = vm["triples"].as<std::string>();
  std::ifstream stream;
  std::istream* in = &io.in;
  if (file != "-") {
    stream.open(file, std::ios::binary);
    if (!stream) throw Error(file, "cannot open: " + std::string(std::strerror(errno)));
    in = &stream;
  }
  const std::string store_path = vm["store"].as<std::string>();
  make_parent_dir(store_path);
  EventStore store = EventStore::open(store_path);
  TripleIngester ingester(store, batch, io);
  ingester.read(*in, file == "-" ? "<stdin>" : file);
  if (in->bad()) throw Error(file, "read error");

  const Counts& c = ingester.counts();
  io.err << "dipgraph ingest: " << c.documents() << " document(s) (" << c.added << " added, "
         << c.replaced << " replaced, " << c.unchanged << " unchanged), " << c.events
         << " event(s) read into " << store_path << '\n';
  if (c.bad_lines > 0) {
    io.err << "dipgraph ingest: " << c.bad_lines << " bad line(s) skipped\n";
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace dipgraph::cli
