// Character classes shared by the cleaner and the splitter (private to the library).
//
// Byte-level helpers: the hot loops look at ASCII bytes directly and decode a code
// point only at a byte >= 0x80.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string_view>

#include "utf8.h"

namespace dipgraph::text {

constexpr bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
constexpr bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(unsigned char c) { return is_upper(c) || is_lower(c); }
constexpr bool is_alnum(unsigned char c) { return is_alpha(c) || is_digit(c); }
constexpr unsigned char to_lower(unsigned char c) { return is_upper(c) ? c + 32 : c; }

// Whether `w` is one of the words of `list`. The coder asks this for most words of
// a corpus, of short lists of short words: comparing sizes, then bytes inline, is
// several times cheaper than std::find's call to memcmp for every equal size.
inline bool one_of(std::string_view w, std::initializer_list<std::string_view> list) {
  for (std::string_view x : list) {
    if (x.size() != w.size()) continue;
    std::size_t i = 0;
    while (i < w.size() && x[i] == w[i]) ++i;
    if (i == w.size()) return true;
  }
  return false;
}

// Byte classes for the hot loops, one table lookup instead of a chain of compares.
enum ByteClass : unsigned char {
  kAlnum = 1,     // ASCII letter or digit
  kTerminal = 2,  // '.', '?', '!', or 0xE2 (the lead byte of "…")
  kPlain = 4,     // printable ASCII other than space (0x21..0x7E)
  kWordJoin = 8,  // may continue a word after letters or digits: - ' . , and bytes >= 0x80
};

struct ByteTable {
  unsigned char cls[256] = {};
  constexpr ByteTable() {
    for (int c = 0; c < 256; ++c) {
      auto u = static_cast<unsigned char>(c);
      if (is_alnum(u)) cls[c] |= kAlnum;
      if (c == '.' || c == '?' || c == '!' || c == 0xE2) cls[c] |= kTerminal;
      if (c > 0x20 && c < 0x7F) cls[c] |= kPlain;
      if (c == '-' || c == '\'' || c == '.' || c == ',' || c >= 0x80) cls[c] |= kWordJoin;
    }
  }
};
inline constexpr ByteTable kBytes{};

inline bool has_class(unsigned char c, ByteClass k) { return (kBytes.cls[c] & k) != 0; }

// Whether the 8 bytes at p are all printable ASCII or single spaces: no control
// byte, no byte >= 0x7F, no two spaces in a row (checked word-at-a-time; the caller
// handles a space pair straddling two blocks).
inline bool plain_block(const unsigned char* p) {
  std::uint64_t x;
  std::memcpy(&x, p, 8);
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto has_less = [](std::uint64_t v, std::uint64_t n) { return (v - kOnes * n) & ~v & kHigh; };
  if ((x & kHigh) != 0 || has_less(x, 0x20) != 0 || has_less(x ^ (kOnes * 0x7F), 1) != 0) {
    return false;
  }
  // Exact per-byte test for spaces (no borrow between bytes: all bytes are < 0x80).
  std::uint64_t y = x ^ (kOnes * 0x20);
  std::uint64_t space = ~(((y & ~kHigh) + ~kHigh) | y) & kHigh;  // 0x80 where a byte is ' '
  return (space & (space >> 8)) == 0;
}

// --- word-at-a-time scans ------------------------------------------------------------
//
// The splitter and tokenizer spend most of their time finding where a run of word
// bytes ends or where the next sentence-ending mark is. Testing 8 bytes per step
// (SWAR: bit tricks on a 64-bit word) takes one predictable branch per block instead
// of one per byte, and one mispredicted branch per word end becomes a count of
// trailing zeros. The block paths need little-endian byte order (the first byte in
// the lowest bits); elsewhere the byte-at-a-time loops do the same work.

namespace swar {

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
constexpr bool kEnabled = std::endian::native == std::endian::little;

inline std::uint64_t load(const unsigned char* p) {
  std::uint64_t x;
  std::memcpy(&x, p, 8);
  return x;
}

// 0x80 in each byte of x that equals b, 0 elsewhere (exact: no borrow between bytes).
inline std::uint64_t bytes_equal(std::uint64_t x, unsigned char b) {
  std::uint64_t y = x ^ (kOnes * b);
  return ~(((y & ~kHigh) + ~kHigh) | y) & kHigh;
}

// 0x80 in the first byte of x that equals b; bytes after it may be flagged too (a
// borrow runs on from a zero byte). Cheaper than bytes_equal when only the first
// match matters.
inline std::uint64_t first_equal(std::uint64_t x, unsigned char b) {
  std::uint64_t y = x ^ (kOnes * b);
  return (y - kOnes) & ~y & kHigh;
}

// 0x80 in each byte of x7 (every byte < 0x80) within [lo, hi]: adding 0x80 - lo sets
// the high bit exactly when a byte is >= lo, adding 0x7F - hi when it is > hi, and
// neither sum carries into the next byte.
inline std::uint64_t bytes_in_range(std::uint64_t x7, unsigned char lo, unsigned char hi) {
  return (x7 + kOnes * (0x80 - lo)) & ~(x7 + kOnes * (0x7F - hi)) & kHigh;
}

// 0x80 in each byte of x that is an ASCII letter or digit.
inline std::uint64_t ascii_alnum(std::uint64_t x) {
  std::uint64_t x7 = x & ~kHigh;
  std::uint64_t digit = bytes_in_range(x7, '0', '9');
  std::uint64_t letter = bytes_in_range(x7 | (kOnes * 0x20), 'a', 'z');  // folds A-Z onto a-z
  // ~x keeps the flags of bytes < 0x80 only.
  return (digit | letter) & ~x & kHigh;
}

// Number of bytes flagged 0x80 in a mask. A multiply sums the flags into the top
// byte; std::popcount is a library call unless the target has a popcount instruction.
inline std::size_t count_flagged(std::uint64_t mask) {
  return static_cast<std::size_t>(((mask >> 7) * kOnes) >> 56);
}

// Index (0..7) of the first byte flagged 0x80 in a non-zero mask.
inline std::size_t first_flagged(std::uint64_t mask) {
  return static_cast<std::size_t>(std::countr_zero(mask)) / 8;
}

}  // namespace swar

// End of the run of ASCII letters and digits that starts at p[i], at most `end`.
// p[0, readable) must be readable (readable >= end); blocks may look past `end`.
inline std::size_t alnum_run_end(const unsigned char* p, std::size_t i, std::size_t end,
                                 std::size_t readable) {
  if constexpr (swar::kEnabled) {
    // Two blocks at a time, combined without a branch: a word of 8 to 15 bytes is as
    // cheap as a short one (a branch on the first block would often be mispredicted).
    while (i < end && i + 16 <= readable) {
      std::uint64_t stop1 = ~swar::ascii_alnum(swar::load(p + i)) & swar::kHigh;
      std::uint64_t stop2 = ~swar::ascii_alnum(swar::load(p + i + 8)) & swar::kHigh;
      auto k1 = static_cast<std::size_t>(std::countr_zero(stop1)) / 8;  // 8 when none
      auto k2 = static_cast<std::size_t>(std::countr_zero(stop2)) / 8;
      std::size_t k = k1 < 8 ? k1 : 8 + k2;
      if (k < 16) {
        i += k;
        return i < end ? i : end;
      }
      i += 16;
    }
    while (i < end && i + 8 <= readable) {
      std::uint64_t stop = ~swar::ascii_alnum(swar::load(p + i)) & swar::kHigh;
      if (stop != 0) {
        i += swar::first_flagged(stop);
        return i < end ? i : end;
      }
      i += 8;
    }
    if (i >= end) return end;
  }
  while (i < end && has_class(p[i], kAlnum)) ++i;
  return i;
}

// Position of the first byte of class kTerminal ('.', '?', '!', 0xE2) in p[i, end),
// or `end`.
inline std::size_t find_terminal(const unsigned char* p, std::size_t i, std::size_t end) {
  if constexpr (swar::kEnabled) {
    for (; i + 8 <= end; i += 8) {
      std::uint64_t x = swar::load(p + i);
      // The lowest flag of each first_equal is exact, so the lowest of all is too.
      std::uint64_t hit = swar::first_equal(x, '.') | swar::first_equal(x, '?') |
                          swar::first_equal(x, '!') | swar::first_equal(x, 0xE2);
      if (hit != 0) return i + swar::first_flagged(hit);
    }
  }
  while (i < end && !has_class(p[i], kTerminal)) ++i;
  return i;
}

// Number of ' ' bytes in s; once more than `limit` are seen the count stops (the
// result is then some value > limit).
inline std::size_t count_spaces(std::string_view s, std::size_t limit) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = 0, i = 0;
  if constexpr (swar::kEnabled) {
    for (; i + 8 <= s.size() && n <= limit; i += 8) {
      n += swar::count_flagged(swar::bytes_equal(swar::load(p + i), ' '));
    }
  }
  for (; i < s.size() && n <= limit; ++i) n += p[i] == ' ';
  return n;
}

