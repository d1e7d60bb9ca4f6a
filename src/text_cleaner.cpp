// The cleaner: drops scraped-page boilerplate line by line and normalises what is
// kept in one pass, recording an OffsetMap anchor only where cleaned and raw bytes
// stop advancing together.
//
// Lines are classified first (only short lines are ever inspected, so a long body
// costs one memchr per line), then the kept lines are written out.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "dipgraph/text_cleaner.h"
#include "text_chars.h"

namespace dipgraph {
namespace {

using text::is_alpha;
using text::is_digit;
using text::is_lower;
using text::is_upper;

// Lines longer than this are body text whatever they contain; a headline, a
// breadcrumb or a footer line is always shorter.
constexpr std::size_t kMaxBoilerplateBytes = 300;

// What the normaliser does with one code point.
enum class Map { kKeep, kSpace, kDrop, kReplace };

struct Mapped {
  Map action;
  std::string_view replacement;  // for kReplace
};

Mapped map_code_point(char32_t cp) {
  switch (cp) {
    // Guillemets stay: English-language sites use "»" and "›" as breadcrumb separators.
    case 0x2018: case 0x2019: case 0x201A: case 0x201B:
      return {Map::kReplace, "'"};
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
      return {Map::kReplace, "\""};
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212:
      return {Map::kReplace, "-"};
    case 0x2026:
      return {Map::kReplace, "..."};
    case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x200E: case 0x200F:
    case 0x2060: case 0xFEFF:
      return {Map::kDrop, {}};
    default:
      break;
  }
  if (text::is_space_cp(cp) || (cp >= 0x80 && cp <= 0x9F)) return {Map::kSpace, {}};
  return {Map::kKeep, {}};
}

// Writes normalised text into `out`, collapsing spaces, and (when `map` is set)
// keeps the offset map in step. Separators between lines and paragraphs are held
// back until the next visible character, so nothing trails and empty lines vanish.
class Writer {
 public:
  Writer(std::string& out, OffsetMap* map) : out_(out), map_(map) {}

  // Appends the normalised form of raw[b, e).
  void line(std::string_view raw, std::size_t b, std::size_t e) {
    const auto* p = reinterpret_cast<const unsigned char*>(raw.data());
    std::size_t i = b;
    while (i < e) {
      unsigned char c = p[i];
      if (text::has_class(c, text::kPlain)) {
        // A run of printable ASCII with single spaces inside is copied as it is.
        std::size_t j = i + 1;
        while (j + 8 <= e && !(p[j - 1] == ' ' && p[j] == ' ') && text::plain_block(p + j)) j += 8;
        if (p[j - 1] == ' ') --j;  // a run never ends with a space
        for (;;) {
          while (j < e && text::has_class(p[j], text::kPlain)) ++j;
          if (j + 1 < e && p[j] == ' ' && text::has_class(p[j + 1], text::kPlain)) {
            j += 2;
            continue;
          }
          break;
        }
        put(raw.data() + i, j - i, i, j - i);
        i = j;
      } else if (c < 0x80) {  // space, tab, CR, other controls, DEL
        space(i);
        ++i;
      } else {
        char32_t cp = 0;
        std::size_t n = text::decode(raw, i, cp);
        if (n == 0) {
          put("\xEF\xBF\xBD", 3, i, 1);  // U+FFFD for a byte that is not UTF-8
          ++i;
          continue;
        }
        Mapped m = map_code_point(cp);
        switch (m.action) {
          case Map::kKeep: put(raw.data() + i, n, i, n); break;
          case Map::kReplace: put(m.replacement.data(), m.replacement.size(), i, n); break;
          case Map::kSpace: space(i); break;
          case Map::kDrop: break;
        }
        i += n;
      }
    }
  }

  // The next visible character starts a new paragraph ("\n\n") or, when `join`,
  // continues the current one after a space; either maps to the raw offset just
  // after the last character written, so a span ending there ends there in raw too.
  void separate(bool join) {
    if (out_.size() == start_) return;  // nothing written yet
    pending_ = join ? Pending::kSpace : Pending::kParagraph;
    pending_raw_ = raw_end_;
  }

