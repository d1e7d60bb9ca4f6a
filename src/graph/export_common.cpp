#include "graph/export_common.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

#include "dipgraph/news_date.h"
#include "utf8.h"

namespace dipgraph::detail {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool valid_code_point(std::size_t len, char32_t cp) {
  return !((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
           (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF);
}

std::optional<int> number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
    if (v > 1000000) return std::nullopt;
  }
  return v;
}

std::optional<CalendarDate> date_of(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto y = number(s.substr(0, 4)), m = number(s.substr(5, 2)), d = number(s.substr(8, 2));
  if (!y || !m || !d || !is_valid_date(*y, *m, *d)) return std::nullopt;
  return CalendarDate{*y, *m, *d};
}

struct Range {
  CalendarDate start, end;
};

std::optional<Range> range_of(std::string_view name, TimeBucket bucket) {
  switch (bucket) {
    case TimeBucket::kDay: {
      auto d = date_of(name);
      if (!d) return std::nullopt;
      return Range{*d, *d};
    }
    case TimeBucket::kWeek: {  // YYYY-Www: week 1 holds January 4th
      if (name.size() != 8 || name[4] != '-' || name[5] != 'W') return std::nullopt;
      auto y = number(name.substr(0, 4)), w = number(name.substr(6, 2));
      if (!y || !w || *w < 1 || *w > 53 || *y < 1) return std::nullopt;
      const CalendarDate jan4{*y, 1, 4};
      const CalendarDate monday = add_days(jan4, -((weekday(jan4) + 6) % 7) + 7 * (*w - 1));
      return Range{monday, add_days(monday, 6)};
    }
    case TimeBucket::kMonth: {
      if (name.size() != 7 || name[4] != '-') return std::nullopt;
      auto y = number(name.substr(0, 4)), m = number(name.substr(5, 2));
      if (!y || !m || !is_valid_date(*y, *m, 1)) return std::nullopt;
      const CalendarDate next = *m == 12 ? CalendarDate{*y + 1, 1, 1} : CalendarDate{*y, *m + 1, 1};
      return Range{CalendarDate{*y, *m, 1}, add_days(next, -1)};
    }
    case TimeBucket::kYear: {
      auto y = number(name);
      if (name.size() != 4 || !y || *y < 1) return std::nullopt;
      return Range{CalendarDate{*y, 1, 1}, CalendarDate{*y, 12, 31}};
    }
  }
  return std::nullopt;
}

// Merges sorted-or-not ranges that overlap or touch.
std::vector<Range> merged(std::vector<Range> ranges) {
  std::sort(ranges.begin(), ranges.end(),
            [](const Range& a, const Range& b) { return a.start < b.start; });
  std::vector<Range> out;
  for (const Range& r : ranges) {
    if (!out.empty() && r.start <= add_days(out.back().end, 1)) {
      out.back().end = std::max(out.back().end, r.end);
    } else {
      out.push_back(r);
    }
  }
  return out;
}

std::vector<Spell> spells_of(const std::vector<Range>& ranges) {
  std::vector<Spell> out;
  out.reserve(ranges.size());
  for (const Range& r : ranges) out.push_back(Spell{to_iso(r.start), to_iso(r.end)});
  return out;
}

}  // namespace

