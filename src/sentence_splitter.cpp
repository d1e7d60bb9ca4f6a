// The splitter and tokenizer: one forward scan per paragraph. Decisions look at a
// bounded window around a candidate boundary (the word before, the word after), so
// the cost is linear however long a paragraph is.
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

using text::is_alnum;
using text::is_alpha;
using text::is_digit;
using text::is_lower;
using text::is_upper;

// Abbreviations whose period practically never ends a sentence: titles and
// reference words that a name or number follows.
constexpr std::array<std::string_view, 48> kNeverFinalWords = {
    "Mr", "Mrs", "Ms", "Messrs", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Cmdr",
    "Cdr", "Adm", "Sgt", "Cpl", "Pvt", "Brig", "Sen", "Sens", "Rep", "Reps", "Gov", "Pres",
    "Amb", "Hon", "Rev", "Fr", "Supt", "Insp", "Asst", "Atty", "St", "Mt", "Ft", "No", "Nos",
    "Vol", "Art", "Fig", "e.g", "i.e", "cf", "vs", "v", "viz", "approx", "pp"};

// Abbreviations that may close a sentence ("... sold by Acme Inc. The company ...").
constexpr std::array<std::string_view, 31> kMaybeFinalWords = {
    "Jr", "Sr", "Inc", "Ltd", "Co", "Corp", "Bros", "Plc", "Pty", "etc", "al", "Ave", "Rd",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "Mon", "Tue", "Tues", "Wed", "Thu", "Fri"};

// Words that open sentences far more often than they continue a name; after a
// sentence-closing abbreviation they tip the decision to a boundary.
constexpr std::array<std::string_view, 62> kOpeners = {
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "This", "That",
    "These", "Those", "There", "Their", "His", "Her", "Its", "Our", "My", "But", "And",
    "Yet", "So", "Or", "Nor", "In", "On", "At", "As", "By", "For", "From", "With", "Under",
    "After", "Before", "When", "While", "If", "Although", "Though", "However", "Meanwhile",
    "Earlier", "Later", "Also", "Then", "Now", "Still", "Some", "Many", "Most", "Both",
    "Each", "Such", "According", "Despite", "During", "Since", "What"};

// Capitalised one-word kickers that look like a dateline but are not places.
constexpr std::array<std::string_view, 10> kKickers = {
    "BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "WATCH", "VIDEO", "PHOTOS", "NOTE",
    "ANALYSIS", "OPINION"};

template <std::size_t N>
bool one_of(std::string_view s, const std::array<std::string_view, N>& words) {
  return std::find(words.begin(), words.end(), s) != words.end();
}

// A word of at most 8 bytes packed into an integer, first byte lowest, zero-padded;
// no two such words share a key (they hold no NUL byte). The abbreviation lists are
// looked up for most words before a period, so they are kept as sorted keys for a
// binary search rather than compared entry by entry with memcmp.
constexpr std::uint64_t pack(std::string_view w) {
  std::uint64_t key = 0;
  for (std::size_t k = 0; k < w.size() && k < 8; ++k) {
    key |= std::uint64_t{static_cast<unsigned char>(w[k])} << (8 * k);
  }
  return key;
}

template <std::size_t N>
constexpr std::array<std::uint64_t, N> pack_all(const std::array<std::string_view, N>& words) {
  std::array<std::uint64_t, N> keys{};
  for (std::size_t k = 0; k < N; ++k) keys[k] = pack(words[k]);
  std::sort(keys.begin(), keys.end());
  return keys;
}

template <std::size_t N>
constexpr bool all_short(const std::array<std::string_view, N>& words) {
  return std::all_of(words.begin(), words.end(), [](std::string_view w) { return w.size() <= 6; });
}
static_assert(all_short(kNeverFinalWords) && all_short(kMaybeFinalWords),
              "classify_abbrev only looks up words of up to 6 bytes");

constexpr auto kNeverFinalKeys = pack_all(kNeverFinalWords);
constexpr auto kMaybeFinalKeys = pack_all(kMaybeFinalWords);

template <std::size_t N>
bool one_of_keys(std::uint64_t key, const std::array<std::uint64_t, N>& keys) {
  return std::binary_search(keys.begin(), keys.end(), key);
}

unsigned char at(std::string_view s, std::size_t i) {
  return i < s.size() ? static_cast<unsigned char>(s[i]) : 0;
}

