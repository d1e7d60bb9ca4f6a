// UTF-8 helpers shared by the reader and the cleaner (private to the library).
#pragma once

#include <cstddef>
#include <string_view>

namespace dipgraph::utf8 {

// Byte offset of the first invalid sequence (overlong forms, surrogates and code
// points above U+10FFFF are invalid), or npos when `s` is valid UTF-8.
std::size_t find_invalid(std::string_view s);

inline bool is_valid(std::string_view s) { return find_invalid(s) == std::string_view::npos; }

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

// Length of the sequence starting with lead byte `c` (1 for invalid leads).
inline std::size_t sequence_length(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c >> 5) == 0x6) return 2;
  if ((c >> 4) == 0xE) return 3;
  if ((c >> 3) == 0x1E) return 4;
  return 1;
}

// 1-based line and column (in bytes) of byte `offset` in `s`.
struct LineColumn {
  std::size_t line = 1;
  std::size_t column = 1;
};
LineColumn line_column(std::string_view s, std::size_t offset);

}  // namespace dipgraph::utf8
