#include "dipgraph/article_reader.h"

// RapidJSON scans string bodies and whitespace 16 bytes at a time with SSE2, which
// every x86-64 CPU has. Its aligned loads may read up to 15 bytes past the end of a
// line, so every buffer handed to the parser is padded (kParserPadding).
#if defined(__SSE2__) && !defined(RAPIDJSON_SSE2)
#define RAPIDJSON_SSE2
#endif
#include <fcntl.h>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>

#include "dipgraph/news_date.h"
#include "utf8.h"

namespace dipgraph {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kParserPadding = 64;
constexpr std::size_t kReadBlock = std::size_t{1} << 20;
constexpr std::size_t kMaxJsonDepth = 512;
constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr auto npos = std::string_view::npos;

void emit(const Reporter& report, Severity severity, const std::string& file, std::size_t line,
          std::size_t column, std::string message, std::string excerpt = {}) {
  if (report) {
    report(Diagnostic{severity, file, line, column, std::move(message), std::move(excerpt)});
  }
}

// ---------------------------------------------------------------------------------
// Byte-level checks shared by both formats.

enum class BadByte { kNone, kNul, kInvalidUtf8 };

struct BadByteAt {
  BadByte kind = BadByte::kNone;
  std::size_t offset = npos;
};

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence at p[0..n) (n > 0, p[0] >= 0x80), or 0.
// Follows Table 3-7 of the Unicode Standard: no overlong forms, no surrogates,
// nothing above U+10FFFF. (utf8::find_invalid says the same, a byte at a time.)
std::size_t valid_sequence(const unsigned char* p, std::size_t n) {
  const unsigned char c = p[0];
  if (c >= 0xC2 && c <= 0xDF) return n >= 2 && is_continuation(p[1]) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || !is_continuation(p[2])) return 0;
    const unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = c == 0xED ? 0x9F : 0xBF;
    return p[1] >= lo && p[1] <= hi ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || !is_continuation(p[2]) || !is_continuation(p[3])) return 0;
    const unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;
    return p[1] >= lo && p[1] <= hi ? 4 : 0;
  }
  return 0;
}

// The first NUL byte or invalid UTF-8 sequence. Runs of ASCII are checked eight
// bytes at a time: this scan touches every input byte, so it must be cheap.
BadByteAt find_bad_byte(std::string_view s) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      // 0x80 at each byte >= 0x80 and at the first zero byte (a borrow may flag
      // bytes after a zero too, never before it).
      const std::uint64_t flags = (w | ((w - kOnes) & ~w)) & kHigh;
      if (flags == 0) {
        i += 8;
        continue;
      }
      // The bytes before the first flagged one are plain ASCII: jump over them
      // rather than retrying the block at each of them.
      if constexpr (std::endian::native == std::endian::little) {
        i += static_cast<std::size_t>(std::countr_zero(flags)) / 8;
      }
    }
    const unsigned char c = p[i];
    if (c == 0) return {BadByte::kNul, i};
    if (c < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = valid_sequence(p + i, n - i);
    if (len == 0) return {BadByte::kInvalidUtf8, i};
    i += len;
  }
  return {};
}

std::string describe(BadByte kind, unsigned char byte) {
  if (kind == BadByte::kNul) return "NUL byte in text";
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string m = "invalid UTF-8 (byte 0x";
  m += kHex[byte >> 4];
  m += kHex[byte & 0xF];
  m += ')';
  return m;
}

// A copy of `line` safe to print: invalid UTF-8 bytes become '?' (the formatter
// masks control bytes itself). Byte positions are unchanged, so columns hold.
std::string printable(std::string_view line) {
  std::string out(line);
  std::size_t i = 0;
  while (i < out.size()) {
    BadByteAt bad = find_bad_byte(std::string_view(out).substr(i));
    if (bad.kind == BadByte::kNone) break;
    if (bad.kind == BadByte::kInvalidUtf8) out[i + bad.offset] = '?';
    i += bad.offset + 1;
  }
  return out;
}

