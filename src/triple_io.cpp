#include "dipgraph/triple_io.h"

// RapidJSON scans string bodies and whitespace 16 bytes at a time with SSE2, which
// every x86-64 CPU has; its aligned loads may read up to 15 bytes past the end of a
// line, so a line it parses is a padded copy (padded_copy).
#if defined(__SSE2__) && !defined(RAPIDJSON_SSE2)
#define RAPIDJSON_SSE2
#endif
#include <rapidjson/document.h>
#include <rapidjson/reader.h>
#include <rapidjson/error/en.h>
#include <rapidjson/internal/dtoa.h>
#include <rapidjson/internal/itoa.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <cstdio>

#include "dipgraph/news_date.h"
#include "json_fields.h"

namespace dipgraph {
namespace {

using namespace std::string_view_literals;

// The JSON text of a string, escaped byte for byte as RapidJSON's Writer escapes it
// (UTF-8 in and out, default flags): `"` and `\\` get a backslash, control bytes below
// 0x20 become \b \t \n \f \r or \u00XX (upper-case hex), every other byte is copied.
// Runs of plain bytes are appended at once: extract writes every sentence as evidence,
// and the per-byte Put of RapidJSON's generic stream was a fifth of extract's run time.
// The bytes of the 8 in `x` that need escaping (below 0x20, '"' or '\\'), each
// flagged by its high bit (the bit tricks of "Bit Twiddling Hacks": a zero byte after
// XOR means equal). Exact as a yes/no answer, and the lowest flag is exact: a
// subtraction's borrow can only flag bytes above a byte flagged rightly.
std::uint64_t escaped_byte_flags(std::uint64_t x) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHighs = 0x8080808080808080ull;
  const std::uint64_t below_space = (x - kOnes * 0x20) & ~x & kHighs;
  const std::uint64_t quote = x ^ (kOnes * '"');
  const std::uint64_t backslash = x ^ (kOnes * '\\');
  const std::uint64_t equal = ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash);
  return below_space | (equal & kHighs);
}

bool escaped_byte(char c) {
  const auto b = static_cast<unsigned char>(c);
  return b < 0x20 || b == '"' || b == '\\';
}

// The end of the run of plain bytes of `s` from `i`: eight bytes at a time, then
// byte by byte up to the next byte to escape (or the end). On a little-endian
// machine the lowest flag of the block that has one is that byte: no byte loop.
std::size_t plain_run_end(std::string_view s, std::size_t i) {
  while (i + 8 <= s.size()) {
    std::uint64_t block;
    std::memcpy(&block, s.data() + i, sizeof block);
    if (const std::uint64_t flags = escaped_byte_flags(block); flags != 0) {
      if constexpr (std::endian::native == std::endian::little) {
        return i + static_cast<std::size_t>(std::countr_zero(flags)) / 8;
      }
      break;
    }
    i += 8;
  }
  while (i < s.size() && !escaped_byte(s[i])) ++i;
  return i;
}

// The longest a string can get as JSON: every byte as \u00XX, and its quotes.
constexpr std::size_t json_string_bound(std::string_view s) { return 6 * s.size() + 2; }

// Writes JSON through a raw cursor into space the caller has made room for (see
// append_triple_json): one size check per triple instead of one per byte or piece,
// which made string appends a tenth of extract's instructions.
class JsonCursor {
 public:
  explicit JsonCursor(char* p) : p_(p) {}

  char* position() const { return p_; }

  void raw(std::string_view s) {
    std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
  }
  void put(char c) { *p_++ = c; }

  void string(std::string_view s) {
    put('"');
    std::size_t i = 0;
    for (;;) {
      const std::size_t end = plain_run_end(s, i);
      raw(s.substr(i, end - i));
      if (end == s.size()) break;
      escape(static_cast<unsigned char>(s[end]));
      i = end + 1;
    }
    put('"');
  }

  // `prefix` is the literal before the value, e.g. `,"date":`.
  void field(std::string_view prefix, std::string_view value) {
    raw(prefix);
    string(value);
  }

  void unsigned_number(std::uint64_t n) { p_ = rapidjson::internal::u64toa(n, p_); }
  void int_number(int n) { p_ = rapidjson::internal::i32toa(n, p_); }

  // A number as RapidJSON's Writer formats it (its own dtoa, at most 4 decimals as
  // the triple writer always set); like the Writer, NaN and infinity write nothing.
  void double_number(double d) {
    if (std::isnan(d) || std::isinf(d)) return;
    p_ = rapidjson::internal::dtoa(d, p_, 4);
  }

