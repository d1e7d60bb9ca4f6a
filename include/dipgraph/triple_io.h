// Triples as text: the JSON lines of Contract 2 (output of `extract`, input of
// `ingest --triples`) and a TSV view for spreadsheets.
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <string_view>

#include "dipgraph/diagnostics.h"
#include "dipgraph/types.h"

namespace dipgraph {

// Appends one JSON object and a newline to `out`, keys in the order of Contract 2
// (doc, sentence, date, subject, relation, cameo, quad, goldstein, object, topics,
// negated, confidence, evidence, span). Deterministic: same triple, same bytes.
void append_triple_json(const Triple& t, std::string& out);

// The TSV header line (with newline) and one row: doc, sentence, date, subject id,
// relation, object id, cameo, quad, goldstein, topics (`;`-joined), negated,
// confidence, subject text, object text, evidence. Tabs and newlines inside values
// become spaces.
std::string_view triple_tsv_header();
void append_triple_tsv(const Triple& t, std::string& out);

// Parses one JSON line of Contract 2. Returns false (and reports file:line:column)
// on broken JSON, a missing or mistyped required field (doc, subject.id, relation,
// object.id), or a value out of range (quad outside 1..4, goldstein outside -10..10).
bool parse_triple_json(std::string_view line, const std::string& file, std::size_t line_number,
                       const Reporter& report, Triple& out);

}  // namespace dipgraph
