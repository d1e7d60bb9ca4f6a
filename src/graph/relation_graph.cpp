#include "dipgraph/relation_graph.h"

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <deque>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "dipgraph/diagnostics.h"
#include "dipgraph/news_date.h"
#include "graph/flat_index.h"
#include "graph/graph_impl.h"

namespace dipgraph {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// days_from_civil), to count ISO weeks without a calendar library.
int days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// `YYYY-MM-DD` -> date; nullopt for anything else.
std::optional<CalendarDate> parse_iso(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t n, int& out) {
    out = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  CalendarDate d;
  if (!digits(0, 4, d.year) || !digits(5, 2, d.month) || !digits(8, 2, d.day)) {
    return std::nullopt;
  }
  if (!is_valid_date(d.year, d.month, d.day)) return std::nullopt;
  return d;
}

// ISO 8601 week: the week belongs to the year of its Thursday.
std::pair<int, int> iso_week(const CalendarDate& d) {
  const int days = days_from_civil(d.year, d.month, d.day);
  const int monday_based = (weekday(d) + 6) % 7;  // 0 = Monday
  const int thursday = days - monday_based + 3;
  const CalendarDate t = add_days(d, thursday - days);
  const int week = (thursday - days_from_civil(t.year, 1, 1)) / 7 + 1;
  return {t.year, week};
}

// A bucket as a number that sorts like its name (the name is made once per bucket
// at the end, not once per event).
int bucket_key(const CalendarDate& d, TimeBucket bucket) {
  switch (bucket) {
    case TimeBucket::kDay: return d.year * 10000 + d.month * 100 + d.day;
    case TimeBucket::kWeek: {
      auto [year, week] = iso_week(d);
      return year * 100 + week;
    }
    case TimeBucket::kMonth: return d.year * 100 + d.month;
    case TimeBucket::kYear: return d.year;
  }
  return 0;
}

std::string two_digits(int v) { return std::string(1, char('0' + v / 10)) + char('0' + v % 10); }

std::string bucket_name(int key, TimeBucket bucket) {
  switch (bucket) {
    case TimeBucket::kDay:
      return std::to_string(key / 10000) + '-' + two_digits(key / 100 % 100) + '-' +
             two_digits(key % 100);
    case TimeBucket::kWeek: return std::to_string(key / 100) + "-W" + two_digits(key % 100);
    case TimeBucket::kMonth: return std::to_string(key / 100) + '-' + two_digits(key % 100);
    case TimeBucket::kYear: return std::to_string(key);
  }
  return {};
}

// Interns strings to dense ids, looked up by view (no allocation for known names).
// Nearly every name a graph sees (actor codes, relations, CAMEO codes, most topics)
// is at most 15 bytes: those are looked up by their bytes packed into two integers
// in an open-addressing table, which costs a fraction of hashing and comparing
// strings; longer names go through a string map.
class Interner {
 public:
  std::uint32_t id(std::string_view s) {
    if (s.size() < 16) return short_id(s);
    auto it = long_ids_.find(s);
    if (it != long_ids_.end()) return it->second;
    const std::uint32_t id = add(s);
    long_ids_.emplace(names_.back(), id);
    return id;
  }
  const std::string& name(std::uint32_t id) const { return names_[id]; }
  std::size_t size() const { return names_.size(); }

 private:
  struct Slot {
    std::uint64_t lo = 0, hi = 0;  // the bytes, the length in the top byte of hi
    std::uint32_t id = kEmpty;
  };
  static constexpr std::uint32_t kEmpty = UINT32_MAX;

  std::uint32_t add(std::string_view s) {
    names_.emplace_back(s);
    return static_cast<std::uint32_t>(names_.size() - 1);
  }

  // Bytes p[0..n) (n at most 8) as the low bytes of a little-endian word, read with
  // fixed-size loads. (A memcpy of n bytes into a zeroed word, then reading the word
  // back, stalls on store forwarding: that was a fifth of a whole-store graph.)
  static std::uint64_t low_bytes(const char* p, std::size_t n) {
    static_assert(std::endian::native == std::endian::little);
    if (n >= 4) {  // two 4-byte loads that overlap when n < 8; the overlap ORs equal bytes
      std::uint32_t head = 0, tail = 0;
      std::memcpy(&head, p, 4);
      std::memcpy(&tail, p + n - 4, 4);
      return std::uint64_t{head} | std::uint64_t{tail} << (8 * (n - 4));
    }
    if (n == 0) return 0;
    const auto byte = [p](std::size_t i) { return std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i); };
    return byte(0) | byte(n / 2) | byte(n - 1);
  }

