// A document's events packed in one blob, the graph module's fast read path
// (private to src/store).
//
// SQLite spends about a microsecond per row it returns, whatever the row's width;
// a graph over millions of events cannot afford one row per event. So next to the
// event rows (which the queries and `stats --dump` use), each document keeps the
// fields a graph needs of all its events in one blob, and a full scan returns one
// row per document instead of one per event.
//
// Format (version 1): a version byte, then per event: subject, object, relation,
// cameo, date as strings (a varint length, then the bytes), quad as one byte,
// goldstein as 8 bytes little-endian IEEE 754, negated as one byte, a varint topic
// count and the topics as strings.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "dipgraph/event_store.h"
#include "dipgraph/types.h"

namespace dipgraph::store {

std::string pack_events(const std::vector<Triple>& triples);

// Calls `visit` for each packed event with `view` filled in (its document and
// source fields are left as the caller set them; its views point into `blob`).
// Returns false, having visited the events before it, when `blob` is malformed.
bool unpack_events(std::string_view blob, EventView& view,
                   const std::function<void(const EventView&)>& visit);

// unpack_events for the blob of document `view.document` in the store at `path`; a
// blob that cannot be read throws Error ("store is corrupt"), naming the document.
void unpack_document_events(const std::string& path, std::string_view blob, EventView& view,
                            const std::function<void(const EventView&)>& visit);

}  // namespace dipgraph::store
