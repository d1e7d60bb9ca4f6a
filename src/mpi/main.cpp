// dipgraph-mpi: `dipgraph ingest` spread over the ranks of an MPI job.
//
//   mpirun -np N dipgraph-mpi ingest INPUT... --store DB [--batch N] [-j N] [--lexicon F]
//
// Rank 0 splits the input (work_plan.h) and broadcasts the plan; every rank codes
// its share into its own shard store next to DB; the shards are merged pairwise in
// a tree (rank r takes r + step's shard, step doubling) with EventStore::merge_from,
// the exact, order-independent merge of `dipgraph merge`; rank 0 ends with the
// whole store and renames it onto DB (or merges it into an existing DB).
//
// Assumption: every rank sees DB's directory at the same path (a shared file
// system, as on a Slurm cluster's home or scratch). Shards are handed on by path,
// not sent through MPI, which keeps the reduction's traffic at a few bytes.
//
// Failure: after each phase all ranks agree on a status flag (allreduce); if any
// rank failed, its message is printed by rank 0, every shard is removed and all
// ranks exit 1. DB is only ever created by an atomic rename or changed by one
// merge transaction, so a failed run leaves it as it was.
#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/program_options.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>  // renameat2
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "dipgraph/diagnostics.h"
#include "dipgraph/event_store.h"
#include "dipgraph/lexicon.h"
#include "dipgraph/relation_coder.h"
#include "mpi/shard_ingest.h"
#include "mpi/work_plan.h"

