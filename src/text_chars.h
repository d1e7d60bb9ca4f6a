// Character classes shared by the cleaner and the splitter (private to the library).
//
// Byte-level helpers: the hot loops look at ASCII bytes directly and decode a code
// point only at a byte >= 0x80.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dipgraph::text {

inline bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
inline bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(unsigned char c) { return is_upper(c) || is_lower(c); }
inline bool is_alnum(unsigned char c) { return is_alpha(c) || is_digit(c); }
inline unsigned char to_lower(unsigned char c) { return is_upper(c) ? c + 32 : c; }

// Decodes the UTF-8 sequence at s[i] (s[i] >= 0x80). Returns its length and sets
// `cp`, or returns 0 for an invalid or truncated sequence.
inline std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  unsigned char c = p[i];
  std::size_t len;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((p[i + k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[i + k] & 0x3F);
  }
  return len;
}

// Unicode spaces other than ASCII ones (no-break, en/em, thin, narrow, ideographic).
inline bool is_space_cp(char32_t cp) {
  return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0x85;
}

// Punctuation and symbols outside ASCII; every other non-ASCII code point counts as
// a letter, which is right for the scripts news text uses.
inline bool is_punct_cp(char32_t cp) {
  if (cp < 0xC0) return cp != 0xAA && cp != 0xB5 && cp != 0xBA;  // Latin-1 signs
  return (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x2E00 && cp <= 0x2E7F) ||
         (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
         cp == 0xD7 || cp == 0xF7;
}

// Capital letters of Latin-1, Latin Extended-A, Greek and Cyrillic; enough to tell a
// sentence opener in the languages of names news text quotes.
inline bool is_upper_cp(char32_t cp) {
  if (cp >= 0xC0 && cp <= 0xDE) return cp != 0xD7;
  if (cp >= 0x100 && cp <= 0x17F) return cp % 2 == 0;
  if (cp >= 0x391 && cp <= 0x3A9) return true;
  return cp >= 0x400 && cp <= 0x42F;
}

// Length of a bullet marker at s[i] including the space after it ("- ", "* ",
// "• ", "1. ", "12) "), or 0.
inline std::size_t bullet_length(std::string_view s, std::size_t i) {
  auto at = [&](std::size_t k) -> unsigned char { return k < s.size() ? s[k] : 0; };
  unsigned char c = at(i);
  if ((c == '-' || c == '*') && at(i + 1) == ' ') return 2;
  if (c == 0xE2 && at(i + 1) == 0x80 && at(i + 2) == 0xA2 && at(i + 3) == ' ') return 4;
  std::size_t k = i;
  while (k < i + 3 && is_digit(at(k))) ++k;
  if (k > i && (at(k) == '.' || at(k) == ')') && at(k + 1) == ' ') return k - i + 2;
  return 0;
}

}  // namespace dipgraph::text
