// Helpers shared by the unit tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dipgraph/types.h"

namespace dipgraph::test {

inline std::filesystem::path data_dir() { return DIPGRAPH_TEST_DATA_DIR; }
inline std::filesystem::path shared_dir() { return DIPGRAPH_SHARED_DIR; }

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// One coded event for the graph, export and query suites' fixed stores; each
// call takes the next sentence number so that no two events are identical rows.
inline Triple event(const std::string& date, const ActorRef& s, const std::string& relation,
                    const ActorRef& o, const std::string& cameo, int quad, double goldstein,
                    std::vector<std::string> topics = {}, bool negated = false) {
  static std::size_t sentence = 0;
  Triple t;
  t.sentence = ++sentence;
  t.date = date;
  t.subject = s;
  t.relation = relation;
  t.object = o;
  t.cameo = cameo;
  t.quad = quad;
  t.goldstein = goldstein;
  t.topics = std::move(topics);
  t.negated = negated;
  t.confidence = 0.8;
  t.evidence = "A sentence.";
  return t;
}

}  // namespace dipgraph::test
