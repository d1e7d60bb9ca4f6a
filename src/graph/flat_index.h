// A hash index from 64-bit keys to dense slot numbers 0, 1, 2, ... in order of
// first insertion (private to src/graph).
//
// The graph builder counts per (edge, bucket), (edge, topic) and (edge, source)
// pair, one or more lookups per event. std::unordered_map allocates a node per key
// and chases a pointer per lookup; this open-addressing table keeps keys and slot
// numbers in two flat arrays, and the caller keeps the values in a vector indexed
// by slot, so a lookup is a multiply and usually one cache line.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace dipgraph::graph {

class FlatIndex {
 public:
  // The slot of `key`, and whether it was added by this call (then the slot is
  // size() - 1 and the caller appends its value).
  std::pair<std::uint32_t, bool> insert(std::uint64_t key) {
    if ((keys_.size() + 1) * 2 > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.index == kEmpty) {
        slot = Slot{key, static_cast<std::uint32_t>(keys_.size())};
        keys_.push_back(key);
        return {slot.index, true};
      }
      if (slot.key == key) return {slot.index, false};
    }
  }

  std::uint32_t size() const { return static_cast<std::uint32_t>(keys_.size()); }
  // The key of `slot`.
  std::uint64_t key(std::uint32_t slot) const { return keys_[slot]; }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t index = kEmpty;
  };
  static constexpr std::uint32_t kEmpty = UINT32_MAX;

  // SplitMix64's finalizer. The keys are (edge << 32 | value) pairs whose low
  // halves repeat across edges: one multiply would leave the slot (the low bits)
  // blind to the edge, and the table would probe for long runs.
  static std::size_t mix(std::uint64_t k) {
    k = (k ^ (k >> 30)) * 0xBF58476D1CE4E5B9ull;
    k = (k ^ (k >> 27)) * 0x94D049BB133111EBull;
    return static_cast<std::size_t>(k ^ (k >> 31));
  }

  void grow() {
    std::vector<Slot> old(slots_.empty() ? 64 : slots_.size() * 2);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.index == kEmpty) continue;
      std::size_t i = mix(slot.key) & mask;
      while (slots_[i].index != kEmpty) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }

  std::vector<Slot> slots_;  // a power of two in size, at most half full
  std::vector<std::uint64_t> keys_;  // by slot
};

}  // namespace dipgraph::graph