// The line of `s` holding byte `offset`, without its line break.
std::string_view line_around(std::string_view s, std::size_t offset) {
  std::size_t begin = offset == 0 ? npos : s.rfind('\n', offset - 1);
  begin = begin == npos ? 0 : begin + 1;
  std::size_t end = s.find('\n', offset);
  if (end == npos) end = s.size();
  if (end > begin && s[end - 1] == '\r') --end;
  return s.substr(begin, end - begin);
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return is_space(c); });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// For messages that quote input: short, one line, no control bytes.
std::string quote_input(std::string_view s) {
  constexpr std::size_t kMax = 40;
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size() && i < kMax; ++i) {
    out += static_cast<unsigned char>(s[i]) < 0x20 ? '?' : s[i];
  }
  if (s.size() > kMax) out += "...";
  out += '"';
  return out;
}

std::string too_long_message(const char* what, std::size_t bytes, std::size_t limit) {
  return std::string(what) + " of " + std::to_string(bytes) +
         " bytes exceeds max_document_bytes (" + std::to_string(limit) + "); skipped";
}

// ---------------------------------------------------------------------------------
// .txt articles

enum class HeaderKey { kUnknown, kTitle, kDate, kUrl, kSource, kId, kAuthor, kPublished };

bool iequals(std::string_view a, std::string_view lower_b) {
  if (a.size() != lower_b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower_b[i]) return false;
  }
  return true;
}

HeaderKey header_key(std::string_view key) {
  struct Entry {
    std::string_view name;
    HeaderKey key;
  };
  static constexpr Entry kKeys[] = {{"title", HeaderKey::kTitle},
                                    {"date", HeaderKey::kDate},
                                    {"url", HeaderKey::kUrl},
                                    {"source", HeaderKey::kSource},
                                    {"id", HeaderKey::kId},
                                    {"author", HeaderKey::kAuthor},
                                    {"published", HeaderKey::kPublished}};
  for (const Entry& e : kKeys) {
    if (iequals(key, e.name)) return e.key;
  }
  return HeaderKey::kUnknown;
}

// One `Key: value` line of a header. The key is a short run of letters, digits,
// spaces, '-' and '_' starting with a letter, directly followed by ':'.
struct HeaderLine {
  HeaderKey key = HeaderKey::kUnknown;
  std::string_view value;
  std::size_t value_offset = 0;  // in the content
};

bool parse_header_line(std::string_view line, std::size_t line_offset, HeaderLine& out) {
  constexpr std::size_t kMaxKey = 32;
  const std::size_t colon = line.find(':');
  if (colon == 0 || colon == npos || colon > kMaxKey) return false;
  const auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!is_letter(line[0])) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = line[i];
    if (!is_letter(c) && !(c >= '0' && c <= '9') && c != ' ' && c != '-' && c != '_') return false;
  }
  out.key = header_key(trim(line.substr(0, colon)));
  std::size_t v = colon + 1;
  while (v < line.size() && (line[v] == ' ' || line[v] == '\t')) ++v;
  out.value = trim(line.substr(v));
  out.value_offset = line_offset + v;
  return true;
}

struct TextLine {
  std::string_view text;  // without "\n" or "\r\n"
  std::size_t offset = 0;
  std::size_t next = 0;  // offset of the following line
};

TextLine line_at(std::string_view s, std::size_t offset) {
  std::size_t end = s.find('\n', offset);
  std::size_t next = end == npos ? s.size() : end + 1;
  if (end == npos) end = s.size();
  std::size_t stop = end;
  if (stop > offset && s[stop - 1] == '\r') --stop;
  return {s.substr(offset, stop - offset), offset, next};
}

// Where the header ends and its lines; see parse_text_article for the rules.
std::size_t scan_header(std::string_view s, std::size_t start, std::vector<HeaderLine>& lines) {
  HeaderLine h;
  TextLine first = line_at(s, start);
  if (!parse_header_line(first.text, first.offset, h) || h.key == HeaderKey::kUnknown) return start;
  std::size_t known_end = start;  // end of the leading run of known keys
  bool all_known = true;
  std::size_t pos = start;
  while (pos < s.size()) {
    TextLine line = line_at(s, pos);
    if (is_blank(line.text)) {
      return line.next;  // the header is every line before the blank one
    }
    if (!parse_header_line(line.text, line.offset, h)) break;
    if (h.key == HeaderKey::kUnknown) all_known = false;
    lines.push_back(h);
    if (all_known) known_end = line.next;
    pos = line.next;
  }
  // No blank line ends the run (a body line or the end of the file follows): only
  // the leading known keys are header, the rest may be a dateline ("LAKEVIEW: ...").
  lines.erase(std::find_if(lines.begin(), lines.end(),
                           [](const HeaderLine& l) { return l.key == HeaderKey::kUnknown; }),
              lines.end());
  return known_end;
}

