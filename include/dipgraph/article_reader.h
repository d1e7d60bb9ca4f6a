// Reader: article files, directories and JSON lines in, one Article at a time out.
//
// Implements Contract 1 of DESIGN.md. Inputs are `.txt` files (optional `Key: value`
// header ended by a blank line), `.jsonl`/`.ndjson` files (one JSON object a line,
// `text` required), directories (read recursively in sorted byte order of the
// relative path), and `-` (JSON lines from stdin). Memory is bounded by the largest
// accepted document, never by the number of documents.
#pragma once

#include <cstddef>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dipgraph/diagnostics.h"
#include "dipgraph/types.h"

namespace dipgraph {

struct ReaderLimits {
  // A JSON line or a .txt file longer than this is skipped with a diagnostic,
  // without being held in memory.
  std::size_t max_document_bytes = 8u << 20;
};

// Parses one `.txt` article. `content` is the whole file. `id` and `origin` are set
// by the caller. Returns false (and reports) when the content is not valid UTF-8 or
// contains NUL bytes. The header is recognised only when the first line is a known
// key (Title, Date, URL, Source, Id, Author, Published) followed by `:`.
bool parse_text_article(std::string_view content, const std::string& id,
                        const std::string& origin, const Reporter& report, Article& out);

// Parses one JSON line into an Article. `file` and `line` are for messages and for
// the fallback id `<stem>:<line>`. Returns false (and reports with the parser's
// column and English message) on broken JSON, a non-object, a missing or non-string
// `text`, wrong field types, invalid UTF-8 or NUL bytes.
bool parse_json_article(std::string_view json_line, const std::string& file,
                        const std::string& stem, std::size_t line, const Reporter& report,
                        Article& out);

// Streams JSON lines from `in`. Lines longer than limits.max_document_bytes are
// skipped in pieces, never buffered whole. Blank lines are ignored.
class JsonLinesReader {
 public:
  JsonLinesReader(std::istream& in, std::string file, std::string stem, Reporter report,
                  ReaderLimits limits = {});
  // Fills `out` with the next good article; false at end of input.
  bool next(Article& out);
  std::size_t bad_records() const { return bad_records_; }

 private:
  std::istream& in_;
  std::string file_;
  std::string stem_;
  Reporter report_;
  ReaderLimits limits_;
  std::size_t line_ = 0;
  std::size_t bad_records_ = 0;
  std::string buffer_;
};

// Reads every input the user named, in order; directories expand to their files
// (`.txt`, `.jsonl`, `.ndjson`; other extensions are skipped with a warning) in
// sorted order. Unreadable paths are reported and skipped; the run goes on.
class ArticleReader {
 public:
  ArticleReader(std::vector<std::string> inputs, Reporter report, ReaderLimits limits = {},
                std::istream* stdin_stream = nullptr);
  ~ArticleReader();
  ArticleReader(const ArticleReader&) = delete;
  ArticleReader& operator=(const ArticleReader&) = delete;

  bool next(Article& out);
  // Records and files skipped so far (errors only, not warnings).
  std::size_t bad_records() const;
  // Total input bytes of the files listed so far (for progress); stdin counts 0.
  std::size_t bytes_read() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace dipgraph