  // Anchors the end of the text just after the last raw character written.
  void finish() { sync(out_.size(), raw_end_); }

 private:
  enum class Pending { kNone, kSpace, kParagraph };

  void space(std::size_t raw_pos) {
    if (pending_ != Pending::kNone || out_.size() == start_) return;
    pending_ = Pending::kSpace;
    pending_raw_ = raw_pos;
  }

  // Appends s[0, n), the cleaned form of raw[raw_pos, raw_pos + raw_n).
  void put(const char* s, std::size_t n, std::size_t raw_pos, std::size_t raw_n) {
    if (pending_ != Pending::kNone) {
      sync(out_.size(), pending_raw_);
      if (pending_ == Pending::kSpace) {
        out_.push_back(' ');
      } else {
        out_.append("\n\n", 2);
      }
      pending_ = Pending::kNone;
    }
    sync(out_.size(), raw_pos);
    out_.append(s, n);
    raw_end_ = raw_pos + raw_n;
  }

  // Adds an anchor only when the raw-minus-cleaned distance changes (unsigned
  // wrap-around is fine: only equality is tested).
  void sync(std::size_t cleaned, std::size_t raw) {
    if (map_ == nullptr || raw - cleaned == delta_) return;
    map_->add_anchor(cleaned, raw);
    delta_ = raw - cleaned;
  }

  std::string& out_;
  OffsetMap* map_;
  std::size_t start_ = out_.size();
  std::size_t delta_ = 0;
  Pending pending_ = Pending::kNone;
  std::size_t pending_raw_ = 0;
  std::size_t raw_end_ = 0;  // raw offset after the last character written
};

std::string normalise(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  Writer w(out, nullptr);
  w.line(s, 0, s.size());
  return out;
}

void lower_ascii(std::string& s) {
  for (char& c : s) c = static_cast<char>(text::to_lower(static_cast<unsigned char>(c)));
}

// The rules compare each short line with a hundred or so words and prefixes; most
// differ in the first byte, which is tested before memcmp is called.
bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && (prefix.empty() || s[0] == prefix[0]) &&
         s.starts_with(prefix);
}

bool same(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.empty() || a[0] == b[0]) && a == b;
}

// Whether byte c is one of `chars` (string_view::find would call memchr).
bool contains(std::string_view chars, char c) {
  for (char x : chars) {
    if (x == c) return true;
  }
  return false;
}

using text::count_words;

// Splits a normalised line into words at spaces and the separators news sites put
// between items ("|", "/", ","), calling f(word) until it returns false. Returns
// whether every call returned true.
template <typename F>
bool all_items(std::string_view s, F&& f) {
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '|' || s[i] == '/' || s[i] == ',')) ++i;
    std::size_t b = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '|' && s[i] != '/' && s[i] != ',') ++i;
    if (i > b && !f(s.substr(b, i - b))) return false;
  }
  return true;
}

// A fixed list of words with a summary of their lengths and first bytes: most words
// a rule tests cannot be in its list, and are turned away without a comparison.
template <std::size_t N>
class WordSet {
 public:
  constexpr explicit WordSet(const std::array<std::string_view, N>& words) : words_(words) {
    for (std::string_view w : words) {
      lengths_ |= std::uint64_t{1} << length_bit(w);
      if (!w.empty()) set_first(static_cast<unsigned char>(w[0]));
    }
  }

  bool contains(std::string_view s) const {
    if ((lengths_ >> length_bit(s) & 1) == 0) return false;
    if (!s.empty() && !has_first(static_cast<unsigned char>(s[0]))) return false;
    return std::any_of(words_.begin(), words_.end(),
                       [s](std::string_view w) { return same(s, w); });
  }

 private:
  static constexpr std::size_t length_bit(std::string_view w) {
    return std::min<std::size_t>(w.size(), 63);
  }
  constexpr void set_first(unsigned char c) { first_[c / 64] |= std::uint64_t{1} << (c % 64); }
  bool has_first(unsigned char c) const { return (first_[c / 64] >> (c % 64) & 1) != 0; }