  // `prefix` is e.g. `,"subject":{`.
  void actor(std::string_view prefix, const ActorRef& a) {
    raw(prefix);
    field("\"id\":"sv, a.id);
    field(",\"name\":"sv, a.name);
    field(",\"type\":"sv, a.type);
    field(",\"text\":"sv, a.text);
    put('}');
  }

 private:
  void escape(unsigned char c) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    put('\\');
    switch (c) {
      case '"': put('"'); break;
      case '\\': put('\\'); break;
      case '\b': put('b'); break;
      case '\t': put('t'); break;
      case '\n': put('n'); break;
      case '\f': put('f'); break;
      case '\r': put('r'); break;
      default:
        raw("u00"sv);
        put(kHex[c >> 4]);
        put(kHex[c & 0xF]);
    }
  }

  char* p_;
};

// The longest the JSON of `t` can get: its strings at worst, plus the keys and
// punctuation (under 256 bytes) and five numbers (under 26 bytes each).
std::size_t triple_json_bound(const Triple& t) {
  std::size_t bound = 256 + 5 * 26;
  for (std::string_view s : {std::string_view(t.doc), std::string_view(t.date),
                             std::string_view(t.relation), std::string_view(t.cameo),
                             std::string_view(t.evidence)}) {
    bound += json_string_bound(s);
  }
  for (const ActorRef* a : {&t.subject, &t.object}) {
    bound += json_string_bound(a->id) + json_string_bound(a->name) +
             json_string_bound(a->type) + json_string_bound(a->text);
  }
  for (const auto& topic : t.topics) bound += json_string_bound(topic) + 1;
  return bound;
}

void append_tsv_field(std::string_view value, std::string& out) {
  for (char c : value) out += (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
}

// Fixed decimals keep the TSV byte-stable across platforms.
std::string fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}


void clear_actor(ActorRef& a) {
  a.id.clear();
  a.name.clear();
  a.type.clear();
  a.text.clear();
}

// Resets `t` to a default Triple but keeps the buffers of its strings: ingest parses
// a million lines into recycled triples, and a fresh Triple per line cost a heap
// allocation per long field (and a free in the thread that stored it).
void clear_triple(Triple& t) {
  t.doc.clear();
  t.sentence = 0;
  t.date.clear();
  clear_actor(t.subject);
  t.relation.clear();
  t.cameo.clear();
  t.quad = 0;
  t.goldstein = 0.0;
  clear_actor(t.object);
  t.topics.clear();
  t.negated = false;
  t.confidence = 0.0;
  t.evidence.clear();
  t.span_begin = 0;
  t.span_end = 0;
}

// The space after a line that RapidJSON's SSE2 scans may read (aligned 16-byte
// loads up to 15 bytes past the terminating NUL), as in article_reader.cpp.
constexpr std::size_t kParserPadding = 64;

// `line` copied into `buffer` with a NUL and kParserPadding bytes after it, ready to
// be parsed in place; returns the copy's first byte.
char* padded_copy(std::string_view line, std::string& buffer) {
  buffer.resize(line.size() + 1 + kParserPadding);
  std::memcpy(buffer.data(), line.data(), line.size());
  std::memset(buffer.data() + line.size(), 0, 1 + kParserPadding);
  return buffer.data();
}

// The members of a triple line that are read; anything else is skipped.
enum class Member { kDoc, kDate, kSubject, kRelation, kCameo, kObject, kEvidence, kSentence,
                    kQuad, kGoldstein, kConfidence, kNegated, kTopics, kSpan, kOther };
constexpr std::size_t kMembers = static_cast<std::size_t>(Member::kOther);

enum class ActorMember { kId, kName, kType, kText, kOther };
constexpr std::size_t kActorMembers = static_cast<std::size_t>(ActorMember::kOther);

Member classify_member(std::string_view key) {
  switch (key.size()) {
    case 3: return key == "doc"sv ? Member::kDoc : Member::kOther;
    case 4:
      return key == "date"sv ? Member::kDate
             : key == "quad"sv ? Member::kQuad
             : key == "span"sv ? Member::kSpan : Member::kOther;
    case 5: return key == "cameo"sv ? Member::kCameo : Member::kOther;
    case 6:
      return key == "object"sv ? Member::kObject
             : key == "topics"sv ? Member::kTopics : Member::kOther;
    case 7:
      return key == "subject"sv ? Member::kSubject
             : key == "negated"sv ? Member::kNegated : Member::kOther;
    case 8:
      return key == "relation"sv ? Member::kRelation
             : key == "evidence"sv ? Member::kEvidence
             : key == "sentence"sv ? Member::kSentence : Member::kOther;
    case 9: return key == "goldstein"sv ? Member::kGoldstein : Member::kOther;
    case 10: return key == "confidence"sv ? Member::kConfidence : Member::kOther;
    default: return Member::kOther;
  }
}

