// Atomic output files for the export and render commands (private to the CLI).
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "dipgraph/diagnostics.h"

namespace dipgraph::cli {

// A file written under a temporary name next to `path` (same directory, so the
// rename is atomic) and renamed over `path` by commit(). Destroyed uncommitted, it
// removes the temporary file: a failed run leaves no partial output and leaves an
// existing `path` as it was.
class AtomicFile {
 public:
  explicit AtomicFile(std::string path)
      : path_(std::move(path)),
        temp_(temp_name(path_)) {}
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
  std::ofstream out_;
  bool committed_ = false;
};

}  // namespace dipgraph::cli
