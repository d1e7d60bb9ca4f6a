// The events of a whole store as a table of numbers, kept in the graph cache next
// to the graphs (private to src/graph).
//
// A graph built from the store costs, per event, SQLite's row of its document,
// unpacking the event's strings and looking up its names in the graph builder:
// about 1,550 instructions, 160-230 ms for a million events on two cores. This
// table holds every event with its names (actors, relation, CAMEO code, date,
// topics, source) as indices into one table of distinct names; mapped back into
// memory, filtered by index and counted through GraphBuilder::add_coded, it gives
// the graphs of any question (the whole store, an actor, a pair; any filter and
// options) three to four times faster.
//
// File format (little-endian): the magic, the key (as the graph cache's, without
// options), the names (count, then each as a varint length and bytes), the numbers
// of documents, events and topics (varints), then the documents, the events and
// the topics, each array starting at a multiple of 32 (zero bytes between): the
// records below as they lie in memory, so that the file is mapped, not read and
// copied. Loading
// checks the documents against the arrays and counting checks each event's
// indices, so a damaged file is a miss, never a crash.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dipgraph/event_store.h"
#include "dipgraph/relation_graph.h"

namespace dipgraph::graph {

struct TableEvent {
  std::uint32_t subject, object, relation, cameo, date;  // name indices
  std::uint8_t quad;
  std::uint8_t negated;
  std::uint16_t topics;  // how many; they follow those of the events before it
  double goldstein;
};
static_assert(sizeof(TableEvent) == 32);

struct TableDocument {
  std::int64_t key;           // the store's document key; ascending
  std::uint32_t source;       // name index
  std::uint32_t first_event;  // its events: [first_event, the next document's)
};
static_assert(sizeof(TableDocument) == 16);

struct EventTable {
  std::vector<std::string> names;  // distinct
  std::span<const TableDocument> documents;
  std::span<const TableEvent> events;
  std::span<const std::uint32_t> topics;  // name indices, event after event
  std::shared_ptr<const void> storage;    // what the spans point into: arrays or a file mapping
};

// Every event of `store`, negated ones included, in document key order; read in
// parts on this machine's cores; nullopt when an event has more topics than a
// record counts (65,535) or the store more than 2^32 events. Throws what the
// store's scans throw.
std::optional<EventTable> read_event_table(const EventStore& store);

std::string save_event_table(const EventTable& table, std::string_view key);
// The table saved in the file `path` under `key`, mapped into memory; nullopt when
// there is no such file or it holds another key, another format or damage.
std::optional<EventTable> map_event_table(const std::string& path, std::string_view key);

// The graphs of the table's events under each of `variants` (which share one
// filter), named from `actors`: equal to RelationGraph::from_store(store, variants,
// a, b) of the store the table was read from (the whole store when `a` is empty,
// else the events of actor `a`, or between `a` and `b`). Nullopt when an index is
// past its array (a damaged file). The events are counted in parts, one per core,
// of `kept_per_part` kept events or more.
std::optional<std::vector<RelationGraph>> graphs_from_table(
    const EventTable& table, const std::vector<GraphOptions>& variants,
    const std::vector<ActorRecord>& actors, std::string_view a = {}, std::string_view b = {},
    std::size_t kept_per_part = 16384);

}  // namespace dipgraph::graph