// The first non-blank line of `body`, trimmed.
std::string_view first_line(std::string_view body) {
  std::size_t pos = 0;
  while (pos < body.size()) {
    TextLine line = line_at(body, pos);
    std::string_view t = trim(line.text);
    if (!t.empty()) return t;
    pos = line.next;
  }
  return {};
}

// ---------------------------------------------------------------------------------
// JSON lines

enum class Field { kOther, kId, kTitle, kText, kDate, kUrl, kSource };

Field classify(std::string_view key) {
  switch (key.size()) {
    case 2:
      return key == "id" ? Field::kId : Field::kOther;
    case 3:
      return key == "url" ? Field::kUrl : Field::kOther;
    case 4:
      return key == "text" ? Field::kText : key == "date" ? Field::kDate : Field::kOther;
    case 5:
      return key == "title" ? Field::kTitle : Field::kOther;
    case 6:
      return key == "source" ? Field::kSource : Field::kOther;
    default:
      return Field::kOther;
  }
}

const char* field_name(Field f) {
  switch (f) {
    case Field::kId:
      return "id";
    case Field::kTitle:
      return "title";
    case Field::kText:
      return "text";
    case Field::kDate:
      return "date";
    case Field::kUrl:
      return "url";
    case Field::kSource:
      return "source";
    case Field::kOther:
      break;
  }
  return "?";
}

// SAX handler: copies the known members of the top-level object straight into
// the Article (no DOM), checks their types, and stops at the first problem.
class ArticleHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ArticleHandler> {
 public:
  ArticleHandler(std::string_view line, const rapidjson::StringStream& stream, Article& out,
                 std::string& date_text)
      : line_(line), stream_(stream), out_(out), date_text_(date_text) {}