  std::array<std::string_view, N> words_;
  std::uint64_t lengths_ = 0;             // bit k: a word of k bytes (63: 63 or more)
  std::array<std::uint64_t, 4> first_{};  // bit c: a word starting with byte c
};

template <std::size_t N>
bool one_of(std::string_view s, const WordSet<N>& words) {
  return words.contains(s);
}

// --- breadcrumbs ---------------------------------------------------------------

constexpr std::array<std::string_view, 5> kCrumbSeparators = {" / ", " > ", " >> ",
                                                              " \xC2\xBB ", " \xE2\x80\xBA "};

// Whether s holds a byte of a separator ("/", ">", the last byte of "»" or "›").
// (string_view::find_first_of would call memchr once per byte of s.)
bool has_crumb_separator_byte(std::string_view s) {
  return text::has_any_byte(s, '/', '>', 0xBB, 0xBA);
}

// Segments of a breadcrumb ("Home / Pakistan / Headline"), or none when the line is
// not one. Applied to a normalised line.
std::vector<std::string_view> breadcrumb_segments(std::string_view s) {
  std::vector<std::string_view> segs;
  if (!has_crumb_separator_byte(s)) return segs;
  bool strong = false;  // "»" or "›": not used in prose
  std::size_t b = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != ' ') continue;
    for (std::string_view sep : kCrumbSeparators) {
      if (s.compare(i, sep.size(), sep) == 0) {
        segs.push_back(s.substr(b, i - b));
        strong = strong || static_cast<unsigned char>(sep[1]) >= 0x80;
        b = i + sep.size();
        i = b - 1;
        break;
      }
    }
  }
  if (segs.empty()) return {};
  segs.push_back(s.substr(b));
  for (std::string_view seg : segs) {
    if (seg.empty()) return {};
  }
  std::string first(segs.front());
  lower_ascii(first);
  if (first == "home" || first == "homepage" || first == "start") return segs;
  // Every segment but the last (which may be the headline) must be a short label.
  for (std::size_t k = 0; k + 1 < segs.size(); ++k) {
    if (segs[k].size() > 40 || count_words(segs[k]) > 4) return {};
  }
  if (strong || segs.size() >= 3) return segs;
  return {};
}

// Raw offset where the last breadcrumb segment of raw[b, e) starts.
std::size_t last_segment_start(std::string_view raw, std::size_t b, std::size_t e) {
  std::size_t best = b;
  for (std::size_t i = b; i < e; ++i) {
    if (raw[i] != ' ') continue;
    for (std::string_view sep : kCrumbSeparators) {
      if (i + sep.size() <= e && raw.compare(i, sep.size(), sep) == 0) best = i + sep.size();
    }
  }
  return best;
}

// --- single boilerplate lines ---------------------------------------------------

// Lines that end the article: whatever follows is other stories or page furniture.
constexpr WordSet kTailMarkers{std::array<std::string_view, 38>{
    "check also", "related", "related articles", "related stories", "related news",
    "related posts", "related content", "related coverage", "read more", "read also",
    "also read", "see also", "more stories", "more news", "you may also like",
    "you might also like", "you may also be interested in", "you might be interested in",
    "recommended", "recommended for you", "recommended stories", "most read", "most popular",
    "trending", "trending now", "latest news", "share this", "share this article",
    "share this story", "share this post", "share on", "comments", "leave a comment",
    "leave a reply", "post a comment", "join the conversation", "tags", "topics"}};

constexpr WordSet kFurniture{std::array<std::string_view, 15>{
    "share", "advertisement", "advertisment", "sponsored", "sponsored content", "ad",
    "story continues below", "story continues below advertisement", "continue reading",
    "continue reading below", "scroll to continue", "scroll to continue with content",
    "click here", "listen to this article", "print this page"}};

constexpr std::array<std::string_view, 8> kTeaserPrefixes = {
    "read more:", "read more |", "also read:", "also read |", "read also:", "see also:",
    "related:", "related |"};

