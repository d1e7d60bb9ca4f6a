#include "store/packed_events.h"

#include <cstdint>
#include <cstring>

namespace dipgraph::store {
namespace {

constexpr unsigned char kVersion = 1;

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

void put_string(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out += s;
}

// Reads from a blob, failing (not crashing) at its end: a corrupt store must
// give an error, never a read past the buffer.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  bool at_end() const { return pos_ == data_.size(); }

  bool varint(std::uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) return false;
      const auto byte = static_cast<unsigned char>(data_[pos_++]);
      v |= std::uint64_t{byte & 0x7Fu} << shift;
      if (!(byte & 0x80)) return true;
    }
    return false;
  }

  bool string(std::string_view& s) {
    std::uint64_t n = 0;
    if (!varint(n) || n > data_.size() - pos_) return false;
    s = data_.substr(pos_, n);
    pos_ += n;
    return true;
  }

  bool byte(unsigned char& b) {
    if (pos_ >= data_.size()) return false;
    b = static_cast<unsigned char>(data_[pos_++]);
    return true;
  }

  bool real(double& d) {
    if (data_.size() - pos_ < 8) return false;
    std::uint64_t bits = 0;
    for (int i = 7; i >= 0; --i) bits = bits << 8 | static_cast<unsigned char>(data_[pos_ + i]);
    std::memcpy(&d, &bits, sizeof d);
    pos_ += 8;
    return true;
  }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

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
    std::uint64_t bits = 0;
    std::memcpy(&bits, &t.goldstein, sizeof bits);
    for (int i = 0; i < 8; ++i) out += static_cast<char>(bits >> (8 * i) & 0xFF);
    out += static_cast<char>(t.negated ? 1 : 0);
    put_varint(out, t.topics.size());
    for (const std::string& topic : t.topics) put_string(out, topic);
  }
  return out;
}

bool unpack_events(std::string_view blob, EventView& view,
                   const std::function<void(const EventView&)>& visit) {
  if (blob.empty() || static_cast<unsigned char>(blob[0]) != kVersion) return false;
  Reader in(blob.substr(1));
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

}  // namespace dipgraph::store
