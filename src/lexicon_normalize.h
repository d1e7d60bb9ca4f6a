// Text normalisation for the lexicon (private to the library).
//
// A token is cut into units: the parts of a hyphenated word ("Guinea-Bissau" ->
// guinea, bissau) and a possessive ("People's" -> people, 's). A unit's key is
// its text with case folded (unless `keep_case`), Latin diacritics folded
// (é -> e, ß -> ss, ş -> s), apostrophes inside a word dropped ("d'Ivoire" ->
// divoire) and periods dropped from words ("U.S." -> us). Lexicon phrases and
// article text go through the same function, so spelling variants meet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "text_chars.h"

namespace dipgraph::lexicon_detail {

constexpr std::uint32_t kNoWord = 0xFFFFFFFFu;

// One unit of a sentence, as the matcher sees it.
struct Unit {
  std::uint32_t token = 0;  // index of the token it came from
  std::uint32_t begin = 0;  // bytes in the text
  std::uint32_t end = 0;
  std::uint32_t word = kNoWord;  // vocabulary id of the folded key
  bool is_word = false;          // starts with a letter or digit
};

// The folded keys of a phrase's units joined by spaces (tokenized as article text
// is), for duplicate checks and whole-phrase lookups.
std::string fold_phrase(std::string_view phrase, bool keep_case = false);

// Whether the first letter of text[begin, end) is a capital.
bool starts_upper(std::string_view text, std::size_t begin, std::size_t end);

// ASCII fold of U+00C0..U+017F (Latin-1 Supplement letters and Latin Extended-A),
// case kept; empty for the two signs × and ÷. Hand-checked against the Unicode
// decompositions; letters without one (Æ, Ø, Þ, ß, Ł, Œ, ı) get their usual
// English transliteration.
inline constexpr const char* kLatinFold[0x180 - 0xC0] = {
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
    "D", "N", "O", "O", "O", "O", "O", "", "O", "U", "U", "U", "U", "Y", "TH", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
    "A", "a", "A", "a", "A", "a", "C", "c", "C", "c", "C", "c", "C", "c", "D", "d",
    "D", "d", "E", "e", "E", "e", "E", "e", "E", "e", "E", "e", "G", "g", "G", "g",
    "G", "g", "G", "g", "H", "h", "H", "h", "I", "i", "I", "i", "I", "i", "I", "i",
    "I", "i", "IJ", "ij", "J", "j", "K", "k", "k", "L", "l", "L", "l", "L", "l", "L",
    "l", "L", "l", "N", "n", "N", "n", "N", "n", "n", "N", "n", "O", "o", "O", "o",
    "O", "o", "OE", "oe", "R", "r", "R", "r", "R", "r", "S", "s", "S", "s", "S", "s",
    "S", "s", "T", "t", "T", "t", "T", "t", "U", "u", "U", "u", "U", "u", "U", "u",
    "U", "u", "U", "u", "W", "w", "Y", "y", "Y", "Z", "z", "Z", "z", "Z", "z", "s",
};

// The fold of a code point outside ASCII, or null when it has none.
inline const char* latin_fold(char32_t cp) {
  if (cp >= 0xC0 && cp < 0x180) return kLatinFold[cp - 0xC0];
  switch (cp) {  // Romanian comma-below letters (Chișinău, Timișoara)
    case 0x218: return "S";
    case 0x219: return "s";
    case 0x21A: return "T";
    case 0x21B: return "t";
    default: return nullptr;
  }
}

// Apostrophe-like code points: ' ’ ‘ ʼ ` ´ ′.
inline bool is_apostrophe_cp(char32_t cp) {
  return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x2BC || cp == '`' || cp == 0xB4 ||
         cp == 0x2032;
}

// Hyphen-like code points inside a word: - ‐ ‑ ‒ – −.
inline bool is_hyphen_cp(char32_t cp) {
  return cp == '-' || cp == 0x2010 || cp == 0x2011 || cp == 0x2012 || cp == 0x2013 ||
         cp == 0x2212;
}

// The code point at s[i] and its length (a stray byte is itself, length 1).
inline std::size_t code_point_at(std::string_view s, std::size_t i, char32_t& cp) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  std::size_t n = text::decode(s, i, cp);
  if (n == 0) {
    cp = 0xFFFD;
    return 1;
  }
  return n;
}

