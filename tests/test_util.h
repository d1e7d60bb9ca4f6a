// Helpers shared by the unit tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace dipgraph::test {

inline std::filesystem::path data_dir() { return DIPGRAPH_TEST_DATA_DIR; }
inline std::filesystem::path shared_dir() { return DIPGRAPH_SHARED_DIR; }

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace dipgraph::test
