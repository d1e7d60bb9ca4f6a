// `dipgraph extract`: articles in, triples out (JSON lines of Contract 2, or TSV).
// A pure streaming filter: memory is bounded by 2 × -j chunks of 64 articles in flight.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <unistd.h>

#include "cli/commands.h"
#include "cli/output_file.h"
#include "cli/parallel.h"
#include "dipgraph/article_reader.h"
#include "dipgraph/relation_coder.h"
#include "dipgraph/triple_io.h"

namespace dipgraph::cli {
namespace po = boost::program_options;

namespace {

constexpr std::size_t kArticlesPerThread = 64;

// The output of one chunk of articles.
struct Batch {
  std::string triples;
  std::string explanations;
  std::size_t count = 0;

  // Keeps the strings' capacity: the pipeline reuses a Batch for many chunks.
  void clear() {
    triples.clear();
    explanations.clear();
    count = 0;
  }
};

}  // namespace

int run_extract(const std::vector<std::string>& args, Io& io) {
  po::options_description options("options");
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  options.add_options()  //
      ("input", po::value<std::vector<std::string>>()->required(),
       "article files, directories, or - for JSON lines on stdin")  //
      ("output,o", po::value<std::string>()->default_value("-"), "output file, - for stdout")  //
      ("format", po::value<std::string>()->default_value("jsonl"), "jsonl (Contract 2) or tsv")  //
      ("jobs,j", po::value<unsigned>()->default_value(cores), "worker threads (default: all cores)")  //
      ("lexicon", po::value<std::vector<std::string>>()->default_value({}, ""),
       "add or override lexicon entries from FILE (repeatable)")  //
      ("explain", po::bool_switch(),
       "print on stderr, per sentence, the rule behind each triple and why candidates were dropped")  //
      ("include-negated", po::bool_switch(),
       "also print negated and hypothetical statements (marked \"negated\": true)");
  po::variables_map vm;
  if (auto done = parse_command_line(
          "extract", "[options] INPUT...",
          "Codes the relations between countries that articles report, one triple per\n"
          "line: subject, relation (PLOVER type), object, CAMEO code, quad class,\n"
          "Goldstein score, topics, event date and evidence. Output order and bytes are\n"
          "the same for any -j.",
          options, "input", args, vm, io)) {
    return *done;
  }
  const std::string format = vm["format"].as<std::string>();
  if (format != "jsonl" && format != "tsv") {
    throw UsageError("extract", "--format must be jsonl or tsv, not '" + format + "'");
  }
  const unsigned jobs = vm["jobs"].as<unsigned>();
  if (jobs == 0 || jobs > 256) throw UsageError("extract", "--jobs must be between 1 and 256");
  const bool explain = vm["explain"].as<bool>();
  const bool include_negated = vm["include-negated"].as<bool>();

  std::size_t lexicon_errors = 0;
  const Lexicon lexicon = load_command_lexicon(vm, io, lexicon_errors);
  const RelationCoder coder(lexicon);

  // A file is written under a temporary name and renamed when complete, so an
  // interrupted or failed run never leaves a partial output file.
  std::unique_ptr<AtomicFile> file;
  const std::string output = vm["output"].as<std::string>();
  if (output != "-") file = std::make_unique<AtomicFile>(output);
  std::ostream& out = file ? file->open() : io.out;
  if (format == "tsv") out << triple_tsv_header();

  ArticleReader reader(vm["input"].as<std::vector<std::string>>(),
                       [&io](const Diagnostic& d) { io.err << format_diagnostic(d) << '\n'; },
                       ReaderLimits{}, &io.in);
  std::size_t documents = 0;
  std::size_t triples = 0;
  const auto started = std::chrono::steady_clock::now();
  auto map = [&](const Article& article, Batch& batch) {
    CodedArticle coded = coder.code(article, explain);
    for (const std::string& line : coded.explanations) {
      batch.explanations += article.id + ' ' + line + '\n';
    }
    for (const Triple& t : coded.triples) {
      if (t.negated && !include_negated) continue;
      if (format == "tsv") {
        append_triple_tsv(t, batch.triples);
      } else {
        append_triple_json(t, batch.triples);
      }
      ++batch.count;
    }
  };
  auto emit = [&](const Batch& batch) {
    io.err << batch.explanations;
    out << batch.triples;
    triples += batch.count;
    if (io.err_is_terminal && !explain) {
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      io.err << "\rextract: " << documents << " documents, " << triples << " triples, "
             << static_cast<long>(seconds > 0 ? documents / seconds : 0) << " documents/s"
             << std::flush;
    }
  };
  ordered_parallel_map<Article, Batch>(
      jobs, kArticlesPerThread,
      [&](Article& a) {
        if (!reader.next(a)) return false;
        ++documents;
        return true;
      },
      map, emit);
  if (io.err_is_terminal && !explain) io.err << '\n';
  out.flush();
  if (file) file->commit();
  if (reader.bad_records() > 0) {
    io.err << "dipgraph extract: " << reader.bad_records() << " input record(s) skipped\n";
    return kExitBadInput;
  }
  return lexicon_errors > 0 ? kExitBadInput : kExitOk;
}

}  // namespace dipgraph::cli