  bool Null() { return scalar("null"); }
  bool Bool(bool) { return scalar("a boolean"); }
  bool Int(int v) { return integer(v); }
  bool Uint(unsigned v) { return integer(v); }
  bool Int64(std::int64_t v) { return integer(v); }
  bool Uint64(std::uint64_t v) { return integer(v); }
  bool Double(double) { return scalar("a number"); }

  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (depth_ == 0) return not_object("a string");
    if (depth_ > 1 || field_ == Field::kOther) return true;
    if (std::memchr(s, '\0', n) != nullptr) {
      return fail(std::string("field \"") + field_name(field_) + "\" contains a NUL character",
                  value_offset_);
    }
    target().assign(s, n);
    if (field_ == Field::kText) has_text_ = true;
    if (field_ == Field::kId) has_id_ = n > 0;
    if (field_ == Field::kDate) date_offset_ = value_offset_;
    return true;
  }

  bool StartObject() { return open("an object"); }
  bool StartArray() { return open("an array"); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool EndArray(rapidjson::SizeType) { return close(); }

  bool Key(const char* s, rapidjson::SizeType n, bool) {
    if (depth_ != 1) return true;
    field_ = classify(std::string_view(s, n));
    value_offset_ = value_after_key();
    return true;
  }

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  std::size_t error_offset() const { return error_offset_; }
  bool has_text() const { return has_text_; }
  bool has_id() const { return has_id_; }
  std::size_t date_offset() const { return date_offset_; }

 private:
  // Offset of the value of the key just parsed. RapidJSON parses a string through
  // a copy of the stream and writes the position back only after Key() returns,
  // so the stream still stands on the key's opening quote: skip the key, the
  // colon and the spaces. The line is not parsed in place; its bytes are intact.
  std::size_t value_after_key() const {
    std::size_t i = stream_.Tell();
    if (i < line_.size() && line_[i] == '"') {
      for (++i; i < line_.size() && line_[i] != '"'; ++i) {
        if (line_[i] == '\\') ++i;
      }
      ++i;
    }
    while (i < line_.size() && (is_space(line_[i]) || line_[i] == ':')) ++i;
    return std::min(i, line_.size());
  }

  std::string& target() {
    switch (field_) {
      case Field::kId:
        return out_.id;
      case Field::kTitle:
        return out_.title;
      case Field::kText:
        return out_.text;
      case Field::kDate:
        return date_text_;
      case Field::kUrl:
        return out_.url;
      case Field::kSource:
        break;
      case Field::kOther:
        break;
    }
    return out_.source;
  }

  bool scalar(const char* found) {
    if (depth_ == 0) return not_object(found);
    if (depth_ > 1 || field_ == Field::kOther) return true;
    // null stands for "absent" in optional members, as exporters often write it.
    if (std::strcmp(found, "null") == 0 && field_ != Field::kText) return true;
    return wrong_type(found);
  }

  template <typename T>
  bool integer(T v) {
    if (depth_ == 1 && field_ == Field::kId) {
      out_.id = std::to_string(v);
      has_id_ = true;
      return true;
    }
    return scalar("a number");
  }

  bool open(const char* found) {
    if (depth_ == 0) {
      if (std::strcmp(found, "an object") != 0) return not_object(found);
    } else if (depth_ == 1 && field_ != Field::kOther) {
      return wrong_type(found);
    }
    if (++depth_ > kMaxJsonDepth) {
      return fail("JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels",
                  stream_.Tell());
    }
    return true;
  }

  bool close() {
    --depth_;
    return true;
  }

  bool not_object(const char* found) {
    std::size_t first = 0;
    while (first < line_.size() && is_space(line_[first])) ++first;
    return fail(std::string("expected a JSON object, found ") + found, first);
  }

  bool wrong_type(const char* found) {
    std::string want = field_ == Field::kId ? "a string or an integer" : "a string";
    return fail(
        std::string("field \"") + field_name(field_) + "\" must be " + want + ", found " + found,
        value_offset_);
  }

  bool fail(std::string message, std::size_t offset) {
    error_ = std::move(message);
    error_offset_ = offset;
    return false;
  }

  std::string_view line_;
  const rapidjson::StringStream& stream_;
  Article& out_;
  std::string& date_text_;
  std::size_t depth_ = 0;
  Field field_ = Field::kOther;
  std::size_t value_offset_ = 0;
  std::size_t date_offset_ = 0;
  bool has_text_ = false;
  bool has_id_ = false;
  std::string error_;
  std::size_t error_offset_ = 0;
};

void clear_article(Article& a) {
  a.id.clear();
  a.title.clear();
  a.text.clear();
  a.date.clear();
  a.url.clear();
  a.source.clear();
  a.origin.clear();
}

// Parses JSON lines into Articles, reusing the parser's stack and buffers from one
// line to the next.
class JsonArticleParser {
 public:
  // `data[size]` must be '\0' with kParserPadding readable bytes after it.
  // `column_shift` is added to columns (a byte order mark removed from line 1).
  bool parse(const char* data, std::size_t size, std::size_t column_shift, const std::string& file,
             const std::string& stem, std::size_t line, const Reporter& report, Article& out) {
    const std::string_view text(data, size);
    const auto error = [&](std::string message, std::size_t offset) {
      const std::size_t column = offset == npos ? 0 : offset + 1 + column_shift;
      emit(report, Severity::kError, file, line, column, std::move(message),
           offset == npos ? std::string() : printable(text));
      return false;
    };
    if (BadByteAt bad = find_bad_byte(text); bad.kind != BadByte::kNone) {
      return error(describe(bad.kind, static_cast<unsigned char>(text[bad.offset])), bad.offset);
    }
    clear_article(out);
    date_text_.clear();
    rapidjson::StringStream stream(data);
    ArticleHandler handler(text, stream, out, date_text_);
    rapidjson::ParseResult result = reader_.Parse<rapidjson::kParseIterativeFlag>(stream, handler);
    if (handler.failed()) return error(handler.error(), handler.error_offset());
    if (result.IsError()) {
      return error(rapidjson::GetParseError_En(result.Code()), result.Offset());
    }
    if (!handler.has_text()) return error("missing required field \"text\"", npos);

    if (!handler.has_id()) out.id = stem + ':' + std::to_string(line);
    out.origin = file + ':' + std::to_string(line);
    if (is_blank(out.text)) {
      emit(report, Severity::kWarning, file, line, 0, "empty \"text\"; skipped");
      return false;
    }
    if (!date_text_.empty()) {
      if (auto d = parse_news_date(date_text_)) {
        out.date = to_iso(*d);
      } else {
        emit(report, Severity::kWarning, file, line, handler.date_offset() + 1 + column_shift,
             "cannot parse date " + quote_input(date_text_) + "; date left unknown");
      }
    }
    return true;
  }

