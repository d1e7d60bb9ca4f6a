#include "dipgraph/graph_cache.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>

#include "byte_codec.h"
#include "graph/event_table.h"
#include "graph/graph_codec.h"

namespace dipgraph {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kEntryMagic = "DGPHCACHE1\n";

// The store file as the cache knows it: this build, its real path, device and inode.
std::optional<std::string> store_identity(const EventStore& store) {
  std::error_code ec;
  const fs::path real = fs::canonical(store.path(), ec);
  struct stat st {};
  if (ec || ::stat(real.c_str(), &st) != 0) return std::nullopt;
  std::string key = "dipgraph " DIPGRAPH_VERSION "\n" + real.string() + '\n';
  key += std::to_string(st.st_dev) + ':' + std::to_string(st.st_ino) + '\n';
  return key;
}

std::string generation_line(const EventStore& store) {
  return "generation " + std::to_string(store.generation()) + '\n';
}

// Everything an entry depends on, as text: equal keys mean equal graphs.
std::optional<std::string> cache_key(const EventStore& store, const std::vector<GraphOptions>& variants,
                                     std::string_view a, std::string_view b) {
  auto key = store_identity(store);
  if (!key) return std::nullopt;
  *key += generation_line(store);
  *key += "scope ";
  put_string(*key, a);
  put_string(*key, b);
  for (const GraphOptions& o : variants) put_graph_options(*key, o);
  return key;
}

std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string entry_name(const std::string& key) {
  char name[32];
  std::snprintf(name, sizeof name, "%016llx.graph", static_cast<unsigned long long>(fnv1a(key)));
  return name;
}

// The file's bytes, read into one buffer of its size.
std::optional<std::string> read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return std::nullopt;
  const std::streamoff size = in.tellg();
  if (size < 0) return std::nullopt;
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), size) || in.gcount() != size) return std::nullopt;
  return bytes;
}

// The graphs of an entry whose key is `key`; nullopt for a miss or a damaged entry.
std::optional<std::vector<RelationGraph>> read_entry(const fs::path& path, const std::string& key,
                                                     std::size_t count) {
  const auto bytes = read_whole(path);
  if (!bytes || std::string_view(*bytes).substr(0, kEntryMagic.size()) != kEntryMagic) {
    return std::nullopt;
  }
  ByteReader in(std::string_view(*bytes).substr(kEntryMagic.size()));
  std::string_view stored_key;
  std::uint64_t n = 0;
  if (!in.string(stored_key) || stored_key != key || !in.varint(n) || n != count) return std::nullopt;
  std::vector<RelationGraph> graphs;
  for (std::uint64_t i = 0; i < n; ++i) {
    std::string_view saved;
    if (!in.string(saved)) return std::nullopt;
    auto graph = RelationGraph::load(saved);
    if (!graph) return std::nullopt;
    graphs.push_back(std::move(*graph));
  }
  if (!in.at_end()) return std::nullopt;
  return graphs;
}

// Writes to a name of this process and renames, so that a reader sees the old
// file, the new one or none, never a part. Failures are ignored: it is a cache.
void write_bytes(const fs::path& path, const std::string& bytes) {
  const fs::path tmp = path.string() + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) {
      std::error_code ec;
      fs::remove(tmp, ec);
      return;
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) fs::remove(tmp, ec);
}

void write_entry(const fs::path& path, const std::string& key, const std::vector<RelationGraph>& graphs) {
  std::string bytes(kEntryMagic);
  put_string(bytes, key);
  put_varint(bytes, graphs.size());
  for (const RelationGraph& g : graphs) put_string(bytes, g.save());
  write_bytes(path, bytes);
}

// Removes the least recently used entries with extension `extension` (by
// modification time, which a hit refreshes) beyond `max_entries`.
void prune(const fs::path& dir, std::size_t max_entries, std::string_view extension = ".graph") {
  std::vector<std::pair<fs::file_time_type, fs::path>> entries;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() != extension) continue;
    std::error_code time_ec;
    const auto time = it->last_write_time(time_ec);
    if (!time_ec) entries.emplace_back(time, it->path());
  }
  if (entries.size() <= max_entries) return;
  std::sort(entries.begin(), entries.end());
  for (std::size_t i = 0; i + max_entries < entries.size(); ++i) fs::remove(entries[i].second, ec);
}

// The event table (graph/event_table.h) of a store: one file per store file,
// `<hash of its identity>.events`, holding the generation it was read at; a few
// are kept (each about 32 bytes per event).
constexpr std::size_t kMaxEventTables = 4;

fs::path event_table_path(const GraphCacheOptions& cache, const std::string& identity) {
  fs::path path = fs::path(cache.dir) / entry_name(identity);
  path.replace_extension(".events");
  return path;
}

