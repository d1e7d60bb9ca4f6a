// The store's read path for questions about one actor or one pair of actors.
//
// for_each_event streams the whole store in two merged cursors, which is right for
// a graph of everything but wasteful for a pair that has 3,000 of 1,000,000 events.
// Here the events come through the actor indexes (events_by_dyad, events_by_object)
// and each one's topics and document source are looked up by key.
#include <sqlite3.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "dipgraph/event_store.h"
#include "store/sqlite_db.h"

namespace dipgraph {
namespace {

using store::Database;
using store::Statement;

std::string_view column_view(sqlite3_stmt* stmt, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
  if (text == nullptr) return {};
  return {text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, column))};
}

// The terms of `filter` other than actors, each starting with " AND ".
std::string filter_terms(const EventFilter& filter, std::vector<std::string>& params) {
  std::string out;
  if (!filter.include_negated) out += " AND negated = 0";
  if (!filter.since.empty()) {
    out += " AND date >= ? AND date <> ''";
    params.push_back(filter.since);
  }
  if (!filter.until.empty()) {
    out += " AND date <= ? AND date <> ''";
    params.push_back(filter.until);
  }
  if (!filter.relations.empty()) {
    out += " AND relation IN (";
    for (std::size_t i = 0; i < filter.relations.size(); ++i) out += i ? ",?" : "?";
    out += ")";
    params.insert(params.end(), filter.relations.begin(), filter.relations.end());
  }
  return out;
}

}  // namespace

void EventStore::for_each_event_of(std::string_view a, std::string_view b, const EventFilter& filter,
                                   const std::function<void(const EventView&)>& visit) const {
  Database db(path(), SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
  sqlite3_busy_timeout(db.handle(), 60000);
  db.exec("BEGIN");

  std::vector<std::string> params;
  std::string who;
  if (b.empty()) {
    who = "(subject = ? OR object = ?)";
    params = {std::string(a), std::string(a)};
  } else {
    who = "((subject = ? AND object = ?) OR (subject = ? AND object = ?))";
    params = {std::string(a), std::string(b), std::string(b), std::string(a)};
  }
  const std::string sql =
      "SELECT event_key, doc_key, subject, relation, object, cameo, quad, goldstein, date, "
      "negated FROM events WHERE " +
      who + filter_terms(filter, params) + " ORDER BY event_key";
  {
    Statement events(db, sql.c_str());
    for (std::size_t i = 0; i < params.size(); ++i) {
      events.bind(static_cast<int>(i) + 1, std::string_view(params[i]));
    }
    Statement topics(db, "SELECT topic FROM event_topics WHERE event_key = ? ORDER BY position");
    Statement source(db, "SELECT source FROM documents WHERE doc_key = ?");
    std::unordered_map<std::int64_t, std::string> sources;  // per document, looked up once

    EventView view;
    std::vector<std::string> topic_text;
    while (events.step()) {
      sqlite3_stmt* row = events.raw();
      view.document = events.int64(1);
      view.subject = column_view(row, 2);
      view.relation = column_view(row, 3);
      view.object = column_view(row, 4);
      view.cameo = column_view(row, 5);
      view.quad = static_cast<int>(events.int64(6));
      view.goldstein = events.real(7);
      view.date = column_view(row, 8);
      view.negated = events.int64(9) != 0;

      auto [it, added] = sources.try_emplace(view.document);
      if (added) {
        source.bind(1, view.document);
        if (source.step()) it->second = source.text(0);
        source.reset();
      }
      view.source = it->second;

      topic_text.clear();
      topics.bind(1, events.int64(0));
      while (topics.step()) topic_text.push_back(topics.text(0));
      topics.reset();
      view.topics.assign(topic_text.begin(), topic_text.end());
      visit(view);
    }
    events.reset();
  }
  db.exec("COMMIT");
}

}  // namespace dipgraph
