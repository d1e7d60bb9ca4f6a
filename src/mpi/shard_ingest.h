// One rank's share of `dipgraph-mpi ingest`: reads its work units, codes the
// articles and stores them in the rank's shard store. No MPI in here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "dipgraph/diagnostics.h"
#include "dipgraph/event_store.h"
#include "dipgraph/relation_coder.h"
#include "mpi/work_plan.h"

namespace dipgraph::mpi {

// Newlines in the byte range of a JSON lines unit: summed over the earlier pieces
// of a file, they give a piece its first line number. Throws Error on a read error.
std::uint64_t count_newlines(const WorkUnit& unit);

struct ShardCounts {
  std::uint64_t documents = 0;  // articles stored
  std::uint64_t events = 0;     // triples stored with them
  std::uint64_t bad_records = 0;  // records skipped with an error diagnostic
};

struct ShardOptions {
  std::size_t batch = 1000;  // documents per transaction
  unsigned jobs = 1;         // coder threads
};

// Reads `units` in order (first_lines[i]: the line number of the first line of
// units[i], 1 for a whole file) and stores every good article in `store`, as
// `dipgraph ingest` would. Bad records go to `report` and are counted; a file that
// cannot be opened or read throws Error (the caller fails the whole run).
ShardCounts ingest_units(const std::vector<WorkUnit>& units,
                         const std::vector<std::uint64_t>& first_lines, const RelationCoder& coder,
                         EventStore& store, const ShardOptions& options, const Reporter& report);

}  // namespace dipgraph::mpi
