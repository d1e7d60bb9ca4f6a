// Placeholder until the reader lands (issue 2); replaced, never shipped.
#include "dipgraph/article_reader.h"

namespace dipgraph {

struct ArticleReader::State {};
ArticleReader::ArticleReader(std::vector<std::string>, Reporter, ReaderLimits, std::istream*)
    : state_(std::make_unique<State>()) {}
ArticleReader::~ArticleReader() = default;
bool ArticleReader::next(Article&) { return false; }
std::size_t ArticleReader::bad_records() const { return 0; }
std::size_t ArticleReader::bytes_read() const { return 0; }

}  // namespace dipgraph