namespace {

namespace bmpi = boost::mpi;
namespace fs = std::filesystem;
namespace po = boost::program_options;
using namespace dipgraph;
using Clock = std::chrono::steady_clock;

// Exit codes, as `dipgraph ingest`'s.
constexpr int kExitOk = 0;
constexpr int kExitBadInput = 1;
constexpr int kExitUsage = 2;

constexpr int kTagShard = 1;

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Options {
  std::vector<std::string> inputs;
  std::string store;
  std::size_t batch = 1000;
  unsigned jobs = 1;
  std::vector<std::string> lexicon;
  bool verbose = false;
};

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Ranks that share this node: the default coder threads split its cores.
int ranks_on_node(const bmpi::communicator& world) {
  MPI_Comm node;
  MPI_Comm_split_type(world, MPI_COMM_TYPE_SHARED, world.rank(), MPI_INFO_NULL, &node);
  int size = 1;
  MPI_Comm_size(node, &size);
  MPI_Comm_free(&node);
  return size;
}

// Parses `ingest ...`; nullopt after printing help (on rank 0 only).
std::optional<Options> parse(const std::vector<std::string>& args, int local_ranks, bool print) {
  if (args.empty() || args[0] != "ingest") {
    throw UsageError("the only command is 'ingest' (usage: dipgraph-mpi ingest INPUT... --store DB)");
  }
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const unsigned default_jobs = std::max(1u, cores / static_cast<unsigned>(std::max(1, local_ranks)));
  po::options_description options("options");
  options.add_options()                                                                  //
      ("input", po::value<std::vector<std::string>>(), "articles: files or directories")  //
      ("triples", po::value<std::string>(), "not supported here (see --help)")            //
      ("store", po::value<std::string>()->default_value("graphs/dipgraph.db"), "event store to write")  //
      ("batch", po::value<std::size_t>()->default_value(1000), "documents per transaction")  //
      ("jobs,j", po::value<unsigned>()->default_value(default_jobs),
       "coder threads per rank (default: the node's cores / its ranks)")  //
      ("lexicon", po::value<std::vector<std::string>>()->default_value({}, ""),
       "add or override lexicon entries from FILE (repeatable)")  //
      ("verbose,v", po::bool_switch(), "per-rank and per-merge times on stderr")  //
      ("help,h", "show this help and exit");
  po::positional_options_description positional;
  positional.add("input", -1);
  po::variables_map vm;
  try {
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    po::store(po::command_line_parser(rest).options(options).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  if (vm.count("help")) {
    if (print) {
      std::cout << "usage: mpirun -np N dipgraph-mpi ingest INPUT... [--store DB] [--batch N] [-j N]\n\n"
                   "Codes articles as `dipgraph ingest` does, on every rank of an MPI job, and\n"
                   "merges the ranks' shard stores (kept next to DB, on a file system every rank\n"
                   "sees) in a tree into DB. The result equals a single-process ingest of the\n"
                   "same articles when document ids are unique. A rank that cannot read its input\n"
                   "fails the run: nothing is written to DB. Bad records are skipped and reported\n"
                   "(exit 1 at the end), as in `dipgraph ingest`. Standard input and --triples are\n"
                   "not split across ranks: use `dipgraph ingest --triples` per shard and\n"
                   "`dipgraph merge` for triples.\n\n"
                << options << '\n';
    }
    return std::nullopt;
  }
  if (vm.count("triples")) {
    throw UsageError("--triples is not split across ranks; run `dipgraph ingest --triples` per shard and `dipgraph merge` the stores");
  }
  if (!vm.count("input")) throw UsageError("nothing to ingest: give article files or directories");
  Options o;
  o.inputs = vm["input"].as<std::vector<std::string>>();
  o.store = vm["store"].as<std::string>();
  o.batch = vm["batch"].as<std::size_t>();
  o.jobs = vm["jobs"].as<unsigned>();
  o.lexicon = vm["lexicon"].as<std::vector<std::string>>();
  o.verbose = vm["verbose"].as<bool>();
  if (o.batch == 0) throw UsageError("--batch must be at least 1");
  if (o.jobs == 0 || o.jobs > 256) throw UsageError("--jobs must be between 1 and 256");
  return o;
}

// A store file and the files SQLite keeps beside it.
void remove_store_files(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
}

// True when every rank's `error` is empty. Otherwise rank 0 prints each failed
// rank's message and all return false.
bool all_ok(const bmpi::communicator& world, const std::string& error) {
  int ok = error.empty() ? 1 : 0;
  int everyone = 0;
  bmpi::all_reduce(world, ok, everyone, bmpi::minimum<int>());
  if (everyone == 1) return true;
  std::vector<std::string> errors;
  bmpi::gather(world, error, errors, 0);
  if (world.rank() == 0) {
    for (std::size_t r = 0; r < errors.size(); ++r) {
      if (!errors[r].empty()) std::cerr << "dipgraph-mpi: rank " << r << ": " << errors[r] << '\n';
    }
    std::cerr << "dipgraph-mpi: run failed; nothing was written to the store\n";
  }
  return false;
}

template <typename F>
std::string capture(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

// Rank 0's plan, or why there is none.
struct PlanMessage {
  std::string error;
  std::string tag;  // makes this run's shard names unique
  std::vector<mpi::WorkUnit> units;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& error& tag& units;
  }
};

// What one rank did, for rank 0's summary.
struct RankReport {
  std::uint64_t documents = 0, events = 0, bad = 0, units = 0, bytes = 0;
  double seconds = 0;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& documents& events& bad& units& bytes& seconds;
  }
};

// A shard handed down the tree: its path, or the failure of its subtree.
struct ShardMessage {
  std::string path;
  std::string error;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& path& error;
  }
};

PlanMessage make_plan(const Options& o, int ranks) {
  PlanMessage plan;
  plan.error = capture([&] {
    const fs::path parent = fs::path(o.store).parent_path();
    if (!parent.empty()) {
      std::error_code ec;
      fs::create_directories(parent, ec);
      if (ec) throw Error(parent.string(), "cannot create directory: " + ec.message());
    }
    // An existing DB that is not a store must fail now, not after the work.
    if (fs::exists(o.store)) EventStore::open(o.store, StoreOptions{false});
    plan.units = mpi::plan_work(o.inputs, ranks, [](const Diagnostic& d) {
      std::cerr << format_diagnostic(d) << '\n';
    });
    plan.tag = std::to_string(::getpid()) + '-' +
               std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1000000007);
  });
  return plan;
}

