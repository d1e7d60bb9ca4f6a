// The lexicon files compiled into the binary (private to the library). The
// definition is generated at build time by cmake/embed_lexicon.cmake from
// data/lexicon/*.tsv, so the tool needs no install path.
#pragma once

#include <span>
#include <string_view>

namespace dipgraph::lexicon_detail {

struct EmbeddedFile {
  std::string_view name;  // base name, e.g. "names.tsv"
  std::string_view text;
};

// In file-name order.
std::span<const EmbeddedFile> embedded_files();

}  // namespace dipgraph::lexicon_detail
