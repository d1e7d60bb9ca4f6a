// Cleaner and splitter: raw article text in, clean text, sentences and tokens out.
//
// The cleaner removes what scraped pages add around an article (breadcrumbs, a
// repeated headline, bylines, timestamp lines, "Check Also"/"Related"/"Read more"
// tails, share buttons, copyright and footer lines, site names), normalises
// typography (curly quotes, en/em dashes, non-breaking and zero-width spaces) and
// keeps an OffsetMap back to the raw bytes. The splitter cuts the clean text into
// sentences and tokens with byte offsets into it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dipgraph/types.h"

namespace dipgraph {

struct CleanedText {
  std::string text;   // paragraphs separated by "\n\n"; the headline, when kept, first
  OffsetMap map;      // cleaned offsets -> raw offsets
  std::string title;  // the article's headline after cleaning (may be empty)
  std::vector<std::string> dropped;  // raw lines removed, for `inspect` (in order)
};

// Cleans an article body. `title` is the Article's title (used to drop a repeated
// headline and a breadcrumb ending with it); `raw` must be valid UTF-8.
CleanedText clean_text(std::string_view raw, std::string_view title);

// Splits clean text into sentences, each with its tokens. Handles abbreviations,
// initials, decimals, quotations spanning sentences, ellipses, datelines and
// headlines or bullet items without a final period.
std::vector<Sentence> split_sentences(std::string_view clean);

// The dateline that opens a paragraph ("ISLAMABAD:", "MOSCOW (Reuters) -",
// "NEW DELHI, April 7 (AP) -"): its place name as written ("ISLAMABAD", "NEW DELHI"),
// or empty. The splitter leaves datelines out of sentence spans.
std::string find_dateline(std::string_view paragraph);

// Tokens of text[begin, end), offsets relative to `text`.
std::vector<Token> tokenize(std::string_view text, std::size_t begin, std::size_t end);

}  // namespace dipgraph
