// One streaming pass of the front end (read + clean + split) over the inputs.
//
// scripts/bench.sh runs this under `/usr/bin/time -f %M` on corpora of different sizes
// to show that peak memory does not grow with the corpus. It prints one line of
// `key=value` fields on stdout: input bytes (regular files, directories recursively),
// articles, sentences, bad records, seconds of the pass. Like a streaming pipeline, it
// keeps one sentence vector across articles (the split_sentences overload that reuses
// its memory); cleaned text is made afresh for each article.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "dipgraph/article_reader.h"
#include "dipgraph/diagnostics.h"
#include "dipgraph/text_cleaner.h"
#include "dipgraph/types.h"

namespace {

namespace fs = std::filesystem;

bool is_article_file(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".txt" || ext == ".jsonl" || ext == ".ndjson";
}

// Bytes of the inputs the reader will read: a named file whatever its name, in
// directories only the extensions the reader takes (READMEs and the like are skipped).
std::uint64_t input_bytes(const std::string& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  std::uint64_t total = 0;
  if (!fs::is_directory(path, ec)) return 0;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code entry_ec;
    if (it->is_regular_file(entry_ec) && is_article_file(it->path())) {
      const std::uintmax_t size = it->file_size(entry_ec);
      if (!entry_ec) total += size;
    }
  }
  return total;
}

int usage(std::FILE* out) {
  std::fputs(
      "usage: dipgraph_frontend_pass INPUT...\n"
      "Streams the inputs (.jsonl/.ndjson/.txt files, directories) through read, clean\n"
      "and split once and prints: bytes= articles= sentences= bad= seconds=\n",
      out);
  return out == stdout ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") return usage(stdout);
    inputs.emplace_back(arg);
  }
  if (inputs.empty()) return usage(stderr);

  std::uint64_t bytes = 0;
  for (const std::string& input : inputs) bytes += input_bytes(input);

  std::size_t articles = 0, sentences = 0, bad = 0;
  const auto start = std::chrono::steady_clock::now();
  try {
    dipgraph::ArticleReader reader(inputs, [&bad](const dipgraph::Diagnostic& d) {
      if (d.severity == dipgraph::Severity::kError) ++bad;
    });
    dipgraph::Article article;
    std::vector<dipgraph::Sentence> split;  // reused across articles, as a pipeline would
    while (reader.next(article)) {
      dipgraph::CleanedText clean = dipgraph::clean_text(article.text, article.title, article.source);
      dipgraph::split_sentences(clean.text, split);
      sentences += split.size();
      ++articles;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dipgraph_frontend_pass: %s\n", e.what());
    return 1;
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  std::printf("bytes=%llu articles=%zu sentences=%zu bad=%zu seconds=%.3f\n",
              static_cast<unsigned long long>(bytes), articles, sentences, bad,
              elapsed.count());
  return 0;
}