ActorMember classify_actor_member(std::string_view key) {
  if (key.size() == 2) return key == "id"sv ? ActorMember::kId : ActorMember::kOther;
  if (key.size() != 4) return ActorMember::kOther;
  return key == "name"sv ? ActorMember::kName
         : key == "type"sv ? ActorMember::kType
         : key == "text"sv ? ActorMember::kText : ActorMember::kOther;
}

// What the checks after parsing need of a member: whether it was there, and the
// type of its first value, as a RapidJSON value without content (strings, objects and
// arrays empty; numbers and booleans whole, so IsUint64, IsInt, GetDouble... answer
// exactly as they did on the DOM the parser built before). Holds no memory.
struct Seen {
  bool present = false;
  rapidjson::Value value;
};

struct SeenActor {
  Seen members[kActorMembers];  // by ActorMember
};

// The paths of an actor's members in messages, by ActorMember.
constexpr const char* kSubjectPaths[kActorMembers] = {"subject.id", "subject.name", "subject.type",
                                                      "subject.text"};
constexpr const char* kObjectPaths[kActorMembers] = {"object.id", "object.name", "object.type",
                                                     "object.text"};

// RapidJSON SAX handler that reads a triple line straight into a Triple: string
// members are copied once, from the parsed text into the triple's own (reused)
// strings, and no DOM is built. Like FindMember on the DOM before it, the first
// of repeated keys counts and later ones are skipped. It never stops the parser
// (returns true throughout), so syntax errors and their offsets are RapidJSON's,
// as before; the checks of types and ranges run after the parse (TripleJsonParser).
class TripleHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, TripleHandler> {
 public:
  explicit TripleHandler(Triple& out) : out_(out) {}

