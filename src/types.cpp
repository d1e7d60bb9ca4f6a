#include "dipgraph/types.h"

#include <algorithm>

namespace dipgraph {

void OffsetMap::add_anchor(std::size_t cleaned, std::size_t raw) {
  if (!anchors_.empty() && anchors_.back().first == cleaned) {
    anchors_.back().second = raw;
    return;
  }
  anchors_.emplace_back(cleaned, raw);
}

std::size_t OffsetMap::to_raw(std::size_t cleaned) const {
  if (anchors_.empty()) return cleaned;
  auto it = std::upper_bound(anchors_.begin(), anchors_.end(), cleaned,
                             [](std::size_t c, const auto& a) { return c < a.first; });
  if (it == anchors_.begin()) return cleaned;
  --it;
  return it->second + (cleaned - it->first);
}

}  // namespace dipgraph
