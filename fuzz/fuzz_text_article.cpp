// Fuzz target: a `.txt` article through the reader, the cleaner and the sentence
// splitter, as `inspect` and the coder's front end run them.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dipgraph/article_reader.h"
#include "dipgraph/text_cleaner.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  dipgraph::Article article;
  if (!dipgraph::parse_text_article(content, "fuzz", "fuzz.txt", [](const dipgraph::Diagnostic&) {},
                                    article)) {
    return 0;
  }
  const dipgraph::CleanedText cleaned = dipgraph::clean_text(article.text, article.title, "Fuzz");
  for (const dipgraph::Sentence& s : dipgraph::split_sentences(cleaned.text)) {
    // The contracts the coder relies on: spans inside the text, tokens inside
    // their sentence, raw offsets inside the raw text.
    if (s.begin > s.end || s.end > cleaned.text.size()) __builtin_trap();
    for (const dipgraph::Token& t : s.tokens) {
      if (t.begin >= t.end || t.begin < s.begin || t.end > s.end) __builtin_trap();
    }
    if (cleaned.map.to_raw(s.begin) > article.text.size()) __builtin_trap();
  }
  return 0;
}
