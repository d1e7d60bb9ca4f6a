// A cache of whole-store graphs on disk, so that questions about a large store
// (`dipgraph query links/path/top`) do not scan millions of events every time.
//
// An entry is keyed on the store file (its real path, device and inode), the
// store's generation (EventStore::generation, which every committed change moves
// on), the actors it is about and every graph option, so an entry is only ever used for the very store
// content and options it was built from: after an ingest or a merge the next
// question rebuilds it. Entries are files `<hash>.graph` in the cache folder, each
// holding its full key (a hash collision is a miss, not a wrong answer); they are
// written to a temporary name and renamed, so readers never see half an entry. The
// cache is an optimisation only: an unusable folder or a damaged entry means the
// graphs are built from the store as without a cache.
//
// Next to the graphs the cache keeps each store's event table (one file
// `<hash>.events` per store file, of the store's last generation; at most 4 are
// kept): every event with its names as numbers (src/graph/event_table.h). Graphs
// that are not cached, of the whole store (`query path` and `query top` with
// filters) or of one actor (`query links`), are counted from it instead of read
// from the store, two to three times faster; a pair's few documents are read from
// the store by key. The first whole-store question after a change without a table
// reads one.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "dipgraph/event_store.h"
#include "dipgraph/relation_graph.h"

namespace dipgraph {

struct GraphCacheOptions {
  std::string dir;               // the cache folder, created when missing
  std::size_t max_entries = 64;  // beyond this, the least recently used go
};

// The graphs of `store` under each of `variants`, from the cache when it holds
// them, else built in one scan of the store and saved to the cache. The scan is of
// the whole store when `a` is empty, else of the events of actor id `a` (`b`
// empty) or of the pair `a`, `b`, as load_query_graphs (graph_query.h) reads them.
// The variants must share one filter (they are built from one scan): else Error.
// Throws what the store's scans throw.
std::vector<RelationGraph> cached_graphs(const EventStore& store,
                                         const std::vector<GraphOptions>& variants,
                                         const GraphCacheOptions& cache,
                                         std::string_view a = {}, std::string_view b = {});

// Saves the store's event table when the cache lacks it, then builds the
// whole-store graphs of `variants` that the cache lacks and saves each as the
// entry cached_graphs(store, {variant}, cache) reads. For `ingest`: the questions
// that read the whole store (query path, query top) then find their graph, or the
// table, ready after it. The variants must share one filter. Returns the number of
// graph entries written; throws what the store's scans throw.
std::size_t warm_graph_cache(const EventStore& store, const std::vector<GraphOptions>& variants,
                             const GraphCacheOptions& cache);

}  // namespace dipgraph
