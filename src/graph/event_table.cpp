#include "graph/event_table.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <exception>
#include <functional>
#include <thread>
#include <unordered_map>

#include "byte_codec.h"
#include "dipgraph/diagnostics.h"
#include "graph/graph_impl.h"

namespace dipgraph::graph {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the table's records are stored as they lie in memory");

constexpr std::string_view kMagic = "DGPHEVENTS1\n";

// Names to dense indices, looked up by view.
class NameIndex {
 public:
  std::uint32_t id(std::string_view name) {
    auto it = ids_.find(name);
    if (it != ids_.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(names_.size());
    names_.emplace_back(name);
    ids_.emplace(names_.back(), id);
    return id;
  }
  std::vector<std::string>& names() { return names_; }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> ids_;
  std::vector<std::string> names_;
};

// What one part of the store scan read, with names of its own.
struct PartTable {
  NameIndex names;
  std::vector<TableDocument> documents;
  std::vector<TableEvent> events;
  std::vector<std::uint32_t> topics;
  bool too_many_topics = false;  // an event's topics do not fit its record's count
};

void add_event(PartTable& part, const EventView& e) {
  if (part.documents.empty() || part.documents.back().key != e.document) {
    part.documents.push_back(TableDocument{e.document, part.names.id(e.source),
                                           static_cast<std::uint32_t>(part.events.size())});
  }
  TableEvent t;
  t.subject = part.names.id(e.subject);
  t.object = part.names.id(e.object);
  t.relation = part.names.id(e.relation);
  t.cameo = part.names.id(e.cameo);
  t.date = part.names.id(e.date);
  t.quad = static_cast<std::uint8_t>(e.quad >= 0 && e.quad <= 255 ? e.quad : 0);
  t.negated = e.negated ? 1 : 0;
  t.goldstein = e.goldstein;
  if (e.topics.size() > UINT16_MAX) part.too_many_topics = true;
  t.topics = static_cast<std::uint16_t>(e.topics.size());
  for (std::string_view topic : e.topics) part.topics.push_back(part.names.id(topic));
  part.events.push_back(t);
}

// The arrays of a table read from a store.
struct Arrays {
  std::vector<TableDocument> documents;
  std::vector<TableEvent> events;
  std::vector<std::uint32_t> topics;
};

// The parts joined in order, their names merged into one index.
EventTable join(std::vector<PartTable>& parts) {
  auto arrays = std::make_shared<Arrays>();
  NameIndex names;
  for (PartTable& part : parts) {
    std::vector<std::uint32_t> to;
    for (const std::string& name : part.names.names()) to.push_back(names.id(name));
    const auto offset = static_cast<std::uint32_t>(arrays->events.size());
    for (TableDocument d : part.documents) {
      d.source = to[d.source];
      d.first_event += offset;
      arrays->documents.push_back(d);
    }
    for (TableEvent e : part.events) {
      e.subject = to[e.subject];
      e.object = to[e.object];
      e.relation = to[e.relation];
      e.cameo = to[e.cameo];
      e.date = to[e.date];
      arrays->events.push_back(e);
    }
    for (const std::uint32_t topic : part.topics) arrays->topics.push_back(to[topic]);
    part = PartTable{};
  }
  EventTable out;
  out.names = std::move(names.names());
  out.documents = arrays->documents;
  out.events = arrays->events;
  out.topics = arrays->topics;
  out.storage = std::move(arrays);
  return out;
}

// A read-only mapping of a whole file, unmapped with its last owner.
struct Mapping {
  void* base = MAP_FAILED;
  std::size_t size = 0;
  ~Mapping() {
    if (base != MAP_FAILED) ::munmap(base, size);
  }
};

std::shared_ptr<Mapping> map_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat st {};
  auto mapping = std::make_shared<Mapping>();
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    mapping->size = static_cast<std::size_t>(st.st_size);
    // MAP_POPULATE: the pages are mapped in one call, not faulted in one by one.
    mapping->base = ::mmap(nullptr, mapping->size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  }
  ::close(fd);
  return mapping->base == MAP_FAILED ? nullptr : mapping;
}

constexpr std::size_t kAlign = 32;

void pad(std::string& out) { out.append((kAlign - out.size() % kAlign) % kAlign, '\0'); }

// Whether the documents of `t` point into its arrays, in the order the readers need.
bool consistent(const EventTable& t) {
  const std::size_t names = t.names.size();
  if (t.documents.empty() != t.events.empty()) return false;
  std::int64_t previous_key = -1;
  std::uint32_t previous_first = 0;
  for (std::size_t i = 0; i < t.documents.size(); ++i) {
    const TableDocument& d = t.documents[i];
    if (d.key <= previous_key || d.source >= names || d.first_event > t.events.size()) return false;
    if (i == 0 ? d.first_event != 0 : d.first_event < previous_first) return false;
    previous_key = d.key;
    previous_first = d.first_event;
  }
  return true;  // the events' indices are checked as they are counted (graphs_from_table)
}

// Whether every name index of `e` is below `names` (a damaged file's may not be).
bool names_in_range(const TableEvent& e, std::size_t names) {
  // The OR is at least the largest index: one comparison while all are good.
  return (e.subject | e.object | e.relation | e.cameo | e.date) < names ||
         std::max({e.subject, e.object, e.relation, e.cameo, e.date}) < names;
}

// The filter of a graph as one flag per name, so that an event is kept or dropped
// by indexing, not by comparing strings.
struct NameFilter {
  std::vector<char> date, relation, actor;  // empty: no such term
  bool include_negated = false;
  // The question's actor and partner (scan_events' `a` and `b`), as name indices:
  // kAll when the question is about the whole store, kNone when the table does not
  // name them (then no event is theirs).
  static constexpr std::uint32_t kAll = UINT32_MAX - 1, kNone = UINT32_MAX;
  std::uint32_t a = kAll, b = kAll;