 private:
  rapidjson::Reader reader_;
  std::string date_text_;
};

}  // namespace

// ---------------------------------------------------------------------------------

bool parse_text_article(std::string_view content, const std::string& id, const std::string& origin,
                        const Reporter& report, Article& out) {
  if (BadByteAt bad = find_bad_byte(content); bad.kind != BadByte::kNone) {
    utf8::LineColumn lc = utf8::line_column(content, bad.offset);
    emit(report, Severity::kError, origin, lc.line, lc.column,
         describe(bad.kind, static_cast<unsigned char>(content[bad.offset])),
         printable(line_around(content, bad.offset)));
    return false;
  }
  const std::size_t start = content.starts_with(kBom) ? kBom.size() : 0;
  clear_article(out);
  out.id = id;
  out.origin = origin;

  std::vector<HeaderLine> header;
  const std::size_t body_start = scan_header(content, start, header);
  std::string_view published;
  std::size_t published_offset = 0;
  std::string_view date;
  std::size_t date_offset = 0;
  for (const HeaderLine& h : header) {
    switch (h.key) {
      case HeaderKey::kTitle:
        out.title = h.value;
        break;
      case HeaderKey::kDate:
        date = h.value;
        date_offset = h.value_offset;
        break;
      case HeaderKey::kPublished:
        published = h.value;
        published_offset = h.value_offset;
        break;
      case HeaderKey::kUrl:
        out.url = h.value;
        break;
      case HeaderKey::kSource:
        out.source = h.value;
        break;
      case HeaderKey::kId:
        if (!h.value.empty()) out.id = h.value;
        break;
      case HeaderKey::kAuthor:
        break;
      case HeaderKey::kUnknown:
        break;
    }
  }
  const std::string_view body = content.substr(body_start);
  if (is_blank(body)) {
    emit(report, Severity::kWarning, origin, 0, 0, "empty article; skipped");
    return false;
  }
  out.text = body;
  if (out.title.empty()) out.title = first_line(body);
  if (date.empty()) {
    date = published;
    date_offset = published_offset;
  }
  if (!date.empty()) {
    if (auto d = parse_news_date(date)) {
      out.date = to_iso(*d);
    } else {
      utf8::LineColumn lc = utf8::line_column(content, date_offset);
      emit(report, Severity::kWarning, origin, lc.line, lc.column,
           "cannot parse date " + quote_input(date) + "; date left unknown");
    }
  }
  return true;
}

bool parse_json_article(std::string_view json_line, const std::string& file,
                        const std::string& stem, std::size_t line, const Reporter& report,
                        Article& out) {
  std::string padded(json_line);
  padded.append(kParserPadding + 1, '\0');
  JsonArticleParser parser;
  return parser.parse(padded.data(), json_line.size(), 0, file, stem, line, report, out);
}

// ---------------------------------------------------------------------------------

struct JsonLinesReader::State {
  State(std::istream& input, std::string file_name, std::string file_stem, Reporter r,
        ReaderLimits l)
      : in(input),
        file(std::move(file_name)),
        stem(std::move(file_stem)),
        report(std::move(r)),
        limits(l),
        capacity(std::min(kReadBlock, limits.max_document_bytes + 1)),
        buffer(capacity + kParserPadding + 1, '\0') {
    report_counted = [this](const Diagnostic& d) {
      if (d.severity == Severity::kError) ++bad;
      if (report) report(d);
    };
  }

