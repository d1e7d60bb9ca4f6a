// The coder: an article in, the relations it reports out as Triples (Contract 2).
//
// Runs the front end (clean_text, split_sentences), matches the lexicon in each
// sentence and decides who did what to whom: subjects before a cue and objects
// after it within its clause, coordination ("Pakistan and Russia agreed"),
// passives ("was condemned by"), people and offices resolved to their country,
// pronouns and descriptions resolved across sentences, places kept out of the
// parties, negation and hypotheticals never coded as the positive event, topics
// from the sentence, the event date from the sentence or the publication date.
// The rules are documented next to the code that applies them (src/coder/).
#pragma once

#include <string>
#include <vector>

#include "dipgraph/lexicon.h"
#include "dipgraph/types.h"

namespace dipgraph {

struct CodedArticle {
  std::vector<Triple> triples;
  // With `explain`: one line per decision ("s3 cue 'visit' consult: subject RUS
  // from person 'Lavrov'; object PAK from the place of the visit 'Islamabad'").
  std::vector<std::string> explanations;
};

class RelationCoder {
 public:
  // `lexicon` must outlive the coder.
  explicit RelationCoder(const Lexicon& lexicon) : lexicon_(lexicon) {}

  // Codes one article. Thread-safe: the coder and the lexicon are only read.
  CodedArticle code(const Article& article, bool explain = false) const;

 private:
  const Lexicon& lexicon_;
};

}  // namespace dipgraph