  std::uint32_t short_id(std::string_view s) {
    std::uint64_t word[2] = {0, 0};
    if (s.size() > 8) {
      std::memcpy(&word[0], s.data(), 8);
      word[1] = low_bytes(s.data() + 8, s.size() - 8);
    } else {
      word[0] = low_bytes(s.data(), s.size());  // an empty view may have no data: not read
    }
    word[1] |= std::uint64_t{s.size()} << 56;
    if (slots_.empty() || short_count_ * 2 >= slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = mix(word[0], word[1]) & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.id == kEmpty) {
        slot = Slot{word[0], word[1], add(s)};
        ++short_count_;
        return slot.id;
      }
      if (slot.lo == word[0] && slot.hi == word[1]) return slot.id;
    }
  }

  // Both words through SplitMix64's finalizer, so that every byte reaches the low
  // bits the table's slot is taken from.
  static std::size_t mix(std::uint64_t lo, std::uint64_t hi) {
    std::uint64_t h = lo ^ (hi * 0x9E3779B97F4A7C15ull);
    h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ull;
    h = (h ^ (h >> 27)) * 0x94D049BB133111EBull;
    return static_cast<std::size_t>(h ^ (h >> 31));
  }

  void grow() {
    std::vector<Slot> old(std::max<std::size_t>(64, slots_.size() * 2));
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.id == kEmpty) continue;
      std::size_t i = mix(slot.lo, slot.hi) & mask;
      while (slots_[i].id != kEmpty) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::vector<Slot> slots_;  // a power of two in size, at most half full
  std::size_t short_count_ = 0;
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> long_ids_;
  std::deque<std::string> names_;  // stable addresses for the map's keys
};


// Counts per id of an edge: its relations, CAMEO codes, topics. Most edges of a
// directed graph have one relation and one to three codes, kept inline: a heap
// block per list was 80,000 allocations (and frees) for a graph of 10,000 edges.
using Counts = boost::container::small_vector<std::pair<std::uint32_t, std::uint64_t>, 3>;

// Adds `n` to the count of `id` in a short list (an edge has few distinct
// relations, codes and topics, so a linear search beats a hash map).
void bump(Counts& counts, std::uint32_t id,
          std::uint64_t n = 1) {
  for (auto& [key, count] : counts) {
    if (key == id) {
      count += n;
      return;
    }
  }
  counts.emplace_back(id, n);
}

struct EdgeKey {
  std::uint32_t source, target, relation;  // relation is kAnyRelation when collapsed
  bool operator==(const EdgeKey&) const = default;
};
constexpr std::uint32_t kAnyRelation = UINT32_MAX;

struct BucketAgg {
  std::uint64_t events = 0;
  std::array<std::uint64_t, 4> quad{};
};


struct EdgeAgg {
  std::uint64_t weight = 0;
  std::uint64_t articles = 0;  // distinct documents, while they arrive in key order
  std::uint64_t sources = 0;   // distinct sources
  double goldstein_sum = 0;
  int first_day = 0, last_day = 0;  // yyyymmdd; 0 while no dated event
  std::int64_t last_document = -1;  // consecutive events of one document count once
  std::array<std::uint64_t, 4> quad{};
  Counts relations, cameos;
};

// (edge index, bucket key) and (edge index, topic id) as one 64-bit key: one hash
// map for all edges is much cheaper than a tree or a list per edge.
std::uint64_t edge_pair(std::uint32_t edge, std::uint32_t value) {
  return (std::uint64_t{edge} << 32) | value;
}

}  // namespace

double rounded_goldstein(double mean) {
  if (!std::isfinite(mean)) return 0.0;
  return std::round(mean * 100.0) / 100.0 + 0.0;  // + 0.0 turns -0 into 0
}

std::optional<TimeBucket> parse_time_bucket(std::string_view name) {
  if (name == "day") return TimeBucket::kDay;
  if (name == "week") return TimeBucket::kWeek;
  if (name == "month") return TimeBucket::kMonth;
  if (name == "year") return TimeBucket::kYear;
  return std::nullopt;
}

