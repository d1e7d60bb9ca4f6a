// Replays fuzz inputs through a fuzz target without libFuzzer: each argument is a
// file, or a directory whose files (recursively, sorted) are replayed. Linked with
// one fuzz_*.cpp into fuzz_replay_* executables of the normal build, so that the
// seed corpus and every crash found (tests/data/fuzz-regressions/) run in
// scripts/test.sh under gcc's sanitizers, with no clang needed.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::filesystem::path> inputs_of(const std::filesystem::path& arg) {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::exists(arg)) {
    // A regression folder exists only once a crash was found for that target.
    std::printf("%s: none (skipped)\n", arg.c_str());
  } else if (std::filesystem::is_directory(arg)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(arg)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(arg);
  }
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t replayed = 0;
  for (int i = 1; i < argc; ++i) {
    for (const auto& file : inputs_of(argv[i])) {
      std::ifstream in(file, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "%s: error: cannot open\n", file.c_str());
        return 1;
      }
      const std::string data{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
      ++replayed;
    }
  }
  std::printf("%zu input(s) replayed\n", replayed);
  // A corpus that went missing must not pass as "nothing crashed".
  return replayed > 0 ? 0 : 1;
}