// "U.S", "a.m", "E.U": single letters joined by periods (the last period excluded).
bool is_dotted_acronym(std::string_view w) {
  if (w.size() < 3 || w.size() % 2 == 0) return false;
  for (std::size_t k = 0; k < w.size(); ++k) {
    auto c = static_cast<unsigned char>(w[k]);
    if (k % 2 == 0 ? !is_alpha(c) : c != '.') return false;
  }
  return true;
}

enum class Abbrev { kNone, kNeverFinal, kMaybeFinal };

// How the word before a period (without the period) behaves.
Abbrev classify_abbrev(std::string_view w) {
  if (w.size() > 6) return is_dotted_acronym(w) ? Abbrev::kMaybeFinal : Abbrev::kNone;
  std::uint64_t key = pack(w);
  if (one_of_keys(key, kNeverFinalKeys)) return Abbrev::kNeverFinal;
  if (one_of_keys(key, kMaybeFinalKeys)) return Abbrev::kMaybeFinal;
  if (w.size() == 1 && is_upper(static_cast<unsigned char>(w[0]))) return Abbrev::kMaybeFinal;
  if (is_dotted_acronym(w)) return Abbrev::kMaybeFinal;
  return Abbrev::kNone;
}

// Length of an opening quote or bracket at s[i], or 0.
std::size_t opening_length(std::string_view s, std::size_t i) {
  unsigned char c = at(s, i);
  if (c == '"' || c == '\'' || c == '(' || c == '[') return 1;
  if (c == 0xE2 && at(s, i + 1) == 0x80 && (at(s, i + 2) == 0x9C || at(s, i + 2) == 0x98)) {
    return 3;  // “ ‘
  }
  if (c == 0xC2 && at(s, i + 1) == 0xAB) return 2;  // «
  return 0;
}

// Length of a closing quote or bracket at s[i], or 0.
std::size_t closing_length(std::string_view s, std::size_t i) {
  unsigned char c = at(s, i);
  if (c == '"' || c == '\'' || c == ')' || c == ']') return 1;
  if (c == 0xE2 && at(s, i + 1) == 0x80 && (at(s, i + 2) == 0x9D || at(s, i + 2) == 0x99)) {
    return 3;  // ” ’
  }
  if (c == 0xC2 && at(s, i + 1) == 0xBB) return 2;  // »
  return 0;
}

bool is_ellipsis_char(std::string_view s, std::size_t i) {
  return at(s, i) == 0xE2 && at(s, i + 1) == 0x80 && at(s, i + 2) == 0xA6;
}

// Skips opening quotes and brackets from s[i] (at most a few).
std::size_t skip_openers(std::string_view s, std::size_t i, std::size_t end) {
  for (int k = 0; k < 4 && i < end; ++k) {
    std::size_t n = opening_length(s, i);
    if (n == 0) break;
    i += n;
  }
  return i;
}

// Whether s[i] (after any opening quotes) can start a sentence: a capital or a digit.
bool starts_sentence(std::string_view s, std::size_t i, std::size_t end) {
  i = skip_openers(s, i, end);
  if (i >= end) return false;
  unsigned char c = at(s, i);
  if (is_upper(c) || is_digit(c)) return true;
  if (c < 0x80) return false;
  char32_t cp = 0;
  return text::decode(s.substr(0, end), i, cp) > 0 && text::is_upper_cp(cp);
}

bool next_word_is_opener(std::string_view s, std::size_t i, std::size_t end) {
  i = skip_openers(s, i, end);
  std::size_t j = i;
  while (j < end && j - i < 12 && is_alpha(at(s, j))) ++j;
  if (j < end && is_alpha(at(s, j))) return false;  // longer than any opener
  return one_of(s.substr(i, j - i), kOpeners);
}

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\r'; }

// --- datelines --------------------------------------------------------------------

struct Dateline {
  std::size_t name_begin = 0;
  std::size_t name_end = 0;
  std::size_t body = 0;  // where the sentence text starts; 0 when there is no dateline
};

// A word in capitals at s[i] ("NEW", "ST.", "ÜRÜMQI", "AL-QUDS"); returns its end, or
// i when there is none.
std::size_t caps_word_end(std::string_view s, std::size_t i, std::size_t end) {
  std::size_t j = i;
  std::size_t letters = 0;
  while (j < end) {
    unsigned char c = at(s, j);
    if (is_upper(c)) {
      ++letters;
      ++j;
    } else if ((c == '.' || c == '\'' || c == '-') && letters > 0 && j + 1 < end &&
               (is_upper(at(s, j + 1)) || (c == '.' && at(s, j + 1) == ' '))) {
      ++j;
    } else if (c >= 0x80) {
      char32_t cp = 0;
      std::size_t n = text::decode(s.substr(0, end), j, cp);
      if (n == 0 || !text::is_upper_cp(cp)) break;
      ++letters;
      j += n;
    } else {
      break;
    }
  }
  if (letters == 0 || (j < end && is_alnum(at(s, j)))) return i;
  return j;
}

