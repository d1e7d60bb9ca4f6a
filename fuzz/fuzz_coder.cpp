// Fuzz target: the relation coder (cleaner, splitter, lexicon, parties, dates,
// modality) with the built-in lexicon on arbitrary text. A first line is the
// title and a leading "YYYY-MM-DD\n" the publication date, as the reader would
// give them; the rest is the body.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dipgraph/lexicon.h"
#include "dipgraph/relation_coder.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const dipgraph::Lexicon lexicon = dipgraph::Lexicon::builtin();
  static const dipgraph::RelationCoder coder(lexicon);
  std::string_view input(reinterpret_cast<const char*>(data), size);
  dipgraph::Article article;
  article.id = "fuzz";
  if (input.size() >= 11 && input[4] == '-' && input[7] == '-' && input[10] == '\n') {
    article.date = std::string(input.substr(0, 10));
    input.remove_prefix(11);
  }
  const std::size_t newline = input.find('\n');
  article.title = std::string(input.substr(0, newline));
  article.text = std::string(input);
  const dipgraph::CodedArticle coded = coder.code(article, true);
  for (const dipgraph::Triple& t : coded.triples) {
    if (t.span_begin > t.span_end || t.span_end > article.text.size()) __builtin_trap();
    if (t.quad < 1 || t.quad > 4 || t.goldstein < -10 || t.goldstein > 10) __builtin_trap();
  }
  return 0;
}
