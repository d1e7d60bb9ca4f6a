#include "store/packed_events.h"

#include <cstdint>

#include "byte_codec.h"
#include "dipgraph/diagnostics.h"

namespace dipgraph::store {
namespace {

constexpr unsigned char kVersion = 1;

}  // namespace

std::string pack_events(const std::vector<Triple>& triples) {
  std::string out(1, static_cast<char>(kVersion));
  for (const Triple& t : triples) {
    put_string(out, t.subject.id);
    put_string(out, t.object.id);
    put_string(out, t.relation);
    put_string(out, t.cameo);
    put_string(out, t.date);
    out += static_cast<char>(t.quad >= 0 && t.quad <= 255 ? t.quad : 0);
    put_real(out, t.goldstein);
    out += static_cast<char>(t.negated ? 1 : 0);
    put_varint(out, t.topics.size());
    for (const std::string& topic : t.topics) put_string(out, topic);
  }
  return out;
}

bool unpack_events(std::string_view blob, EventView& view,
                   const std::function<void(const EventView&)>& visit) {
  if (blob.empty() || static_cast<unsigned char>(blob[0]) != kVersion) return false;
  ByteReader in(blob.substr(1));
  while (!in.at_end()) {
    unsigned char quad = 0, negated = 0;
    std::uint64_t topics = 0;
    if (!in.string(view.subject) || !in.string(view.object) || !in.string(view.relation) ||
        !in.string(view.cameo) || !in.string(view.date) || !in.byte(quad) ||
        !in.real(view.goldstein) || !in.byte(negated) || !in.varint(topics)) {
      return false;
    }
    view.quad = quad;
    view.negated = negated != 0;
    view.topics.clear();
    for (std::uint64_t i = 0; i < topics; ++i) {
      std::string_view topic;
      if (!in.string(topic)) return false;
      view.topics.push_back(topic);
    }
    visit(view);
  }
  return true;
}

void unpack_document_events(const std::string& path, std::string_view blob, EventView& view,
                            const std::function<void(const EventView&)>& visit) {
  if (!unpack_events(blob, view, visit)) {
    throw Error(path, "store is corrupt: the packed events of document key " +
                          std::to_string(view.document) + " cannot be read");
  }
}

}  // namespace dipgraph::store
