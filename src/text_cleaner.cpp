// Placeholder until the cleaner lands (issue 2).
#include "dipgraph/text_cleaner.h"

namespace dipgraph {
CleanedText clean_text(std::string_view raw, std::string_view title) {
  CleanedText c;
  c.text = std::string(raw);
  c.title = std::string(title);
  return c;
}
}  // namespace dipgraph
