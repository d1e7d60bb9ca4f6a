#include "store/document_index.h"

#include <algorithm>
#include <iterator>

#include "dipgraph/diagnostics.h"
#include "store/packed_events.h"

namespace dipgraph::store {
namespace {

// At most `limit` keys of the documents naming `actor` (limit < 0: all), ascending.
std::vector<std::int64_t> documents_naming(Database& db, std::string_view actor, std::int64_t limit) {
  // The actor's entries come by partner, then document: DISTINCT counts documents.
  Statement q(db, "SELECT DISTINCT doc_key FROM document_dyads WHERE actor = ? LIMIT ?");
  q.bind(1, actor).bind(2, limit);
  std::vector<std::int64_t> keys;
  while (q.step()) keys.push_back(q.int64(0));
  std::sort(keys.begin(), keys.end());
  return keys;
}

// At most `limit` keys of the documents with an event dated in [since, until].
std::vector<std::int64_t> documents_dated(Database& db, const std::string& since,
                                          const std::string& until, std::int64_t limit) {
  // Undated events are not in document_dates: any date bound leaves them out.
  Statement q(db,
              "SELECT DISTINCT doc_key FROM document_dates WHERE date >= ?1 AND (?2 = '' OR date <= ?2) "
              "LIMIT ?3");
  q.bind(1, std::string_view(since)).bind(2, std::string_view(until)).bind(3, limit);
  std::vector<std::int64_t> keys;
  while (q.step()) keys.push_back(q.int64(0));
  std::sort(keys.begin(), keys.end());
  return keys;
}

std::vector<std::int64_t> intersect(const std::vector<std::int64_t>& x, const std::vector<std::int64_t>& y) {
  std::vector<std::int64_t> out;
  std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(out));
  return out;
}

// The documents naming any of `actors`, or nullopt when they are more than `bound`.
std::optional<std::vector<std::int64_t>> few_naming(Database& db, const std::vector<std::string>& actors,
                                                    std::int64_t bound) {
  std::vector<std::int64_t> all;
  for (const std::string& actor : actors) {
    std::vector<std::int64_t> keys = documents_naming(db, actor, bound + 1);
    if (static_cast<std::int64_t>(keys.size()) > bound) return std::nullopt;
    std::vector<std::int64_t> merged;
    std::set_union(all.begin(), all.end(), keys.begin(), keys.end(), std::back_inserter(merged));
    all.swap(merged);
    if (static_cast<std::int64_t>(all.size()) > bound) return std::nullopt;
  }
  return all;
}

}  // namespace

std::vector<std::int64_t> documents_of(Database& db, std::string_view a, std::string_view b) {
  if (b.empty()) return documents_naming(db, a, -1);
  Statement q(db, "SELECT doc_key FROM document_dyads WHERE actor = ? AND partner = ? ORDER BY doc_key");
  q.bind(1, a).bind(2, b);
  std::vector<std::int64_t> keys;
  while (q.step()) keys.push_back(q.int64(0));
  return keys;
}

std::optional<std::vector<std::int64_t>> few_documents(Database& db,
                                                       const std::vector<std::string>& actors,
                                                       const std::string& since,
                                                       const std::string& until,
                                                       std::int64_t bound) {
  std::optional<std::vector<std::int64_t>> named, dated;
  if (!actors.empty()) named = few_naming(db, actors, bound);
  if (!since.empty() || !until.empty()) {
    std::vector<std::int64_t> keys = documents_dated(db, since, until, bound + 1);
    if (static_cast<std::int64_t>(keys.size()) <= bound) dated = std::move(keys);
  }
  if (named && dated) return intersect(*named, *dated);
  return named ? named : dated;
}

void read_documents(Database& db, const std::string& path, const std::vector<std::int64_t>& keys,
                    const std::function<void(const EventView&)>& visit) {
  Statement q(db, "SELECT source, packed_events FROM documents WHERE doc_key = ?");
  EventView view;
  for (const std::int64_t key : keys) {
    q.bind(1, key);
    if (q.step()) {
      view.document = key;
      view.source = q.view(0);
      if (!unpack_events(q.blob(1), view, visit)) {
        throw Error(path, "store is corrupt: the packed events of document key " + std::to_string(key) +
                              " cannot be read");
      }
    }
    q.reset();
  }
}

}  // namespace dipgraph::store