std::string clean_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += (c < 0x20 || c == 0x7F) ? ' ' : static_cast<char>(c);
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t len = utf8::decode(s, i, cp);
    if (len == 0 || !valid_code_point(len, cp)) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (cp == 0xFFFE || cp == 0xFFFF) {
      out += kReplacement;
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

void append_xml(std::string& out, std::string_view s) {
  for (char c : clean_text(s)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
}

double rounded(double value) { return rounded_goldstein(value); }

std::string format_decimal(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, rounded(value));
  std::string out(buffer, result.ptr);
  if (out.find_first_of(".e") == std::string::npos) out += ".0";
  return out;
}

Rgb quad_rgb(int quad) {
  switch (quad) {
    case 1: return {43, 131, 186};   // verbal cooperation: blue
    case 2: return {26, 150, 65};    // material cooperation: green
    case 3: return {235, 140, 30};   // verbal conflict: orange
    case 4: return {215, 25, 28};    // material conflict: red
    default: return {150, 150, 150};
  }
}

const char* quad_name(int quad) {
  switch (quad) {
    case 1: return "verbal cooperation";
    case 2: return "material cooperation";
    case 3: return "verbal conflict";
    case 4: return "material conflict";
    default: return "unknown";
  }
}

std::string hex(Rgb c) {
  static const char* kDigits = "0123456789abcdef";
  std::string out = "#";
  for (int v : {c.r, c.g, c.b}) {
    out += kDigits[(v >> 4) & 15];
    out += kDigits[v & 15];
  }
  return out;
}

std::string quad_hex(int quad) { return hex(quad_rgb(quad)); }

Rgb type_rgb(std::string_view type) {
  if (type == "country") return {253, 246, 227};
  if (type == "igo") return {255, 224, 130};
  if (type == "topic") return {214, 230, 245};
  return {235, 235, 235};
}

std::string edge_id(const RelationGraph& graph, const GraphEdge& edge) {
  std::string out = clean_text(graph.node(edge.source).id);
  if (graph.directed()) {
    out += "->";
    out += clean_text(graph.node(edge.target).id);
    out += ':';
    out += clean_text(edge.relation);
  } else {
    out += "--";
    out += clean_text(graph.node(edge.target).id);
  }
  return out;
}

std::string joined_topics(const GraphEdge& edge, std::string_view separator) {
  std::string out;
  for (const Count& t : edge.topics) {
    if (!out.empty()) out += separator;
    out += clean_text(t.name);
  }
  return out;
}

std::string joined_relations(const GraphEdge& edge) {
  std::string out;
  for (const Count& r : edge.relations) {
    if (!out.empty()) out += ';';
    out += clean_text(r.name) + ':' + std::to_string(r.count);
  }
  return out;
}

std::string joined_timeline(const GraphEdge& edge) {
  std::string out;
  for (const BucketCount& b : edge.timeline) {
    if (!out.empty()) out += ';';
    out += clean_text(b.bucket) + ':' + std::to_string(b.events);
  }
  return out;
}

Spell bucket_range(std::string_view name, TimeBucket bucket) {
  const auto r = range_of(name, bucket);
  if (!r) return {};
  return Spell{to_iso(r->start), to_iso(r->end)};
}

namespace {

std::vector<Range> edge_ranges(const GraphEdge& edge, TimeBucket bucket) {
  std::vector<Range> ranges;
  for (const BucketCount& b : edge.timeline) {
    if (auto r = range_of(b.bucket, bucket)) ranges.push_back(*r);
  }
  ranges = merged(std::move(ranges));
  if (ranges.empty()) return ranges;
  if (auto first = date_of(edge.first_seen); first && *first > ranges.front().start &&
                                             *first <= ranges.front().end) {
    ranges.front().start = *first;
  }
  if (auto last = date_of(edge.last_seen); last && *last < ranges.back().end &&
                                           *last >= ranges.back().start) {
    ranges.back().end = *last;
  }
  return ranges;
}

}  // namespace

std::vector<Spell> edge_spells(const GraphEdge& edge, TimeBucket bucket) {
  return spells_of(edge_ranges(edge, bucket));
}

std::vector<std::vector<Spell>> node_spells(const RelationGraph& graph,
                                            const std::vector<std::vector<Spell>>& spells) {
  std::vector<std::vector<Range>> ranges(graph.node_count());
  std::vector<bool> always(graph.node_count(), false);
  for (std::size_t i = 0; i < graph.edge_count(); ++i) {
    const GraphEdge& e = graph.edge(i);
    for (std::size_t node : {e.source, e.target}) {
      if (spells[i].empty()) always[node] = true;
      for (const Spell& s : spells[i]) {
        ranges[node].push_back(Range{*date_of(s.start), *date_of(s.end)});
      }
    }
  }
  std::vector<std::vector<Spell>> out(graph.node_count());
  for (std::size_t n = 0; n < out.size(); ++n) {
    if (!always[n]) out[n] = spells_of(merged(std::move(ranges[n])));
  }
  return out;
}

std::string gephi_intervals(const std::vector<Spell>& spells) {
  if (spells.empty()) return {};
  std::string out = "<";
  for (std::size_t i = 0; i < spells.size(); ++i) {
    if (i) out += "; ";
    out += '[' + spells[i].start + ", " + spells[i].end + ']';
  }
  return out + '>';
}

}  // namespace dipgraph::detail
