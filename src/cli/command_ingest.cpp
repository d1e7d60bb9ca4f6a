// `dipgraph ingest`: articles (coded here) or triples made by `extract` (here or on
// other machines) into the event store, one document at a time, idempotently.
#include <signal.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "cli/commands.h"
#include "cli/graph_options.h"
#include "cli/ingest_articles.h"
#include "cli/parallel.h"
#include "dipgraph/article_reader.h"
#include "dipgraph/diagnostics.h"
#include "dipgraph/event_store.h"
#include "dipgraph/graph_cache.h"
#include "dipgraph/graph_query.h"
#include "dipgraph/relation_coder.h"
#include "dipgraph/triple_io.h"

namespace dipgraph::cli {
namespace po = boost::program_options;

namespace {

struct Counts {
  std::uint64_t added = 0, replaced = 0, unchanged = 0, events = 0, bad_lines = 0;
  std::uint64_t documents() const { return added + replaced + unchanged; }
};

// The signal that asked ingest to stop, 0 while none did. A signal handler can only
// reach a variable of static storage, so this is the one piece of global state; it
// is set by SignalGuard's handler and read by the loops that store documents.
volatile std::sig_atomic_t g_stop_signal = 0;

extern "C" void on_stop_signal(int signal) { g_stop_signal = signal; }

// Catches SIGINT and SIGTERM while ingest runs, so that an interrupted run commits
// the documents it finished instead of dying in the middle of a batch (which is
// safe too, but throws away the whole open batch). SA_RESETHAND: a second signal
// kills at once, for a user who does not want to wait for the commit.
class SignalGuard {
 public:
  SignalGuard() {
    g_stop_signal = 0;
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND | SA_RESTART;
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
  }
  ~SignalGuard() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

// Thrown by the storing loops when a stop signal arrived; run_ingest commits.
struct Interrupted {
  int signal;
};

void stop_if_signalled() {
  if (g_stop_signal != 0) throw Interrupted{g_stop_signal};
}

// Progress on a terminal: rewrites one stderr line at most twice a second.
class Progress {
 public:
  explicit Progress(Io& io) : io_(io), start_(Clock::now()), last_(start_) {}

  // `done` is the share of the input read so far, when its size is known (else < 0).
  void update(const Counts& c, double done = -1, bool final_line = false) {
    if (!io_.err_is_terminal) return;
    const auto now = Clock::now();
    if (!final_line && now - last_ < std::chrono::milliseconds(500)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(c.documents()) / seconds : 0.0;
    io_.err << "\rdipgraph ingest: " << c.documents() << " documents, " << c.events
            << " events, " << static_cast<std::uint64_t>(rate) << " documents/s";
    if (done > 0.001 && done < 1 && !final_line) {
      io_.err << ", " << static_cast<int>(done * 100) << "%, ETA "
              << static_cast<std::uint64_t>(seconds * (1 - done) / done) << " s";
    }
    io_.err << "   ";
    if (final_line) io_.err << '\n';
    io_.err.flush();
  }

 private:
  using Clock = std::chrono::steady_clock;
  Io& io_;
  Clock::time_point start_, last_;
};

// One document of a triples file, parsed and hashed, ready to store; or (empty id)
// only the bad lines met at the end of the input.
struct ParsedDocument {
  DocumentRecord record;
  std::vector<Triple> triples;
  std::string packed;                // EventStore::pack_events(triples)
  std::vector<Diagnostic> problems;  // bad lines read since the previous document
};
using Chunk = std::vector<ParsedDocument>;

// Hands chunks of parsed documents from the reader thread to the storing thread.
// Bounded, so the reader runs ahead by a few chunks and memory stays flat. Stored
// chunks come back (recycle, take_spare) for the reader to fill again: their
// strings keep their buffers, so a steady run allocates nearly nothing, and above
// all frees nothing in the storing thread that the reader allocated (glibc frees
// such memory slowly, under a lock the reader needs to allocate).
class ChunkQueue {
 public:
  void recycle(Chunk chunk) {
    std::lock_guard lock(mutex_);
    spares_.push_back(std::move(chunk));
  }

  // A stored chunk to fill again, or an empty one.
  Chunk take_spare() {
    std::lock_guard lock(mutex_);
    if (spares_.empty()) return {};
    Chunk chunk = std::move(spares_.back());
    spares_.pop_back();
    return chunk;
  }

