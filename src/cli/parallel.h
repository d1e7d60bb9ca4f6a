// Ordered parallel map for the streaming commands (extract, ingest).
//
// Items are read in rounds of `threads * batch` items; each thread maps a
// contiguous slice and the results are emitted in input order. Memory is bounded
// by one round, the output is the same bytes for any thread count, and no
// item waits for more than one round to be written.
#pragma once

#include <cstddef>
#include <exception>
#include <string>
#include <thread>
#include <vector>

namespace dipgraph::cli {

// `next(Item&)` yields input items (false at the end), `map(const Item&, Output&)`
// adds an item's output to its thread's Output, `emit(const Output&)` writes one
// thread's share of a round, in input order.
// `map` must be thread-safe; the first exception thrown by it is rethrown here.
template <typename Item, typename Output = std::string, typename Next, typename Map, typename Emit>
void ordered_parallel_map(unsigned threads, std::size_t batch, Next&& next, Map&& map,
                          Emit&& emit) {
  if (threads == 0) threads = 1;
  if (batch == 0) batch = 1;
  std::vector<Item> items(threads * batch);
  std::vector<Output> outputs(threads);
  for (;;) {
    std::size_t count = 0;
    while (count < items.size() && next(items[count])) ++count;
    if (count == 0) return;
    const std::size_t per_thread = (count + threads - 1) / threads;
    std::vector<std::exception_ptr> errors(threads);
    auto work = [&](unsigned t) {
      try {
        const std::size_t begin = t * per_thread;
        const std::size_t end = std::min(count, begin + per_thread);
        for (std::size_t i = begin; i < end; ++i) map(items[i], outputs[t]);
      } catch (...) {
        errors[t] = std::current_exception();
      }
    };
    if (threads == 1 || count <= batch) {
      for (unsigned t = 0; t < threads; ++t) work(t);
    } else {
      std::vector<std::jthread> pool;
      for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
      work(0);
    }  // jthreads join here
    for (auto& e : errors) {
      if (e) std::rethrow_exception(e);
    }
    for (auto& out : outputs) {
      emit(out);
      out = Output{};
    }
    if (count < items.size()) return;
  }
}

}  // namespace dipgraph::cli
