#include "mpi/shard_ingest.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <istream>
#include <memory>
#include <streambuf>
#include <string>

#include "cli/ingest_articles.h"
#include "cli/parallel.h"
#include "dipgraph/article_reader.h"

namespace dipgraph::mpi {
namespace {

// An open file descriptor, closed on scope exit.
class File {
 public:
  explicit File(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
    if (fd_ >= 0) return;
    const int err = errno;
    std::error_code ec;
    if (std::filesystem::is_symlink(std::filesystem::symlink_status(path, ec)) &&
        !std::filesystem::exists(path, ec)) {
      throw Error(path, "cannot open: dangling symbolic link");
    }
    throw Error(path, std::string("cannot open: ") + std::strerror(err));
  }
  ~File() { ::close(fd_); }
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

// Reads [begin, end) of `fd` into `out` at `out_offset`; returns the bytes read
// (fewer only at the end of the file). Throws Error naming `path` on failure.
std::size_t read_at(const File& file, const std::string& path, char* out, std::size_t n,
                    std::uint64_t offset) {
  std::size_t done = 0;
  while (done < n) {
    const ssize_t got = ::pread(file.fd(), out + done, n - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw Error(path, std::string("read error: ") + std::strerror(errno));
    if (got == 0) break;
    done += static_cast<std::size_t>(got);
  }
  return done;
}

// A byte range of a file as a stream, preceded by `blank_lines` newlines. The
// newlines make JsonLinesReader number the range's lines as they are numbered in
// the whole file (ids `<stem>:<line>`, diagnostics) without a change to its API:
// blank lines are skipped and cost a byte each. A read error or a file that ends
// before the range does is kept in error() (without the path) and ends the
// stream; the caller throws.
class RangeBuf : public std::streambuf {
 public:
  RangeBuf(const File& file, const std::string& path, std::uint64_t begin, std::uint64_t end,
           std::uint64_t blank_lines)
      : file_(file), path_(path), pos_(begin), end_(end), blanks_(blank_lines), buffer_(1 << 20) {}

  const std::string& error() const { return error_; }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    std::size_t n = 0;
    if (blanks_ > 0) {
      n = static_cast<std::size_t>(std::min<std::uint64_t>(blanks_, buffer_.size()));
      std::fill_n(buffer_.data(), n, '\n');
      blanks_ -= n;
    } else if (pos_ < end_ && error_.empty()) {
      const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(end_ - pos_, buffer_.size()));
      try {
        n = read_at(file_, path_, buffer_.data(), want, pos_);
      } catch (const Error& e) {
        error_ = e.diagnostic().message;
        return traits_type::eof();
      }
      if (n == 0) {
        error_ = "file is shorter than when the work was planned";
        return traits_type::eof();
      }
      pos_ += n;
    }
    if (n == 0) return traits_type::eof();
    setg(buffer_.data(), buffer_.data(), buffer_.data() + n);
    return traits_type::to_int_type(buffer_[0]);
  }

 private:
  const File& file_;
  const std::string& path_;
  std::uint64_t pos_, end_, blanks_;
  std::string error_;
  std::vector<char> buffer_;
};

// Articles from a list of units, in order; the same articles ArticleReader would
// give for the same files.
class UnitReader {
 public:
  UnitReader(const std::vector<WorkUnit>& units, const std::vector<std::uint64_t>& first_lines,
             Reporter report)
      : units_(units), first_lines_(first_lines), report_(std::move(report)) {}

  bool next(Article& out) {
    while (true) {
      if (json_) {
        if (json_->next(out)) return true;
        if (!range_->error().empty()) {
          throw Error(units_[next_ - 1].path, range_->error());
        }
        json_.reset();
        stream_.reset();
        range_.reset();
        file_.reset();
        continue;
      }
      if (next_ == units_.size()) return false;
      const std::size_t i = next_++;
      const WorkUnit& u = units_[i];
      if (u.kind == UnitKind::kText) {
        if (read_text(u, out)) return true;
        continue;
      }
      file_ = std::make_unique<File>(u.path);
      range_ = std::make_unique<RangeBuf>(*file_, u.path, u.begin, u.end, first_lines_[i] - 1);
      stream_ = std::make_unique<std::istream>(range_.get());
      json_ = std::make_unique<JsonLinesReader>(*stream_, u.path, u.id, report_, limits_);
    }
  }

 private:
  // A whole .txt file: too large is a bad record, as in ArticleReader; a file
  // that cannot be opened or read throws.
  bool read_text(const WorkUnit& u, Article& out) {
    const File file(u.path);
    struct stat st {};
    if (::fstat(file.fd(), &st) != 0 || !S_ISREG(st.st_mode)) {
      throw Error(u.path, "cannot read: not a regular file");
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size > limits_.max_document_bytes) {
      report_(Diagnostic{Severity::kError, u.path, 0, 0,
                         "file of " + std::to_string(size) + " bytes exceeds max_document_bytes (" +
                             std::to_string(limits_.max_document_bytes) + "); skipped",
                         {}});
      return false;
    }
    content_.resize(size);
    content_.resize(read_at(file, u.path, content_.data(), size, 0));
    return parse_text_article(content_, u.id, u.path, report_, out);
  }

  const std::vector<WorkUnit>& units_;
  const std::vector<std::uint64_t>& first_lines_;
  Reporter report_;
  ReaderLimits limits_;
  std::size_t next_ = 0;
  std::string content_;
  std::unique_ptr<File> file_;
  std::unique_ptr<RangeBuf> range_;
  std::unique_ptr<std::istream> stream_;
  std::unique_ptr<JsonLinesReader> json_;
};

}  // namespace

std::uint64_t count_newlines(const WorkUnit& unit) {
  const File file(unit.path);
  std::vector<char> block(1 << 20);
  std::uint64_t count = 0;
  for (std::uint64_t pos = unit.begin; pos < unit.end;) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(unit.end - pos, block.size()));
    const std::size_t got = read_at(file, unit.path, block.data(), want, pos);
    if (got == 0) throw Error(unit.path, "file is shorter than when the work was planned");
    count += static_cast<std::uint64_t>(std::count(block.data(), block.data() + got, '\n'));
    pos += got;
  }
  return count;
}

ShardCounts ingest_units(const std::vector<WorkUnit>& units,
                         const std::vector<std::uint64_t>& first_lines, const RelationCoder& coder,
                         EventStore& store, const ShardOptions& options, const Reporter& report) {
  ShardCounts counts;
  const Reporter counted = [&](const Diagnostic& d) {
    if (d.severity == Severity::kError) ++counts.bad_records;
    if (report) report(d);
  };
  UnitReader reader(units, first_lines, counted);
  std::size_t in_batch = 0;
  using Coded = std::vector<cli::CodedDocument>;
  store.begin_batch();
  cli::ordered_parallel_map<Article, Coded>(
      options.jobs, 64, [&reader](Article& a) { return reader.next(a); },
      [&coder](const Article& a, Coded& out) { out.push_back(cli::code_article(coder, a)); },
      [&](Coded& coded) {
        for (cli::CodedDocument& doc : coded) {
          store.ingest_document(doc.record, doc.triples);
          ++counts.documents;
          counts.events += doc.triples.size();
          if (++in_batch >= options.batch) {
            store.commit_batch();
            store.begin_batch();
            in_batch = 0;
          }
        }
      });
  store.commit_batch();
  return counts;
}

}  // namespace dipgraph::mpi
