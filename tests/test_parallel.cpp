#include "cli/parallel.h"

#include <boost/test/unit_test.hpp>
#include <stdexcept>

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

BOOST_AUTO_TEST_SUITE_END()