// Words of a share bar; a line made only of these, with at least one platform, goes.
constexpr WordSet kShareFiller{std::array<std::string_view, 12>{
    "share", "shares", "on", "via", "this", "article", "story", "copy", "link", "it",
    "the", "-"}};
constexpr WordSet kSharePlatforms{std::array<std::string_view, 21>{
    "facebook", "twitter", "x", "whatsapp", "linkedin", "email", "e-mail", "mail", "print",
    "pinterest", "reddit", "telegram", "tweet", "messenger", "flipboard", "sms", "viber",
    "tumblr", "vk", "pin", "google+"}};

// Words that may appear in a line giving only a date, a time or a reading time.
constexpr WordSet kTimeWords{std::array<std::string_view, 70>{
    "published", "updated", "posted", "modified", "created", "last", "first", "on", "at",
    "date", "time", "ago", "and", "yesterday", "today", "just", "now", "minute", "minutes",
    "min", "mins", "hour", "hours", "hr", "hrs", "day", "days", "week", "weeks", "month",
    "months", "year", "years", "second", "seconds", "sec", "secs", "read", "reading", "am",
    "pm", "a.m.", "p.m.", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "-", "|"}};
constexpr WordSet kWeekdays{std::array<std::string_view, 14>{
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun"}};

std::string_view trim_trailing(std::string_view s, std::string_view chars) {
  while (!s.empty() && contains(chars, s.back())) s.remove_suffix(1);
  return s;
}

bool is_tail_marker(std::string_view key) {
  std::string_view k = trim_trailing(key, " :.-()0123456789>\xC2\xBB");
  if (one_of(k, kTailMarkers)) return true;
  return starts_with(k, "more from ") && count_words(k) <= 6;
}

bool is_share_line(std::string_view key) {
  if (count_words(key) > 10) return false;
  bool platform = false;
  bool only_share_words = all_items(key, [&](std::string_view w) {
    if (one_of(w, kSharePlatforms)) {
      platform = true;
      return true;
    }
    return one_of(w, kShareFiller);
  });
  return platform && only_share_words;
}

// "Published: April 7, 2021 10:00 AM", "Updated 2 hours ago", "5 min read".
bool is_timestamp_line(std::string_view norm, std::string_view key) {
  if (count_words(key) > 16) return false;
  bool dated = false;
  bool only_time_words = all_items(key, [&](std::string_view w) {
    std::size_t at = static_cast<std::size_t>(w.data() - key.data());
    std::string_view orig = norm.substr(at, w.size());
    std::string_view bare = trim_trailing(w, ":.");
    if (bare.empty()) return true;
    if (is_digit(static_cast<unsigned char>(bare[0]))) {
      // 7, 2021, 10:00, 7th, 2021-04-07, 08:23PM
      dated = true;
      return std::all_of(bare.begin(), bare.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return is_digit(u) || is_alpha(u) || c == ':' || c == '-' || c == '.';
      });
    }
    if (bare == "ago" || bare == "yesterday" || bare == "today") dated = true;
    if (one_of(bare, kTimeWords) || one_of(bare, kWeekdays)) return true;
    // A time zone as written: "PKT", "GMT", "UTC+5".
    std::string_view o = trim_trailing(orig, ":.");
    return o.size() >= 2 && o.size() <= 5 && std::all_of(o.begin(), o.end(), [](char c) {
             auto u = static_cast<unsigned char>(c);
             return is_upper(u) || is_digit(u) || c == '+';
           });
  });
  return dated && only_time_words;
}

// "By Staff Reporter", "By Jane Doe | Reuters", "(Reporting by ...; Editing by ...)".
bool is_byline(std::string_view norm, std::string_view key) {
  if (starts_with(key, "(reporting by") || starts_with(key, "reporting by") ||
      starts_with(key, "(writing by") || starts_with(key, "writing by") ||
      starts_with(key, "edited by") || starts_with(key, "editing by") ||
      starts_with(key, "compiled by") || starts_with(key, "written by")) {
    return count_words(key) <= 40;
  }
  if (!starts_with(key, "by ") || norm.size() < 4 || count_words(key) > 12) return false;
  char last = norm.back();
  if (last == '.' || last == '?' || last == '!' || last == ',' || last == ';') return false;
  return is_upper(static_cast<unsigned char>(norm[3])) || starts_with(key, "by staff") ||
         starts_with(key, "by our");
}

bool is_copyright_or_follow(std::string_view norm, std::string_view key) {
  std::size_t words = count_words(key);
  // "Copyright law was discussed." is prose: the word must come with a sign or year.
  bool copyright = starts_with(key, "copyright") && key.size() > 10 &&
                   (is_digit(static_cast<unsigned char>(key[10])) ||
                    starts_with(key.substr(10), "\xC2\xA9") || starts_with(key.substr(10), "(c)"));
  if (starts_with(norm, "\xC2\xA9") || starts_with(key, "(c) ") || copyright ||
      key.find("all rights reserved") != std::string_view::npos) {
    return words <= 30;
  }
  if (key == "subscribe" || starts_with(key, "subscribe to ") || starts_with(key, "subscribe now") ||
      starts_with(key, "follow us ") || starts_with(key, "follow @") ||
      starts_with(key, "like us on ") || starts_with(key, "sign up for our ") ||
      starts_with(key, "sign up to our ") || starts_with(key, "download our app")) {
    return words <= 15;
  }
  return false;
}

// A line naming only the site: the Source itself, a domain or a bare URL.
bool is_site_name(std::string_view key, std::string_view source_key) {
  if (!source_key.empty() && key == source_key) return true;
  if (key.find(' ') != std::string_view::npos || key.size() > 80) return false;
  if (starts_with(key, "http://") || starts_with(key, "https://") || starts_with(key, "www.")) {
    return true;
  }
  // label(.label)+ with an alphabetic top-level label of 2..6 letters and a first
  // label of two or more characters ("dawn.com", "news.example.pk"; not "u.s.").
  std::size_t dot = key.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  std::string_view tld = key.substr(dot + 1);
  if (tld.size() < 2 || tld.size() > 6) return false;
  for (char c : tld) {
    if (!is_lower(static_cast<unsigned char>(c))) return false;
  }
  std::size_t first_dot = key.find('.');
  if (first_dot < 2) return false;
  for (char c : key.substr(0, dot)) {
    auto u = static_cast<unsigned char>(c);
    if (!is_lower(u) && !is_digit(u) && c != '-' && c != '.') return false;
  }
  return true;
}

bool is_single_boilerplate(std::string_view norm, std::string_view key,
                           std::string_view source_key) {
  if (one_of(trim_trailing(key, " :."), kFurniture)) return true;
  for (std::string_view p : kTeaserPrefixes) {
    if (starts_with(key, p)) return true;
  }
  return is_share_line(key) || is_copyright_or_follow(norm, key) || is_byline(norm, key) ||
         is_timestamp_line(norm, key) || is_site_name(key, source_key);
}

// --- lines ----------------------------------------------------------------------

enum class Kind { kBlank, kBody, kHeadline, kDrop };

struct Line {
  std::size_t begin;
  std::size_t end;  // without "\r\n"
  Kind kind;
  bool crumb_with_title;  // a breadcrumb whose last segment is the headline
};

std::vector<Line> split_lines(std::string_view raw) {
  std::vector<Line> lines;
  lines.reserve(raw.size() / 64 + 4);
  std::size_t b = 0;
  while (b <= raw.size()) {
    const void* nl = std::memchr(raw.data() + b, '\n', raw.size() - b);
    std::size_t e = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - raw.data())
                       : raw.size();
    std::size_t content_end = e;
    if (content_end > b && raw[content_end - 1] == '\r') --content_end;
    lines.push_back({b, content_end, Kind::kBody, false});
    if (nl == nullptr) break;
    b = e + 1;
  }
  return lines;
}

