// Reader: article files, directories and JSON lines in, one Article at a time out.
//
// Implements Contract 1 of DESIGN.md. Inputs are `.txt` files (optional `Key: value`
// header ended by a blank line), `.jsonl`/`.ndjson` files (one JSON object a line,
// `text` required), directories (read recursively in sorted byte order of the
// relative path), and `-` (JSON lines from stdin). Memory is bounded by the largest
// accepted document, never by the number of documents or the length of a rejected
// line; the one exception is a directory's listing (a relative path per file),
// held while that directory is read so that its order can be sorted.
//
// Bad input never stops the run: each skipped record or file gets exactly one
// error Diagnostic (ninja style: file, line, column, the parser's English text),
// and bad_records() counts them. Warnings (unparseable date, empty article, a file
// of another type inside a directory) do not count as bad records.
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

// Parses one `.txt` article. `content` is the whole file; `id` and `origin` (the
// path, used as the file name of diagnostics) are set by the caller.
//
// A leading UTF-8 byte order mark is dropped. The header is recognised only when
// the first line is `Key: value` with a known key (Title, Date, URL, Source, Id,
// Author, Published; any case). It runs to the first blank line, unknown keys
// included; when a line that is not `Key: value`, or the end, comes before any
// blank line, only the leading known-key lines are the header (so a dateline such
// as "ISLAMABAD: ..." stays in the body). `Id`
// replaces the caller's id; `Published` is used when there is no `Date`; Author
// and unknown keys are ignored. Without a `Title`, the first non-empty line of
// the body is the title; it stays in `text`.
//
// Returns false and reports an error for content that is not valid UTF-8 or
// contains NUL bytes (line and column of the first bad byte); returns false and
// reports a warning for an empty or whitespace-only article. An unparseable date
// is a warning: the article is kept with an empty date.
bool parse_text_article(std::string_view content, const std::string& id, const std::string& origin,
                        const Reporter& report, Article& out);

// Parses one JSON line (without its newline) into an Article. `file` and `line`
// are for messages and origin; the id is the `id` field (a string, or an integer
// as its decimal text), else `<stem>:<line>`. `text` must be a string; `title`,
// `date`, `url`, `source` are optional strings (null counts as absent); other
// members are ignored. Returns false and reports an error, with the column of the
// problem, for broken JSON (RapidJSON's English message), a non-object, a missing
// or mistyped field, invalid UTF-8, NUL bytes (raw or `\u0000`), or nesting deeper
// than 512 levels. Empty text is a warning and returns false.
bool parse_json_article(std::string_view json_line, const std::string& file,
                        const std::string& stem, std::size_t line, const Reporter& report,
                        Article& out);

// Streams JSON lines from `in`, reading it in large blocks. Lines longer than
// limits.max_document_bytes are skipped in pieces, never buffered whole. Blank
// lines are ignored. A leading byte order mark is dropped. Not thread-safe; `in`
// must outlive the reader.
class JsonLinesReader {
 public:
  JsonLinesReader(std::istream& in, std::string file, std::string stem, Reporter report,
                  ReaderLimits limits = {});
  ~JsonLinesReader();
  JsonLinesReader(const JsonLinesReader&) = delete;
  JsonLinesReader& operator=(const JsonLinesReader&) = delete;

  // Fills `out` with the next good article; false at end of input. Reusing one
  // Article across calls reuses its string buffers.
  bool next(Article& out);
  // Lines skipped with an error so far.
  std::size_t bad_records() const;
  // Bytes consumed from `in` so far.
  std::size_t bytes_read() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Reads every input the user named, in order; directories expand to their files
// (`.txt`, `.jsonl`, `.ndjson`, any case) in sorted order of their relative paths.
// Inside a directory, hidden entries (names starting with '.') are skipped
// silently, other files and symbolic links to directories with a warning. A file
// named explicitly is read as JSON lines when it ends in `.jsonl`/`.ndjson` and as
// plain text otherwise. `-` reads JSON lines from `stdin_stream` (std::cin when
// null); its messages name `<stdin>` and its fallback ids are `stdin:<line>`.
// Missing or unreadable paths (dangling symbolic links included) are reported as
// errors and skipped; the run goes on.
//
// Ids: `.txt` files get their path relative to the input root without extension
// (a file named directly: its stem). JSON lines without `id` get
// `<stem>:<line>`, the stem being that relative path for files in a directory.
// Article.origin is the path as given (joined with the relative path), plus
// `:<line>` for JSON lines.
class ArticleReader {
 public:
  ArticleReader(std::vector<std::string> inputs, Reporter report, ReaderLimits limits = {},
                std::istream* stdin_stream = nullptr);
  ~ArticleReader();
  ArticleReader(const ArticleReader&) = delete;
  ArticleReader& operator=(const ArticleReader&) = delete;

  // Fills `out` with the next good article; false when all inputs are done.
  bool next(Article& out);
  // Records and files skipped with an error so far (warnings do not count).
  std::size_t bad_records() const;
  // Input bytes consumed so far, stdin included (for progress and throughput).
  std::size_t bytes_read() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace dipgraph
