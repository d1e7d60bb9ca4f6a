// Normalisation helpers and the two hash tables of the lexicon automaton.
#include <cstring>

#include "dipgraph/text_cleaner.h"
#include "lexicon_impl.h"

namespace dipgraph::lexicon_detail {
namespace {

std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}

}  // namespace

std::string fold_phrase(std::string_view phrase, bool keep_case) {
  std::string out;
  std::string scratch;
  for (const Token& t : tokenize(phrase, 0, phrase.size())) {
    for_each_unit(phrase, t.begin, t.end, keep_case, scratch,
                  [&out](std::size_t, std::size_t, std::string_view key, bool) {
                    if (!out.empty()) out.push_back(' ');
                    out.append(key);
                  });
  }
  return out;
}

bool starts_upper(std::string_view text, std::size_t begin, std::size_t end) {
  if (begin >= end || begin >= text.size()) return false;
  char32_t cp = 0;
  code_point_at(text, begin, cp);
  if (cp < 0x80) return text::is_upper(static_cast<unsigned char>(cp));
  const char* folded = latin_fold(cp);
  return folded && text::is_upper(static_cast<unsigned char>(folded[0]));
}

// --------------------------------------------------------------------------- Vocabulary

namespace {

std::uint64_t head_of(std::string_view key) {
  std::uint64_t head = 0;
  std::memcpy(&head, key.data(), key.size() < 8 ? key.size() : 8);
  return head;
}

// Hash of a word from its head and size: cheap, and words that share their
// first 8 bytes are rare enough.
std::uint64_t word_hash(std::uint64_t head, std::size_t size) {
  return mix(head ^ (std::uint64_t{size} << 59) ^ 0x9e3779b97f4a7c15ull);
}

}  // namespace

std::uint32_t Vocabulary::find(std::string_view key) const {
  if (slots_.empty()) return kNoWord;
  const std::uint64_t head = head_of(key);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = word_hash(head, key.size()) & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.id == 0) return kNoWord;
    if (slot.head != head || slot.size != key.size()) continue;
    if (key.size() <= 8) return slot.id - 1;
    const std::string& w = words_[slot.id - 1];
    if (std::memcmp(w.data() + 8, key.data() + 8, key.size() - 8) == 0) return slot.id - 1;
  }
}

std::uint32_t Vocabulary::intern(std::string_view key) {
  if (std::uint32_t id = find(key); id != kNoWord) return id;
  if ((words_.size() + 1) * 2 > slots_.size()) grow();
  const auto id = static_cast<std::uint32_t>(words_.size());
  words_.emplace_back(key);
  const std::uint64_t head = head_of(key);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = word_hash(head, key.size()) & mask;
  while (slots_[i].id != 0) i = (i + 1) & mask;
  slots_[i] = Slot{id + 1, static_cast<std::uint32_t>(key.size()), head};
  return id;
}

void Vocabulary::grow() {
  std::vector<Slot> slots(slots_.empty() ? 1024 : slots_.size() * 2);
  const std::size_t mask = slots.size() - 1;
  for (const Slot& s : slots_) {
    if (s.id == 0) continue;
    std::size_t i = word_hash(s.head, s.size) & mask;
    while (slots[i].id != 0) i = (i + 1) & mask;
    slots[i] = s;
  }
  slots_.swap(slots);
}

std::size_t Vocabulary::memory_bytes() const {
  std::size_t bytes = slots_.capacity() * sizeof(Slot) +
                      words_.capacity() * sizeof(std::string);
  for (const auto& w : words_) {
    if (w.capacity() > 15) bytes += w.capacity() + 1;
  }
  return bytes;
}

// --------------------------------------------------------------------------- EdgeTable

std::uint32_t EdgeTable::find(std::uint32_t node, std::uint32_t word) const {
  if (slots_.empty()) return kNoNode;
  const std::uint64_t key = (std::uint64_t{node} << 32) | word;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.key == key) return s.child;
    if (s.child == kNoNode) return kNoNode;
  }
}

std::uint32_t EdgeTable::insert(std::uint32_t node, std::uint32_t word, std::uint32_t child) {
  if (std::uint32_t found = find(node, word); found != kNoNode) return found;
  if ((used_ + 1) * 2 > slots_.size()) grow();
  const std::uint64_t key = (std::uint64_t{node} << 32) | word;
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = mix(key) & mask;
  while (slots_[i].child != kNoNode) i = (i + 1) & mask;
  slots_[i] = Slot{key, child};
  ++used_;
  return child;
}

void EdgeTable::clear() {
  slots_.clear();
  used_ = 0;
}

void EdgeTable::grow() {
  std::vector<Slot> slots(slots_.empty() ? 4096 : slots_.size() * 2);
  const std::size_t mask = slots.size() - 1;
  for (const Slot& s : slots_) {
    if (s.child == kNoNode) continue;
    std::size_t i = mix(s.key) & mask;
    while (slots[i].child != kNoNode) i = (i + 1) & mask;
    slots[i] = s;
  }
  slots_.swap(slots);
}

}  // namespace dipgraph::lexicon_detail