std::optional<graph::EventTable> read_table_entry(const GraphCacheOptions& cache, const EventStore& store) {
  const auto identity = store_identity(store);
  if (!identity) return std::nullopt;
  const fs::path path = event_table_path(cache, *identity);
  auto table = graph::map_event_table(path.string(), *identity + generation_line(store));
  if (table) {
    std::error_code ec;
    fs::last_write_time(path, fs::file_time_type::clock::now(), ec);
  }
  return table;
}

// Reads the store's event table and saves it (the key is taken before the scan, as
// for graphs); nullopt when the store file cannot be identified.
std::optional<graph::EventTable> write_table_entry(const GraphCacheOptions& cache, const EventStore& store) {
  const auto identity = store_identity(store);
  if (!identity) return std::nullopt;
  const std::string key = *identity + generation_line(store);
  std::optional<graph::EventTable> table = graph::read_event_table(store);
  if (!table) return std::nullopt;
  write_bytes(event_table_path(cache, *identity), graph::save_event_table(*table, key));
  prune(fs::path(cache.dir), kMaxEventTables, ".events");
  return table;
}


// The store's event table of its current generation from the cache; when there is
// none and `read_if_missing`, read from the store and saved.
std::optional<graph::EventTable> current_table(const GraphCacheOptions& cache, const EventStore& store,
                                               bool read_if_missing) {
  std::optional<graph::EventTable> table = read_table_entry(cache, store);
  if (!table && read_if_missing) table = write_table_entry(cache, store);
  return table;
}

}  // namespace

std::vector<RelationGraph> cached_graphs(const EventStore& store,
                                         const std::vector<GraphOptions>& variants,
                                         const GraphCacheOptions& cache, std::string_view a,
                                         std::string_view b) {
  if (variants.empty()) return {};
  // Read before the scan: an ingest committing meanwhile can only make the entry
  // newer than its key says, and the next generation never matches it again.
  const auto key = cache_key(store, variants, a, b);
  std::error_code ec;
  const bool usable = key && !cache.dir.empty() && (fs::create_directories(cache.dir, ec), !ec) &&
                      fs::is_directory(cache.dir, ec);
  if (!usable) return RelationGraph::from_store(store, variants, a, b);
  const fs::path entry = fs::path(cache.dir) / entry_name(*key);
  if (auto hit = read_entry(entry, *key, variants.size())) {
    fs::last_write_time(entry, fs::file_time_type::clock::now(), ec);
    return std::move(*hit);
  }
  // Counted from the store's event table when there is one of this generation,
  // except for a pair, whose few documents the store reads by key faster than the
  // table is scanned. Without a table (an ingest with --no-cache, an emptied
  // cache), a question about the whole store reads one: a scan it would make
  // anyway, and the next questions count from the table; one about an actor reads
  // its own documents.
  std::optional<graph::EventTable> table;
  if (b.empty()) table = current_table(cache, store, a.empty());
  std::optional<std::vector<RelationGraph>> from_table;
  if (table) from_table = graph::graphs_from_table(*table, variants, store.actors(), a, b);
  auto graphs = from_table ? std::move(*from_table) : RelationGraph::from_store(store, variants, a, b);
  write_entry(entry, *key, graphs);
  prune(cache.dir, cache.max_entries);
  return graphs;
}

std::size_t warm_graph_cache(const EventStore& store, const std::vector<GraphOptions>& variants,
                             const GraphCacheOptions& cache) {
  std::error_code ec;
  if (cache.dir.empty() || (fs::create_directories(cache.dir, ec), ec)) return 0;
  // The entries cached_graphs(store, {variant}, cache) looks for. Their keys are
  // taken before the table is read, as in cached_graphs: a commit in between can
  // only make an entry newer than its key says.
  std::vector<GraphOptions> missing;
  std::vector<std::pair<fs::path, std::string>> entries;
  for (const GraphOptions& variant : variants) {
    const auto key = cache_key(store, {variant}, {}, {});
    if (!key) return 0;
    const fs::path entry = fs::path(cache.dir) / entry_name(*key);
    if (read_entry(entry, *key, 1)) continue;
    missing.push_back(variant);
    entries.emplace_back(entry, *key);
  }
  const std::optional<graph::EventTable> table = current_table(cache, store, true);
  if (missing.empty()) return 0;
  std::optional<std::vector<RelationGraph>> from_table;
  if (table) from_table = graph::graphs_from_table(*table, missing, store.actors());
  auto graphs = from_table ? std::move(*from_table) : RelationGraph::from_store(store, missing);
  for (std::size_t i = 0; i < graphs.size(); ++i) {
    std::vector<RelationGraph> one;
    one.push_back(std::move(graphs[i]));
    write_entry(entries[i].first, entries[i].second, one);
  }
  prune(cache.dir, cache.max_entries);
  return graphs.size();
}

}  // namespace dipgraph
