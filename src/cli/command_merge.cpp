// `dipgraph merge`: the exact reduce of a sharded run — several stores into one.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/output_file.h"
#include "dipgraph/diagnostics.h"
#include "dipgraph/event_store.h"

namespace dipgraph::cli {
namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

// The merged store is built in a temporary file next to OUT and renamed over it
// only when complete, so OUT is never half-written; the temp file goes on failure.
class TempStoreFile {
 public:
  explicit TempStoreFile(const std::string& out)
      : path_(out + ".tmp-" + std::to_string(::getpid())),
        cleanup_{SignalCleanup(path_), SignalCleanup(path_ + "-wal"),
                 SignalCleanup(path_ + "-shm"), SignalCleanup(path_ + "-journal")} {
    remove_all();
  }
  ~TempStoreFile() {
    if (!committed_) remove_all();
  }
  const std::string& path() const { return path_; }

  void rename_to(const std::string& out) {
    std::error_code ec;
    fs::rename(path_, out, ec);
    if (ec) throw Error(out, "cannot write merged store: " + ec.message());
    for (SignalCleanup& c : cleanup_) c.release();
    committed_ = true;
  }

 private:
  void remove_all() {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path_ + suffix, ec);
  }
  std::string path_;
  SignalCleanup cleanup_[4];  // SIGINT or SIGTERM removes the half-merged files
  bool committed_ = false;
};

// Messages name OUT, not the temporary file the user never asked for.
EventStore open_output(const std::string& temp, const std::string& out) {
  try {
    return EventStore::open(temp);
  } catch (const Error& e) {
    throw Error(out, "cannot write merged store: " + e.diagnostic().message);
  }
}

}  // namespace

int run_merge(const std::vector<std::string>& args, Io& io) {
  po::options_description options("options");
  options.add_options()                                                                  //
      ("input", po::value<std::vector<std::string>>()->required(), "stores to merge")  //
      ("output,o", po::value<std::string>()->required(), "merged store to write (replaced)");
  po::variables_map vm;
  if (auto done = parse_command_line(
          "merge", "A.db B.db ... -o OUT.db",
          "Merges event stores into a new store OUT.db. The result does not depend on the\n"
          "order of the inputs and equals one ingest of all their documents. A document in\n"
          "several inputs with different contents keeps the version with the greater\n"
          "content hash (a rule on content alone, so every merge order agrees). OUT.db is\n"
          "written to a temporary file and renamed, so it is never left half-written.",
          options, "input", args, vm, io)) {
    return *done;
  }
  const auto inputs = vm["input"].as<std::vector<std::string>>();
  const std::string out = vm["output"].as<std::string>();
  // A leftover write-ahead log would be replayed into the new file after the rename.
  std::error_code ec;
  if (fs::exists(out + "-wal", ec)) {
    throw Error(out, "cannot replace: " + out +
                         "-wal exists (the store is open elsewhere, or a writer crashed: open "
                         "it once with dipgraph stats to recover)");
  }
  TempStoreFile temp(out);
  {
    EventStore merged = open_output(temp.path(), out);
    for (const std::string& input : inputs) {
      if (!fs::exists(input, ec)) throw Error(input, "no such store");
      merged.merge_from(input);
    }
    const StoreStats s = merged.stats();
    io.err << "dipgraph merge: " << inputs.size() << " store(s) into " << out << ": "
           << s.documents << " document(s), " << s.events << " event(s)\n";
  }  // closing checkpoints the WAL into the file before it is renamed
  temp.rename_to(out);
  return kExitOk;
}

}  // namespace dipgraph::cli