  bool Null() { return value(rapidjson::Value()); }
  bool Bool(bool b) { return value(rapidjson::Value(b)); }
  bool Int(int i) { return value(rapidjson::Value(i)); }
  bool Uint(unsigned u) { return value(rapidjson::Value(u)); }
  bool Int64(std::int64_t i) { return value(rapidjson::Value(i)); }
  bool Uint64(std::uint64_t u) { return value(rapidjson::Value(u)); }
  bool Double(double d) { return value(rapidjson::Value(d)); }

  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (std::string* target = string_target()) target->assign(s, n);
    return value(rapidjson::Value(rapidjson::kStringType));
  }

  bool StartObject() { return open(rapidjson::kObjectType); }
  bool StartArray() { return open(rapidjson::kArrayType); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool EndArray(rapidjson::SizeType) { return close(); }

  bool Key(const char* s, rapidjson::SizeType n, bool) {
    const std::string_view key(s, n);
    if (depth_ == 1) {
      member_ = first_time(classify_member(key), members_);
    } else if (depth_ == 2 && actor_ != nullptr) {
      actor_member_ = first_time(classify_actor_member(key), actor_->members);
    }
    return true;
  }

  bool root_is_object() const { return root_is_object_; }
  const Seen& member(Member m) const { return members_[static_cast<std::size_t>(m)]; }
  const SeenActor& subject() const { return subject_; }
  const SeenActor& object() const { return object_; }
  bool topics_are_strings() const { return topics_are_strings_; }
  std::size_t span_size() const { return span_size_; }
  const rapidjson::Value& span(std::size_t i) const { return span_[i]; }

 private:
  enum class Inside { kNothingRead, kTopics, kSpan, kActor };

  // The member a key names, or kOther when it names none or came before.
  template <typename Kind, std::size_t N>
  static Kind first_time(Kind kind, Seen (&seen)[N]) {
    if (kind == Kind::kOther || seen[static_cast<std::size_t>(kind)].present) return Kind::kOther;
    seen[static_cast<std::size_t>(kind)].present = true;
    return kind;
  }

  // Where the string about to be read goes, if it is a member of the triple.
  std::string* string_target() {
    if (depth_ == 1) {
      switch (member_) {
        case Member::kDoc: return &out_.doc;
        case Member::kDate: return &out_.date;
        case Member::kRelation: return &out_.relation;
        case Member::kCameo: return &out_.cameo;
        case Member::kEvidence: return &out_.evidence;
        default: return nullptr;
      }
    }
    if (depth_ != 2) return nullptr;
    if (inside_ == Inside::kTopics) {
      return topics_are_strings_ ? &out_.topics.emplace_back() : nullptr;
    }
    if (inside_ != Inside::kActor) return nullptr;
    switch (actor_member_) {
      case ActorMember::kId: return &actor_ref_->id;
      case ActorMember::kName: return &actor_ref_->name;
      case ActorMember::kType: return &actor_ref_->type;
      case ActorMember::kText: return &actor_ref_->text;
      case ActorMember::kOther: return nullptr;
    }
    return nullptr;
  }

  // Records the type of a value (its content, if a string, was stored already).
  bool value(rapidjson::Value v) {
    if (depth_ == 0) {
      root_is_object_ = v.IsObject();
    } else if (depth_ == 1) {
      if (member_ != Member::kOther) members_[static_cast<std::size_t>(member_)].value = v.Move();
    } else if (depth_ == 2) {
      switch (inside_) {
        case Inside::kTopics:
          if (!v.IsString()) topics_are_strings_ = false;
          break;
        case Inside::kSpan:
          if (span_size_ < 2) span_[span_size_] = v.Move();
          ++span_size_;
          break;
        case Inside::kActor:
          if (actor_member_ != ActorMember::kOther) {
            actor_->members[static_cast<std::size_t>(actor_member_)].value = v.Move();
          }
          break;
        case Inside::kNothingRead:
          break;
      }
    }
    return true;
  }

  // An object or array starts: at the top, the values of "subject", "object",
  // "topics" and "span" (first time) are read inside; everything else is skipped.
  bool open(rapidjson::Type type) {
    if (depth_ == 1) {
      inside_ = Inside::kNothingRead;
      actor_ = nullptr;
      if (type == rapidjson::kObjectType && member_ == Member::kSubject) {
        enter_actor(subject_, out_.subject);
      } else if (type == rapidjson::kObjectType && member_ == Member::kObject) {
        enter_actor(object_, out_.object);
      } else if (type == rapidjson::kArrayType && member_ == Member::kTopics) {
        inside_ = Inside::kTopics;
      } else if (type == rapidjson::kArrayType && member_ == Member::kSpan) {
        inside_ = Inside::kSpan;
      }
    }
    value(rapidjson::Value(type));
    ++depth_;
    return true;
  }

  void enter_actor(SeenActor& seen, ActorRef& ref) {
    inside_ = Inside::kActor;
    actor_ = &seen;
    actor_ref_ = &ref;
    actor_member_ = ActorMember::kOther;
  }

  bool close() {
    --depth_;
    return true;
  }

  Triple& out_;
  std::size_t depth_ = 0;  // objects and arrays open
  bool root_is_object_ = false;
  Member member_ = Member::kOther;  // of the last key at depth 1
  Seen members_[kMembers];
  Inside inside_ = Inside::kNothingRead;  // the member open at depth 1
  SeenActor subject_, object_;
  SeenActor* actor_ = nullptr;  // subject_ or object_ while inside one
  ActorRef* actor_ref_ = nullptr;
  ActorMember actor_member_ = ActorMember::kOther;
  bool topics_are_strings_ = true;
  std::size_t span_size_ = 0;
  rapidjson::Value span_[2];
};

// Parses triple lines in place with RapidJSON's SAX reader and TripleHandler, then
// checks what was read, in the order and with the messages of Contract 2's reader.
class TripleJsonParser {
 public:
  TripleJsonParser(const std::string& file, const Reporter& report) : file_(file), report_(report) {}

