// How `dipgraph-mpi ingest` splits its inputs across ranks. No MPI in here: the
// plan is made on rank 0 and broadcast, and can be tested without MPI.
//
// Inputs expand as ArticleReader expands them (Contract 1): directories
// recursively in sorted order of the relative path, hidden entries skipped, `.txt`
// ids the relative path without extension, JSON lines stems likewise. Every unit
// keeps the id or stem it would have in a single-process run, so that the shards
// hold exactly the rows `dipgraph ingest` would write.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dipgraph/diagnostics.h"

namespace dipgraph::mpi {

enum class UnitKind : int { kText = 0, kJsonLines = 1 };

// One piece of work: a whole `.txt` file, or a byte range of a JSON lines file
// that starts at the beginning of a line and ends after a newline (or at the end).
struct WorkUnit {
  std::string path;          // the file to open
  std::string id;            // .txt: the document id; JSON lines: the stem of line ids
  UnitKind kind = UnitKind::kText;
  std::uint64_t begin = 0;   // byte range [begin, end) of the file
  std::uint64_t end = 0;
  std::uint32_t file = 0;    // index of the file in reading order; pieces share it
  int rank = 0;              // the rank that reads it

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& path& id& kind& begin& end& file& rank;
  }
};

// Expands `inputs` and splits them across `ranks` ranks: JSON lines files larger
// than a rank's fair share are cut into pieces at line boundaries, then every
// unit goes to the least loaded rank, largest first (a unit weighs its bytes plus
// a per-file cost). Units are returned in reading order. Deterministic: the same
// files and rank count give the same plan.
//
// Skipped entries of a directory (not .txt/.jsonl/.ndjson, not a regular file)
// are warnings to `report`, as in ArticleReader. A dangling symbolic link inside a
// directory becomes a unit, so that the rank that reads it fails. A missing input,
// an unlistable directory or `-` throws Error: under MPI, input that cannot be
// read stops the run instead of producing a partial store.
std::vector<WorkUnit> plan_work(const std::vector<std::string>& inputs, int ranks,
                                const Reporter& report);

}  // namespace dipgraph::mpi
