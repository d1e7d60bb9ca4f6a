// Parties of a sentence: the actor mentions that can take part in a relation
// (private to the coder).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "dipgraph/lexicon.h"
#include "dipgraph/types.h"

namespace dipgraph::coder {

// What a party stands on: how the sentence names it.
enum class PartyBasis {
  kName,       // a country or organisation name, acronym, capital or metonym
  kPerson,     // a known office holder ("Sergey Lavrov")
  kOffice,     // an office qualified by a country ("Russian Foreign Minister")
  kPronoun,    // he, his, they, both sides: filled in by the discourse
  kDescription,  // an unqualified office ("the foreign minister", "his counterpart")
  kPlace,      // a capital after a locative word: never a party, but hosts visits
  kSubjectMatter,  // a country after "on", "about", "over": a topic, not a party
};

struct Party {
  std::vector<std::string> codes;  // one actor, or two for "both sides"; empty: unresolved
  PartyBasis basis = PartyBasis::kName;
  std::string office;            // FM, HOS ... for people and offices
  std::size_t first_token = 0;   // [first_token, last_token) in the sentence
  std::size_t name_token = 0;    // where a personal name starts inside the party (people, offices)
  std::size_t last_token = 0;
  std::size_t begin = 0;         // byte span in the cleaned text
  std::size_t end = 0;
  std::string text;              // as written
  std::string pronoun;           // for kPronoun and kDescription: the cue word ("his", "counterpart")
  std::string preposition;       // for kSubjectMatter named after "on", "over"...: that word
  bool group = false;            // people of a nationality ("Afghan rebels", "Palestinians")
  bool plural = false;           // a group, or those who speak for a country ("Palestinian leaders")

  bool person_like() const {
    return basis == PartyBasis::kPerson || basis == PartyBasis::kOffice ||
           (basis == PartyBasis::kDescription && !office.empty());
  }
  bool acts() const {
    return basis != PartyBasis::kPlace && basis != PartyBasis::kSubjectMatter;
  }
};

// Lowercased token texts of a sentence (ASCII folding only).
std::vector<std::string> lowercase_words(std::string_view text, const Sentence& sentence);

// Builds the parties of one sentence from its lexicon matches, in text order.
// Adjacent demonym/name + office + person matches form one party ("Russian
// Foreign Minister Sergey Lavrov"); pronouns and unqualified offices become
// kPronoun/kDescription parties for the discourse to resolve.
std::vector<Party> find_parties(std::string_view text, const Sentence& sentence,
                                const std::vector<std::string>& words,
                                const std::vector<Match>& matches);

// Personal names seen earlier in the article, word by word ("Qin", "Gang" -> CHN).
using KnownNames = std::map<std::string, std::string>;

// Remembers the name words of the resolved person and office parties.
void learn_names(std::string_view text, const Sentence& sentence,
                 const std::vector<Party>& parties, KnownNames& names);

// Adds a person party for each capitalised word that no party covers and that
// names someone met earlier in the article ("Qin thanked Pakistan").
void add_known_names(std::string_view text, const Sentence& sentence, const KnownNames& names,
                     std::vector<Party>& parties);

}  // namespace dipgraph::coder
