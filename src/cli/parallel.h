// Ordered parallel map for the streaming commands (extract, ingest).
//
// A pipeline: the calling thread reads items in chunks of `batch` and emits the
// chunks' outputs in input order; `threads` workers take the next unmapped chunk
// as soon as they are free and map it. Reading, mapping and emitting overlap, so
// no worker waits for a slow chunk, a whole round to be written, or the next round
// to be read. At most 2 × threads chunks are in flight, which bounds memory, and
// the output is the same bytes for any thread count.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace dipgraph::cli {

namespace parallel_detail {

// Empties an output for reuse; `clear()` keeps the buffers' capacity, which saves
// regrowing (and page-faulting) large output strings for every chunk.
template <typename Output>
void reset_output(Output& out) {
  if constexpr (requires { out.clear(); }) {
    out.clear();
  } else {
    out = Output{};
  }
}

// One chunk of input items and its output, recycled through the ring of slots.
template <typename Item, typename Output>
struct Chunk {
  std::vector<Item> items;
  std::size_t count = 0;  // items in use
  Output output{};
  std::exception_ptr error;
  bool mapped = false;  // guarded by the pipeline's mutex
};

// Reads up to `items.size()` items into `chunk`; returns how many.
template <typename Item, typename Output, typename Next>
std::size_t fill_chunk(Chunk<Item, Output>& chunk, Next& next) {
  chunk.count = 0;
  while (chunk.count < chunk.items.size() && next(chunk.items[chunk.count])) ++chunk.count;
  return chunk.count;
}

// Maps every item of a chunk; an exception is kept and rethrown, in input order,
// by the emitting thread.
template <typename Item, typename Output, typename Map>
void map_chunk(Chunk<Item, Output>& chunk, Map& map) {
  try {
    for (std::size_t i = 0; i < chunk.count; ++i) map(chunk.items[i], chunk.output);
  } catch (...) {
    chunk.error = std::current_exception();
  }
}

// The shared state of the threaded pipeline. Chunk number k lives in slot
// k % slots.size(); the calling thread reads into a slot only once it has emitted
// the chunk that used it before, and workers touch only chunks already read and
// not yet emitted, so item and output data need no lock of their own.
template <typename Item, typename Output, typename Map>
class Pipeline {
 public:
  Pipeline(unsigned threads, std::size_t batch, Map& map) : map_(map), slots_(2 * threads) {
    for (auto& slot : slots_) slot.items.resize(batch);
    workers_.reserve(threads);
    try {
      for (unsigned t = 0; t < threads; ++t) workers_.emplace_back([this] { work(); });
    } catch (...) {
      stop();  // a thread could not be started: join those that were
      throw;
    }
  }

  // Stops and joins the workers, also when the caller's next() or emit() threw.
  ~Pipeline() { stop(); }

  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  template <typename Next, typename Emit>
  void run(Next& next, Emit& emit) {
    std::size_t emitted = 0;
    bool at_end = false;
    for (;;) {
      // Keep every free slot filled so the workers never run dry.
      while (!at_end && read_ - emitted < slots_.size()) {
        auto& chunk = slots_[read_ % slots_.size()];
        const std::size_t count = fill_chunk(chunk, next);
        at_end = count < chunk.items.size();
        if (count == 0) break;
        {
          std::lock_guard lock(mutex_);
          ++read_;
        }
        work_ready_.notify_one();
      }
      if (emitted == read_) return;
      auto& chunk = slots_[emitted % slots_.size()];
      {
        std::unique_lock lock(mutex_);
        chunk_mapped_.wait(lock, [&] { return chunk.mapped; });
        chunk.mapped = false;
      }
      if (chunk.error) std::rethrow_exception(chunk.error);
      emit(chunk.output);
      reset_output(chunk.output);
      ++emitted;
    }
  }

 private:
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    work_ready_.notify_all();
    for (auto& w : workers_) w.join();
  }

  void work() {
    for (;;) {
      std::size_t k = 0;
      {
        std::unique_lock lock(mutex_);
        work_ready_.wait(lock, [&] { return stopping_ || next_to_map_ < read_; });
        if (stopping_) return;
        k = next_to_map_++;
      }
      auto& chunk = slots_[k % slots_.size()];
      map_chunk(chunk, map_);
      {
        std::lock_guard lock(mutex_);
        chunk.mapped = true;
      }
      chunk_mapped_.notify_one();  // only the calling thread waits on it
    }
  }

  Map& map_;
  std::vector<Chunk<Item, Output>> slots_;
  std::mutex mutex_;
  std::condition_variable work_ready_;     // a chunk was read, or stopping
  std::condition_variable chunk_mapped_;   // a worker finished a chunk
  std::size_t read_ = 0;                   // chunks read so far (guarded)
  std::size_t next_to_map_ = 0;            // next chunk a worker takes (guarded)
  bool stopping_ = false;                  // guarded
  std::vector<std::thread> workers_;       // last: started after everything else exists
};

}  // namespace parallel_detail

// `next(Item&)` yields input items (false at the end), `map(const Item&, Output&)`
// adds an item's output to a chunk's Output, `emit(Output&)` writes the output of
// one chunk of up to `batch` items; chunks are emitted in input order, so the
// concatenated output does not depend on `threads`. `next` and `emit` run on the
// calling thread only (they may share state); `map` runs on `threads` workers when
// threads > 1 and must be thread-safe. The first exception thrown by `map` (in
// input order), `next` or `emit` is rethrown here once the workers have stopped.
template <typename Item, typename Output = std::string, typename Next, typename Map, typename Emit>
void ordered_parallel_map(unsigned threads, std::size_t batch, Next&& next, Map&& map,
                          Emit&& emit) {
  if (threads == 0) threads = 1;
  if (batch == 0) batch = 1;
  if (threads == 1) {
    // One thread: no workers, no locks; read, map and emit chunk by chunk.
    parallel_detail::Chunk<Item, Output> chunk;
    chunk.items.resize(batch);
    while (parallel_detail::fill_chunk(chunk, next) > 0) {
      for (std::size_t i = 0; i < chunk.count; ++i) map(chunk.items[i], chunk.output);
      emit(chunk.output);
      parallel_detail::reset_output(chunk.output);
      if (chunk.count < batch) return;
    }
    return;
  }
  parallel_detail::Pipeline<Item, Output, std::remove_reference_t<Map>> pipeline(threads, batch,
                                                                                  map);
  pipeline.run(next, emit);
}

}  // namespace dipgraph::cli