  // False when the consumer closed the queue: the producer should stop.
  bool push(Chunk chunk) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [this] { return closed_ || chunks_.size() < kCapacity; });
    if (closed_) return false;
    chunks_.push_back(std::move(chunk));
    ready_.notify_one();
    return true;
  }

  // False at the end of the input; rethrows the producer's error, if any.
  bool pop(Chunk& chunk) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [this] { return finished_ || !chunks_.empty(); });
    if (chunks_.empty()) {
      if (error_) std::rethrow_exception(error_);
      return false;
    }
    chunk = std::move(chunks_.front());
    chunks_.pop_front();
    space_.notify_one();
    return true;
  }

  // The producer is done (error: why it stopped early).
  void finish(std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    finished_ = true;
    error_ = error;
    ready_.notify_one();
  }

  // The consumer stops taking chunks.
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    space_.notify_one();
  }

 private:
  static constexpr std::size_t kCapacity = 8;
  std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<Chunk> chunks_;
  std::vector<Chunk> spares_;
  bool finished_ = false, closed_ = false;
  std::exception_ptr error_;
};

// Reads JSON lines of triples and groups consecutive lines of one document. Runs
// in a thread of its own, so that parsing and hashing (a third of the work) overlap
// with the store's writes.
class TripleReader {
 public:
  // `lexicon` tells the known actor codes; shared, because an interrupted run may
  // leave this reader's thread behind.
  TripleReader(std::istream& in, std::string file, ChunkQueue& queue,
               std::shared_ptr<const Lexicon> lexicon)
      : in_(in), file_(std::move(file)), queue_(queue), lexicon_(std::move(lexicon)) {}

  void run() {
    try {
      read();
      queue_.finish(nullptr);
    } catch (...) {
      queue_.finish(std::current_exception());
    }
  }

  // Bytes read so far, for the progress line.
  std::uint64_t bytes_read() const { return bytes_.load(std::memory_order_relaxed); }

 private:
  static constexpr std::size_t kChunkDocuments = 64;
  // Triples made at a time while no stored document has come back yet.
  static constexpr std::size_t kFreshTriples = 16;

  void read() {
    TripleLineReader lines(in_, file_, [this](const Diagnostic& d) { problems_.push_back(d); });
    for (;;) {
      Triple& triple = next_triple();
      if (!lines.next(triple)) break;
      bytes_.store(lines.bytes_read(), std::memory_order_relaxed);
      if (!known_actors(triple, lines.line())) continue;
      if (!open_ || triple.doc != chunk_[used_ - 1].record.id) {
        if (!flush()) return;
        if (seen_.count(triple.doc)) {
          problems_.push_back(Diagnostic{Severity::kError, file_, lines.line(), 0,
                                         "triples of document \"" + triple.doc +
                                             "\" are not consecutive (its earlier lines are "
                                             "stored); line skipped",
                                         {}});
          continue;
        }
        open_document(triple.doc);
      }
      sorted_json_.add(triple, lines.written_json());
      chunk_[used_ - 1].triples.push_back(std::move(triple));
      ++next_;
    }
    bytes_.store(lines.bytes_read(), std::memory_order_relaxed);
    if (!flush()) return;
    if (!problems_.empty()) {
      open_document({});
      open_ = false;
      chunk_[used_ - 1].problems = std::move(problems_);
    }
    if (used_ > 0) push_chunk();
  }

  // Starts the next document of the chunk, in a slot that may keep the buffers of
  // a document stored before.
  void open_document(const std::string& id) {
    if (used_ == chunk_.size()) chunk_.emplace_back();
    ParsedDocument& doc = chunk_[used_++];
    doc.record.id = id;
    doc.record.content_hash.clear();
    doc.record.url.clear();
    doc.record.title.clear();
    doc.record.source.clear();
    doc.record.date.clear();
    recycle_triples(doc);
    sorted_json_.clear();
    doc.packed.clear();
    doc.problems.clear();
    open_ = true;
  }

  // The triples of a stored document, their vector whole, become triples to parse
  // into; the document slot takes an emptied vector (with its capacity) instead.
  void recycle_triples(ParsedDocument& doc) {
    if (doc.triples.empty()) return;
    stored_.push_back(std::move(doc.triples));
    doc.triples.clear();  // moved from: valid, emptied here to be sure
    if (!emptied_.empty()) {
      doc.triples = std::move(emptied_.back());
      emptied_.pop_back();
    }
  }

