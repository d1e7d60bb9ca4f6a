#include "utf8.h"

namespace dipgraph::utf8 {

std::size_t find_invalid(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t len = decode(s, i, cp);
    // Overlong three- and four-byte forms, UTF-16 surrogates, beyond Unicode.
    if (len == 0 || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

LineColumn line_column(std::string_view s, std::size_t offset) {
  LineColumn lc;
  if (offset > s.size()) offset = s.size();
  for (std::size_t i = 0; i < offset; ++i) {
    if (s[i] == '\n') {
      ++lc.line;
      lc.column = 1;
    } else {
      ++lc.column;
    }
  }
  return lc;
}

}  // namespace dipgraph::utf8
