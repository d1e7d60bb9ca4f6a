// `dipgraph ingest`: articles (coded here) or triples made by `extract` (here or on
// other machines) into the event store, one document at a time, idempotently.
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>
#include <unordered_set>

#include "cli/commands.h"
#include "cli/parallel.h"
#include "dipgraph/article_reader.h"
#include "dipgraph/diagnostics.h"
#include "dipgraph/event_store.h"
#include "dipgraph/relation_coder.h"
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

  // Codes articles with `jobs` threads and stores each article as a document,
  // with the triples it yields (none is fine: the document is still recorded).
  void read_articles(ArticleReader& reader, const RelationCoder& coder, unsigned jobs) {
    using Coded = std::vector<std::pair<DocumentRecord, std::vector<Triple>>>;
    store_.begin_batch();
    ordered_parallel_map<Article, Coded>(
        jobs, 64, [&reader](Article& a) { return reader.next(a); },
        [&coder](const Article& a, Coded& out) {
          std::vector<Triple> triples;
          for (Triple& t : coder.code(a).triples) {
            if (!t.negated) triples.push_back(std::move(t));
          }
          // The hash covers the article and what the coder made of it, so a new
          // coder version replaces old events while an unchanged rerun is a no-op.
          const std::string content = a.id + '\n' + a.title + '\n' + a.date + '\n' + a.url +
                                      '\n' + a.source + '\n' + a.text + '\n' +
                                      triples_content_hash(triples);
          out.emplace_back(DocumentRecord{a.id, content_hash(content), a.url, a.title, a.source,
                                          a.date},
                           std::move(triples));
        },
        [this](Coded& coded) {
          for (auto& [doc, triples] : coded) {
            current_ = std::move(doc);
            triples_ = std::move(triples);
            store_current();
          }
        });
    store_.commit_batch();
    progress_.update(counts_, true);
  }

  const Counts& counts() const { return counts_; }

 private:
  void flush() {
    if (current_.id.empty()) return;
    current_.content_hash = triples_content_hash(triples_);
    store_current();
  }

  void store_current() {
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
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  options.add_options()                                                                 //
      ("input", po::value<std::vector<std::string>>(), "articles: files, directories, - for JSON lines")  //
      ("triples", po::value<std::string>(), "JSON lines of triples (Contract 2), - for stdin")  //
      ("store", po::value<std::string>()->default_value(kDefaultStore), "event store to write")  //
      ("batch", po::value<std::size_t>()->default_value(1000), "documents per transaction")  //
      ("jobs,j", po::value<unsigned>()->default_value(cores), "coder threads for articles")  //
      ("lexicon", po::value<std::vector<std::string>>()->default_value({}, ""),
       "add or override lexicon entries from FILE (repeatable)");
  po::variables_map vm;
  if (auto done = parse_command_line(
          "ingest", "INPUT... | --triples FILE|-  [--store DB] [--batch N] [-j N]",
          "Codes articles (as `extract` does) and stores them with their triples in the\n"
          "event store, or stores triples made elsewhere (--triples). A document is its id\n"
          "and a content hash: ingesting the same content again changes nothing, changed\n"
          "content replaces the document's events. With --triples, consecutive lines with\n"
          "the same \"doc\" form one document. Bad input is reported with file:line and\n"
          "skipped (exit 1 at the end).",
          options, "input", args, vm, io)) {
    return *done;
  }
  const bool have_articles = vm.count("input") > 0;
  if (have_articles && vm.count("triples")) {
    throw UsageError("ingest", "give either articles or --triples, not both");
  }
  if (!have_articles && !vm.count("triples")) {
    throw UsageError("ingest", "nothing to ingest: give articles or --triples FILE|-");
  }
  const std::size_t batch = vm["batch"].as<std::size_t>();
  if (batch == 0) throw UsageError("ingest", "--batch must be at least 1");
  const unsigned jobs = vm["jobs"].as<unsigned>();
  if (jobs == 0 || jobs > 256) throw UsageError("ingest", "--jobs must be between 1 and 256");

  const std::string store_path = vm["store"].as<std::string>();
  make_parent_dir(store_path);
  EventStore store = EventStore::open(store_path);
  TripleIngester ingester(store, batch, io);
  std::size_t bad_inputs = 0;
  if (have_articles) {
    const Lexicon lexicon = load_command_lexicon(vm, io, bad_inputs);
    const RelationCoder coder(lexicon);
    ArticleReader reader(vm["input"].as<std::vector<std::string>>(),
                         [&io](const Diagnostic& d) { io.err << format_diagnostic(d) << '\n'; },
                         ReaderLimits{}, &io.in);
    ingester.read_articles(reader, coder, jobs);
    bad_inputs += reader.bad_records();
  } else {
    const std::string file = vm["triples"].as<std::string>();
    std::ifstream stream;
    std::istream* in = &io.in;
    if (file != "-") {
      stream.open(file, std::ios::binary);
      if (!stream) throw Error(file, "cannot open: " + std::string(std::strerror(errno)));
      in = &stream;
    }
    ingester.read(*in, file == "-" ? "<stdin>" : file);
    if (in->bad()) throw Error(file, "read error");
  }

  const Counts& c = ingester.counts();
  io.err << "dipgraph ingest: " << c.documents() << " document(s) (" << c.added << " added, "
         << c.replaced << " replaced, " << c.unchanged << " unchanged), " << c.events
         << " event(s) read into " << store_path << '\n';
  bad_inputs += c.bad_lines;
  if (bad_inputs > 0) {
    io.err << "dipgraph ingest: " << bad_inputs << " bad input record(s) skipped\n";
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace dipgraph::cli
