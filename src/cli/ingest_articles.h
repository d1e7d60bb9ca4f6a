// What `ingest` stores for one article, shared by `dipgraph ingest` and
// `dipgraph-mpi ingest` so that both write the same rows for the same article
// (the MPI test compares their stores row by row).
#pragma once

#include <utility>
#include <vector>

#include "dipgraph/event_store.h"
#include "dipgraph/relation_coder.h"
#include "dipgraph/types.h"

namespace dipgraph::cli {

struct CodedDocument {
  DocumentRecord record;
  std::vector<Triple> triples;  // negated triples left out: they are not relations
};

// Codes `article` and makes its store record. The content hash covers the article
// and what the coder made of it, so a new coder version replaces old events while
// an unchanged rerun is a no-op. Thread-safe as RelationCoder::code is.
CodedDocument code_article(const RelationCoder& coder, const Article& article);

}  // namespace dipgraph::cli