  // `text` holds `line`, then a NUL and kParserPadding bytes (padded_copy); it is
  // overwritten by the parse. `line` is kept intact for messages.
  bool parse(char* text, std::string_view line, std::size_t line_number, Triple& out) {
    line_ = line_number;
    clear_triple(out);
    // The reader's stack (nesting of the line) starts in a buffer here: a triple
    // line parses without a heap allocation.
    char stack[1024];
    rapidjson::MemoryPoolAllocator<> stack_allocator(stack, sizeof stack);
    rapidjson::GenericReader<rapidjson::UTF8<>, rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>>
        reader(&stack_allocator, 256);
    TripleHandler h(out);
    rapidjson::InsituStringStream stream(text);
    const rapidjson::ParseResult result =
        reader.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseInsituFlag>(stream, h);
    if (result.IsError()) {
      report_(Diagnostic{Severity::kError, file_, line_number, result.Offset() + 1,
                         rapidjson::GetParseError_En(result.Code()), std::string(line)});
      return false;
    }
    if (!h.root_is_object()) return fail("a triple must be a JSON object");
    if (!string(h.member(Member::kDoc), true, "doc") ||
        !string(h.member(Member::kDate), false, "date") ||
        !actor(h.member(Member::kSubject), h.subject(), "subject", kSubjectPaths) ||
        !string(h.member(Member::kRelation), true, "relation") ||
        !string(h.member(Member::kCameo), false, "cameo") ||
        !actor(h.member(Member::kObject), h.object(), "object", kObjectPaths) ||
        !string(h.member(Member::kEvidence), false, "evidence")) {
      return false;
    }
    if (!out.date.empty() && !is_iso_calendar_date(out.date)) {
      return fail("field \"date\" must be a date YYYY-MM-DD (or empty), not \"" +
                  out.date.substr(0, 40) + "\"");
    }
    if (const Seen& m = h.member(Member::kSentence); m.present) {
      if (!m.value.IsUint64()) return fail("field \"sentence\" must be a whole number");
      out.sentence = m.value.GetUint64();
    }
    if (const Seen& m = h.member(Member::kQuad); m.present) {
      if (!m.value.IsInt() || m.value.GetInt() < 1 || m.value.GetInt() > 4)
        return fail("field \"quad\" must be 1, 2, 3 or 4");
      out.quad = m.value.GetInt();
    }
    if (const Seen& m = h.member(Member::kGoldstein); m.present) {
      if (!m.value.IsNumber() || std::fabs(m.value.GetDouble()) > 10.0)
        return fail("field \"goldstein\" must be a number from -10 to 10");
      out.goldstein = m.value.GetDouble();
    }
    if (const Seen& m = h.member(Member::kConfidence); m.present) {
      if (!m.value.IsNumber() || m.value.GetDouble() < 0 || m.value.GetDouble() > 1)
        return fail("field \"confidence\" must be a number from 0 to 1");
      out.confidence = m.value.GetDouble();
    }
    if (const Seen& m = h.member(Member::kNegated); m.present) {
      if (!m.value.IsBool()) return fail("field \"negated\" must be true or false");
      out.negated = m.value.GetBool();
    }
    if (const Seen& m = h.member(Member::kTopics); m.present) {
      if (!m.value.IsArray() || !h.topics_are_strings())
        return fail("field \"topics\" must be an array of strings");
    }
    if (const Seen& m = h.member(Member::kSpan); m.present) {
      if (!m.value.IsArray() || h.span_size() != 2 || !h.span(0).IsUint64() ||
          !h.span(1).IsUint64() || h.span(0).GetUint64() > h.span(1).GetUint64())
        return fail("field \"span\" must be [begin, end] with begin <= end");
      out.span_begin = h.span(0).GetUint64();
      out.span_end = h.span(1).GetUint64();
    }
    return true;
  }

 private:
  // A string member (already copied into the triple by the handler, when one).
  bool string(const Seen& seen, bool required, const char* path) {
    if (!seen.present || seen.value.IsNull()) {
      if (required) return fail(std::string("missing field \"") + path + "\"");
      return true;
    }
    if (!seen.value.IsString()) return fail(std::string("field \"") + path + "\" must be a string");
    return true;
  }

  bool actor(const Seen& self, const SeenActor& a, const char* key,
             const char* const (&paths)[kActorMembers]) {
    if (!self.present || !self.value.IsObject())
      return fail(std::string("field \"") + key + "\" must be an object with an \"id\"");
    const auto& m = a.members;
    return string(m[0], true, paths[0]) && string(m[1], false, paths[1]) &&
           string(m[2], false, paths[2]) && string(m[3], false, paths[3]);
  }

  bool fail(const std::string& message) {
    report_(Diagnostic{Severity::kError, file_, line_, 0, message, {}});
    return false;
  }

  const std::string& file_;
  const Reporter& report_;
  std::size_t line_ = 0;
};