  // The triple the next line is parsed into: the next one of a stored document's
  // (its strings keep their buffers), which a good line then moves into its
  // document. One move per line: a Triple is 13 strings, and moving each stored
  // triple into a pool and out again cost two moves more per line.
  Triple& next_triple() {
    if (next_ == parsing_.size()) {
      parsing_.clear();
      if (parsing_.capacity() > 0) emptied_.push_back(std::move(parsing_));
      parsing_.clear();
      if (!stored_.empty()) {
        parsing_ = std::move(stored_.back());
        stored_.pop_back();
      } else {
        parsing_.resize(kFreshTriples);
      }
      next_ = 0;
    }
    return parsing_[next_];
  }

  // An actor code the lexicon does not know would make a node no name resolves to
  // (a typo such as "PAKK", or a code of another scheme): reported, line skipped.
  bool known_actors(const Triple& t, std::size_t line) {
    for (const auto& [field, id] : {std::pair{"subject.id", &t.subject.id},
                                    std::pair{"object.id", &t.object.id}}) {
      if (known_actor(*id)) continue;
      std::string message = "unknown actor code '" + id->substr(0, 40) + "' in field \"" +
                            field + "\" (not in the lexicon; add it with --lexicon FILE)";
      problems_.push_back(Diagnostic{Severity::kError, file_, line, 0, std::move(message), {}});
      return false;
    }
    return true;
  }

  // Whether the lexicon knows the code. Codes found before are remembered: a few
  // dozen codes make nearly all lines, and the lexicon's lookup (trimmed, upper-case
  // copy, hash) cost several times this set's.
  bool known_actor(const std::string& id) {
    if (known_codes_.count(id)) return true;
    if (!lexicon_->actor(id)) return false;
    known_codes_.insert(id);
    return true;
  }

  // Completes the current document, packed here to spare the storing thread;
  // false when the consumer stopped listening.
  bool flush() {
    if (!open_) return true;
    open_ = false;
    ParsedDocument& doc = chunk_[used_ - 1];
    doc.record.content_hash = content_hash(sorted_json_.sorted());
    doc.packed = EventStore::pack_events(doc.triples);
    doc.problems = std::move(problems_);
    problems_.clear();
    seen_.insert(doc.record.id);
    return used_ < kChunkDocuments || push_chunk();
  }

  // Hands the chunk to the storing thread and takes a stored one to fill.
  bool push_chunk() {
    chunk_.resize(used_);
    const bool open = queue_.push(std::move(chunk_));
    chunk_ = queue_.take_spare();
    used_ = 0;
    return open;
  }

  std::istream& in_;
  const std::string file_;
  ChunkQueue& queue_;
  std::shared_ptr<const Lexicon> lexicon_;
  std::atomic<std::uint64_t> bytes_{0};
  // Triples to parse into: parsing_[next_] is the next; stored_ holds the triples of
  // stored documents (their buffers kept) and emptied_ vectors whose triples were
  // all moved on, for document slots to fill again.
  std::vector<Triple> parsing_;
  std::size_t next_ = 0;
  std::vector<std::vector<Triple>> stored_, emptied_;
  std::vector<Diagnostic> problems_;
  Chunk chunk_;
  std::size_t used_ = 0;  // documents of chunk_ in use (the rest are spare slots)
  bool open_ = false;     // whether chunk_[used_ - 1] is a document still being read
  std::unordered_set<std::string> seen_;  // ids of the documents read, to catch split groups
  std::unordered_set<std::string> known_codes_;  // actor codes the lexicon has
  // The JSON lines of the open document's triples (the lines read, when they are as
  // dipgraph writes them): what triples_content_hash hashes, in reused buffers.
  SortedTripleJson sorted_json_;
};

// Stores documents in batches of `batch` per transaction and keeps the counts.
class Ingester {
 public:
  Ingester(EventStore& store, std::size_t batch, Io& io)
      : store_(store), batch_(batch), io_(io), progress_(io) {}