  // Appends input after the unconsumed bytes, first moving them to the front and
  // growing the buffer when a single line fills it. False at end of input.
  bool fill() {
    if (eof) return false;
    if (pos > 0) {
      std::memmove(buffer.data(), buffer.data() + pos, end - pos);
      scan -= pos;
      end -= pos;
      pos = 0;
    }
    if (end == capacity) {
      capacity = std::min(capacity * 2, limits.max_document_bytes + 1);
      buffer.resize(capacity + kParserPadding + 1);
    }
    in.read(buffer.data() + end, static_cast<std::streamsize>(capacity - end));
    const auto got = static_cast<std::size_t>(in.gcount());
    end += got;
    bytes += got;
    if (got == 0) {
      eof = true;
      if (in.bad()) emit(report_counted, Severity::kError, file, line + 1, 0, "read error");
      return false;
    }
    return true;
  }

  // The line in [pos, end) has no newline yet and is already over the limit:
  // drop it block by block up to its end, holding at most one block.
  void skip_long_line() {
    ++line;
    std::size_t length = end - pos;
    pos = end = scan = 0;
    while (true) {
      in.read(buffer.data(), static_cast<std::streamsize>(capacity));
      const auto got = static_cast<std::size_t>(in.gcount());
      bytes += got;
      if (got == 0) {
        eof = true;
        break;
      }
      if (const void* nl = std::memchr(buffer.data(), '\n', got)) {
        const auto at = static_cast<std::size_t>(static_cast<const char*>(nl) - buffer.data());
        length += at;
        pos = scan = at + 1;
        end = got;
        break;
      }
      length += got;
    }
    emit(report_counted, Severity::kError, file, line, 0,
         too_long_message("line", length, limits.max_document_bytes));
  }

  bool next(Article& out) {
    while (true) {
      const void* nl = std::memchr(buffer.data() + scan, '\n', end - scan);
      std::size_t line_end;
      if (nl == nullptr) {
        if (end - pos > limits.max_document_bytes) {
          skip_long_line();
          continue;
        }
        scan = end;
        if (fill()) continue;
        if (pos == end) return false;
        line_end = end;  // the last line has no newline
      } else {
        line_end = static_cast<std::size_t>(static_cast<const char*>(nl) - buffer.data());
      }
      ++line;
      const std::size_t begin = pos;
      pos = scan = line_end < end ? line_end + 1 : end;
      std::size_t length = line_end - begin;
      if (length > limits.max_document_bytes) {
        emit(report_counted, Severity::kError, file, line, 0,
             too_long_message("line", length, limits.max_document_bytes));
        continue;
      }
      buffer[line_end] = '\0';
      const char* data = buffer.data() + begin;
      std::size_t shift = 0;
      if (line == 1 && std::string_view(data, length).starts_with(kBom)) {
        shift = kBom.size();
        data += shift;
        length -= shift;
      }
      if (is_blank(std::string_view(data, length))) continue;
      if (parser.parse(data, length, shift, file, stem, line, report_counted, out)) return true;
    }
  }

  std::istream& in;
  std::string file;
  std::string stem;
  Reporter report;
  Reporter report_counted;
  ReaderLimits limits;
  std::size_t capacity;  // usable bytes of `buffer`, the rest is parser padding
  std::string buffer;
  std::size_t pos = 0;   // start of the unconsumed bytes
  std::size_t scan = 0;  // where the search for the next newline resumes
  std::size_t end = 0;   // end of the bytes read
  bool eof = false;
  std::size_t line = 0;
  std::size_t bad = 0;
  std::size_t bytes = 0;
  JsonArticleParser parser;
};

JsonLinesReader::JsonLinesReader(std::istream& in, std::string file, std::string stem,
                                 Reporter report, ReaderLimits limits)
    : state_(std::make_unique<State>(in, std::move(file), std::move(stem), std::move(report),
                                     limits)) {}
JsonLinesReader::~JsonLinesReader() = default;
bool JsonLinesReader::next(Article& out) { return state_->next(out); }
std::size_t JsonLinesReader::bad_records() const { return state_->bad; }
std::size_t JsonLinesReader::bytes_read() const { return state_->bytes; }

// ---------------------------------------------------------------------------------

