// Building the relation graph from a store (issue #5: the collapsed graph of a
// 5-million-event store in under 2 s). The store comes from $DIPGRAPH_BENCH_STORE
// (scripts/bench.sh makes it); without it the benchmarks are skipped.
#include <benchmark/benchmark.h>

#include <cstdio>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "dipgraph/event_store.h"
#include "dipgraph/relation_graph.h"

namespace {

void build_graph(benchmark::State& state, bool collapse) {
  const char* path = std::getenv("DIPGRAPH_BENCH_STORE");
  if (path == nullptr) {
    state.SkipWithError("set DIPGRAPH_BENCH_STORE to an event store");
    return;
  }
  dipgraph::EventStore store = dipgraph::EventStore::open(path, dipgraph::StoreOptions{false});
  dipgraph::GraphOptions options;
  options.collapse = collapse;
  std::size_t edges = 0;
  for (auto _ : state) {
    const auto graph = dipgraph::RelationGraph::from_store(store, options);
    edges = graph.edge_count();
    benchmark::DoNotOptimize(edges);
  }
  state.counters["edges"] = static_cast<double>(edges);
  state.counters["events"] = static_cast<double>(store.stats().events);
}

void BM_GraphCollapsed(benchmark::State& state) { build_graph(state, true); }
void BM_GraphPerRelation(benchmark::State& state) { build_graph(state, false); }

// The aggregation alone, on 1 million events made in memory (200 actors, 16
// relations, 3 topics each, dates over ten years): what the builder costs per
// event, apart from reading the store.
void BM_GraphBuilderOnly(benchmark::State& state) {
  std::mt19937 rng(7);
  std::vector<std::string> actors, topics, dates;
  for (int i = 0; i < 200; ++i) actors.push_back("A" + std::to_string(i));
  for (int i = 0; i < 30; ++i) topics.push_back("topic" + std::to_string(i));
  for (int i = 0; i < 3650; ++i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", 2015 + i / 365, 1 + i / 28 % 12, 1 + i % 28);
    dates.push_back(buf);
  }
  static const char* kRelations[] = {"agree",   "consult", "support",  "concede",  "cooperate", "aid",
                                     "retreat", "request", "accuse",   "reject",   "threaten",  "protest",
                                     "sanction", "mobilize", "coerce", "assault"};
  std::vector<dipgraph::EventView> events(1000000);
  for (std::size_t i = 0; i < events.size(); ++i) {
    dipgraph::EventView& e = events[i];
    e.subject = actors[rng() % actors.size()];
    e.object = actors[rng() % actors.size()];
    e.relation = kRelations[rng() % 16];
    e.cameo = "040";
    e.quad = static_cast<int>(rng() % 4) + 1;
    e.goldstein = 1.0;
    e.date = dates[rng() % dates.size()];
    e.source = "Wire";
    e.document = static_cast<std::int64_t>(i / 4);
    for (int t = 0; t < 3; ++t) e.topics.push_back(topics[rng() % topics.size()]);
  }
  dipgraph::GraphOptions options;
  options.collapse = state.range(0) != 0;
  for (auto _ : state) {
    dipgraph::GraphBuilder builder(options);
    for (const auto& e : events) builder.add(e);
    const auto graph = dipgraph::RelationGraph::build(std::move(builder));
    benchmark::DoNotOptimize(graph.edge_count());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * events.size()));
}

}  // namespace

BENCHMARK(BM_GraphBuilderOnly)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_GraphCollapsed)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_GraphPerRelation)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK_MAIN();