// Separator after a dateline: ":", " -", " --", " —", " –", each followed by a space.
std::size_t separator_end(std::string_view s, std::size_t i, std::size_t end) {
  if (at(s, i) == ':' && i + 1 < end && at(s, i + 1) == ' ') return i + 2;
  std::size_t j = i;
  while (j < end && at(s, j) == ' ') ++j;
  if (j == i) return 0;
  std::size_t k = j;
  if (at(s, k) == '-') {
    ++k;
    if (at(s, k) == '-') ++k;
  } else if (at(s, k) == 0xE2 && at(s, k + 1) == 0x80 &&
             (at(s, k + 2) == 0x93 || at(s, k + 2) == 0x94)) {
    k += 3;
  } else {
    return 0;
  }
  if (k < end && at(s, k) == ' ') return k + 1;
  return 0;
}

Dateline detect_dateline(std::string_view s, std::size_t begin, std::size_t end) {
  Dateline d;
  std::size_t i = begin;
  std::size_t letters_end = begin;
  for (int words = 0; words < 4; ++words) {
    std::size_t j = caps_word_end(s, i, end);
    if (j == i) break;
    letters_end = j;
    if (at(s, j) != ' ' || caps_word_end(s, j + 1, end) == j + 1) break;
    i = j + 1;
  }
  if (letters_end - begin < 2 || letters_end - begin > 40) return d;
  std::string_view name = s.substr(begin, letters_end - begin);
  if (one_of(name, kKickers)) return d;
  std::size_t p = letters_end;
  // ", April 7" or ", Pakistan": a short qualifier ending at "(" or a separator.
  if (at(s, p) == ',' && at(s, p + 1) == ' ') {
    std::size_t q = p + 2;
    while (q < end && q - p < 40) {
      unsigned char c = at(s, q);
      if (c == '(' || c == ':' || c == '.' || c == '!' || c == '?' || c == '"') break;
      if (separator_end(s, q, end) != 0) break;
      ++q;
    }
    if (at(s, q) == '(' || (at(s, q) == ':' && q > p + 2)) {
      p = q;
      while (p > letters_end && at(s, p - 1) == ' ') --p;
    } else if (separator_end(s, q, end) != 0) {
      p = q;
    } else {
      return d;
    }
  }
  std::size_t body = 0;
  // " (Reuters)", "(AP)".
  std::size_t paren = p;
  while (paren < end && at(s, paren) == ' ') ++paren;
  if (at(s, paren) == '(') {
    std::size_t close = paren + 1;
    while (close < end && close - paren < 30 && at(s, close) != ')') ++close;
    if (at(s, close) != ')' || close == paren + 1) return d;
    p = close + 1;
    body = separator_end(s, p, end);
    if (body == 0 && at(s, p) == ' ') body = p + 1;  // "MOSCOW (Reuters) The ..."
  } else {
    body = separator_end(s, p, end);
  }
  if (body == 0) return d;
  while (body < end && at(s, body) == ' ') ++body;
  if (body >= end) return d;
  d.name_begin = begin;
  d.name_end = letters_end;
  d.body = body;
  return d;
}

// --- tokens -------------------------------------------------------------------------

// Length of the non-ASCII letter at s[i] (s[i] >= 0x80, i < end), or 0.
std::size_t letter_cp_length(std::string_view s, std::size_t i, std::size_t end) {
  char32_t cp = 0;
  std::size_t n = text::decode(s.substr(0, end), i, cp);
  if (n == 0 || text::is_space_cp(cp) || text::is_punct_cp(cp)) return 0;
  return n;
}

// Length of a word character at s[i] (ASCII letter or digit, or a non-ASCII letter),
// or 0. The ASCII test is inline: it runs for every token.
inline std::size_t word_char(std::string_view s, std::size_t i, std::size_t end) {
  if (i >= end) return 0;
  unsigned char c = at(s, i);
  if (c < 0x80) return text::has_class(c, text::kAlnum) ? 1 : 0;
  return letter_cp_length(s, i, end);
}

// Length of an apostrophe at s[i] ("'" or "’"), or 0.
std::size_t apostrophe_length(std::string_view s, std::size_t i) {
  if (at(s, i) == '\'') return 1;
  if (at(s, i) == 0xE2 && at(s, i + 1) == 0x80 && at(s, i + 2) == 0x99) return 3;
  return 0;
}

