// Fuzz target: the lexicon file parser (`--lexicon FILE`). The input is loaded as
// each kind of file in turn (the kind comes from the file name, as `load` does),
// then as a file that must say its kind on a `#kind:` line; each lexicon is then
// matched against a fixed sentence, so the automaton built from the fuzzed phrases
// is exercised too. Loading every kind lets any seed file reach every parser.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "dipgraph/lexicon.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const char* const kNames[] = {"actors.tsv", "names.tsv", "offices.tsv", "people.tsv",
                                       "cues.tsv",   "topics.tsv", "context.tsv", "fuzz.tsv"};
  const std::string content(reinterpret_cast<const char*>(data), size);
  for (const char* name : kNames) {
    std::istringstream in(content);
    dipgraph::Lexicon lexicon;
    try {
      lexicon.load(in, name, [](const dipgraph::Diagnostic&) {});
    } catch (const dipgraph::Error&) {
      continue;  // "cannot tell what kind of lexicon file this is": documented
    }
    const auto matches = lexicon.match_text(
        "Pakistan's Foreign Minister held talks with Russia in Moscow on trade and energy.",
        "2021-04-07");
    for (const dipgraph::Match& m : matches) {
      if (m.begin > m.end || m.first_token > m.last_token) __builtin_trap();
    }
    lexicon.resolve("pakistani");
    lexicon.suggest("Rusia");
  }
  return 0;
}
