// A small binary codec for dipgraph's own files and blobs (the packed events of the
// store, the graph cache): LEB128 varints, length-prefixed strings, little-endian
// IEEE 754 doubles. The reader fails instead of reading past its buffer, so a damaged
// or truncated file gives an error, never a crash.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace dipgraph {

inline void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

inline void put_string(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out += s;
}

inline void put_real(std::string& out, double d) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &d, sizeof bits);
  for (int i = 0; i < 8; ++i) out += static_cast<char>(bits >> (8 * i) & 0xFF);
}

class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}

  bool at_end() const { return pos_ == data_.size(); }
  std::size_t remaining() const { return data_.size() - pos_; }

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

  // A count of items that take at least `min_bytes` each: refused when the rest of
  // the buffer cannot hold that many, so a damaged count never makes a reader
  // reserve gigabytes.
  bool count(std::uint64_t& n, std::size_t min_bytes = 1) {
    return varint(n) && n <= (data_.size() - pos_) / (min_bytes ? min_bytes : 1);
  }

  bool string(std::string_view& s) {
    std::uint64_t n = 0;
    if (!varint(n) || n > data_.size() - pos_) return false;
    s = data_.substr(pos_, n);
    pos_ += n;
    return true;
  }

  bool string(std::string& s) {
    std::string_view view;
    if (!string(view)) return false;
    s.assign(view);
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

}  // namespace dipgraph