// A possessive clitic at s[i]: apostrophe, then "s" ending the word.
std::size_t possessive_length(std::string_view s, std::size_t i, std::size_t end) {
  std::size_t a = apostrophe_length(s, i);
  if (a == 0 || i + a >= end) return 0;
  unsigned char c = at(s, i + a);
  if (c != 's' && c != 'S') return 0;
  if (word_char(s, i + a + 1, end) != 0) return 0;
  return a + 1;
}

std::size_t word_end(std::string_view s, std::size_t i, std::size_t end) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t j = i;
  for (;;) {
    for (;;) {  // ASCII letters and digits first: the common case, no decoding
      j = text::alnum_run_end(p, j, end, s.size());
      std::size_t n = j < end && p[j] >= 0x80 ? letter_cp_length(s, j, end) : 0;
      if (n == 0) break;
      j += n;
    }
    if (j >= end) return j;
    unsigned char c = at(s, j);
    if (c == '-' && word_char(s, j + 1, end)) {
      ++j;
      continue;
    }
    if (std::size_t a = apostrophe_length(s, j);
        a > 0 && word_char(s, j + a, end) && possessive_length(s, j, end) == 0) {
      j += a;
      continue;
    }
    if ((c == '.' || c == ',') && is_digit(at(s, j - 1)) && j + 1 < end &&
        is_digit(at(s, j + 1))) {
      ++j;
      continue;
    }
    // Dotted acronyms: "U.S", "a.m" (single letters between periods).
    if (c == '.' && j + 1 < end && is_alpha(at(s, j + 1)) && is_alpha(at(s, j - 1)) &&
        (j - 1 == i || at(s, j - 2) == '.')) {
      ++j;
      continue;
    }
    return j;
  }
}

// Appends the tokens of text[begin, end) to `tokens` (the work of tokenize()).
void append_tokens(std::string_view text, std::size_t begin, std::size_t end,
                   std::vector<Token>& tokens) {
  end = std::min(end, text.size());
  begin = std::min(begin, end);
  tokens.reserve(tokens.size() + (end - begin) / 5 + 1);
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = begin;
  while (i < end) {
    unsigned char c = p[i];
    if (c <= ' ' || c == 0x7F) {
      ++i;
      continue;
    }
    if (text::has_class(c, text::kAlnum)) {
      // Most words are ASCII letters or digits followed by a byte that cannot
      // continue them (a space, most punctuation): no need for word_end's rules.
      std::size_t j = text::alnum_run_end(p, i + 1, end, text.size());
      if (j >= end || !text::has_class(p[j], text::kWordJoin)) {
        tokens.push_back({i, j});
        i = j;
        continue;
      }
    }
    if (word_char(text, i, end) != 0) {
      std::size_t j = word_end(text, i, end);
      // Keep the period of an abbreviation ("Gen.", "U.S.") but not of "...".
      if (j < end && at(text, j) == '.' && at(text, j + 1) != '.' &&
          classify_abbrev(text.substr(i, j - i)) != Abbrev::kNone) {
        ++j;
        if (at(text, j) == '-' && word_char(text, j + 1, end)) j = word_end(text, j + 1, end);
      }
      tokens.push_back({i, j});
      i = j;
      continue;
    }
    if (std::size_t n = possessive_length(text, i, end)) {
      tokens.push_back({i, i + n});
      i += n;
      continue;
    }
    if (c == '.') {
      std::size_t j = i;
      while (j < end && at(text, j) == '.') ++j;
      if (j - i < 3) j = i + 1;  // ".." is two marks; "..." and longer one ellipsis
      tokens.push_back({i, j});
      i = j;
      continue;
    }
    std::size_t n = 1;
    if (c >= 0x80) {
      char32_t cp = 0;
      n = text::decode(text.substr(0, end), i, cp);
      if (n == 0) {
        n = 1;  // a stray byte is a token of its own
      } else if (text::is_space_cp(cp)) {
        i += n;
        continue;
      }
    }
    tokens.push_back({i, i + n});
    i += n;
  }
}

}  // namespace

std::vector<Token> tokenize(std::string_view text, std::size_t begin, std::size_t end) {
  std::vector<Token> tokens;
  append_tokens(text, begin, end, tokens);
  return tokens;
}

std::string find_dateline(std::string_view paragraph) {
  std::size_t b = 0;
  while (b < paragraph.size() && is_space(at(paragraph, b))) ++b;
  Dateline d = detect_dateline(paragraph, b, paragraph.size());
  if (d.body == 0) return {};
  return std::string(paragraph.substr(d.name_begin, d.name_end - d.name_begin));
}