// Reads a line laid out as append_triple_json writes it, which is what `extract`
// writes: the members of Contract 2 in their order, no spaces, strings without
// escapes or control bytes, numbers without exponents. Such lines are nearly all of
// an `ingest --triples` run, and reading them directly costs a fraction of a JSON
// parse. Anything else, including a triple that breaks a rule of Contract 2 (the
// date, the ranges), returns false with `out` unspecified: the line then goes to
// TripleJsonParser, which reads any JSON and reports what is wrong. On a line this
// reader accepts, both give the same triple (test_triple_io_parse compares them).
class CanonicalTripleReader {
 public:
  explicit CanonicalTripleReader(std::string_view line)
      : p_(line.data()), end_(line.data() + line.size()) {}

  // After a true read: whether the line is byte for byte what append_triple_json
  // writes for the triple (less the newline). Only numbers can differ: the layout
  // and the strings are read only when they are as it writes them.
  bool as_written() const { return numbers_as_written_; }

  bool read(Triple& out) {
    if (!(literal("{\"doc\":") && string(out.doc) && literal(",\"sentence\":") &&
          whole_number(out.sentence) && literal(",\"date\":") && string(out.date) &&
          actor(",\"subject\":{\"id\":", out.subject) && literal(",\"relation\":") &&
          string(out.relation) && literal(",\"cameo\":") && string(out.cameo) &&
          literal(",\"quad\":") && quad(out.quad) && literal(",\"goldstein\":") &&
          decimal(out.goldstein) && actor(",\"object\":{\"id\":", out.object) &&
          literal(",\"topics\":[") && topics(out.topics) && literal(",\"negated\":") &&
          boolean(out.negated) && literal(",\"confidence\":") && decimal(out.confidence) &&
          literal(",\"evidence\":") && string(out.evidence) && literal(",\"span\":[") &&
          whole_number(out.span_begin) && literal(",") && whole_number(out.span_end) &&
          literal("]}") && p_ == end_)) {
      return false;
    }
    // The checks of Contract 2, as TripleJsonParser makes them; a line that fails
    // one is left to it, for the message.
    return (out.date.empty() || is_iso_calendar_date(out.date)) && std::fabs(out.goldstein) <= 10.0 &&
           out.confidence >= 0 && out.confidence <= 1 && out.span_begin <= out.span_end;
  }

 private:
  // `s` is a string literal: its length is known here, and the comparison is
  // compiled inline.
  template <std::size_t N>
  bool literal(const char (&s)[N]) {
    constexpr std::size_t n = N - 1;
    if (static_cast<std::size_t>(end_ - p_) < n || std::memcmp(p_, s, n) != 0) return false;
    p_ += n;
    return true;
  }

  // A string whose bytes are its value: none escaped, none below 0x20.
  bool string(std::string& out) {
    if (p_ == end_ || *p_ != '"') return false;
    ++p_;
    const std::string_view rest(p_, static_cast<std::size_t>(end_ - p_));
    const std::size_t n = plain_run_end(rest, 0);
    if (n == rest.size() || rest[n] != '"') return false;
    out.assign(p_, n);
    p_ += n + 1;
    return true;
  }

  template <std::size_t N>
  bool actor(const char (&prefix)[N], ActorRef& a) {
    return literal(prefix) && string(a.id) && literal(",\"name\":") && string(a.name) &&
           literal(",\"type\":") && string(a.type) && literal(",\"text\":") && string(a.text) &&
           literal("}");
  }

  bool digit() const { return p_ != end_ && *p_ >= '0' && *p_ <= '9'; }

  // Up to 19 digits, no leading zero: always a uint64 to RapidJSON too.
  bool whole_number(std::size_t& out) {
    if (!digit()) return false;
    if (*p_ == '0') {
      ++p_;
      out = 0;
      return !digit();
    }
    std::uint64_t n = 0;
    for (int i = 0; i < 19 && digit(); ++i) n = n * 10 + static_cast<unsigned>(*p_++ - '0');
    out = static_cast<std::size_t>(n);
    return !digit();
  }

  bool quad(int& out) {
    if (p_ == end_ || *p_ < '1' || *p_ > '4') return false;
    out = *p_++ - '0';
    return true;
  }