// Line numbers of this rank's JSON lines pieces, from the newlines in the pieces
// before them (counted by their own ranks, summed with one allreduce).
std::string first_lines(const bmpi::communicator& world, const std::vector<mpi::WorkUnit>& units,
                        std::vector<std::uint64_t>& lines) {
  std::vector<std::uint64_t> counts(units.size(), 0);
  std::string error = capture([&] {
    for (std::size_t i = 0; i + 1 < units.size(); ++i) {
      const bool has_next_piece = units[i + 1].file == units[i].file;
      if (units[i].rank == world.rank() && has_next_piece) counts[i] = mpi::count_newlines(units[i]);
    }
  });
  std::vector<std::uint64_t> sums(units.size(), 0);
  if (!units.empty()) {
    bmpi::all_reduce(world, counts.data(), static_cast<int>(counts.size()), sums.data(),
                     std::plus<std::uint64_t>());
  }
  lines.assign(units.size(), 1);
  for (std::size_t i = 1; i < units.size(); ++i) {
    if (units[i].file == units[i - 1].file) lines[i] = lines[i - 1] + sums[i - 1];
  }
  return error;
}

// Puts the merged store at `shard` in place as `target`: a rename when there is no
// target yet (atomic, never overwriting one made meanwhile), else one merge.
void commit_result(const std::string& shard, const std::string& target, bool verbose) {
  if (::renameat2(AT_FDCWD, shard.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0) {
    if (verbose) std::cerr << "dipgraph-mpi: renamed the merged shards to " << target << '\n';
    return;
  }
  if (errno != EEXIST) {
    throw Error(target, std::string("cannot rename ") + shard + ": " + std::strerror(errno));
  }
  EventStore store = EventStore::open(target, StoreOptions{false});
  store.merge_from(shard);
  remove_store_files(shard);
  if (verbose) std::cerr << "dipgraph-mpi: merged the result into the existing " << target << '\n';
}

int run_ingest(const bmpi::communicator& world, const Options& o) {
  const auto start = Clock::now();
  const int rank = world.rank();
  const int size = world.size();

  PlanMessage plan;
  if (rank == 0) plan = make_plan(o, size);
  bmpi::broadcast(world, plan, 0);
  if (!plan.error.empty()) {
    if (rank == 0) std::cerr << plan.error << "\ndipgraph-mpi: run failed; nothing was written to the store\n";
    return kExitBadInput;
  }
  const double plan_seconds = seconds_since(start);

  std::vector<std::uint64_t> lines;
  const std::string shard = o.store + ".mpi-" + plan.tag + "." + std::to_string(rank);
  auto fail = [&] {
    remove_store_files(shard);
    return kExitBadInput;
  };
  if (!all_ok(world, first_lines(world, plan.units, lines))) return fail();

  // Extract and ingest this rank's share into its shard.
  std::vector<mpi::WorkUnit> mine;
  std::vector<std::uint64_t> mine_lines;
  RankReport report;
  for (std::size_t i = 0; i < plan.units.size(); ++i) {
    if (plan.units[i].rank != rank) continue;
    mine.push_back(plan.units[i]);
    mine_lines.push_back(lines[i]);
    report.bytes += plan.units[i].end - plan.units[i].begin;
  }
  report.units = mine.size();
  std::optional<EventStore> store;
  std::string error = capture([&] {
    const auto local_start = Clock::now();
    // Bad rows are reported by rank 0 only but counted on every rank.
    const Lexicon lexicon = Lexicon::builtin_with_files(o.lexicon, [&](const Diagnostic& d) {
      report.bad += d.severity == Severity::kError;
      if (rank == 0) std::cerr << format_diagnostic(d) << '\n';
    });
    const RelationCoder coder(lexicon);
    store.emplace(EventStore::open(shard));
    const mpi::ShardCounts counts = mpi::ingest_units(
        mine, mine_lines, coder, *store, mpi::ShardOptions{o.batch, o.jobs},
        [](const Diagnostic& d) { std::cerr << format_diagnostic(d) << '\n'; });
    report.documents = counts.documents;
    report.events = counts.events;
    report.bad += counts.bad_records;
    report.seconds = seconds_since(local_start);
  });
  if (!all_ok(world, error)) {
    store.reset();
    return fail();
  }
  const auto reduce_start = Clock::now();
  const double local_seconds = seconds_since(start) - plan_seconds;

  // Tree reduction: at each step, ranks that are multiples of 2*step take the
  // shard of rank + step; the others hand theirs down and are done.
  for (int step = 1; step < size; step *= 2) {
    if (rank % (2 * step) == 0) {
      const int child = rank + step;
      if (child >= size) continue;
      ShardMessage m;
      world.recv(child, kTagShard, m);
      const auto merge_start = Clock::now();
      if (error.empty() && m.error.empty()) {
        error = capture([&] { store->merge_from(m.path); });
      } else if (error.empty()) {
        error = m.error;
      }
      remove_store_files(m.path);
      if (o.verbose) {
        std::cerr << "dipgraph-mpi: rank " << rank << " merged rank " << child << "'s shard in "
                  << seconds_since(merge_start) << " s\n";
      }
    } else {
      store.reset();  // closed (and its WAL folded in) before another rank opens it
      world.send(rank - step, kTagShard, ShardMessage{shard, error});
      break;
    }
  }
  std::vector<RankReport> reports;
  bmpi::gather(world, report, reports, 0);

  int code = kExitOk;
  if (rank == 0) {
    store.reset();
    if (error.empty()) error = capture([&] { commit_result(shard, o.store, o.verbose); });
    if (!error.empty()) {
      std::cerr << "dipgraph-mpi: " << error << "\ndipgraph-mpi: run failed; nothing was written to the store\n";
      code = kExitBadInput;
    } else {
      RankReport total;
      for (std::size_t r = 0; r < reports.size(); ++r) {
        const RankReport& rr = reports[r];
        total.documents += rr.documents;
        total.events += rr.events;
        total.bad += rr.bad;
        total.seconds = std::max(total.seconds, rr.seconds);
        if (o.verbose) {
          std::cerr << "dipgraph-mpi: rank " << r << ": " << rr.units << " unit(s), " << rr.bytes
                    << " bytes, " << rr.documents << " document(s), " << rr.events << " event(s) in "
                    << rr.seconds << " s\n";
        }
      }
      const double merge_seconds = seconds_since(reduce_start);
      const double all_seconds = seconds_since(start);
      std::cerr << "dipgraph-mpi ingest: " << total.documents << " document(s), " << total.events
                << " event(s) on " << size << " rank(s) into " << o.store << " in " << all_seconds
                << " s (plan " << plan_seconds << " s, extract+ingest " << local_seconds
                << " s, merge " << merge_seconds << " s = "
                << (all_seconds > 0 ? 100.0 * merge_seconds / all_seconds : 0.0) << "% of the total)\n";
      if (total.bad > 0) {
        std::cerr << "dipgraph-mpi ingest: " << total.bad << " bad input record(s) skipped\n";
        code = kExitBadInput;
      }
    }
  }
  bmpi::broadcast(world, code, 0);
  remove_store_files(shard);  // left over only when the run failed
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  bmpi::environment env(argc, argv, bmpi::threading::funneled);
  const bmpi::communicator world;
  const bool speaker = world.rank() == 0;
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const std::optional<Options> options = parse(args, ranks_on_node(world), speaker);
    if (!options) return kExitOk;
    return run_ingest(world, *options);
  } catch (const UsageError& e) {
    // Every rank parses the same arguments, so all of them end here.
    if (speaker) std::cerr << "dipgraph-mpi: " << e.what() << "\nrun 'dipgraph-mpi ingest --help' for usage\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    // Outside the agreed phases (an MPI error): the other ranks may be waiting.
    std::cerr << "dipgraph-mpi: rank " << world.rank() << ": error: " << e.what() << '\n';
    env.abort(kExitBadInput);
  }
  return kExitBadInput;
}
