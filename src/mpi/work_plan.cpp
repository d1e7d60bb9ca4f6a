#include "mpi/work_plan.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <queue>
#include <system_error>
#include <utility>

namespace dipgraph::mpi {
namespace {

namespace fs = std::filesystem;

// What opening a file costs, in bytes of reading: keeps a folder of many tiny
// articles from landing on one rank because each file weighs almost nothing.
constexpr std::uint64_t kFileCost = 4096;

enum class EntryKind { kText, kJsonLines, kSkipped, kNonRegular };

struct Listed {
  std::string path;
  std::string id;  // document id (.txt) or stem (JSON lines)
  EntryKind kind = EntryKind::kText;
  std::uint64_t size = 0;
};

std::string lowercase_extension(const fs::path& p) {
  std::string ext = p.extension().string();
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return ext;
}

bool is_json_lines(const fs::path& p) {
  const std::string ext = lowercase_extension(p);
  return ext == ".jsonl" || ext == ".ndjson";
}

std::string join(const std::string& root, const std::string& rel) {
  if (!root.empty() && root.back() == '/') return root + rel;
  return root + '/' + rel;
}

void warn(const Reporter& report, const std::string& path, std::string message) {
  if (report) report(Diagnostic{Severity::kWarning, path, 0, 0, std::move(message), {}});
}

// The same walk as ArticleReader's, with each file's size for the split.
void list_directory(const std::string& root, const Reporter& report, std::vector<Listed>& out) {
  struct Entry {
    std::string rel;
    EntryKind kind;
    std::uint64_t size;
  };
  std::vector<Entry> entries;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    const std::string name = entry.path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (entry.is_directory(ec)) it.disable_recursion_pending();
      ec.clear();
      continue;
    }
    Entry e{entry.path().lexically_relative(root).generic_string(), EntryKind::kText, 0};
    std::error_code entry_ec;
    const bool is_link = entry.is_symlink(entry_ec);
    if (is_link && !entry.exists(entry_ec)) {
      // A dangling link is read like a .txt file: the rank that opens it fails,
      // naming it, as ArticleReader names it.
      e.kind = EntryKind::kText;
    } else if (entry.is_directory(entry_ec)) {
      if (!is_link) continue;  // the iterator descends into it
      e.kind = EntryKind::kNonRegular;
    } else if (!entry.is_regular_file(entry_ec)) {
      e.kind = EntryKind::kNonRegular;
    } else {
      const std::string ext = lowercase_extension(entry.path());
      e.kind = ext == ".txt"                           ? EntryKind::kText
               : (ext == ".jsonl" || ext == ".ndjson") ? EntryKind::kJsonLines
                                                       : EntryKind::kSkipped;
      e.size = entry.file_size(entry_ec);
      if (entry_ec) e.size = 0;
    }
    entries.push_back(std::move(e));
  }
  if (ec) throw Error(root, "cannot list directory: " + ec.message());
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.rel < b.rel; });
  for (Entry& e : entries) {
    const fs::path rel(e.rel);
    Listed f{join(root, e.rel), (rel.parent_path() / rel.stem()).generic_string(), e.kind, e.size};
    if (e.kind == EntryKind::kSkipped) {
      warn(report, f.path, "skipped: not a .txt, .jsonl or .ndjson file");
    } else if (e.kind == EntryKind::kNonRegular) {
      warn(report, f.path,
           "skipped: not a regular file (symbolic links to directories are not followed)");
    } else {
      out.push_back(std::move(f));
    }
  }
}

void expand_input(const std::string& input, const Reporter& report, std::vector<Listed>& out) {
  if (input == "-") {
    throw Error("<stdin>", "standard input cannot be split across ranks; give files");
  }
  const fs::path path(input);
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) {
    std::error_code link_ec;
    if (fs::is_symlink(fs::symlink_status(path, link_ec))) {
      throw Error(input, "cannot open: dangling symbolic link");
    }
    throw Error(input,
                "cannot open: " +
                    (ec ? ec : std::make_error_code(std::errc::no_such_file_or_directory)).message());
  }
  if (fs::is_directory(status)) {
    list_directory(input, report, out);
    return;
  }
  if (!fs::is_regular_file(status)) {
    // Byte ranges need a file that can be read at an offset.
    throw Error(input, "not a regular file; dipgraph-mpi reads files by byte ranges");
  }
  const std::uint64_t size = fs::file_size(path, ec);
  out.push_back(Listed{input, path.stem().string(),
                       is_json_lines(path) ? EntryKind::kJsonLines : EntryKind::kText,
                       ec ? 0 : size});
}

