// The document indexes of a version 6 store (private to src/store): which documents
// hold an actor, a pair of actors or a date range, and reading those documents'
// packed events by key.
//
// Every read path ends in the packed events of documents (store/packed_events.h);
// the indexes only narrow down which documents to read. A document the indexes
// name may still hold no event that passes the question (the actor's events are
// negated, or of other dates): the caller filters each event.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dipgraph/event_store.h"
#include "store/sqlite_db.h"

namespace dipgraph::store {

// The keys of the documents with an event of actor `a` (`b` empty) or between `a`
// and `b` (either direction), ascending.
std::vector<std::int64_t> documents_of(Database& db, std::string_view a, std::string_view b);

// The keys of the documents that may hold events of `actors` (any of them; all
// documents when empty) dated within [since, until] (a bound is open when empty;
// no date term when both are), ascending; nullopt as soon as the indexes show more
// than `bound` documents, which a sequential pass over all documents reads faster.
// Without any actor or date term the answer is nullopt: every document may hold
// such events.
std::optional<std::vector<std::int64_t>> few_documents(Database& db,
                                                       const std::vector<std::string>& actors,
                                                       const std::string& since,
                                                       const std::string& until,
                                                       std::int64_t bound);

// Calls `visit` for each event of the documents `keys`, in the order of `keys`, with
// the document key and source set. A blob that cannot be read throws Error naming
// `path` ("store is corrupt").
void read_documents(Database& db, const std::string& path, const std::vector<std::int64_t>& keys,
                    const std::function<void(const EventView&)>& visit);

}  // namespace dipgraph::store