  // Stores the triples of `in` (`total`: its size in bytes, 0 if unknown). The
  // reading and parsing run in a second thread, the storing in this one.
  // Stores the triples of `in` (`total`: its size in bytes, 0 if unknown). The
  // reading and parsing run in a second thread, the storing in this one. When
  // interrupted while the reader may be blocked on a terminal or pipe (`may_block`),
  // the reader is left behind, detached: it owns what it uses, and the process is
  // about to end.
  void read_triples(std::istream& in, const std::string& file, std::uint64_t total,
                    bool may_block, std::shared_ptr<const Lexicon> lexicon) {
    auto queue = std::make_shared<ChunkQueue>();
    auto reader = std::make_shared<TripleReader>(in, file, *queue, std::move(lexicon));
    std::thread thread([queue, reader] { reader->run(); });
    try {
      store_.begin_batch();
      Chunk chunk;
      while (queue->pop(chunk)) {
        for (ParsedDocument& p : chunk) {
          for (const Diagnostic& d : p.problems) report(d);
          if (p.record.id.empty()) continue;
          store(p.record, p.triples, &p.packed);
          const double done = total > 0 ? static_cast<double>(reader->bytes_read()) / total : -1;
          progress_.update(counts_, done);
        }
        queue->recycle(std::move(chunk));
        chunk = Chunk{};
      }
    } catch (const Interrupted&) {
      queue->close();  // the reader may be waiting to push a chunk
      may_block ? thread.detach() : thread.join();
      throw;
    } catch (...) {
      queue->close();
      thread.join();
      throw;
    }
    thread.join();
    store_.commit_batch();
    progress_.update(counts_, 1, true);
  }

  // Codes articles with `jobs` threads and stores each article as a document,
  // with the triples it yields (none is fine: the document is still recorded).
  void read_articles(ArticleReader& reader, const RelationCoder& coder, unsigned jobs) {
    using Coded = std::vector<CodedDocument>;
    store_.begin_batch();
    ordered_parallel_map<Article, Coded>(
        jobs, 64, [&reader](Article& a) { return reader.next(a); },
        [&coder](const Article& a, Coded& out) { out.push_back(code_article(coder, a)); },
        [this](Coded& coded) {
          for (const CodedDocument& doc : coded) {
            store(doc.record, doc.triples);
            progress_.update(counts_);
          }
        });
    store_.commit_batch();
    progress_.update(counts_, 1, true);
  }

  // After Interrupted: keeps the documents stored so far (each one is complete).
  void commit_finished() {
    if (store_.in_batch()) store_.commit_batch();
    progress_.update(counts_, -1, true);
  }

  const Counts& counts() const { return counts_; }

 private:
  void report(const Diagnostic& d) {
    io_.err << (io_.err_is_terminal ? "\r" : "") << format_diagnostic(d) << '\n';
    ++counts_.bad_lines;
  }

  // `packed`: EventStore::pack_events(triples) if made already, else null.
  void store(const DocumentRecord& doc, const std::vector<Triple>& triples,
             const std::string* packed = nullptr) {
    stop_if_signalled();
    const IngestOutcome outcome = packed ? store_.ingest_document(doc, triples, *packed)
                                         : store_.ingest_document(doc, triples);
    switch (outcome) {
      case IngestOutcome::kAdded: ++counts_.added; break;
      case IngestOutcome::kReplaced: ++counts_.replaced; break;
      case IngestOutcome::kUnchanged: ++counts_.unchanged; break;
    }
    counts_.events += triples.size();
    if (++in_batch_ >= batch_) {
      store_.commit_batch();
      store_.begin_batch();
      in_batch_ = 0;
    }
  }