const char* time_bucket_name(TimeBucket bucket) {
  switch (bucket) {
    case TimeBucket::kDay: return "day";
    case TimeBucket::kWeek: return "week";
    case TimeBucket::kMonth: return "month";
    case TimeBucket::kYear: return "year";
  }
  return "";
}

std::string bucket_of(std::string_view date, TimeBucket bucket) {
  const auto d = parse_iso(date);
  return d ? bucket_name(bucket_key(*d, bucket), bucket) : std::string();
}

// A date as the builder needs it, parsed once per distinct string in a row (the
// events of one document mostly share their date).
struct ParsedDate {
  char text[10] = {};
  bool valid = false;
  int day = 0;     // yyyymmdd
  int bucket = 0;  // bucket_key under the graph's bucket
};

struct GraphBuilder::Impl {
  GraphOptions options;
  Interner actors, relations, cameos, topics, sources;
  std::vector<ActorRecord> names;
  // (source, target) -> slot in dyad_edges, which lists the dyad's (relation, edge
  // index) pairs: a dyad has few relations, so a short search after one lookup.
  graph::FlatIndex dyad_index;
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> dyad_edges;
  std::vector<EdgeKey> keys;
  std::vector<EdgeAgg> edges;
  // Distinct documents per edge: an edge counts a document when it differs from the
  // edge's last one, which is exact while document keys never decrease (the store's
  // scans give each document's events together, in key order). Should they ever
  // decrease, the (edge, document) pairs kept here are counted exactly at the end.
  std::vector<std::uint64_t> edge_documents;  // edge_pair(edge, document key)
  bool documents_in_order = true;
  graph::FlatIndex edge_sources;  // edge_pair(edge, source id): each pair counted once
  std::int64_t current_document = -1;  // and its source, looked up once per document
  std::uint32_t current_source = 0;
  graph::FlatIndex bucket_index;  // edge_pair(edge, bucket key) -> slot in bucket_aggs
  std::vector<BucketAgg> bucket_aggs;
  graph::FlatIndex topic_index;  // edge_pair(edge, topic id) -> slot in topic_totals
  std::vector<std::uint64_t> topic_totals;
  std::int64_t min_document = INT64_MAX, max_document = -1;  // of the documents seen
  bool merged = false;  // merge() was called: counts of later events take the exact path
  ParsedDate last_date;

  // In a collapsed graph the key holds the dyad's two actor ids in id order, and
  // build() orients each edge by the actors' names: one comparison per edge rather
  // than a string comparison per event.
  EdgeAgg& edge_at(std::uint32_t from, std::uint32_t to, std::uint32_t relation_id,
                   std::uint32_t& index) {
    EdgeKey key{from, to, relation_id};
    if (options.collapse && key.target < key.source) std::swap(key.source, key.target);
    const auto [dyad, new_dyad] = dyad_index.insert(edge_pair(key.source, key.target));
    if (new_dyad) dyad_edges.emplace_back();
    auto& relation_edges = dyad_edges[dyad];
    for (const auto& [relation, edge] : relation_edges) {
      if (relation == key.relation) {
        index = edge;
        return edges[index];
      }
    }
    index = static_cast<std::uint32_t>(edges.size());
    relation_edges.emplace_back(key.relation, index);
    keys.push_back(key);
    return edges.emplace_back();
  }

  // Called for each event: notes a new document, its source (`source_id()` is
  // asked once per document), and whether keys still never decrease.
  template <class SourceId>
  void enter_document(std::int64_t document, SourceId source_id) {
    if (document == current_document) return;
    // Store document keys are SQLite rowids counted from 1; past 2^32 documents the
    // distinct counts would merge documents, so such a store is refused.
    if (document < 0 || document > static_cast<std::int64_t>(UINT32_MAX)) {
      throw Error("", "graph: document key " + std::to_string(document) +
                          " out of range (at most 2^32 documents per store)");
    }
    if (document < current_document || merged) documents_in_order = false;
    current_document = document;
    min_document = std::min(min_document, current_document);
    max_document = std::max(max_document, current_document);
    current_source = source_id();
  }