namespace {

enum class EntryKind { kText, kJsonLines, kSkipped, kNonRegular, kDangling };

// One file to read (or to report) from an input.
struct InputFile {
  std::string rel;  // relative to the input root (generic form); the sort key
  EntryKind kind = EntryKind::kText;
};

std::string lowercase_extension(const fs::path& p) {
  std::string ext = p.extension().string();
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return ext;
}

bool is_json_lines(const fs::path& p) {
  std::string ext = lowercase_extension(p);
  return ext == ".jsonl" || ext == ".ndjson";
}

std::string join(const std::string& root, const std::string& rel) {
  if (!root.empty() && root.back() == '/') return root + rel;
  return root + '/' + rel;
}

}  // namespace

struct ArticleReader::State {
  State(std::vector<std::string> in, Reporter r, ReaderLimits l, std::istream* stdin_in)
      : inputs(std::move(in)), report(std::move(r)), limits(l), stdin_stream(stdin_in) {
    report_counted = [this](const Diagnostic& d) {
      if (d.severity == Severity::kError) ++bad;
      if (report) report(d);
    };
  }

  bool next(Article& out) {
    while (true) {
      if (json) {
        if (json->next(out)) return true;
        bytes += json->bytes_read();
        json.reset();
        file_stream.close();
        file_stream.clear();
        continue;
      }
      if (next_file < files.size()) {
        if (open(files[next_file++], out)) return true;
        continue;
      }
      if (next_input < inputs.size()) {
        expand(inputs[next_input++]);
        continue;
      }
      return false;
    }
  }

  void error(const std::string& file, std::string message) {
    emit(report_counted, Severity::kError, file, 0, 0, std::move(message));
  }