  NameFilter(const EventFilter& f, const std::vector<std::string>& names, std::string_view actor_a,
             std::string_view actor_b)
      : include_negated(f.include_negated) {
    const auto any_of = [](const std::vector<std::string>& values, const std::string& v) {
      return std::find(values.begin(), values.end(), v) != values.end();
    };
    const auto index_of = [&names](std::string_view name) {
      const auto it = std::find(names.begin(), names.end(), name);
      return it == names.end() ? kNone : static_cast<std::uint32_t>(it - names.begin());
    };
    if (!actor_a.empty()) a = index_of(actor_a);
    if (!actor_a.empty() && !actor_b.empty()) b = index_of(actor_b);
    if (!f.since.empty() || !f.until.empty()) {
      for (const std::string& d : names) {
        date.push_back(!d.empty() && (f.since.empty() || d >= f.since) &&
                       (f.until.empty() || d <= f.until));
      }
    }
    if (!f.relations.empty()) {
      for (const std::string& r : names) relation.push_back(any_of(f.relations, r));
    }
    if (!f.actors.empty() && actor_a.empty()) {  // a question about an actor ignores them
      for (const std::string& n : names) actor.push_back(any_of(f.actors, n));
    }
  }

  // keeps() for an event whose indices may be damaged (false then; counting
  // finds the damage).
  bool keeps_if_valid(const TableEvent& e, std::size_t names) const {
    return names_in_range(e, names) && keeps(e);
  }

