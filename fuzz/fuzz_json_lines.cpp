// Fuzz target: the JSON lines reader (`.jsonl` files and stdin) on arbitrary bytes.
// A small document limit makes the fuzzer reach the code that skips long lines
// in pieces as well as the parser.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "dipgraph/article_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::size_t reported = 0;
  dipgraph::JsonLinesReader reader(in, "fuzz.jsonl", "fuzz",
                                   [&reported](const dipgraph::Diagnostic&) { ++reported; },
                                   dipgraph::ReaderLimits{4096});
  dipgraph::Article article;
  while (reader.next(article)) {
  }
  // Every byte is consumed, whatever the input.
  if (reader.bytes_read() > size) __builtin_trap();
  return 0;
}
