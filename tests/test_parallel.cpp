#include "cli/parallel.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

using dipgraph::cli::ordered_parallel_map;

namespace {

// Maps 0..n-1 to "i*i\n" with `threads` threads; returns the output and the number
// of emit calls.
std::pair<std::string, int> run(std::size_t n, unsigned threads, std::size_t batch) {
  std::size_t produced = 0;
  std::string out;
  int emits = 0;
  ordered_parallel_map<std::size_t>(
      threads, batch,
      [&](std::size_t& item) {
        if (produced == n) return false;
        item = produced++;
        return true;
      },
      [](const std::size_t& item, std::string& text) { text += std::to_string(item * item) + '\n'; },
      [&](const std::string& text) {
        out += text;
        ++emits;
      });
  return {out, emits};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(parallel)

BOOST_AUTO_TEST_CASE(empty_input_emits_nothing) {
  auto [out, emits] = run(0, 4, 8);
  BOOST_TEST(out.empty());
  BOOST_TEST(emits == 0);
}

BOOST_AUTO_TEST_CASE(same_output_for_any_thread_count_and_batch) {
  const std::string expected = run(1000, 1, 1).first;
  BOOST_TEST(expected.substr(0, 9) == "0\n1\n4\n9\n1");
  for (std::size_t n : {1u, 7u, 64u, 999u, 1000u}) {
    const std::string want = run(n, 1, 1).first;
    for (unsigned threads : {1u, 2u, 3u, 8u}) {
      for (std::size_t batch : {1u, 5u, 64u}) {
        BOOST_TEST_CONTEXT("n=" << n << " threads=" << threads << " batch=" << batch) {
          BOOST_TEST(run(n, threads, batch).first == want);
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(exceptions_reach_the_caller) {
  std::size_t produced = 0;
  auto next = [&](int& item) {
    item = static_cast<int>(produced);
    return produced++ < 100;
  };
  auto map = [](const int& item, std::string&) {
    if (item == 57) throw std::runtime_error("item 57");
  };
  BOOST_CHECK_THROW(ordered_parallel_map<int>(3, 4, next, map, [](const std::string&) {}),
                    std::runtime_error);
}

// Early items are slow, so later chunks finish first and must wait to be emitted.
BOOST_AUTO_TEST_CASE(chunks_finishing_out_of_order_are_emitted_in_order) {
  for (unsigned threads : {1u, 2u, 3u, 4u}) {
    std::size_t produced = 0;
    std::vector<std::size_t> seen;
    ordered_parallel_map<std::size_t, std::vector<std::size_t>>(
        threads, 3,
        [&](std::size_t& item) {
          if (produced == 60) return false;
          item = produced++;
          return true;
        },
        [](const std::size_t& item, std::vector<std::size_t>& out) {
          if (item % 9 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
          out.push_back(item);
        },
        [&](std::vector<std::size_t>& out) { seen.insert(seen.end(), out.begin(), out.end()); });
    BOOST_TEST_CONTEXT("threads=" << threads) {
      BOOST_TEST_REQUIRE(seen.size() == 60u);
      for (std::size_t i = 0; i < seen.size(); ++i) BOOST_TEST(seen[i] == i);
    }
  }
}

// The output of a chunk is emptied before the chunk is reused, whatever its type.
BOOST_AUTO_TEST_CASE(each_chunk_is_emitted_once_and_empty_chunks_never) {
  for (unsigned threads : {1u, 2u, 4u}) {
    auto [out, emits] = run(10, threads, 4);
    BOOST_TEST(out == run(10, 1, 1).first);
    BOOST_TEST(emits == 3);  // 4 + 4 + 2 items
    BOOST_TEST(run(8, threads, 4).second == 2);
  }
}

// Output emitted before a failing item is kept; later output is not emitted.
BOOST_AUTO_TEST_CASE(a_failing_map_stops_at_its_chunk_in_input_order) {
  for (unsigned threads : {1u, 2u, 4u}) {
    std::size_t produced = 0;
    std::vector<int> seen;
    auto next = [&](int& item) {
      item = static_cast<int>(produced);
      return produced++ < 100;
    };
    auto map = [](const int& item, std::vector<int>& out) {
      if (item == 57) throw std::runtime_error("item 57");
      out.push_back(item);
    };
    auto emit = [&](std::vector<int>& out) { seen.insert(seen.end(), out.begin(), out.end()); };
    BOOST_CHECK_THROW((ordered_parallel_map<int, std::vector<int>>(threads, 4, next, map, emit)),
                      std::runtime_error);
    BOOST_TEST_CONTEXT("threads=" << threads) {
      BOOST_TEST_REQUIRE(seen.size() == 56u);  // chunks 0..13; chunk 14 (56..59) failed
      BOOST_TEST(seen.back() == 55);
    }
  }
}

// Exceptions from the calling thread's next() and emit() stop the workers (no hang).
BOOST_AUTO_TEST_CASE(failing_next_or_emit_stops_the_workers) {
  for (unsigned threads : {2u, 4u}) {
    std::size_t produced = 0;
    auto next = [&](int& item) {
      if (produced == 50) throw std::runtime_error("read error");
      item = static_cast<int>(produced++);
      return true;
    };
    auto map = [](const int& item, std::string& out) { out += std::to_string(item); };
    BOOST_CHECK_THROW(ordered_parallel_map<int>(threads, 2, next, map, [](std::string&) {}),
                      std::runtime_error);
    produced = 0;
    auto endless = [&](int& item) {
      item = static_cast<int>(produced++);
      return true;
    };
    int emits = 0;
    auto emit = [&](std::string&) {
      if (++emits == 5) throw std::runtime_error("write error");
    };
    BOOST_CHECK_THROW(ordered_parallel_map<int>(threads, 2, endless, map, emit),
                      std::runtime_error);
    BOOST_TEST(emits == 5);
  }
}

BOOST_AUTO_TEST_SUITE_END()