  EventStore& store_;
  std::size_t batch_;
  Io& io_;
  Progress progress_;
  Counts counts_;
  std::size_t in_batch_ = 0;
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

// After a change, builds the whole-store graphs the unfiltered `query path` and
// `query top` read into the graph cache, so that the first question after an
// ingest is answered from it, and the store's event table, from which questions
// with filters count theirs; one scan of the store (about 0.7 s per million events
// on a 2-core machine). A failure costs only that: the question builds its graph.
void prepare_query_cache(const EventStore& store, bool disabled, Io& io) {
  const auto cache = graph_cache_from_environment(disabled);
  if (!cache) return;
  try {
    warm_graph_cache(store, unfiltered_whole_store_graphs(), *cache);
  } catch (const std::exception& e) {
    io.err << "dipgraph ingest: warning: the query cache was not prepared: " << e.what() << '\n';
  }
}

int run_ingest(const std::vector<std::string>& args, Io& io) {
  po::options_description options("options");
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  options.add_options()                                                                 //
      ("input", po::value<std::vector<std::string>>(), "articles: files, directories, - for JSON lines")  //
      ("triples", po::value<std::string>(), "JSON lines of triples (Contract 2), - for stdin")  //
      ("store", po::value<std::string>()->default_value(kDefaultStore), "event store to write")  //
      ("batch", po::value<std::size_t>(),
       "documents per transaction (default 1000 for articles, 20000 for --triples)")  //
      ("jobs,j", po::value<unsigned>()->default_value(cores), "coder threads for articles")  //
      ("lexicon", po::value<std::vector<std::string>>()->default_value({}, ""),
       "add or override lexicon entries from FILE (repeatable)")  //
      ("no-cache", po::bool_switch(),
       "do not prepare the whole-store graphs of `query path` and `query top` and the "
       "store's event table in the graph cache after a change (see DIPGRAPH_CACHE_DIR)");
  po::variables_map vm;
  if (auto done = parse_command_line(
          "ingest", "INPUT... | --triples FILE|-  [--store DB] [--batch N] [-j N] [--no-cache]",
          "Codes articles (as `extract` does) and stores them with their triples in the\n"
          "event store, or stores triples made elsewhere (--triples). A document is its id\n"
          "and a content hash: ingesting the same content again changes nothing, changed\n"
          "content replaces the document's events. With --triples, consecutive lines with\n"
          "the same \"doc\" form one document. Bad input is reported with file:line and\n"
          "skipped (exit 1 at the end). SIGINT or SIGTERM stops the run after the current\n"
          "document: what was stored is committed, and ingest exits 130 or 143.",
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
  // Articles cost far more to code than to store: small batches lose little work
  // to a crash. Triples are cheap to redo, and big batches write far fewer pages.
  const std::size_t batch =
      vm.count("batch") ? vm["batch"].as<std::size_t>() : (have_articles ? 1000 : 20000);
  if (batch == 0) throw UsageError("ingest", "--batch must be at least 1");
  const unsigned jobs = vm["jobs"].as<unsigned>();
  if (jobs == 0 || jobs > 256) throw UsageError("ingest", "--jobs must be between 1 and 256");

  const SignalGuard signals;
  const std::string store_path = vm["store"].as<std::string>();
  make_parent_dir(store_path);
  EventStore store = EventStore::open(store_path);
  Ingester ingester(store, batch, io);
  std::size_t bad_inputs = 0;
  try {
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
      auto lexicon = std::make_shared<const Lexicon>(load_command_lexicon(vm, io, bad_inputs));
      if (file == "-") {
        ingester.read_triples(io.in, "<stdin>", 0, true, lexicon);
      } else {
        std::error_code dir_ec;
        if (std::filesystem::is_directory(file, dir_ec)) {
          throw Error(file, "cannot read triples: is a directory");
        }
        std::ifstream stream(file, std::ios::binary);
        if (!stream) throw Error(file, "cannot open: " + std::string(std::strerror(errno)));
        std::error_code ec;
        const auto size = std::filesystem::file_size(file, ec);
        ingester.read_triples(stream, file, ec ? 0 : size, false, lexicon);
      }
    }
  } catch (const Interrupted& stop) {
    ingester.commit_finished();
    const Counts& c = ingester.counts();
    const bool sigint = stop.signal == SIGINT;
    io.err << "dipgraph ingest: interrupted by " << (sigint ? "SIGINT" : "SIGTERM") << ": "
           << c.documents() << " document(s) stored in " << store_path
           << " and committed; run the same command again to store the rest\n";
    return 128 + stop.signal;
  }

  const Counts& c = ingester.counts();
  io.err << "dipgraph ingest: " << c.documents() << " document(s) (" << c.added << " added, "
         << c.replaced << " replaced, " << c.unchanged << " unchanged), " << c.events
         << " event(s) read into " << store_path << '\n';
  bad_inputs += c.bad_lines;
  if (c.added + c.replaced > 0) prepare_query_cache(store, vm["no-cache"].as<bool>(), io);
  if (bad_inputs > 0) {
    io.err << "dipgraph ingest: " << bad_inputs << " bad input record(s) skipped\n";
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace dipgraph::cli
