// Export speed: a graph of 250 actors and 50,000 edges (every edge 1..4 events over
// two years, with topics, so timelines and spells are not trivial), built through
// GraphBuilder directly, written in every format to memory. Target: < 1 s each.
#include <benchmark/benchmark.h>

#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

#include "dipgraph/graph_export.h"

namespace {

using namespace dipgraph;

constexpr int kActors = 250;
constexpr int kEdges = 50000;

const RelationGraph& big_graph() {
  static const RelationGraph graph = [] {
    std::vector<std::string> ids, dates;
    std::vector<ActorRecord> names;
    for (int a = 0; a < kActors; ++a) {
      // Appended, not `"A" + std::to_string(...)`: GCC 12 -O3 flags that with a
      // false -Wrestrict.
      std::string id = "A", name = "Country ";
      id += std::to_string(1000 + a);
      name += std::to_string(a);
      ids.push_back(id);
      names.push_back(ActorRecord{id, name, "country"});
    }
    for (int d = 0; d < 730; ++d) {
      const int month = d / 31 % 12 + 1, day = d % 28 + 1, year = 2021 + d / 365;
      char buffer[16];
      std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
      dates.emplace_back(buffer);
    }
    const std::vector<std::string> relations = {"consult", "cooperate", "accuse", "sanction"};
    const std::vector<std::string> topics = {"energy", "trade", "security", "climate"};
    GraphBuilder builder(GraphOptions{});
    for (int k = 0; k < kEdges; ++k) {
      const int s = k % kActors, o = (s + 1 + k / kActors % (kActors - 1)) % kActors;
      for (int n = 0; n <= k % 4; ++n) {
        EventView e;
        e.subject = ids[static_cast<std::size_t>(s)];
        e.object = ids[static_cast<std::size_t>(o)];
        e.relation = relations[static_cast<std::size_t>(k % 4)];
        e.cameo = "040";
        e.quad = k % 4 + 1;
        e.goldstein = 1.5 - k % 4;
        e.date = dates[static_cast<std::size_t>((k * 7 + n * 97) % 730)];
        e.source = "Wire";
        e.document = k * 4 + n;
        e.topics = {topics[static_cast<std::size_t>(n % 4)]};
        builder.add(e);
      }
    }
    builder.name_actors(names);
    return RelationGraph::build(std::move(builder));
  }();
  return graph;
}

// Counts and drops what is written: the cost of the writer, not of growing a 40 MB
// string (a file stream's buffer behaves like this).
class CountingBuf : public std::streambuf {
 public:
  std::size_t bytes = 0;

 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes += static_cast<std::size_t>(n);
    return n;
  }
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) ++bytes;
    return traits_type::not_eof(c);
  }
};

void run(benchmark::State& state, ExportFormat format, ExportOptions options) {
  const RelationGraph& g = big_graph();
  if (g.edge_count() != kEdges) state.SkipWithError("the graph does not have 50,000 edges");
  std::size_t bytes = 0;
  for (auto _ : state) {
    CountingBuf buf;
    std::ostream out(&buf);
    write_graph(g, format, out, options);
    if (format == ExportFormat::kCsv) write_csv_nodes(g, out);
    bytes = buf.bytes;
    benchmark::DoNotOptimize(bytes);
  }
  state.counters["edges"] = static_cast<double>(g.edge_count());
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
}

void BM_ExportGraphml(benchmark::State& s) { run(s, ExportFormat::kGraphml, {}); }
void BM_ExportDot(benchmark::State& s) { run(s, ExportFormat::kDot, {}); }
void BM_ExportGexf(benchmark::State& s) { run(s, ExportFormat::kGexf, {}); }
void BM_ExportGexfDynamic(benchmark::State& s) {
  ExportOptions o;
  o.dynamic = true;
  run(s, ExportFormat::kGexf, o);
}
void BM_ExportJson(benchmark::State& s) { run(s, ExportFormat::kJson, {}); }
void BM_ExportCsv(benchmark::State& s) { run(s, ExportFormat::kCsv, {}); }  // both tables

}  // namespace

BENCHMARK(BM_ExportGraphml)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExportDot)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExportGexf)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExportGexfDynamic)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExportJson)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExportCsv)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