// True when the line has no visible character (spaces, tabs, CR, no-break or
// zero-width spaces only). Stops at the first visible byte.
bool is_blank(std::string_view raw, const Line& l) {
  for (std::size_t i = l.begin; i < l.end; ++i) {
    auto c = static_cast<unsigned char>(raw[i]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') continue;
    if (c < 0x80) return false;
    char32_t cp = 0;
    std::size_t n = text::decode(raw, i, cp);
    if (n == 0) return false;
    Map a = map_code_point(cp).action;
    if (a != Map::kSpace && a != Map::kDrop) return false;
    i += n - 1;
  }
  return true;
}

bool ends_sentence(std::string_view s) {
  if (s.empty()) return false;
  char c = s.back();
  return c == '.' || c == '?' || c == '!' || c == ':' || c == ';' || c == '"' || c == '\'' ||
         c == ')';
}

// Whether kept line `next` continues the paragraph of kept line `prev` (hard-wrapped
// text) rather than starting a new one. Conservative: a headline, a bullet or a line
// after a finished sentence starts a paragraph.
bool continues(std::string_view raw, const Line& prev, const Line& next) {
  if (prev.kind == Kind::kHeadline || next.kind == Kind::kHeadline) return false;
  std::string_view a = raw.substr(prev.begin, prev.end - prev.begin);
  std::string_view b = raw.substr(next.begin, next.end - next.begin);
  a = trim_trailing(a, " \t");
  std::size_t lead = b.find_first_not_of(" \t");
  if (lead == std::string_view::npos || a.empty()) return false;
  b.remove_prefix(lead);
  if (text::bullet_length(b, 0) > 0 || text::bullet_length(a, a.find_first_not_of(" \t")) > 0) {
    return false;
  }
  if (ends_sentence(a)) return false;
  auto first = static_cast<unsigned char>(b[0]);
  char last = a.back();
  if (is_lower(first) || last == ',' || last == '-') return true;
  return a.size() >= 60;
}

// The headline to look for in the body.
struct Title {
  std::string text;  // normalised, as it will be reported
  std::string key;   // lowercased, for comparison
  bool weak = false;  // a section label or page furniture rather than a headline
};

Title make_title(std::string_view title, std::string_view source_key) {
  Title t;
  t.text = normalise(title);
  if (auto segs = breadcrumb_segments(t.text); !segs.empty()) {
    t.text = std::string(segs.back());
    t.weak = count_words(t.text) <= 3;  // "Home > World > Asia": a section, not a headline
  }
  t.key = t.text;
  lower_ascii(t.key);
  if (is_tail_marker(t.key) || is_single_boilerplate(t.text, t.key, source_key)) {
    t = Title{};  // the reader took a navigation line for the title
    t.weak = true;
  }
  return t;
}

// How a line of more than 16 words that is still boilerplate can start.
constexpr std::array<std::string_view, 15> kLongBoilerplateOpenings = {
    "read", "also", "see", "related", "(reporting", "reporting", "(writing", "writing", "edit",
    "compiled", "written", "copyright", "(c)", "\xC2\xA9", "all rights"};

// A cheap look at the raw bytes of a line that rules out most body paragraphs
// before any rule runs. Only lines of 16 words or fewer can be most kinds of
// boilerplate; a longer one may still be the headline (about the title's length), a
// breadcrumb (a separator early on), a teaser, a "Reporting by" credit or a
// copyright notice (known openings).
bool may_be_boilerplate(std::string_view line, std::size_t title_size) {
  if (line.size() <= title_size * 2 + 8 && line.size() + 8 >= title_size) return true;
  if (text::count_spaces(line, 15) <= 15) return true;  // 16 words or fewer
  // Breadcrumb labels are short, so a separator shows up early.
  if (has_crumb_separator_byte(line.substr(0, 48))) return true;
  std::string head(line.substr(0, 12));
  lower_ascii(head);
  return std::any_of(kLongBoilerplateOpenings.begin(), kLongBoilerplateOpenings.end(),
                     [&head](std::string_view p) { return starts_with(head, p); });
}

// Sets the kind of every line; returns whether a headline line was kept.
bool classify(std::string_view raw, std::vector<Line>& lines, const Title& title,
              std::string_view source_key) {
  std::string norm, key;
  bool seen_body = false, headline_kept = false;
  std::size_t tail = lines.size();
  for (std::size_t k = 0; k < lines.size(); ++k) {
    Line& l = lines[k];
    l.kind = Kind::kBody;
    l.crumb_with_title = false;
    if (is_blank(raw, l)) {
      l.kind = Kind::kBlank;
      continue;
    }
    if (l.end - l.begin > kMaxBoilerplateBytes ||
        !may_be_boilerplate(raw.substr(l.begin, l.end - l.begin), title.key.size())) {
      seen_body = true;
      continue;
    }
    norm.clear();
    Writer w(norm, nullptr);
    w.line(raw, l.begin, l.end);
    key = norm;
    lower_ascii(key);
    if (!title.key.empty() && key == title.key) {
      l.kind = headline_kept ? Kind::kDrop : Kind::kHeadline;
      headline_kept = true;
    } else if (auto segs = breadcrumb_segments(norm); !segs.empty()) {
      l.kind = Kind::kDrop;
      std::string last(segs.back());
      lower_ascii(last);
      l.crumb_with_title = !seen_body && !title.key.empty() && last == title.key &&
                           count_words(last) >= 4;
    } else if (is_tail_marker(key)) {
      l.kind = Kind::kDrop;
      if (seen_body) {
        tail = k;
        break;
      }
    } else if (is_single_boilerplate(norm, key, source_key)) {
      l.kind = Kind::kDrop;
    } else {
      seen_body = true;
    }
  }
  for (std::size_t k = tail; k < lines.size(); ++k) {
    lines[k].kind = is_blank(raw, lines[k]) ? Kind::kBlank : Kind::kDrop;
  }
  return headline_kept;
}

// The first body line of four words or more when it is shaped like a headline
// (short, no final period), normalised; else empty.
std::string headline_candidate(std::string_view raw, const std::vector<Line>& lines) {
  for (const Line& l : lines) {
    if (l.kind != Kind::kBody) continue;
    if (l.end - l.begin > 200) return {};
    std::string norm = normalise(raw.substr(l.begin, l.end - l.begin));
    if (count_words(norm) < 4) continue;  // a site or section name above the headline
    if (ends_sentence(norm) || norm.back() == ',') return {};
    return norm;
  }
  return {};
}

// Writes the kept lines into c.text (and c.map), the dropped ones into c.dropped.
void write_lines(std::string_view raw, const std::vector<Line>& lines, CleanedText& c) {
  c.text.reserve(raw.size() + 16);
  Writer w(c.text, &c.map);
  const Line* prev = nullptr;
  bool broken = false;  // a blank or dropped line since `prev`
  for (const Line& l : lines) {
    if (l.kind == Kind::kBlank || l.kind == Kind::kDrop) {
      broken = true;
      if (l.kind == Kind::kDrop) c.dropped.emplace_back(raw.substr(l.begin, l.end - l.begin));
      continue;
    }
    if (prev != nullptr) w.separate(!broken && continues(raw, *prev, l));
    w.line(raw, l.begin, l.end);
    prev = &l;
    broken = false;
  }
  w.finish();
}

}  // namespace

CleanedText clean_text(std::string_view raw, std::string_view title, std::string_view source) {
  CleanedText c;
  std::string source_key = normalise(source);
  lower_ascii(source_key);
  Title t = make_title(title, source_key);

  std::vector<Line> lines = split_lines(raw);
  bool headline_kept = classify(raw, lines, t, source_key);
  if (!headline_kept && t.weak) {
    // No usable title: the page's own headline is its first headline-shaped line.
    if (std::string h = headline_candidate(raw, lines); !h.empty()) {
      t.text = h;
      t.key = std::move(h);
      lower_ascii(t.key);
      headline_kept = classify(raw, lines, t, source_key);
    }
  }
  c.title = t.text;
  // No headline line of its own: keep it from the breadcrumb that ends with it.
  if (!headline_kept) {
    for (Line& l : lines) {
      if (l.crumb_with_title) {
        l.kind = Kind::kHeadline;
        l.begin = last_segment_start(raw, l.begin, l.end);
        break;
      }
    }
  }
  write_lines(raw, lines, c);
  return c;
}

}  // namespace dipgraph
