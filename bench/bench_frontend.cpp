// Stage-level throughput of the front end (reader, cleaner, splitter).
//
// The corpus is the JSON lines file named by $DIPGRAPH_BENCH_CORPUS (scripts/make_corpus
// writes one); without it every benchmark is skipped with a message saying so.
// BM_ReadJsonl and BM_FrontEnd stream the whole file through the ArticleReader on each
// iteration and count the file's bytes; BM_FrontEnd keeps one sentence vector across
// articles, as a streaming pipeline would. BM_CleanText and BM_SplitSentences (a new
// vector per article) / BM_SplitSentencesReuse (one vector refilled) run over
// the first $DIPGRAPH_BENCH_SAMPLE_MB megabytes (default 8) of articles, loaded into
// memory once with RapidJSON rather than the ArticleReader, so that each measures its
// stage alone and does not depend on the reader. Bytes per second are input bytes of
// the stage: the file for reading, the raw text for cleaning, the clean text for
// splitting.
#include <benchmark/benchmark.h>
#include <rapidjson/document.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "dipgraph/article_reader.h"
#include "dipgraph/diagnostics.h"
#include "dipgraph/text_cleaner.h"
#include "dipgraph/types.h"

namespace {

constexpr const char* kCorpusVariable = "DIPGRAPH_BENCH_CORPUS";

struct SampleArticle {
  std::string title;
  std::string text;
  std::string source;  // JSON `source`, as the reader would fill Article::source
};

// What the per-stage benchmarks run over, loaded on first use.
struct Sample {
  std::string problem;  // non-empty when the sample could not be loaded
  std::vector<SampleArticle> articles;
  std::vector<std::string> cleaned;  // clean_text() of each article, for the splitter
  std::uint64_t raw_bytes = 0;
  std::uint64_t clean_bytes = 0;
};

std::string corpus_path() {
  const char* path = std::getenv(kCorpusVariable);
  return path ? path : "";
}

std::string missing_corpus_message() {
  return std::string(kCorpusVariable) +
         " is not set: point it at a .jsonl corpus, e.g. one made with "
         "`scripts/make_corpus --megabytes 50 -o corpus.jsonl` (scripts/bench.sh does this)";
}

std::uint64_t sample_limit_bytes() {
  const char* mb = std::getenv("DIPGRAPH_BENCH_SAMPLE_MB");
  const double value = mb ? std::atof(mb) : 8.0;
  return static_cast<std::uint64_t>((value > 0 ? value : 8.0) * 1e6);
}

Sample load_sample() {
  Sample sample;
  const std::string path = corpus_path();
  if (path.empty()) {
    sample.problem = missing_corpus_message();
    return sample;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    sample.problem = path + ": cannot open";
    return sample;
  }
  const std::uint64_t limit = sample_limit_bytes();
  std::string line;
  while (sample.raw_bytes < limit && std::getline(in, line)) {
    rapidjson::Document doc;
    doc.Parse(line.data(), line.size());
    if (doc.HasParseError() || !doc.IsObject()) continue;
    auto text = doc.FindMember("text");
    if (text == doc.MemberEnd() || !text->value.IsString()) continue;
    SampleArticle article;
    article.text.assign(text->value.GetString(), text->value.GetStringLength());
    auto title = doc.FindMember("title");
    if (title != doc.MemberEnd() && title->value.IsString())
      article.title.assign(title->value.GetString(), title->value.GetStringLength());
    auto source = doc.FindMember("source");
    if (source != doc.MemberEnd() && source->value.IsString())
      article.source.assign(source->value.GetString(), source->value.GetStringLength());
    sample.raw_bytes += article.text.size();
    sample.articles.push_back(std::move(article));
  }
  if (sample.articles.empty()) {
    sample.problem = path + ": no JSON line with a string `text` field (is it a .jsonl corpus?)";
    return sample;
  }
  for (const SampleArticle& a : sample.articles) {
    sample.cleaned.push_back(dipgraph::clean_text(a.text, a.title, a.source).text);
    sample.clean_bytes += sample.cleaned.back().size();
  }
  return sample;
}

const Sample& sample() {
  static const Sample loaded = load_sample();
  return loaded;
}

// Counts bad records instead of printing them: the corpus is expected to be clean,
// and the count is reported as a counter.
struct CountingReporter {
  std::size_t* count;
  void operator()(const dipgraph::Diagnostic& d) const {
    if (d.severity == dipgraph::Severity::kError) ++*count;
  }
};

// Streams the corpus once through the reader, and through cleaner and splitter when
// `whole_front_end` is set.
void stream_corpus(benchmark::State& state, bool whole_front_end) {
  const std::string path = corpus_path();
  if (path.empty()) {
    state.SkipWithError(missing_corpus_message().c_str());
    return;
  }
  std::error_code ec;
  const std::uint64_t file_bytes = std::filesystem::file_size(path, ec);
  if (ec) {
    state.SkipWithError((path + ": " + ec.message()).c_str());
    return;
  }
  std::size_t articles = 0, sentences = 0, bad = 0;
  for (auto _ : state) {
    dipgraph::ArticleReader reader({path}, CountingReporter{&bad});
    dipgraph::Article article;
    std::vector<dipgraph::Sentence> split;  // reused across articles, as a pipeline would
    while (reader.next(article)) {
      ++articles;
      if (whole_front_end) {
        dipgraph::CleanedText clean = dipgraph::clean_text(article.text, article.title, article.source);
        dipgraph::split_sentences(clean.text, split);
        sentences += split.size();
        benchmark::DoNotOptimize(split.data());
      }
      benchmark::DoNotOptimize(article.text.data());
    }
  }
  if (articles == 0) {
    // Throughput over nothing would be a fake figure.
    state.SkipWithError((path + ": the ArticleReader returned no articles").c_str());
    return;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * file_bytes));
  state.counters["articles/s"] = benchmark::Counter(static_cast<double>(articles),
                                                    benchmark::Counter::kIsRate);
  if (whole_front_end)
    state.counters["sentences/s"] = benchmark::Counter(static_cast<double>(sentences),
                                                       benchmark::Counter::kIsRate);
  state.counters["bad_records"] = static_cast<double>(bad);
}

