// The store's read path for `dipgraph query between`: the strongest evidence
// sentences of one pair of actors.
//
// The pair's documents are found through the posting lists and their events read as
// the key ranges the documents keep, so the cost grows with the pair's documents,
// not with the store.
#include <sqlite3.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "dipgraph/event_store.h"
#include "store/document_index.h"
#include "store/event_filter_sql.h"
#include "store/sqlite_db.h"

namespace dipgraph {
namespace {

using store::Database;
using store::Statement;

}  // namespace

std::vector<EvidenceRecord> EventStore::strongest_evidence(std::string_view a, std::string_view b,
                                                           const EventFilter& filter,
                                                           std::size_t limit) const {
  std::vector<EvidenceRecord> out;
  if (limit == 0) return out;
  Database db(path(), SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
  sqlite3_busy_timeout(db.handle(), 60000);

  db.exec("BEGIN");  // the posting lists and the events of one snapshot
  std::vector<std::string> params{std::string(a), std::string(b),
                                  store::json_array(store::documents_of(db, a, b))};
  const std::string sql =
      "SELECT d.id, e.sentence, e.date, d.url, d.title, e.subject, e.relation, e.object, "
      "e.goldstein, e.confidence, e.evidence FROM documents d JOIN events e ON "
      "e.event_key BETWEEN d.first_event AND d.last_event WHERE d.doc_key IN "
      "(SELECT value FROM json_each(?3)) AND "
      "((e.subject = ?1 AND e.object = ?2) OR (e.subject = ?2 AND e.object = ?1))" +
      store::filter_terms(filter, params, "e.") +
      " ORDER BY abs(e.goldstein) DESC, e.confidence DESC, e.date = '' ASC, e.date DESC, "
      "d.id ASC, e.sentence ASC";
  {
    Statement q(db, sql.c_str());
    for (std::size_t i = 0; i < params.size(); ++i) {
      q.bind(static_cast<int>(i) + 1, std::string_view(params[i]));
    }
    std::set<std::pair<std::string, std::int64_t>> seen;  // (document, sentence)
    while (out.size() < limit && q.step()) {
      EvidenceRecord r;
      r.document = q.text(0);
      r.sentence = q.int64(1);
      if (!seen.emplace(r.document, r.sentence).second) continue;
      r.date = q.text(2);
      r.url = q.text(3);
      r.title = q.text(4);
      r.subject = q.text(5);
      r.relation = q.text(6);
      r.object = q.text(7);
      r.goldstein = q.real(8);
      r.confidence = q.real(9);
      r.evidence = q.text(10);
      out.push_back(std::move(r));
    }
    q.reset();
  }
  db.exec("COMMIT");
  return out;
}

}  // namespace dipgraph
