// The store's read path for `dipgraph query between`: the strongest evidence
// sentences of one pair of actors.
//
// The pair's documents are found through the posting lists and their events read as
// the key ranges the documents keep, so the cost grows with the pair's documents,
// not with the store. Reading every event row of a pair in 1.4% of a million-event
// store took about 30 ms; so the packed events of those documents (a tenth of the
// bytes) first tell how strong the `limit`-th strongest event is, and only the
// documents with an event that strong have their rows read.
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <optional>
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

// The documents of `docs` that hold one of the `limit` strongest events (by
// |goldstein|) between `a` and `b` that pass `filter`, with every event as strong as
// the weakest of those; and that strength. Nullopt when the pair has at most `limit`
// such events (every document may then give one).
struct StrongDocuments {
  double strength = 0;
  std::vector<std::int64_t> documents;
};

std::optional<StrongDocuments> strong_documents(Database& db, const std::string& path,
                                                const std::vector<std::int64_t>& docs, std::string_view a,
                                                std::string_view b, const EventFilter& filter,
                                                std::size_t limit) {
  std::vector<std::pair<double, std::int64_t>> events;  // (|goldstein|, document)
  bool finite = true;
  store::read_documents(db, path, docs, [&](const EventView& e) {
    const bool pair = (e.subject == a && e.object == b) || (e.subject == b && e.object == a);
    if (!pair || !store::passes_terms(filter, e)) return;
    finite = finite && std::isfinite(e.goldstein);
    events.emplace_back(std::fabs(e.goldstein), e.document);
  });
  if (!finite || events.size() <= limit) return std::nullopt;
  const auto nth = events.begin() + static_cast<std::ptrdiff_t>(limit - 1);
  std::nth_element(events.begin(), nth, events.end(), std::greater<>());
  StrongDocuments out;
  out.strength = nth->first;
  for (const auto& [strength, document] : events) {
    if (strength >= out.strength) out.documents.push_back(document);
  }
  std::sort(out.documents.begin(), out.documents.end());
  out.documents.erase(std::unique(out.documents.begin(), out.documents.end()), out.documents.end());
  return out;
}

// The first `limit` distinct sentences (document, sentence) of the evidence query
// over `docs`, strongest first.
std::vector<EvidenceRecord> evidence_of(Database& db, std::string_view a, std::string_view b,
                                        const EventFilter& filter, const std::vector<std::int64_t>& docs,
                                        std::size_t limit) {
  std::vector<std::string> params{std::string(a), std::string(b), store::json_array(docs)};
  const std::string sql =
      "SELECT d.id, e.sentence, e.date, d.url, d.title, e.subject, e.relation, e.object, "
      "e.goldstein, e.confidence, e.evidence FROM documents d JOIN events e ON "
      "e.event_key BETWEEN d.first_event AND d.last_event WHERE d.doc_key IN "
      "(SELECT value FROM json_each(?3)) AND "
      "((e.subject = ?1 AND e.object = ?2) OR (e.subject = ?2 AND e.object = ?1))" +
      store::filter_terms(filter, params, "e.") +
      " ORDER BY abs(e.goldstein) DESC, e.confidence DESC, e.date = '' ASC, e.date DESC, "
      "d.id ASC, e.sentence ASC";
  std::vector<EvidenceRecord> out;
  Statement q(db, sql.c_str());
  for (std::size_t i = 0; i < params.size(); ++i) q.bind(static_cast<int>(i) + 1, std::string_view(params[i]));
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
  return out;
}

}  // namespace

std::vector<EvidenceRecord> EventStore::strongest_evidence(std::string_view a, std::string_view b,
                                                           const EventFilter& filter,
                                                           std::size_t limit) const {
  if (limit == 0) return {};
  Database db(path(), SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
  sqlite3_busy_timeout(db.handle(), 60000);
  db.exec("BEGIN");  // the posting lists, the packed events and the rows of one snapshot
  const std::vector<std::int64_t> docs = store::documents_of(db, a, b);
  std::vector<EvidenceRecord> out;
  // Rows weaker than the strength come after every row at least that strong, and
  // those all lie in the strong documents: when the `limit`-th sentence found there
  // is that strong, the whole pair would give the same sentences.
  if (const auto strong = strong_documents(db, path(), docs, a, b, filter, limit)) {
    out = evidence_of(db, a, b, filter, strong->documents, limit);
    if (out.size() < limit || std::fabs(out.back().goldstein) < strong->strength) out.clear();
  }
  if (out.empty()) out = evidence_of(db, a, b, filter, docs, limit);
  db.exec("COMMIT");
  return out;
}

}  // namespace dipgraph