  // -?(0|[1-9][0-9]*)(.[0-9]+)? with at most 15 digits in all, so that the digits are
  // a whole number a double holds exactly; then the value of a fraction is that number
  // divided by an exact power of ten, which is how RapidJSON computes it (without
  // kParseFullPrecisionFlag: StrtodNormalPrecision), to the same bit.
  bool decimal(double& out) {
    static constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
                                        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    const char* const start = p_;
    const bool minus = p_ != end_ && *p_ == '-';
    if (minus) ++p_;
    if (!digit()) return false;
    std::uint64_t n = 0;
    int digits = 0;
    if (*p_ == '0') {
      ++p_;
      if (digit()) return false;
    } else {
      while (digit() && digits < 15) {
        n = n * 10 + static_cast<unsigned>(*p_++ - '0');
        ++digits;
      }
    }
    int decimals = 0;
    const bool fraction = p_ != end_ && *p_ == '.';
    if (fraction) {
      ++p_;
      if (!digit()) return false;
      while (digit() && digits < 15) {
        n = n * 10 + static_cast<unsigned>(*p_++ - '0');
        ++digits;
        ++decimals;
      }
    }
    if (digit() || (p_ != end_ && (*p_ == 'e' || *p_ == 'E' || *p_ == '.'))) return false;
    if (!fraction) {
      // RapidJSON reads a whole number as an integer: "-0" is 0, not -0.0.
      out = static_cast<double>(minus ? -static_cast<std::int64_t>(n) : static_cast<std::int64_t>(n));
    } else {
      const double d = static_cast<double>(n) / kPow10[decimals];
      out = minus ? -d : d;
    }
    note_whether_written(out, std::string_view(start, static_cast<std::size_t>(p_ - start)));
    return true;
  }

  // Whether `text` is how append_triple_json writes `d` (e.g. "-9" and "0.950" are
  // not: it writes "-9.0" and "0.95").
  void note_whether_written(double d, std::string_view text) {
    char written[32];
    const char* end = rapidjson::internal::dtoa(d, written, 4);
    if (std::string_view(written, static_cast<std::size_t>(end - written)) != text) {
      numbers_as_written_ = false;
    }
  }

  bool boolean(bool& out) {
    if (literal("false")) {
      out = false;
      return true;
    }
    out = true;
    return literal("true");
  }

  bool topics(std::vector<std::string>& out) {
    out.clear();
    if (literal("]")) return true;
    do {
      if (!string(out.emplace_back())) return false;
    } while (literal(","));
    return literal("]");
  }

  const char* p_;
  const char* end_;
  bool numbers_as_written_ = true;
};

// Reads one line: directly when it is laid out as dipgraph writes it, else with
// RapidJSON from a padded copy in `buffer`. `as_written`: whether the line is
// append_triple_json's output for the triple read (less the newline).
bool parse_line(std::string_view line, std::string& buffer, const std::string& file,
                std::size_t line_number, const Reporter& report, Triple& out, bool& as_written) {
  CanonicalTripleReader canonical(line);
  if (canonical.read(out)) {
    as_written = canonical.as_written();
    return true;
  }
  as_written = false;
  return TripleJsonParser(file, report).parse(padded_copy(line, buffer), line, line_number, out);
}

}  // namespace

// The bytes are those RapidJSON's Writer produced for this object before (a test
// compares the two), so event store hashes and outputs stay as they were.
void append_triple_json(const Triple& t, std::string& out) {
  const std::size_t old_size = out.size();
  out.resize(old_size + triple_json_bound(t));
  JsonCursor w(out.data() + old_size);
  w.field("{\"doc\":"sv, t.doc);
  w.raw(",\"sentence\":"sv);
  w.unsigned_number(t.sentence);
  w.field(",\"date\":"sv, t.date);
  w.actor(",\"subject\":{"sv, t.subject);
  w.field(",\"relation\":"sv, t.relation);
  w.field(",\"cameo\":"sv, t.cameo);
  w.raw(",\"quad\":"sv);
  w.int_number(t.quad);
  w.raw(",\"goldstein\":"sv);
  w.double_number(t.goldstein);
  w.actor(",\"object\":{"sv, t.object);
  w.raw(",\"topics\":["sv);
  for (std::size_t i = 0; i < t.topics.size(); ++i) {
    if (i > 0) w.put(',');
    w.string(t.topics[i]);
  }
  w.raw("],\"negated\":"sv);
  w.raw(t.negated ? "true"sv : "false"sv);
  w.raw(",\"confidence\":"sv);
  w.double_number(t.confidence);
  w.field(",\"evidence\":"sv, t.evidence);
  w.raw(",\"span\":["sv);
  w.unsigned_number(t.span_begin);
  w.put(',');
  w.unsigned_number(t.span_end);
  w.raw("]}\n"sv);
  out.resize(static_cast<std::size_t>(w.position() - out.data()));
}