inline bool is_word_start(char32_t cp) {
  if (cp < 0x80) return text::is_alnum(static_cast<unsigned char>(cp));
  return !text::is_punct_cp(cp) && !text::is_space_cp(cp);
}

// Calls `emit(begin, end, key, is_word)` for each unit of text[begin, end). `key`
// lives in `scratch` and is only valid during the call.
template <typename Emit>
void for_each_unit(std::string_view text, std::size_t begin, std::size_t end, bool keep_case,
                   std::string& scratch, Emit&& emit) {
  end = end < text.size() ? end : text.size();
  if (begin >= end) return;
  const std::string_view s = text.substr(0, end);
  // Periods are dropped from words ("U.S.", "Gen.") but kept in punctuation ("...").
  bool has_word = false;
  for (std::size_t k = begin; k < end; ++k) {
    auto c = static_cast<unsigned char>(s[k]);
    if (text::is_alnum(c) || c >= 0xC0) {
      has_word = true;
      break;
    }
  }
  scratch.clear();
  std::size_t unit_begin = begin;
  bool unit_is_word = false;
  auto flush = [&](std::size_t unit_end) {
    if (!scratch.empty()) emit(unit_begin, unit_end, std::string_view(scratch), unit_is_word);
    scratch.clear();
    unit_is_word = false;
  };
  std::size_t i = begin;
  while (i < end) {
    auto c = static_cast<unsigned char>(s[i]);
    if (text::is_alnum(c)) {  // the common case
      if (scratch.empty()) {
        unit_begin = i;
        unit_is_word = true;
      }
      scratch.push_back(static_cast<char>(keep_case ? c : text::to_lower(c)));
      ++i;
      continue;
    }
    char32_t cp = 0;
    std::size_t n = code_point_at(s, i, cp);
    char32_t next = 0;
    std::size_t next_n = i + n < end ? code_point_at(s, i + n, next) : 0;
    if (is_hyphen_cp(cp) && !scratch.empty() && next_n > 0 && is_word_start(next)) {
      flush(i);
      i += n;
      continue;
    }
    if (is_apostrophe_cp(cp)) {
      // A possessive 's (or ') at the end of a word part is a unit of its own.
      char32_t after = 0;
      std::size_t after_n = i + n + next_n < end ? code_point_at(s, i + n + next_n, after) : 0;
      if (!scratch.empty() && (next == 's' || next == 'S') &&
          (after_n == 0 || !is_word_start(after))) {
        flush(i);
        unit_begin = i;
        scratch = "'s";
        i += n + next_n;
        flush(i);
        continue;
      }
      if (!scratch.empty() && next_n > 0 && is_word_start(next)) {
        i += n;  // inside a word: d'Ivoire, N'Djamena
        continue;
      }
      if (scratch.empty()) unit_begin = i;
      scratch.push_back('\'');
      i += n;
      continue;
    }
    if (c == '.' && has_word) {
      ++i;
      continue;
    }
    if (scratch.empty()) {
      unit_begin = i;
      unit_is_word = is_word_start(cp);
    }
    if (const char* folded = cp >= 0x80 ? latin_fold(cp) : nullptr) {
      for (const char* f = folded; *f; ++f) {
        auto fc = static_cast<unsigned char>(*f);
        scratch.push_back(static_cast<char>(keep_case ? fc : text::to_lower(fc)));
      }
    } else {
      scratch.append(s.substr(i, n));
    }
    i += n;
  }
  flush(end);
}

}  // namespace dipgraph::lexicon_detail