  // Counts an event of the current document between actor ids `from` and `to`;
  // returns its edge's index.
  std::uint32_t count_event(std::uint32_t from, std::uint32_t to, std::uint32_t relation, std::uint32_t cameo,
                            int quad, double goldstein, const ParsedDate& date) {
    std::uint32_t index = 0;
    EdgeAgg& edge = edge_at(from, to, options.collapse ? kAnyRelation : relation, index);
    ++edge.weight;
    edge.goldstein_sum += goldstein;
    if (quad >= 1 && quad <= 4) ++edge.quad[static_cast<std::size_t>(quad - 1)];
    bump(edge.relations, relation);
    bump(edge.cameos, cameo);
    count_document(edge, index);
    if (!date.valid) return index;
    if (edge.first_day == 0 || date.day < edge.first_day) edge.first_day = date.day;
    if (date.day > edge.last_day) edge.last_day = date.day;
    if (options.timelines) count_bucket(index, date.bucket, quad);
    return index;
  }

  // The ids of the names of a coded event (add_coded): a name table's index ->
  // this builder's id, looked up once per name.
  static constexpr std::uint32_t kUnmapped = UINT32_MAX;
  std::vector<std::uint32_t> coded_actors, coded_relations, coded_cameos, coded_sources, coded_topics;
  std::vector<ParsedDate> coded_dates;
  std::vector<char> coded_date_parsed;

  // Inlined: five per event; the first lookup of a name is the rare call.
  [[gnu::always_inline]] static std::uint32_t mapped(std::vector<std::uint32_t>& ids, Interner& interner,
                                                     const std::vector<std::string>& table, std::uint32_t name) {
    if (name < ids.size() && ids[name] != kUnmapped) return ids[name];  // all but the first time
    return map_name(ids, interner, table, name);
  }

  [[gnu::noinline]] static std::uint32_t map_name(std::vector<std::uint32_t>& ids, Interner& interner,
                                                  const std::vector<std::string>& table, std::uint32_t name) {
    if (ids.size() < table.size()) ids.resize(table.size(), kUnmapped);
    return ids[name] = interner.id(table[name]);
  }

  const ParsedDate& coded_date(const std::vector<std::string>& table, std::uint32_t name) {
    if (coded_dates.size() < table.size()) {
      coded_dates.resize(table.size());
      coded_date_parsed.resize(table.size(), 0);
    }
    if (!coded_date_parsed[name]) {
      coded_dates[name] = parsed_date(table[name]);
      coded_date_parsed[name] = 1;
    }
    return coded_dates[name];
  }

  void count_document(EdgeAgg& edge, std::uint32_t index) {
    if (current_document == edge.last_document) return;
    edge.last_document = current_document;
    ++edge.articles;
    edge_documents.push_back(edge_pair(index, static_cast<std::uint32_t>(current_document)));
    if (edge_sources.insert(edge_pair(index, current_source)).second) ++edge.sources;
  }

  // `date` parsed; not valid (and with an empty text) when it is no date.
  ParsedDate parsed_date(std::string_view date) const {
    ParsedDate out;
    const auto d = parse_iso(date);
    if (!d) return out;
    std::memcpy(out.text, date.data(), sizeof out.text);
    out.valid = true;
    out.day = d->year * 10000 + d->month * 100 + d->day;
    out.bucket = bucket_key(*d, options.bucket);
    return out;
  }

  const ParsedDate& parse_date(std::string_view date) {
    if (date.size() == sizeof last_date.text &&
        std::memcmp(date.data(), last_date.text, sizeof last_date.text) == 0) {
      return last_date;
    }
    last_date = parsed_date(date);  // an invalid one keeps an empty text: parsed again next time
    return last_date;
  }

  void count_bucket(std::uint32_t index, int bucket, int quad) {
    BucketAgg& agg = bucket_at(index, static_cast<std::uint32_t>(bucket));
    ++agg.events;
    if (quad >= 1 && quad <= 4) ++agg.quad[static_cast<std::size_t>(quad - 1)];
  }

  BucketAgg& bucket_at(std::uint32_t index, std::uint32_t bucket) {
    const auto [slot, added] = bucket_index.insert(edge_pair(index, bucket));
    if (added) bucket_aggs.emplace_back();
    return bucket_aggs[slot];
  }

  void count_topic(std::uint32_t index, std::string_view topic) { ++topic_total(index, topics.id(topic)); }