// The offset just after the first newline at or after `from - 1`: the start of the
// line that holds byte `from` or of the next one. `size` when there is none.
std::uint64_t next_line_start(int fd, const std::string& path, std::uint64_t from,
                              std::uint64_t size) {
  char block[1 << 16];
  std::uint64_t pos = from == 0 ? 0 : from - 1;
  while (pos < size) {
    const ssize_t got = ::pread(fd, block, sizeof block, static_cast<off_t>(pos));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw Error(path, std::string("read error: ") + std::strerror(errno));
    if (got == 0) break;
    if (const void* nl = std::memchr(block, '\n', static_cast<std::size_t>(got))) {
      return pos + static_cast<std::uint64_t>(static_cast<const char*>(nl) - block) + 1;
    }
    pos += static_cast<std::uint64_t>(got);
  }
  return size;
}

// Cuts a JSON lines file into about `pieces` ranges at line boundaries.
std::vector<std::pair<std::uint64_t, std::uint64_t>> cut_lines(const Listed& f,
                                                               std::uint64_t pieces) {
  const int fd = ::open(f.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(f.path, std::string("cannot open: ") + std::strerror(errno));
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
  std::uint64_t begin = 0;
  try {
    for (std::uint64_t i = 1; i < pieces && begin < f.size; ++i) {
      const std::uint64_t cut = next_line_start(fd, f.path, f.size / pieces * i, f.size);
      if (cut <= begin) continue;  // one long line spans several nominal cuts
      ranges.emplace_back(begin, cut);
      begin = cut;
    }
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  if (begin < f.size || ranges.empty()) ranges.emplace_back(begin, f.size);
  return ranges;
}

// Largest first onto the least loaded rank (ties: the lower rank, then reading
// order), which keeps every rank within one unit of the mean.
void assign_ranks(std::vector<WorkUnit>& units, int ranks) {
  std::vector<std::size_t> order(units.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto weight = [&units](std::size_t i) { return units[i].end - units[i].begin + kFileCost; };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return weight(a) > weight(b); });
  using Load = std::pair<std::uint64_t, int>;
  std::priority_queue<Load, std::vector<Load>, std::greater<>> loads;
  for (int r = 0; r < ranks; ++r) loads.emplace(0, r);
  for (std::size_t i : order) {
    auto [load, rank] = loads.top();
    loads.pop();
    units[i].rank = rank;
    loads.emplace(load + weight(i), rank);
  }
}

}  // namespace

std::vector<WorkUnit> plan_work(const std::vector<std::string>& inputs, int ranks,
                                const Reporter& report) {
  if (ranks < 1) ranks = 1;
  std::vector<Listed> files;
  for (const std::string& input : inputs) expand_input(input, report, files);

  std::uint64_t total = 0;
  for (const Listed& f : files) total += f.size + kFileCost;
  const std::uint64_t share = std::max<std::uint64_t>(1, (total + ranks - 1) / ranks);

  std::vector<WorkUnit> units;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const Listed& f = files[i];
    const auto file = static_cast<std::uint32_t>(i);
    if (f.kind == EntryKind::kJsonLines && ranks > 1 && f.size > share) {
      for (auto [begin, end] : cut_lines(f, (f.size + share - 1) / share)) {
        units.push_back(WorkUnit{f.path, f.id, UnitKind::kJsonLines, begin, end, file, 0});
      }
    } else {
      const UnitKind kind = f.kind == EntryKind::kJsonLines ? UnitKind::kJsonLines : UnitKind::kText;
      units.push_back(WorkUnit{f.path, f.id, kind, 0, f.size, file, 0});
    }
  }
  assign_ranks(units, ranks);
  return units;
}

}  // namespace dipgraph::mpi
