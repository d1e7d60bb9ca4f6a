// An EventFilter's date, relation and negation terms, as SQL and as C++, shared by
// the store's read paths (private to src/store).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "dipgraph/event_store.h"

namespace dipgraph::store {

// The terms of `filter` other than actors, each starting with " AND ", with their
// parameters appended to `params` in binding order. `table` qualifies the columns
// ("e." when the events table is joined under that alias).
inline std::string filter_terms(const EventFilter& filter, std::vector<std::string>& params,
                                const std::string& table = "") {
  std::string out;
  if (!filter.include_negated) out += " AND " + table + "negated = 0";
  if (!filter.since.empty()) {
    out += " AND " + table + "date >= ? AND " + table + "date <> ''";
    params.push_back(filter.since);
  }
  if (!filter.until.empty()) {
    out += " AND " + table + "date <= ? AND " + table + "date <> ''";
    params.push_back(filter.until);
  }
  if (!filter.relations.empty()) {
    out += " AND " + table + "relation IN (";
    for (std::size_t i = 0; i < filter.relations.size(); ++i) out += i ? ",?" : "?";
    out += ")";
    params.insert(params.end(), filter.relations.begin(), filter.relations.end());
  }
  return out;
}

// Whether an event passes the terms of `filter` other than actors: filter_terms
// said in C++, for the read paths that filter packed events.
inline bool passes_terms(const EventFilter& filter, const EventView& e) {
  if (e.negated && !filter.include_negated) return false;
  if (!filter.since.empty() && (e.date.empty() || e.date < filter.since)) return false;
  if (!filter.until.empty() && (e.date.empty() || e.date > filter.until)) return false;
  if (!filter.relations.empty() &&
      std::find(filter.relations.begin(), filter.relations.end(), e.relation) == filter.relations.end()) {
    return false;
  }
  return true;
}

}  // namespace dipgraph::store