  // Replaces `files` with what the input names.
  void expand(const std::string& input) {
    files.clear();
    next_file = 0;
    if (input == "-") {
      std::istream& in = stdin_stream ? *stdin_stream : std::cin;
      json = std::make_unique<JsonLinesReader>(in, "<stdin>", "stdin", report_counted, limits);
      return;
    }
    const fs::path path(input);
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) {
      std::error_code link_ec;
      if (fs::is_symlink(fs::symlink_status(path, link_ec))) {
        error(input, "cannot open: dangling symbolic link");
      } else {
        error(input,
              "cannot open: " +
                  (ec ? ec : std::make_error_code(std::errc::no_such_file_or_directory)).message());
      }
      return;
    }
    if (fs::is_directory(status)) {
      root = input;
      root_is_directory = true;
      list_directory();
      return;
    }
    root = input;
    root_is_directory = false;
    InputFile f;
    f.rel = path.filename().string();
    f.kind = is_json_lines(path) ? EntryKind::kJsonLines : EntryKind::kText;
    files.push_back(std::move(f));
  }

  void list_directory() {
    std::error_code ec;
    fs::recursive_directory_iterator it(root, ec);
    const fs::recursive_directory_iterator end_it;
    for (; !ec && it != end_it; it.increment(ec)) {
      const fs::directory_entry& entry = *it;
      const fs::path& p = entry.path();
      const std::string name = p.filename().string();
      if (!name.empty() && name[0] == '.') {
        if (entry.is_directory(ec)) it.disable_recursion_pending();
        ec.clear();
        continue;
      }
      InputFile f;
      f.rel = p.lexically_relative(root).generic_string();
      // The entry's type comes from the directory listing; only symbolic links
      // cost a stat() to see their target.
      std::error_code entry_ec;
      const bool is_link = entry.is_symlink(entry_ec);
      if (is_link && !entry.exists(entry_ec)) {
        f.kind = EntryKind::kDangling;
      } else if (entry.is_directory(entry_ec)) {
        if (!is_link) continue;  // the iterator descends into it
        f.kind = EntryKind::kNonRegular;
      } else if (!entry.is_regular_file(entry_ec)) {
        f.kind = EntryKind::kNonRegular;
      } else {
        const std::string ext = lowercase_extension(p);
        f.kind = ext == ".txt"                           ? EntryKind::kText
                 : (ext == ".jsonl" || ext == ".ndjson") ? EntryKind::kJsonLines
                                                         : EntryKind::kSkipped;
      }
      files.push_back(std::move(f));
    }
    if (ec) error(root, "cannot list directory: " + ec.message());
    std::sort(files.begin(), files.end(),
              [](const InputFile& a, const InputFile& b) { return a.rel < b.rel; });
  }

  // Starts reading one file: true when a .txt article was read into `out`.
  bool open(const InputFile& f, Article& out) {
    // Only the relative path is kept per listed file; the rest is derived here.
    const std::string path = root_is_directory ? join(root, f.rel) : root;
    const fs::path rel(f.rel);
    const std::string stem = root_is_directory
                                 ? (rel.parent_path() / rel.stem()).generic_string()
                                 : rel.stem().string();
    switch (f.kind) {
      case EntryKind::kSkipped:
        emit(report_counted, Severity::kWarning, path, 0, 0,
             "skipped: not a .txt, .jsonl or .ndjson file");
        return false;
      case EntryKind::kNonRegular:
        emit(report_counted, Severity::kWarning, path, 0, 0,
             "skipped: not a regular file (symbolic links to directories are not followed)");
        return false;
      case EntryKind::kDangling:
        error(path, "cannot open: dangling symbolic link");
        return false;
      case EntryKind::kText:
      case EntryKind::kJsonLines:
        break;
    }
    if (f.kind == EntryKind::kText) {
      return read_text_file(path, content) &&
             parse_text_article(content, stem, path, report_counted, out);
    }
    file_stream.open(path, std::ios::binary);
    if (!file_stream.is_open()) {
      const int err = errno;
      error(path, "cannot open: " + std::generic_category().message(err ? err : ENOENT));
      file_stream.clear();
      return false;
    }
    json = std::make_unique<JsonLinesReader>(file_stream, path, stem, report_counted, limits);
    return false;
  }

  // Reads a whole .txt file into `out`, refusing a file over the document limit
  // (a regular file from its size, without reading it). POSIX calls rather than a
  // stream: open, fstat, read, close is all a small file costs, which is what
  // folders of many short articles spend their time on.
  bool read_text_file(const std::string& path, std::string& out) {
    const std::size_t limit = limits.max_document_bytes;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      error(path, "cannot open: " + std::generic_category().message(errno));
      return false;
    }
    struct stat st {};
    const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    const auto size = static_cast<std::size_t>(regular ? st.st_size : 0);
    bool ok = true;
    if (regular && size > limit) {
      error(path, too_long_message("file", size, limit));
      ok = false;
    }
    out.clear();
    // A regular file is read up to its size; anything else (a pipe) to its end.
    while (ok && !(regular && out.size() >= size)) {
      const std::size_t have = out.size();
      const std::size_t chunk = std::min(regular ? size - have : kReadBlock, limit + 1 - have);
      out.resize(have + chunk);
      const ssize_t got = ::read(fd, out.data() + have, chunk);
      if (got < 0 && errno == EINTR) {
        out.resize(have);
        continue;
      }
      if (got < 0) {
        error(path, "read error: " + std::generic_category().message(errno));
        ok = false;
        break;
      }
      out.resize(have + static_cast<std::size_t>(got));
      bytes += static_cast<std::size_t>(got);
      if (out.size() > limit) {
        error(path, too_long_message("file", out.size(), limit));
        ok = false;
      }
      if (got == 0) break;
    }
    ::close(fd);
    return ok;
  }

  std::vector<std::string> inputs;
  Reporter report;
  Reporter report_counted;
  ReaderLimits limits;
  std::istream* stdin_stream;
  std::size_t next_input = 0;
  std::string root;  // the current input as given
  bool root_is_directory = false;
  std::vector<InputFile> files;  // of the current input, sorted
  std::size_t next_file = 0;
  std::ifstream file_stream;
  std::unique_ptr<JsonLinesReader> json;
  std::string content;  // the current .txt file, reused
  std::size_t bad = 0;
  std::size_t bytes = 0;  // of finished inputs
};

ArticleReader::ArticleReader(std::vector<std::string> inputs, Reporter report, ReaderLimits limits,
                             std::istream* stdin_stream)
    : state_(std::make_unique<State>(std::move(inputs), std::move(report), limits, stdin_stream)) {}
ArticleReader::~ArticleReader() = default;
bool ArticleReader::next(Article& out) { return state_->next(out); }
std::size_t ArticleReader::bad_records() const { return state_->bad; }
std::size_t ArticleReader::bytes_read() const {
  return state_->bytes + (state_->json ? state_->json->bytes_read() : 0);
}

}  // namespace dipgraph