  std::uint64_t& topic_total(std::uint32_t index, std::uint32_t topic) {
    const auto [slot, added] = topic_index.insert(edge_pair(index, topic));
    if (added) topic_totals.push_back(0);
    return topic_totals[slot];
  }

  void merge(Impl& other);
};

GraphBuilder::GraphBuilder(GraphOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
}
GraphBuilder::~GraphBuilder() = default;
GraphBuilder::GraphBuilder(GraphBuilder&&) noexcept = default;
GraphBuilder& GraphBuilder::operator=(GraphBuilder&&) noexcept = default;

void GraphBuilder::add(const EventView& e) {
  if (e.subject.empty() || e.object.empty() || e.subject == e.object) return;
  Impl& b = *impl_;
  b.enter_document(e.document, [&] { return b.sources.id(e.source); });
  const std::uint32_t index =
      b.count_event(b.actors.id(e.subject), b.actors.id(e.object), b.relations.id(e.relation),
                    b.cameos.id(e.cameo), e.quad, e.goldstein, b.parse_date(e.date));
  if (b.options.topics) {
    for (std::string_view topic : e.topics) b.count_topic(index, topic);
  }
}

void GraphBuilder::add_coded(const CodedEvent& e, const std::vector<std::string>& names) {
  // One table of names: equal names are equal indices.
  if (e.subject == e.object || names[e.subject].empty() || names[e.object].empty()) return;
  Impl& b = *impl_;
  b.enter_document(e.document, [&] { return Impl::mapped(b.coded_sources, b.sources, names, e.source); });
  const std::uint32_t index =
      b.count_event(Impl::mapped(b.coded_actors, b.actors, names, e.subject),
                    Impl::mapped(b.coded_actors, b.actors, names, e.object),
                    Impl::mapped(b.coded_relations, b.relations, names, e.relation),
                    Impl::mapped(b.coded_cameos, b.cameos, names, e.cameo), e.quad, e.goldstein,
                    b.coded_date(names, e.date));
  if (b.options.topics) {
    for (const std::uint32_t topic : e.topics) {
      ++b.topic_total(index, Impl::mapped(b.coded_topics, b.topics, names, topic));
    }
  }
}


namespace {

// The ids of this builder for every name of `other` (another builder's interner):
// looked up once per name, not once per edge that uses it.
std::vector<std::uint32_t> ids_of(Interner& mine, const Interner& other) {
  std::vector<std::uint32_t> out(other.size());
  for (std::uint32_t id = 0; id < out.size(); ++id) out[id] = mine.id(other.name(id));
  return out;
}

}  // namespace