void SortedTripleJson::clear() {
  lines_.clear();
  ends_.clear();
}

void SortedTripleJson::add(const Triple& t, std::string_view written) {
  if (written.empty()) {
    append_triple_json(t, lines_);
  } else {
    lines_.append(written);
    lines_ += '\n';
  }
  ends_.push_back(lines_.size());
}

std::string_view SortedTripleJson::of(const std::vector<Triple>& triples) {
  clear();
  for (const Triple& t : triples) add(t);
  return sorted();
}

std::string_view SortedTripleJson::sorted() {
  sorted_.clear();
  std::size_t begin = 0;
  for (std::size_t end : ends_) {
    sorted_.emplace_back(lines_.data() + begin, end - begin);
    begin = end;
  }
  // Documents often come with their lines in order already (one line, or sentences
  // counted up): then the lines are the answer as they are.
  if (std::is_sorted(sorted_.begin(), sorted_.end())) return lines_;
  std::sort(sorted_.begin(), sorted_.end());
  joined_.clear();
  for (std::string_view line : sorted_) joined_.append(line);
  return joined_;
}

std::string_view triple_tsv_header() {
  return "doc\tsentence\tdate\tsubject\trelation\tobject\tcameo\tquad\tgoldstein\ttopics\t"
         "negated\tconfidence\tsubject_text\tobject_text\tevidence\n";
}

void append_triple_tsv(const Triple& t, std::string& out) {
  std::string topics;
  for (const auto& topic : t.topics) {
    if (!topics.empty()) topics += ';';
    topics += topic;
  }
  const std::string fields[] = {t.doc,
                                std::to_string(t.sentence),
                                t.date,
                                t.subject.id,
                                t.relation,
                                t.object.id,
                                t.cameo,
                                std::to_string(t.quad),
                                fixed(t.goldstein, 1),
                                topics,
                                t.negated ? "true" : "false",
                                fixed(t.confidence, 2),
                                t.subject.text,
                                t.object.text,
                                t.evidence};
  bool first = true;
  for (const auto& f : fields) {
    if (!first) out += '\t';
    first = false;
    append_tsv_field(f, out);
  }
  out += '\n';
}

bool parse_triple_json(std::string_view line, const std::string& file, std::size_t line_number,
                       const Reporter& report, Triple& out) {
  std::string buffer;
  bool as_written = false;
  return parse_line(line, buffer, file, line_number, report, out, as_written);
}

TripleLineReader::TripleLineReader(std::istream& in, std::string file, Reporter report,
                                   std::size_t max_line_bytes)
    : in_(in), file_(std::move(file)), report_(std::move(report)),
      max_line_bytes_(max_line_bytes) {
  if (!report_) report_ = [](const Diagnostic&) {};
}

// Reads one line in blocks through istream::getline, keeping at most
// max_line_bytes_ of it: std::getline would hold a line of any length.
bool TripleLineReader::read_line() {
  line_text_.clear();
  line_length_ = 0;
  char block[1 << 16];
  bool started = false;
  for (;;) {
    in_.getline(block, sizeof block);
    const auto got = static_cast<std::size_t>(in_.gcount());
    if (in_.bad()) throw Error(file_, "read error");
    std::size_t stored = got;
    bool ended = true;
    if (in_.eof()) {
      if (got == 0 && !started) return false;
    } else if (in_.fail()) {  // the block filled up before the newline
      in_.clear(in_.rdstate() & ~std::ios::failbit);
      ended = false;
    } else {
      stored = got - 1;  // gcount counts the newline, which is not stored
    }
    started = true;
    bytes_ += got;
    line_length_ += stored;
    if (line_text_.size() < max_line_bytes_) {
      line_text_.append(block, std::min(stored, max_line_bytes_ - line_text_.size()));
    }
    if (ended) return true;
  }
}

bool TripleLineReader::next(Triple& out) {
  while (read_line()) {
    ++line_;
    if (line_length_ > max_line_bytes_) {
      report_(Diagnostic{Severity::kError, file_, line_, 0,
                         "line of " + std::to_string(line_length_) +
                             " bytes exceeds max_triple_line_bytes (" +
                             std::to_string(max_line_bytes_) + "); skipped",
                         {}});
      continue;
    }
    if (line_text_.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (parse_line(line_text_, parse_buffer_, file_, line_, report_, out, as_written_)) return true;
  }
  return false;
}

}  // namespace dipgraph
