// Atomic output files for the export and render commands (private to the CLI).
#pragma once

#include <signal.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "dipgraph/diagnostics.h"

namespace dipgraph::cli {

// Temporary files to delete when SIGINT or SIGTERM ends the process. Without this,
// Ctrl-C during an export killed it before any destructor ran and left the hidden
// temporary file behind. A signal handler can reach only static storage and may
// call only async-signal-safe functions (unlink, sigaction, raise), so the paths
// live in a few fixed buffers: this is the CLI's one other piece of global state.
namespace temp_cleanup {

inline constexpr int kSlots = 8;  // render and CSV export hold 2 files, merge 4
inline constexpr std::size_t kPathBytes = 4096;
inline char g_paths[kSlots][kPathBytes];
inline volatile std::sig_atomic_t g_used[kSlots];

// Deletes the registered files, then dies of the same signal (the handler was
// installed with SA_RESETHAND), so the exit status is the usual 130 or 143.
extern "C" inline void remove_and_reraise(int signal) {
  for (int i = 0; i < kSlots; ++i) {
    if (g_used[i]) ::unlink(g_paths[i]);
  }
  ::raise(signal);
}

// Installs the handler for SIGINT and SIGTERM unless the program already handles
// or ignores them (ingest has its own handler; nohup ignores SIGINT).
inline void install_once() {
  static const bool installed = [] {
    for (int signal : {SIGINT, SIGTERM}) {
      struct sigaction old {};
      if (sigaction(signal, nullptr, &old) != 0 || old.sa_handler != SIG_DFL) continue;
      struct sigaction action {};
      action.sa_handler = remove_and_reraise;
      sigemptyset(&action.sa_mask);
      action.sa_flags = SA_RESETHAND;
      sigaction(signal, &action, nullptr);
    }
    return true;
  }();
  (void)installed;
}

// Registers `path`; returns its slot, or -1 when the path is too long or every
// slot is taken (the file is then only removed on a normal exit).
inline int add(const std::string& path) {
  if (path.size() >= kPathBytes) return -1;
  install_once();
  for (int i = 0; i < kSlots; ++i) {
    if (g_used[i]) continue;
    std::memcpy(g_paths[i], path.c_str(), path.size() + 1);
    g_used[i] = 1;  // after the path is complete: the handler may run at any moment
    return i;
  }
  return -1;
}

inline void remove(int slot) {
  if (slot >= 0) g_used[slot] = 0;
}

}  // namespace temp_cleanup

// A temporary file path registered with temp_cleanup for as long as it lives.
class SignalCleanup {
 public:
  explicit SignalCleanup(const std::string& path) : slot_(temp_cleanup::add(path)) {}
  ~SignalCleanup() { temp_cleanup::remove(slot_); }
  SignalCleanup(const SignalCleanup&) = delete;
  SignalCleanup& operator=(const SignalCleanup&) = delete;
  // After a commit the path is the user's output: it must survive a later signal.
  void release() {
    temp_cleanup::remove(slot_);
    slot_ = -1;
  }

 private:
  int slot_;
};

// A file written under a temporary name next to `path` (same directory, so the
// rename is atomic) and renamed over `path` by commit(). Destroyed uncommitted, it
// removes the temporary file: a failed run leaves no partial output and leaves an
// existing `path` as it was. SIGINT and SIGTERM remove it too (temp_cleanup).
class AtomicFile {
 public:
  explicit AtomicFile(std::string path)
      : path_(std::move(path)),
        temp_(temp_name(path_)),
        cleanup_(temp_) {}
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile() {
    std::error_code ec;
    if (!committed_) std::filesystem::remove(temp_, ec);
  }

  const std::string& path() const { return path_; }
  // The temporary file's name, for programs that write it themselves.
  const std::string& temp_path() const { return temp_; }

  // Opens the temporary file for writing; throws Error naming `path` on failure.
  std::ostream& open() {
    out_.open(temp_, std::ios::binary | std::ios::trunc);
    if (!out_) throw Error(path_, "cannot write output file: " + reason());
    return out_;
  }

  // Closes (when opened) and renames the temporary file over `path`.
  void commit() {
    if (out_.is_open()) {
      out_.close();
      if (!out_) throw Error(path_, "cannot write output file");
    }
    std::error_code ec;
    std::filesystem::rename(temp_, path_, ec);
    if (ec) throw Error(path_, "cannot write output file: " + ec.message());
    cleanup_.release();
    committed_ = true;
  }

 private:
  static std::string temp_name(const std::string& path) {
    const std::filesystem::path p(path);
    // Hidden, and named after the process, so that parallel runs do not collide.
    std::string name = ".";
    name += p.filename().string();
    name += ".tmp-";
    name += std::to_string(::getpid());
    return (p.parent_path() / name).string();
  }
  std::string reason() const {
    const auto dir = std::filesystem::path(temp_).parent_path();
    std::error_code ec;
    if (!dir.empty() && !std::filesystem::is_directory(dir, ec)) return "no such directory";
    return "permission denied or disk full";
  }

  std::string path_;
  std::string temp_;
  SignalCleanup cleanup_;
  std::ofstream out_;
  bool committed_ = false;
};

}  // namespace dipgraph::cli