void GraphBuilder::Impl::merge(Impl& other) {
  // The other builder's ids mean nothing here: every name is mapped to this
  // builder's ids, every edge goes through edge_at.
  const std::vector<std::uint32_t> actor_of = ids_of(actors, other.actors),
                                   relation_of = ids_of(relations, other.relations),
                                   cameo_of = ids_of(cameos, other.cameos),
                                   topic_of = ids_of(topics, other.topics),
                                   source_of = ids_of(sources, other.sources);
  std::vector<std::uint32_t> edge_of(other.edges.size());
  for (std::uint32_t i = 0; i < other.edges.size(); ++i) {
    const EdgeKey& key = other.keys[i];
    const std::uint32_t relation = key.relation == kAnyRelation ? kAnyRelation : relation_of[key.relation];
    EdgeAgg& edge = edge_at(actor_of[key.source], actor_of[key.target], relation, edge_of[i]);
    const EdgeAgg& from = other.edges[i];
    edge.weight += from.weight;
    edge.articles += from.articles;
    edge.goldstein_sum += from.goldstein_sum;
    if (from.first_day != 0 && (edge.first_day == 0 || from.first_day < edge.first_day)) {
      edge.first_day = from.first_day;
    }
    edge.last_day = std::max(edge.last_day, from.last_day);
    for (std::size_t q = 0; q < 4; ++q) edge.quad[q] += from.quad[q];
    for (const auto& [id, n] : from.relations) bump(edge.relations, relation_of[id], n);
    for (const auto& [id, n] : from.cameos) bump(edge.cameos, cameo_of[id], n);
  }
  const auto edge_and = [&edge_of](std::uint64_t pair) {
    return std::pair<std::uint32_t, std::uint32_t>(edge_of[pair >> 32], static_cast<std::uint32_t>(pair));
  };
  for (std::uint32_t slot = 0; slot < other.topic_index.size(); ++slot) {
    const auto [edge, topic] = edge_and(other.topic_index.key(slot));
    topic_total(edge, topic_of[topic]) += other.topic_totals[slot];
  }
  for (std::uint32_t slot = 0; slot < other.bucket_index.size(); ++slot) {
    const auto [edge, bucket] = edge_and(other.bucket_index.key(slot));
    BucketAgg& agg = bucket_at(edge, bucket);
    agg.events += other.bucket_aggs[slot].events;
    for (std::size_t q = 0; q < 4; ++q) agg.quad[q] += other.bucket_aggs[slot].quad[q];
  }
  for (std::uint32_t slot = 0; slot < other.edge_sources.size(); ++slot) {
    const auto [edge, source_id] = edge_and(other.edge_sources.key(slot));
    if (edge_sources.insert(edge_pair(edge, source_of[source_id])).second) {
      ++edges[edge].sources;
    }
  }
  for (std::uint64_t pair : other.edge_documents) {
    edge_documents.push_back(edge_pair(edge_of[pair >> 32], static_cast<std::uint32_t>(pair)));
  }
  // Summed article counts are exact when both saw their documents in order and no
  // document on both sides; otherwise build() counts the pairs.
  const bool disjoint = other.max_document < 0 || max_document < 0 ||
                        max_document < other.min_document || other.max_document < min_document;
  documents_in_order = documents_in_order && other.documents_in_order && disjoint;
  min_document = std::min(min_document, other.min_document);
  max_document = std::max(max_document, other.max_document);
  merged = true;
  current_document = -1;  // so that the next event's document is entered (and seen as merged)
}

void GraphBuilder::merge(GraphBuilder&& other) {
  if (!(impl_->options == other.impl_->options)) {
    throw Error("", "graph: builders of different options cannot be merged");
  }
  impl_->merge(*other.impl_);
  other.impl_ = std::make_unique<Impl>();
  other.impl_->options = impl_->options;
}

void GraphBuilder::name_actors(const std::vector<ActorRecord>& actors) {
  impl_->names = actors;
}