namespace {

class Splitter {
 public:
  // Writes the sentences into `out` from its start, reusing the Sentence objects
  // already there; finish() drops the ones left over.
  Splitter(std::string_view text, std::vector<Sentence>& out) : s_(text), out_(out) {}

  void finish() { out_.resize(count_); }

  void paragraph(std::size_t b, std::size_t e) {
    while (b < e && is_space(at(s_, b))) ++b;
    while (e > b && is_space(at(s_, e - 1))) --e;
    if (b == e) return;
    if (std::size_t n = text::bullet_length(s_, b); n > 0 && b + n < e) {
      b += n;
      while (b < e && is_space(at(s_, b))) ++b;
    }
    if (Dateline d = detect_dateline(s_, b, e); d.body != 0) b = d.body;

    const auto* p = reinterpret_cast<const unsigned char*>(s_.data());
    std::size_t start = b;
    std::size_t i = b;
    while (i < e) {
      i = text::find_terminal(p, i, e);
      if (i >= e) break;
      unsigned char c = p[i];
      if (c == 0xE2 && !is_ellipsis_char(s_, i)) {
        ++i;
        continue;
      }
      std::size_t j = i;
      std::size_t dots = 0;
      bool mark = false, ellipsis = false;
      while (j < e) {
        unsigned char t = at(s_, j);
        if (t == '.') {
          ++dots;
          ++j;
        } else if (t == '?' || t == '!') {
          mark = true;
          ++j;
        } else if (is_ellipsis_char(s_, j)) {
          ellipsis = true;
          j += 3;
        } else {
          break;
        }
      }
      while (j < e) {
        std::size_t n = closing_length(s_, j);
        if (n == 0) break;
        j += n;
      }
      if (j >= e) break;  // the paragraph's end closes the sentence anyway
      if (!is_space(at(s_, j))) {
        i = j;  // "3.14", "U.S.-led", "Yahoo!Inc"
        continue;
      }
      std::size_t next = j;
      while (next < e && is_space(at(s_, next))) ++next;
      if (boundary(start, i, next, e, dots, mark, ellipsis)) {
        emit(start, j);
        start = next;
      }
      i = next;
    }
    emit(start, e);
  }

 private:
  // Whether the terminal run starting at `run` (with the next word at `next`) ends
  // the sentence that began at `start`.
  bool boundary(std::size_t start, std::size_t run, std::size_t next, std::size_t end,
                std::size_t dots, bool mark, bool ellipsis) const {
    if (!starts_sentence(s_, next, end)) return false;
    if (mark) return true;
    if (ellipsis || dots >= 2) return run > start && !is_space(at(s_, run - 1));
    // A single period: look at the word before it (bounded look-back).
    std::size_t wb = run;
    while (wb > start && run - wb < 32 && !is_space(at(s_, wb - 1))) --wb;
    while (wb < run && opening_length(s_, wb) > 0) wb += opening_length(s_, wb);
    switch (classify_abbrev(s_.substr(wb, run - wb))) {
      case Abbrev::kNeverFinal: return false;
      case Abbrev::kMaybeFinal: return next_word_is_opener(s_, next, end);
      case Abbrev::kNone: return true;
    }
    return true;
  }

  void emit(std::size_t b, std::size_t e) {
    while (e > b && is_space(at(s_, e - 1))) --e;
    if (b >= e) return;
    if (count_ == out_.size()) out_.emplace_back();
    // assign() and clear() keep the capacity of a reused Sentence's text and tokens.
    Sentence& sent = out_[count_];
    sent.index = count_++;
    sent.begin = b;
    sent.end = e;
    sent.text.assign(s_.data() + b, e - b);
    sent.tokens.clear();
    append_tokens(s_, b, e, sent.tokens);
  }

  std::string_view s_;
  std::vector<Sentence>& out_;
  std::size_t count_ = 0;  // sentences written
};

}  // namespace

void split_sentences(std::string_view clean, std::vector<Sentence>& out) {
  out.reserve(clean.size() / 64 + 1);
  Splitter splitter(clean, out);
  std::size_t b = 0;
  while (b < clean.size()) {
    const void* nl = std::memchr(clean.data() + b, '\n', clean.size() - b);
    std::size_t e = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - clean.data())
                       : clean.size();
    splitter.paragraph(b, e);
    b = e + 1;
  }
  splitter.finish();
}

std::vector<Sentence> split_sentences(std::string_view clean) {
  std::vector<Sentence> out;
  split_sentences(clean, out);
  return out;
}

}  // namespace dipgraph
