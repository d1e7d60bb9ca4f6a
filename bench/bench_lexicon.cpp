// Throughput and start-up of the lexicon stage.
//
// BM_LexiconBuiltin: Lexicon::builtin(), parsing the embedded files and building
// the automaton (the "lexicon ready" start-up); its counters report the memory the
// lexicon holds and the automaton's size.
// BM_LexiconMatch: Lexicon::match over pre-tokenised sentences of the first
// $DIPGRAPH_BENCH_SAMPLE_MB megabytes (default 8) of the corpus named by
// $DIPGRAPH_BENCH_CORPUS (scripts/make_corpus writes one); the articles are cleaned
// and split once before timing, so bytes per second are sentence bytes matched
// against the full lexicon on one core.
#include <benchmark/benchmark.h>
#include <rapidjson/document.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "dipgraph/lexicon.h"
#include "dipgraph/text_cleaner.h"

namespace {

struct Sample {
  std::string problem;
  std::vector<std::string> texts;               // cleaned article texts
  std::vector<std::vector<dipgraph::Sentence>> sentences;
  std::uint64_t bytes = 0;                      // sentence bytes
};

const Sample& sample() {
  static const Sample s = [] {
    Sample out;
    const char* path = std::getenv("DIPGRAPH_BENCH_CORPUS");
    if (!path) {
      out.problem = "DIPGRAPH_BENCH_CORPUS is not set: point it at a .jsonl corpus "
                    "(scripts/make_corpus --megabytes 20 -o corpus.jsonl)";
      return out;
    }
    const char* mb = std::getenv("DIPGRAPH_BENCH_SAMPLE_MB");
    const double limit = (mb && std::atof(mb) > 0 ? std::atof(mb) : 8.0) * 1e6;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      out.problem = std::string("cannot open ") + path;
      return out;
    }
    std::string line;
    std::uint64_t raw = 0;
    while (raw < limit && std::getline(in, line)) {
      rapidjson::Document doc;
      doc.Parse(line.c_str(), line.size());
      if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("text") || !doc["text"].IsString()) {
        continue;
      }
      std::string text(doc["text"].GetString(), doc["text"].GetStringLength());
      raw += text.size();
      dipgraph::CleanedText clean = dipgraph::clean_text(text, "", "");
      out.sentences.push_back(dipgraph::split_sentences(clean.text));
      for (const auto& sentence : out.sentences.back()) out.bytes += sentence.end - sentence.begin;
      out.texts.push_back(std::move(clean.text));
    }
    if (out.texts.empty()) out.problem = std::string("no articles in ") + path;
    return out;
  }();
  return s;
}

void BM_LexiconBuiltin(benchmark::State& state) {
  std::size_t memory = 0;
  std::size_t nodes = 0;
  std::size_t phrases = 0;
  for (auto _ : state) {
    dipgraph::Lexicon lex = dipgraph::Lexicon::builtin();
    memory = lex.memory_bytes();
    nodes = lex.node_count();
    phrases = lex.phrase_count();
    benchmark::DoNotOptimize(lex);
  }
  state.counters["memory_MB"] = static_cast<double>(memory) / 1e6;
  state.counters["nodes"] = static_cast<double>(nodes);
  state.counters["phrases"] = static_cast<double>(phrases);
}
BENCHMARK(BM_LexiconBuiltin)->Unit(benchmark::kMillisecond);

void BM_LexiconMatch(benchmark::State& state) {
  const Sample& s = sample();
  if (!s.problem.empty()) {
    state.SkipWithError(s.problem.c_str());
    return;
  }
  const dipgraph::Lexicon lex = dipgraph::Lexicon::builtin();
  std::uint64_t matches = 0;
  for (auto _ : state) {
    for (std::size_t a = 0; a < s.texts.size(); ++a) {
      for (const auto& sentence : s.sentences[a]) {
        auto found = lex.match(s.texts[a], sentence.tokens, "2021-04-07");
        matches += found.size();
        benchmark::DoNotOptimize(found);
      }
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(s.bytes * state.iterations()));
  state.counters["matches_per_MB"] =
      static_cast<double>(matches) / static_cast<double>(state.iterations()) / (s.bytes / 1e6);
}
BENCHMARK(BM_LexiconMatch)->Unit(benchmark::kMillisecond);

}  // namespace
