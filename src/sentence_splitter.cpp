// Placeholder until the splitter lands (issue 2).
#include "dipgraph/text_cleaner.h"

namespace dipgraph {
std::vector<Sentence> split_sentences(std::string_view) { return {}; }
std::string find_dateline(std::string_view) { return {}; }
std::vector<Token> tokenize(std::string_view, std::size_t, std::size_t) { return {}; }
}  // namespace dipgraph
