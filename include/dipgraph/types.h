// Plain value types handed from one pipeline stage to the next.
//
// Every stage takes and returns these structs; none of them owns a resource or
// knows about another stage. Byte offsets are always into UTF-8 text and are
// half-open [begin, end).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace dipgraph {

// One news article as read from disk or stdin (Contract 1 of DESIGN.md).
struct Article {
  std::string id;      // document id: JSON `id`, `<stem>:<line>`, or path without extension
  std::string title;   // header `Title:`, JSON `title`, or the first non-empty line of a .txt
  std::string text;    // the raw body as read (valid UTF-8, no NUL bytes)
  std::string date;    // publication date, ISO 8601 `YYYY-MM-DD`; empty when unknown
  std::string url;
  std::string source;  // publisher or site name
  std::string origin;  // where it came from: `path` or `path:line`, for messages

  bool operator==(const Article&) const = default;
};

// Maps byte offsets of a cleaned text back to the raw text it was made from.
// Stored as the start of each run in which cleaned and raw bytes advance together,
// so it costs memory per edit, not per byte.
class OffsetMap {
 public:
  // Records that cleaned offset `cleaned` corresponds to raw offset `raw`; calls
  // must come in increasing `cleaned` order.
  void add_anchor(std::size_t cleaned, std::size_t raw);
  // Raw offset of a cleaned offset (an offset inside a replaced run maps to the
  // start of that run's raw bytes, offsets past the end map past the raw end).
  std::size_t to_raw(std::size_t cleaned) const;
  std::size_t anchors() const { return anchors_.size(); }

  bool operator==(const OffsetMap&) const = default;

 private:
  std::vector<std::pair<std::size_t, std::size_t>> anchors_;  // (cleaned, raw)
};

// A token: a word, number, or punctuation mark, with its span in the cleaned text.
struct Token {
  std::size_t begin = 0;
  std::size_t end = 0;

  bool operator==(const Token&) const = default;
};

// A sentence of a cleaned article. `text` is a copy of cleaned[begin, end).
struct Sentence {
  std::size_t index = 0;  // 0-based position in the article
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string text;
  std::vector<Token> tokens;  // offsets into the cleaned text, not into `text`

  bool operator==(const Sentence&) const = default;
};

// An actor as a triple names it (Contract 2): resolved code plus the words used.
struct ActorRef {
  std::string id;    // ISO 3166-1 alpha-3, or an organisation code of DESIGN.md (UNO, EUR...)
  std::string name;  // display name ("Russia")
  std::string type;  // "country" or "igo"
  std::string text;  // as written in the sentence ("Russian Foreign Minister Sergey Lavrov")

  bool operator==(const ActorRef&) const = default;
};

// One coded relation: who did what to whom, with its evidence (Contract 2).
struct Triple {
  std::string doc;
  std::size_t sentence = 0;  // index of the evidence sentence in the article
  std::string date;          // event date `YYYY-MM-DD`; empty when unknown
  ActorRef subject;
  std::string relation;      // PLOVER type, lowercase ("consult")
  std::string cameo;         // CAMEO code as a string ("040")
  int quad = 0;              // CAMEO quad class 1..4
  double goldstein = 0.0;    // -10..+10
  ActorRef object;
  std::vector<std::string> topics;  // most specific first; a third country as its short name
  bool negated = false;
  double confidence = 0.0;   // 0..1
  std::string evidence;      // the sentence text
  std::size_t span_begin = 0;  // byte span of the sentence in the article's raw text
  std::size_t span_end = 0;

  bool operator==(const Triple&) const = default;
};

}  // namespace dipgraph
