#include "dipgraph/diagnostics.h"

#include <algorithm>

#include "utf8.h"


namespace dipgraph {
namespace {

constexpr std::size_t kExcerptColumns = 80;

// Cuts a long line to a window of ~80 bytes around the column, on UTF-8
// boundaries, and returns the caret's position inside the window.
std::pair<std::string, std::size_t> excerpt_window(std::string_view line, std::size_t column) {
  std::size_t caret = column > 0 ? column - 1 : 0;
  std::size_t start = 0;
  if (line.size() > kExcerptColumns && caret > kExcerptColumns / 2) {
    start = std::min(caret - kExcerptColumns / 2, line.size() - kExcerptColumns);
  }
  while (start > 0 && (static_cast<unsigned char>(line[start]) & 0xC0) == 0x80) --start;
  std::size_t end = std::min(line.size(), start + kExcerptColumns);
  while (end < line.size() && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) ++end;
  // Control bytes and invalid UTF-8 would garble a terminal; show them as '?'.
  std::string out;
  std::string_view window = line.substr(start, end - start);
  while (!window.empty()) {
    const std::size_t bad = utf8::find_invalid(window);
    const std::string_view good = window.substr(0, bad);
    for (char c : good) out += (static_cast<unsigned char>(c) < 0x20 && c != '\t') ? '?' : c;
    if (bad == std::string_view::npos) break;
    out += '?';
    window.remove_prefix(bad + 1);
  }
  return {out, caret - start};
}

}  // namespace

std::string format_diagnostic(const Diagnostic& d) {
  std::string out = d.file.empty() ? std::string("dipgraph") : d.file;
  if (d.line > 0) {
    out += ':' + std::to_string(d.line);
    if (d.column > 0) out += ':' + std::to_string(d.column);
  }
  out += d.severity == Severity::kError ? ": error: " : ": warning: ";
  out += d.message;
  if (!d.excerpt.empty()) {
    auto [text, caret] = excerpt_window(d.excerpt, d.column);
    out += '\n';
    out += text;
    if (d.column > 0 && caret <= text.size()) {
      out += '\n';
      out += std::string(caret, ' ');
      out += '^';
    }
  }
  return out;
}

Error::Error(Diagnostic d) : std::runtime_error(format_diagnostic(d)), diagnostic_(std::move(d)) {}

Error::Error(std::string file, std::string message)
    : Error(Diagnostic{Severity::kError, std::move(file), 0, 0, std::move(message), {}}) {}

}  // namespace dipgraph
