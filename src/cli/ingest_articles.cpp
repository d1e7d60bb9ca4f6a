#include "cli/ingest_articles.h"

#include <string>

namespace dipgraph::cli {

CodedDocument code_article(const RelationCoder& coder, const Article& a) {
  CodedDocument out;
  for (Triple& t : coder.code(a).triples) {
    if (!t.negated) out.triples.push_back(std::move(t));
  }
  const std::string content = a.id + '\n' + a.title + '\n' + a.date + '\n' + a.url + '\n' +
                              a.source + '\n' + a.text + '\n' +
                              triples_content_hash(out.triples);
  out.record = DocumentRecord{a.id, content_hash(content), a.url, a.title, a.source, a.date};
  return out;
}

}  // namespace dipgraph::cli