namespace {

// Number of distinct second values per edge index, from unsorted pairs.
std::vector<std::uint64_t> distinct_per_edge(std::vector<std::uint64_t>& pairs, std::size_t edges) {
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  std::vector<std::uint64_t> out(edges, 0);
  for (std::uint64_t p : pairs) ++out[p >> 32];
  return out;
}

// Most frequent first, ties by name; at most `limit` (0: all).
std::vector<Count> ranked(Counts counts, const Interner& names, std::size_t limit) {
  const auto order = [&names](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : names.name(a.first) < names.name(b.first);
  };
  const std::size_t n = (limit != 0 && counts.size() > limit) ? limit : counts.size();
  std::partial_sort(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(n), counts.end(), order);
  std::vector<Count> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(Count{names.name(counts[i].first), counts[i].second});
  return out;
}

// A yyyymmdd day as YYYY-MM-DD (what bucket_name gives for days), written into one
// short string: two per edge, and to_string and concatenation cost 700
// instructions a name.
std::string day_name(int day) {
  if (day == 0) return {};
  // Years before 1000 are written as bucket_name writes them (without padding).
  if (day < 10000000 || day > 99999999) return bucket_name(day, TimeBucket::kDay);
  std::string out = "0000-00-00";
  const auto put = [&out](std::size_t at, int value, int digits) {
    for (int i = digits - 1; i >= 0; --i, value /= 10) out[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
  };
  put(0, day / 10000, 4);
  put(5, day / 100 % 100, 2);
  put(8, day % 100, 2);
  return out;
}

// The most frequent quad class, ties to the lower (more cooperative) class.
int dominant_quad(const std::array<std::uint64_t, 4>& quad) {
  int best = 0;
  for (int q = 1; q < 4; ++q) {
    if (quad[static_cast<std::size_t>(q)] > quad[static_cast<std::size_t>(best)]) best = q;
  }
  return quad[static_cast<std::size_t>(best)] ? best + 1 : 0;
}

}  // namespace

RelationGraph RelationGraph::build(GraphBuilder&& builder) {
  GraphBuilder::Impl& b = *builder.impl_;
  if (!b.documents_in_order) {
    const auto articles = distinct_per_edge(b.edge_documents, b.edges.size());
    for (std::size_t i = 0; i < b.edges.size(); ++i) b.edges[i].articles = articles[i];
  }
  std::vector<Counts> topics(b.edges.size());
  for (std::uint32_t slot = 0; slot < b.topic_index.size(); ++slot) {
    const std::uint64_t key = b.topic_index.key(slot);
    topics[key >> 32].emplace_back(static_cast<std::uint32_t>(key), b.topic_totals[slot]);
  }
  std::vector<std::vector<std::pair<int, BucketAgg>>> timelines(b.edges.size());
  for (std::uint32_t slot = 0; slot < b.bucket_index.size(); ++slot) {
    const std::uint64_t key = b.bucket_index.key(slot);
    timelines[key >> 32].emplace_back(static_cast<int>(static_cast<std::uint32_t>(key)), b.bucket_aggs[slot]);
  }
  if (b.options.collapse) {
    // Oriented by id text, so that the dyad's orientation does not depend on which
    // actor happened to be seen first.
    for (EdgeKey& key : b.keys) {
      if (b.actors.name(key.target) < b.actors.name(key.source)) std::swap(key.source, key.target);
    }
  }

  // The edges that stay, and their endpoints.
  std::vector<std::uint32_t> kept;
  std::vector<std::uint32_t> endpoints;  // actor ids
  for (std::uint32_t i = 0; i < b.edges.size(); ++i) {
    if (b.edges[i].weight < b.options.min_weight) continue;
    kept.push_back(i);
    endpoints.push_back(b.keys[i].source);
    endpoints.push_back(b.keys[i].target);
  }
  std::sort(endpoints.begin(), endpoints.end());
  endpoints.erase(std::unique(endpoints.begin(), endpoints.end()), endpoints.end());
  std::sort(endpoints.begin(), endpoints.end(), [&b](std::uint32_t x, std::uint32_t y) {
    return b.actors.name(x) < b.actors.name(y);
  });
  // Actor id -> node index.
  std::vector<std::size_t> node_of(b.actors.size(), 0);
  for (std::size_t n = 0; n < endpoints.size(); ++n) node_of[endpoints[n]] = n;

  auto impl = std::make_unique<Impl>();
  impl->options = b.options;
  std::unordered_map<std::string, const ActorRecord*> named;
  for (const ActorRecord& a : b.names) named.emplace(a.id, &a);
  for (std::uint32_t actor : endpoints) {
    const std::string& id = b.actors.name(actor);
    GraphNode node;
    node.id = id;
    auto it = named.find(id);
    node.label = (it != named.end() && !it->second->name.empty()) ? it->second->name : id;
    if (it != named.end()) node.type = it->second->type;
    impl->index.emplace(id, boost::add_vertex(node, impl->graph));
  }

  std::vector<GraphEdge> out;
  out.reserve(kept.size());
  for (std::uint32_t i : kept) {
    const EdgeAgg& a = b.edges[i];
    GraphEdge e;
    e.source = node_of[b.keys[i].source];
    e.target = node_of[b.keys[i].target];
    e.relations = ranked(a.relations, b.relations, 0);
    e.relation = e.relations.empty() ? std::string() : e.relations.front().name;
    const auto cameos = ranked(a.cameos, b.cameos, 1);
    e.cameo = cameos.empty() ? std::string() : cameos.front().name;
    e.quad = dominant_quad(a.quad);
    e.weight = a.weight;
    e.articles = a.articles;
    e.sources = a.sources;
    e.first_seen = day_name(a.first_day);
    e.last_seen = day_name(a.last_day);
    e.goldstein_mean = a.weight ? a.goldstein_sum / static_cast<double>(a.weight) : 0.0;
    e.topics = ranked(std::move(topics[i]), b.topics, b.options.max_topics);
    auto& timeline = timelines[i];
    std::sort(timeline.begin(), timeline.end(),
              [](const auto& x, const auto& y) { return x.first < y.first; });
    for (const auto& [key, bucket] : timeline) {
      e.timeline.push_back(BucketCount{bucket_name(key, b.options.bucket), bucket.events, bucket.quad});
    }
    e.cooperation = a.quad[0] + a.quad[1];
    e.conflict = a.quad[2] + a.quad[3];
    out.push_back(std::move(e));
  }
  // Node indices follow id order, so sorting by index is sorting by id. Sorted as
  // positions, then moved once: swapping whole edges (strings, vectors) cost more
  // than the rest of build() on a graph of 10,000 edges.
  std::vector<std::uint32_t> order(out.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&out](std::uint32_t x, std::uint32_t y) {
    return std::tie(out[x].source, out[x].target, out[x].relation) <
           std::tie(out[y].source, out[y].target, out[y].relation);
  });
  std::vector<GraphEdge> sorted;
  sorted.reserve(out.size());
  for (const std::uint32_t i : order) sorted.push_back(std::move(out[i]));
  out = std::move(sorted);
  for (GraphEdge& e : out) {
    impl->graph[e.source].events += e.weight;
    impl->graph[e.target].events += e.weight;
    // add_edge copies the property it is given: add an empty one, move into it.
    const auto edge = boost::add_edge(e.source, e.target, impl->graph).first;
    impl->graph[edge] = std::move(e);
    impl->edges.push_back(edge);
  }
  builder.impl_ = std::make_unique<GraphBuilder::Impl>();
  return RelationGraph(std::move(impl));
}

