// Triples as text: the JSON lines of Contract 2 (output of `extract`, input of
// `ingest --triples`) and a TSV view for spreadsheets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

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
// The JSON lines of triples (append_triple_json) sorted bytewise and joined: the
// bytes whose content_hash is triples_content_hash (event_store.h). Keeps its
// buffers from one call to the next: `ingest --triples` hashes every document so,
// where a string per line cost a heap allocation per triple.
class SortedTripleJson {
 public:
  // The lines of `triples`, sorted and joined; valid until the next call.
  std::string_view of(const std::vector<Triple>& triples);

  // The same built up one triple at a time: clear, add each, then sorted.
  void clear();
  // `written`: the triple's line as append_triple_json writes it, less the newline,
  // when the caller has it (TripleLineReader::written_json), else empty.
  void add(const Triple& t, std::string_view written = {});
  std::string_view sorted();

 private:
  std::string lines_;                  // in the order of the triples
  std::vector<std::size_t> ends_;      // of each line in lines_
  std::vector<std::string_view> sorted_;
  std::string joined_;
};

std::string_view triple_tsv_header();
void append_triple_tsv(const Triple& t, std::string& out);

// Parses one JSON line of Contract 2. Returns false (and reports file:line:column)
// on broken JSON, a missing or mistyped required field (doc, subject.id, relation,
// object.id), or a value out of range (quad outside 1..4, goldstein outside -10..10,
// a date that is not an existing calendar day written YYYY-MM-DD). `out` is
// replaced by the triple (reusing its string buffers); after a false it is unspecified.
bool parse_triple_json(std::string_view line, const std::string& file, std::size_t line_number,
                       const Reporter& report, Triple& out);

// The longest JSON line of a triple that is read (32 MiB): four times the largest
// document an article reader accepts, so any triple dipgraph writes fits even when
// its evidence is one huge sentence with escaped characters. A longer line is
// skipped with a diagnostic and never held in memory whole.
inline constexpr std::size_t kMaxTripleLineBytes = 32u << 20;

// Reads the JSON lines of triples (`ingest --triples`): blank lines are ignored,
// bad lines and lines longer than `max_line_bytes` are reported (file:line) and
// skipped. Memory is bounded by `max_line_bytes`. `in` must outlive the reader.
class TripleLineReader {
 public:
  TripleLineReader(std::istream& in, std::string file, Reporter report,
                   std::size_t max_line_bytes = kMaxTripleLineBytes);

  // Fills `out` with the next good triple (its earlier content replaced, its string
  // buffers reused); false at the end of input.
  // Throws Error when the stream fails to read (not at its end).
  bool next(Triple& out);
  // The line of the triple last returned (1-based).
  std::size_t line() const { return line_; }
  // Input bytes consumed so far, newlines included.
  std::uint64_t bytes_read() const { return bytes_; }
  // The line of the triple last returned when it is byte for byte what
  // append_triple_json writes for it (less the newline), as in files dipgraph
  // wrote; else empty. Valid until the next call of next().
  std::string_view written_json() const {
    return as_written_ ? std::string_view(line_text_) : std::string_view();
  }

 private:
  bool read_line();

  std::istream& in_;
  std::string file_;
  Reporter report_;
  std::size_t max_line_bytes_;
  std::string line_text_;
  std::string parse_buffer_;  // line_text_ again, padded, parsed in place
  std::size_t line_length_ = 0;  // the whole line's length, also when it was cut
  std::size_t line_ = 0;
  std::uint64_t bytes_ = 0;
  bool as_written_ = false;  // whether line_text_ is the last triple as written
};

}  // namespace dipgraph