  bool keeps(const TableEvent& e) const {
    if (a != kAll) {
      const bool theirs =
          b == kAll ? e.subject == a || e.object == a
                    : (e.subject == a && e.object == b) || (e.subject == b && e.object == a);
      if (!theirs) return false;
    }
    if (e.negated && !include_negated) return false;
    if (!date.empty() && !date[e.date]) return false;
    if (!relation.empty() && !relation[e.relation]) return false;
    if (!actor.empty() && !actor[e.subject] && !actor[e.object]) return false;
    return true;
  }
};

// Documents [begin, end) of a table, and the index of their first topic.
struct DocumentRange {
  std::size_t begin = 0, end = 0;
  std::uint64_t first_topic = 0;
};

// The documents cut into at most `parts` runs [begin, end) of about equal work,
// with `kept_per_part` kept events or more each (fewer are not worth a thread). A
// store is mostly ingested in date order, so halves by key would give one part all
// the events of a question about recent years: the work is estimated first, from
// every `kSampleStride`-th document (a pass of a few milliseconds). The runs stay
// ranges of keys: merged builders count distinct articles exactly without sorting
// only when their documents do not interleave.
std::vector<DocumentRange> split_documents(const EventTable& t, const NameFilter& filter,
                                           std::size_t parts, std::size_t kept_per_part) {
  constexpr std::size_t kSampleStride = 4;
  constexpr std::uint64_t kKeptCost = 8;  // a kept event costs about eight stepped over
  const auto last_event = [&t](std::size_t d) {
    return d + 1 < t.documents.size() ? t.documents[d + 1].first_event : t.events.size();
  };
  // Per sampled document: the estimated work before it.
  std::vector<std::uint64_t> work_before(
      (t.documents.size() + kSampleStride - 1) / kSampleStride + 1, 0);
  std::uint64_t kept = 0;
  for (std::size_t d = 0, sample = 0; d < t.documents.size(); d += kSampleStride, ++sample) {
    std::uint64_t work = 0;
    for (std::size_t i = t.documents[d].first_event; i < last_event(d); ++i) {
      const bool keeps = filter.keeps_if_valid(t.events[i], t.names.size());
      kept += keeps;
      work += 1 + kKeptCost * keeps;
    }
    work_before[sample + 1] = work_before[sample] + work;
  }
  const std::uint64_t total = work_before.back() ? work_before.back() : 1;
  const std::size_t n = std::max<std::size_t>(
      1,
      std::min<std::size_t>(parts, kept * kSampleStride / std::max<std::size_t>(kept_per_part, 1)));
  std::vector<DocumentRange> out;
  std::size_t begin = 0;
  std::uint64_t topic = 0;  // the first topic of document `begin`
  for (std::size_t i = 1; i <= n; ++i) {
    std::size_t end = t.documents.size();
    if (i < n) {
      const auto sample = static_cast<std::size_t>(
          std::lower_bound(work_before.begin(), work_before.end(), total * i / n) -
          work_before.begin());
      end = std::clamp(sample * kSampleStride, begin, t.documents.size());
    }
    out.push_back(DocumentRange{begin, end, topic});
    const std::size_t events_end =
        end < t.documents.size() ? t.documents[end].first_event : t.events.size();
    for (std::size_t e = begin < t.documents.size() ? t.documents[begin].first_event : events_end;
         e < events_end; ++e) {
      topic += t.events[e].topics;
    }
    begin = end;
  }
  return out;
}

// Counts the events of documents [range.first, range.second) that `filter` keeps
// into `builders`; false, having stopped, at an event whose name index is past the
// names (a damaged file).
bool count_documents(const EventTable& t, const NameFilter& filter, const DocumentRange& range,
                     std::vector<GraphBuilder>& builders) {
  const std::size_t names = t.names.size();
  std::uint64_t topic = range.first_topic;  // the topics of the next event start here
  GraphBuilder::CodedEvent c;
  for (std::size_t d = range.begin; d < range.end; ++d) {
    const std::size_t last =
        d + 1 < t.documents.size() ? t.documents[d + 1].first_event : t.events.size();
    c.document = t.documents[d].key;
    c.source = t.documents[d].source;
    for (std::size_t i = t.documents[d].first_event; i < last; ++i) {
      const TableEvent& e = t.events[i];
      if (!names_in_range(e, names)) return false;
      if (e.topics > t.topics.size() - std::min<std::uint64_t>(topic, t.topics.size()))
        return false;
      const std::uint32_t* topics = t.topics.data() + topic;
      topic += e.topics;
      if (!filter.keeps(e)) continue;
      if (std::any_of(topics, topics + e.topics, [names](std::uint32_t n) { return n >= names; }))
        return false;
      c.subject = e.subject;
      c.object = e.object;
      c.relation = e.relation;
      c.cameo = e.cameo;
      c.date = e.date;
      c.quad = e.quad;
      c.goldstein = e.goldstein;
      c.topics = {topics, e.topics};
      for (GraphBuilder& b : builders) b.add_coded(c, t.names);
    }
  }
  return true;
}

// Runs run(0) .. run(n - 1), each but the first on a thread of its own; rethrows
// the first exception any of them threw.
void run_in_parts(std::size_t n, const std::function<void(std::size_t)>& run) {
  std::vector<std::exception_ptr> errors(n);
  const auto guarded = [&](std::size_t part) {
    try {
      run(part);
    } catch (...) {
      errors[part] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t part = 1; part < n; ++part) threads.emplace_back(guarded, part);
  if (n > 0) guarded(0);
  for (std::thread& t : threads) t.join();
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace

std::optional<EventTable> read_event_table(const EventStore& store) {
  EventFilter everything;
  everything.include_negated = true;
  std::vector<PartTable> parts(graph_parts());
  store.scan_events("", "", everything, parts.size(),
                    [&parts](std::size_t part, const EventView& e) { add_event(parts[part], e); });
  std::size_t events = 0;
  for (const PartTable& part : parts) {
    if (part.too_many_topics) return std::nullopt;
    events += part.events.size();
  }
  if (events > UINT32_MAX) return std::nullopt;  // a document's first event is 32 bits
  return join(parts);
}

std::string save_event_table(const EventTable& table, std::string_view key) {
  std::string out(kMagic);
  put_string(out, key);
  put_varint(out, table.names.size());
  for (const std::string& name : table.names) put_string(out, name);
  put_varint(out, table.documents.size());
  put_varint(out, table.events.size());
  put_varint(out, table.topics.size());
  pad(out);
  out.append(reinterpret_cast<const char*>(table.documents.data()), table.documents.size_bytes());
  pad(out);
  out.append(reinterpret_cast<const char*>(table.events.data()), table.events.size_bytes());
  pad(out);
  out.append(reinterpret_cast<const char*>(table.topics.data()), table.topics.size_bytes());
  return out;
}

std::optional<EventTable> map_event_table(const std::string& path, std::string_view key) {
  const std::shared_ptr<Mapping> mapping = map_file(path);
  if (!mapping) return std::nullopt;
  const std::string_view bytes(static_cast<const char*>(mapping->base), mapping->size);
  if (bytes.substr(0, kMagic.size()) != kMagic) return std::nullopt;
  ByteReader in(bytes.substr(kMagic.size()));
  std::string_view stored_key;
  std::uint64_t names = 0, documents = 0, events = 0, topics = 0;
  if (!in.string(stored_key) || stored_key != key || !in.count(names)) return std::nullopt;
  EventTable t;
  t.names.reserve(names);
  for (std::uint64_t i = 0; i < names; ++i) {
    std::string_view name;
    if (!in.string(name)) return std::nullopt;
    t.names.emplace_back(name);
  }
  if (!in.count(documents, sizeof(TableDocument)) || !in.count(events, sizeof(TableEvent)) ||
      !in.count(topics, sizeof(std::uint32_t))) {
    return std::nullopt;
  }
  // Each array starts at the next multiple of 32 after what came before it.
  const auto aligned = [](std::size_t at) { return at + (kAlign - at % kAlign) % kAlign; };
  const std::size_t documents_at = aligned(bytes.size() - in.remaining());
  const std::size_t events_at = aligned(documents_at + documents * sizeof(TableDocument));
  const std::size_t topics_at = aligned(events_at + events * sizeof(TableEvent));
  if (topics_at > bytes.size() || bytes.size() - topics_at != topics * sizeof(std::uint32_t))
    return std::nullopt;
  t.documents = {reinterpret_cast<const TableDocument*>(bytes.data() + documents_at), documents};
  t.events = {reinterpret_cast<const TableEvent*>(bytes.data() + events_at), events};
  t.topics = {reinterpret_cast<const std::uint32_t*>(bytes.data() + topics_at), topics};
  t.storage = mapping;
  if (!consistent(t)) return std::nullopt;
  return t;
}

std::optional<std::vector<RelationGraph>> graphs_from_table(
    const EventTable& table, const std::vector<GraphOptions>& variants,
    const std::vector<ActorRecord>& actors, std::string_view a, std::string_view b,
    std::size_t kept_per_part) {
  if (variants.empty()) return std::vector<RelationGraph>{};
  const NameFilter filter(variants.front().filter, table.names, a, b);
  const auto ranges = split_documents(table, filter, graph_parts(), kept_per_part);
  PartBuilders builders(variants, ranges.size(), "");
  std::vector<char> counted(ranges.size(), 0);
  run_in_parts(ranges.size(), [&](std::size_t part) {
    counted[part] = count_documents(table, filter, ranges[part], builders.part(part));
  });
  if (std::find(counted.begin(), counted.end(), 0) != counted.end()) return std::nullopt;
  return builders.build(actors);
}

}  // namespace dipgraph::graph
