// What the exporters share: safe text, numbers, colours, ids and time spells
// (private to the export module).
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "dipgraph/relation_graph.h"

namespace dipgraph::detail {

// Writers build text in a string and hand it to the stream in chunks of about this
// size, so memory does not grow with the graph.
inline constexpr std::size_t kChunkBytes = 1 << 20;
// Writes `out` to `stream` and clears it once it holds kChunkBytes or more.
inline void flush_chunk(std::string& out, std::ostream& stream) {
  if (out.size() < kChunkBytes) return;
  stream.write(out.data(), static_cast<std::streamsize>(out.size()));
  out.clear();
}

// `s` as valid UTF-8 without control characters: invalid bytes become U+FFFD, C0
// controls and DEL a space, U+FFFE/U+FFFF (not XML characters) U+FFFD.
std::string clean_text(std::string_view s);

// Appends clean_text(s) with & < > " ' as XML entities.
void append_xml(std::string& out, std::string_view s);

// A Goldstein mean as written everywhere: rounded to two decimals, -0 as 0.
double rounded(double value);
// rounded(value) in its shortest form with at least one decimal ("1.0", "-2.35"),
// so that spreadsheet importers type the column as a decimal number.
std::string format_decimal(double value);

struct Rgb {
  int r = 0, g = 0, b = 0;
};
// Colours of the quad classes 1..4 (0: unknown), and their legend names.
Rgb quad_rgb(int quad);
std::string quad_hex(int quad);
const char* quad_name(int quad);
// Node colours by actor type (`country`, `igo`, `topic`, other).
Rgb type_rgb(std::string_view type);
std::string hex(Rgb c);

// The edge's id, shared by GEXF, JSON and CSV: `PAK->RUS:consult`, collapsed
// `PAK--RUS`.
std::string edge_id(const RelationGraph& graph, const GraphEdge& edge);

// `a;b;c` of the edge's topics; `name:count;...` of its relations; `bucket:events;...`.
std::string joined_topics(const GraphEdge& edge, std::string_view separator);
std::string joined_relations(const GraphEdge& edge);
std::string joined_timeline(const GraphEdge& edge);

// An inclusive date interval `YYYY-MM-DD`.
struct Spell {
  std::string start, end;
  bool operator==(const Spell&) const = default;
};

// The date range of one timeline bucket of width `bucket`; empty spell when the
// bucket name does not parse.
Spell bucket_range(std::string_view name, TimeBucket bucket);

// The edge's time: one spell per run of consecutive active buckets, the first cut
// to start at first_seen and the last to end at last_seen. Empty when undated.
std::vector<Spell> edge_spells(const GraphEdge& edge, TimeBucket bucket);

// Per node, the union of its edges' spells (merged where they touch); empty for a
// node with an undated edge, which therefore exists all the time.
std::vector<std::vector<Spell>> node_spells(const RelationGraph& graph,
                                            const std::vector<std::vector<Spell>>& edge_spells);

// Gephi's interval list `<[a, b]; [c, d]>`; empty for no spells.
std::string gephi_intervals(const std::vector<Spell>& spells);

}  // namespace dipgraph::detail