RelationGraph RelationGraph::from_store(const EventStore& store, const GraphOptions& options) {
  return std::move(from_store(store, std::vector<GraphOptions>{options}).front());
}

std::vector<RelationGraph> RelationGraph::from_store(const EventStore& store,
                                                     const std::vector<GraphOptions>& variants,
                                                     std::string_view a, std::string_view b) {
  if (variants.empty()) return {};
  PartBuilders builders(variants, graph_parts(), store.path());
  store.scan_events(a, b, variants.front().filter, builders.parts(), [&builders](std::size_t part, const EventView& e) {
    for (GraphBuilder& builder : builders.part(part)) builder.add(e);
  });
  return builders.build(store.actors());
}

PartBuilders::PartBuilders(const std::vector<GraphOptions>& variants, std::size_t parts, const std::string& where)
    : builders_(std::max<std::size_t>(parts, 1)) {
  for (const GraphOptions& o : variants) {
    if (!(o.filter == variants.front().filter)) throw Error(where, "graphs of one scan must share one filter");
  }
  for (auto& part : builders_) {
    for (const GraphOptions& o : variants) part.emplace_back(o);
  }
}

std::vector<RelationGraph> PartBuilders::build(const std::vector<ActorRecord>& actors) {
  std::vector<GraphBuilder>& first = builders_.front();
  std::vector<RelationGraph> graphs;
  for (std::size_t v = 0; v < first.size(); ++v) {
    for (std::size_t part = 1; part < builders_.size(); ++part) first[v].merge(std::move(builders_[part][v]));
    first[v].name_actors(actors);
    graphs.push_back(RelationGraph::build(std::move(first[v])));
  }
  return graphs;
}

std::size_t graph_parts() { return std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8); }

RelationGraph::RelationGraph(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RelationGraph::RelationGraph(RelationGraph&&) noexcept = default;
RelationGraph& RelationGraph::operator=(RelationGraph&&) noexcept = default;
RelationGraph::~RelationGraph() = default;

bool RelationGraph::directed() const { return !impl_->options.collapse; }
const GraphOptions& RelationGraph::options() const { return impl_->options; }
std::size_t RelationGraph::node_count() const { return boost::num_vertices(impl_->graph); }
std::size_t RelationGraph::edge_count() const { return impl_->edges.size(); }
const GraphNode& RelationGraph::node(std::size_t index) const { return impl_->graph[index]; }
const GraphEdge& RelationGraph::edge(std::size_t index) const {
  return impl_->graph[impl_->edges.at(index)];
}

std::optional<std::size_t> RelationGraph::find_node(std::string_view id) const {
  auto it = impl_->index.find(std::string(id));
  if (it == impl_->index.end()) return std::nullopt;
  return it->second;
}

std::vector<std::size_t> RelationGraph::edges_of(std::size_t node) const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < impl_->edges.size(); ++i) {
    const GraphEdge& e = edge(i);
    if (e.source == node || e.target == node) out.push_back(i);
  }
  return out;
}

}  // namespace dipgraph