// Number of words of s: maximal runs of bytes other than ' '.
inline std::size_t count_words(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = 0, i = 0;
  bool in_word = false;
  if constexpr (swar::kEnabled) {
    for (; i + 8 <= s.size(); i += 8) {
      std::uint64_t word = ~swar::bytes_equal(swar::load(p + i), ' ') & swar::kHigh;
      // A word starts at a non-space byte whose previous byte is a space (or the
      // previous block ended outside a word).
      std::uint64_t before = (word << 8) | (in_word ? 0x80 : 0);
      n += swar::count_flagged(word & ~before);
      in_word = (word >> 63) != 0;
    }
  }
  for (; i < s.size(); ++i) {
    bool space = p[i] == ' ';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

// Whether s holds one of the bytes a, b, c, d.
inline bool has_any_byte(std::string_view s, unsigned char a, unsigned char b, unsigned char c,
                         unsigned char d) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t i = 0;
  if constexpr (swar::kEnabled) {
    for (; i + 8 <= s.size(); i += 8) {
      std::uint64_t x = swar::load(p + i);
      if ((swar::bytes_equal(x, a) | swar::bytes_equal(x, b) | swar::bytes_equal(x, c) |
           swar::bytes_equal(x, d)) != 0) {
        return true;
      }
    }
  }
  for (; i < s.size(); ++i) {
    if (p[i] == a || p[i] == b || p[i] == c || p[i] == d) return true;
  }
  return false;
}

// The UTF-8 decoder of utf8.h, for the scanners here.
using utf8::decode;

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
