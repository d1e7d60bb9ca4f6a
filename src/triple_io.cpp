#include "dipgraph/triple_io.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/internal/dtoa.h>
#include <rapidjson/internal/itoa.h>

#include <algorithm>
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
// Whether any of the 8 bytes in `x` needs escaping: below 0x20, '"' or '\\' (the
// bit tricks of "Bit Twiddling Hacks": a zero byte after XOR means equal; exact as a
// yes/no answer).
bool any_escaped_byte(std::uint64_t x) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHighs = 0x8080808080808080ull;
  const std::uint64_t below_space = (x - kOnes * 0x20) & ~x & kHighs;
  const std::uint64_t quote = x ^ (kOnes * '"');
  const std::uint64_t backslash = x ^ (kOnes * '\\');
  const std::uint64_t equal = ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash);
  return (below_space | (equal & kHighs)) != 0;
}

bool escaped_byte(char c) {
  const auto b = static_cast<unsigned char>(c);
  return b < 0x20 || b == '"' || b == '\\';
}

// The end of the run of plain bytes of `s` from `i`: eight bytes at a time, then
// byte by byte up to the next byte to escape (or the end).
std::size_t plain_run_end(std::string_view s, std::size_t i) {
  while (i + 8 <= s.size()) {
    std::uint64_t block;
    std::memcpy(&block, s.data() + i, sizeof block);
    if (any_escaped_byte(block)) break;
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


class FieldReader {
 public:
  FieldReader(const rapidjson::Value& object, const std::string& file, std::size_t line,
              const Reporter& report)
      : object_(object), file_(file), line_(line), report_(report) {}

  bool string(const rapidjson::Value& in, const char* key, std::string& out, bool required,
              const char* path) {
    auto it = in.FindMember(key);
    if (it == in.MemberEnd() || it->value.IsNull()) {
      if (required) return fail(std::string("missing field \"") + path + "\"");
      return true;
    }
    if (!it->value.IsString()) return fail(std::string("field \"") + path + "\" must be a string");
    out.assign(it->value.GetString(), it->value.GetStringLength());
    return true;
  }

  bool actor(const char* key, ActorRef& out) {
    auto it = object_.FindMember(key);
    if (it == object_.MemberEnd() || !it->value.IsObject())
      return fail(std::string("field \"") + key + "\" must be an object with an \"id\"");
    const std::string prefix = std::string(key) + ".";
    const auto& a = it->value;
    return string(a, "id", out.id, true, (prefix + "id").c_str()) &&
           string(a, "name", out.name, false, (prefix + "name").c_str()) &&
           string(a, "type", out.type, false, (prefix + "type").c_str()) &&
           string(a, "text", out.text, false, (prefix + "text").c_str());
  }

  bool fail(const std::string& message) {
    report_(Diagnostic{Severity::kError, file_, line_, 0, message, {}});
    return false;
  }

 private:
  const rapidjson::Value& object_;
  const std::string& file_;
  std::size_t line_;
  const Reporter& report_;
};

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
  // Both of RapidJSON's allocators start in buffers on the stack: a triple line
  // then parses without a heap allocation (ingest parses millions of them).
  char values[8192];
  char stack[1024];
  rapidjson::MemoryPoolAllocator<> value_allocator(values, sizeof values);
  rapidjson::MemoryPoolAllocator<> stack_allocator(stack, sizeof stack);
  rapidjson::GenericDocument<rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>,
                             rapidjson::MemoryPoolAllocator<>>
      doc(&value_allocator, sizeof stack, &stack_allocator);
  doc.Parse<rapidjson::kParseIterativeFlag>(line.data(), line.size());
  if (doc.HasParseError()) {
    report(Diagnostic{Severity::kError, file, line_number, doc.GetErrorOffset() + 1,
                      rapidjson::GetParseError_En(doc.GetParseError()), std::string(line)});
    return false;
  }
  FieldReader fields(doc, file, line_number, report);
  if (!doc.IsObject()) return fields.fail("a triple must be a JSON object");
  clear_triple(out);
  if (!fields.string(doc, "doc", out.doc, true, "doc") ||
      !fields.string(doc, "date", out.date, false, "date") || !fields.actor("subject", out.subject) ||
      !fields.string(doc, "relation", out.relation, true, "relation") ||
      !fields.string(doc, "cameo", out.cameo, false, "cameo") ||
      !fields.actor("object", out.object) ||
      !fields.string(doc, "evidence", out.evidence, false, "evidence")) {
    return false;
  }
  if (!out.date.empty() && !is_iso_calendar_date(out.date)) {
    return fields.fail("field \"date\" must be a date YYYY-MM-DD (or empty), not \"" +
                       out.date.substr(0, 40) + "\"");
  }
  if (auto it = doc.FindMember("sentence"); it != doc.MemberEnd()) {
    if (!it->value.IsUint64()) return fields.fail("field \"sentence\" must be a whole number");
    out.sentence = it->value.GetUint64();
  }
  if (auto it = doc.FindMember("quad"); it != doc.MemberEnd()) {
    if (!it->value.IsInt() || it->value.GetInt() < 1 || it->value.GetInt() > 4)
      return fields.fail("field \"quad\" must be 1, 2, 3 or 4");
    out.quad = it->value.GetInt();
  }
  if (auto it = doc.FindMember("goldstein"); it != doc.MemberEnd()) {
    if (!it->value.IsNumber() || std::fabs(it->value.GetDouble()) > 10.0)
      return fields.fail("field \"goldstein\" must be a number from -10 to 10");
    out.goldstein = it->value.GetDouble();
  }
  if (auto it = doc.FindMember("confidence"); it != doc.MemberEnd()) {
    if (!it->value.IsNumber() || it->value.GetDouble() < 0 || it->value.GetDouble() > 1)
      return fields.fail("field \"confidence\" must be a number from 0 to 1");
    out.confidence = it->value.GetDouble();
  }
  if (auto it = doc.FindMember("negated"); it != doc.MemberEnd()) {
    if (!it->value.IsBool()) return fields.fail("field \"negated\" must be true or false");
    out.negated = it->value.GetBool();
  }
  if (auto it = doc.FindMember("topics"); it != doc.MemberEnd()) {
    if (!it->value.IsArray()) return fields.fail("field \"topics\" must be an array of strings");
    for (const auto& v : it->value.GetArray()) {
      if (!v.IsString()) return fields.fail("field \"topics\" must be an array of strings");
      out.topics.emplace_back(v.GetString(), v.GetStringLength());
    }
  }
  if (auto it = doc.FindMember("span"); it != doc.MemberEnd()) {
    const auto& s = it->value;
    if (!s.IsArray() || s.Size() != 2 || !s[0].IsUint64() || !s[1].IsUint64() ||
        s[0].GetUint64() > s[1].GetUint64())
      return fields.fail("field \"span\" must be [begin, end] with begin <= end");
    out.span_begin = s[0].GetUint64();
    out.span_end = s[1].GetUint64();
  }
  return true;
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
    if (parse_triple_json(line_text_, file_, line_, report_, out)) return true;
  }
  return false;
}

}  // namespace dipgraph
