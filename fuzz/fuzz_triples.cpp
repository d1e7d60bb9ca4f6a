// Fuzz target: the triples reader of `ingest --triples` on arbitrary bytes, with a
// small line limit so that the code skipping long lines is reached, then each
// good triple written back and read again (the round trip `extract | ingest`
// depends on).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "dipgraph/triple_io.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  dipgraph::TripleLineReader reader(in, "fuzz.jsonl", {}, 4096);
  dipgraph::Triple triple;
  std::string json;
  while (reader.next(triple)) {
    json.clear();
    dipgraph::append_triple_json(triple, json);
    json.pop_back();  // the newline
    // ingest hashes a line it is told is as written in place of `json`.
    if (!reader.written_json().empty() && reader.written_json() != json) __builtin_trap();
    // A triple without "quad" reads as quad 0, which is written but not read back.
    if (triple.quad != 0) {
      dipgraph::Triple again;
      if (!dipgraph::parse_triple_json(json, "again", 1, [](const dipgraph::Diagnostic&) {}, again))
        __builtin_trap();
      // Scores are written with 4 decimals; everything else must survive exactly.
      if (std::fabs(again.goldstein - triple.goldstein) > 1e-4 ||
          std::fabs(again.confidence - triple.confidence) > 1e-4)
        __builtin_trap();
      again.goldstein = triple.goldstein;
      again.confidence = triple.confidence;
      if (!(again == triple)) __builtin_trap();
    }
    std::string tsv;
    dipgraph::append_triple_tsv(triple, tsv);
  }
  if (reader.bytes_read() > size) __builtin_trap();
  return 0;
}
