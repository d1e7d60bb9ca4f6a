// Cleaner and splitter: raw article text in, clean text, sentences and tokens out.
//
// The cleaner removes what scraped pages add around an article (breadcrumbs, a
// repeated headline, bylines, timestamp lines, "Check Also"/"Related"/"Read more"
// tails, share buttons, copyright and footer lines, site names), normalises
// typography (curly quotes, en/em dashes, non-breaking and zero-width spaces) and
// keeps an OffsetMap back to the raw bytes. The splitter cuts the clean text into
// sentences and tokens with byte offsets into it.
//
// All functions are pure (no shared state) and safe to call from several threads.
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

  bool operator==(const CleanedText&) const = default;
};

// Cleans an article body.
//
// `title` is the Article's title: a body line equal to it (after normalisation,
// ignoring case) is kept once as a paragraph of its own and dropped when repeated; a
// title that is itself a breadcrumb ("Home / World / Headline") stands for its last
// segment. `source` is the publisher's name (Article::source, may be empty): a short
// line equal to it is a site-name line and is dropped.
//
// Lines are dropped only when short and unmistakable (breadcrumbs, bylines,
// timestamp-only lines, share/follow/subscribe/copyright/advertisement lines, site
// names, "Read more: ..." teasers); a short tail-marker line ("Check Also",
// "Related", "Read more", "You may also like", "Comments", ...) after at least one
// body line drops everything from it to the end. Lines longer than a few hundred
// bytes are never dropped.
//
// Normalisation: curly and angle quotes -> ASCII quotes, en/em dashes, figure
// dashes and the minus sign -> "-", "…" -> "..." (same length), no-break, narrow
// and other Unicode spaces, tabs and control characters -> " ", zero-width
// spaces/joiners, BOM and soft hyphens removed, runs of spaces collapsed, lines
// trimmed. Consecutive lines are joined with a space when the first one clearly
// continues (hard-wrapped text); otherwise each line is a paragraph. Paragraphs are
// separated by "\n\n", so the text holds no other line break.
//
// `raw` should be valid UTF-8 (the reader checks); an invalid byte becomes U+FFFD
// rather than failing. Never throws except std::bad_alloc.
CleanedText clean_text(std::string_view raw, std::string_view title,
                       std::string_view source = {});

// Splits clean text into sentences, each with its tokens. A line break always ends a
// paragraph and sentences never cross one. Handles abbreviations ("Gen.", "U.S.",
// "Jan."), initials ("George W. Bush"), decimals, quotations closing after the final
// period, ellipses, datelines (left out of the span; see find_dateline), bullet
// markers ("- ", "* ", "• ", "1. "; left out of the span) and paragraphs without a
// final period (a headline is a sentence). Linear in the size of the input.
//
// Rules (documented because the coder depends on them):
// - ".", "?", "!" or an ellipsis, plus any closing quotes/brackets after it, ends a
//   sentence only when followed by a space and a capital letter, a digit or an
//   opening quote/bracket before one.
// - A period after a title-like abbreviation (Mr., Gen., Dr., St., No., vs., e.g.)
//   never ends a sentence. After an abbreviation that can close a sentence (Inc.,
//   Ltd., Jr., etc., month names, dotted acronyms such as U.S. or a.m., and single
//   capital initials) it ends one only when the next word is a common sentence
//   opener ("The", "He", "But", "In", ...).
// - An ellipsis ends a sentence only when written against the previous word
//   ("stalled... The"); one standing free ("said ... Russia") marks an omission.
std::vector<Sentence> split_sentences(std::string_view clean);

// Same sentences, written into `out` (its previous contents are replaced). The
// strings and token vectors of the Sentence objects already in `out` are reused, so
// a caller that keeps one vector across articles allocates only when an article has
// more or longer sentences than the ones before it; peak memory then follows the
// largest article, not the corpus.
void split_sentences(std::string_view clean, std::vector<Sentence>& out);

// The dateline that opens a paragraph ("ISLAMABAD:", "MOSCOW (Reuters) -",
// "NEW DELHI, April 7 (AP) -"): its place name as written ("ISLAMABAD", "NEW DELHI"),
// or empty. The place must be in capitals (one to four words) and followed by a
// colon or dash (or an agency in parentheses), then more text.
std::string find_dateline(std::string_view paragraph);

// Tokens of text[begin, end), offsets relative to `text` (out-of-range bounds are
// clamped). Words keep internal hyphens and apostrophes ("people-to-people",
// "don't", "d'Ivoire"), except that a possessive "'s" (or the lone "'" after a
// plural "s") is a token of its own, so "Pakistan's" gives "Pakistan" + "'s" and
// the lexicon sees the bare name. Numbers keep decimal points and thousands commas
// ("2.5", "1,000", "$" is its own token). Known abbreviations and dotted acronyms
// keep their period ("Gen.", "U.S."). "..." is one token; every other punctuation
// mark is one token. Non-ASCII letters (é, ü, Cyrillic) are word characters.
std::vector<Token> tokenize(std::string_view text, std::size_t begin, std::size_t end);

}  // namespace dipgraph