void BM_ReadJsonl(benchmark::State& state) { stream_corpus(state, false); }

void BM_FrontEnd(benchmark::State& state) { stream_corpus(state, true); }

void BM_CleanText(benchmark::State& state) {
  const Sample& s = sample();
  if (!s.problem.empty()) {
    state.SkipWithError(s.problem.c_str());
    return;
  }
  for (auto _ : state) {
    for (const SampleArticle& a : s.articles) {
      dipgraph::CleanedText clean = dipgraph::clean_text(a.text, a.title, a.source);
      benchmark::DoNotOptimize(clean.text.data());
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * s.raw_bytes));
  state.counters["articles/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * s.articles.size()), benchmark::Counter::kIsRate);
}

// The splitter through the overload that returns a new vector for each article
// (`reuse` false) or the one that refills a vector kept across articles.
void split_sample(benchmark::State& state, bool reuse) {
  const Sample& s = sample();
  if (!s.problem.empty()) {
    state.SkipWithError(s.problem.c_str());
    return;
  }
  std::size_t sentences = 0;
  std::vector<dipgraph::Sentence> kept;
  for (auto _ : state) {
    for (const std::string& text : s.cleaned) {
      if (reuse) {
        dipgraph::split_sentences(text, kept);
        sentences += kept.size();
        benchmark::DoNotOptimize(kept.data());
      } else {
        std::vector<dipgraph::Sentence> split = dipgraph::split_sentences(text);
        sentences += split.size();
        benchmark::DoNotOptimize(split.data());
      }
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * s.clean_bytes));
  state.counters["sentences/s"] =
      benchmark::Counter(static_cast<double>(sentences), benchmark::Counter::kIsRate);
}

void BM_SplitSentences(benchmark::State& state) { split_sample(state, false); }

void BM_SplitSentencesReuse(benchmark::State& state) { split_sample(state, true); }

// Whole-file passes are long; a couple of iterations are plenty.
BENCHMARK(BM_ReadJsonl)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_CleanText)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SplitSentences)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SplitSentencesReuse)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FrontEnd)->Unit(benchmark::kMillisecond)->MinTime(1.0);

}  // namespace

BENCHMARK_MAIN();
