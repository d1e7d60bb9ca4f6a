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
#include "store/event_filter_sql.h"
#include "store/sqlite_db.h"

namespace dipgraph {
namespace {

using store::Database;
using store::Statement;

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
      who + store::filter_terms(filter, params) + " ORDER BY event_key";
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
      view.document = events.int64(1);
      view.subject = events.view(2);
      view.relation = events.view(3);
      view.object = events.view(4);
      view.cameo = events.view(5);
      view.quad = static_cast<int>(events.int64(6));
      view.goldstein = events.real(7);
      view.date = events.view(8);
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
