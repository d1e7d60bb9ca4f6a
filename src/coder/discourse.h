// What the coder remembers from one sentence to the next inside an article
// (private to the coder): who "he", "they" and "his counterpart" are.
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "coder/parties.h"

namespace dipgraph::coder {

// Resolution rules, in order (documented in README "How the coder decides"):
// - "he/his/him/she/her": the first person or office earlier in the same
//   sentence (its subject), else the first person or office of the latest
//   sentence that had one;
// - "they/their", "both sides", "the two countries": the dyad of the current
//   meeting (the latest consult/cooperate/agree pair), else the latest group of
//   two or more parties;
// - "we/our/us": the speaker of the sentence ("..., said Qureshi"), else the
//   latest person (a quote continuing their words), else the latest speaker,
//   else the article's home country;
// - "the country": the article's home country;
// - an unqualified office ("the foreign minister"): the latest person holding
//   that office, else the home country;
// - "(his) counterpart": the other party of the current meeting.
// The home country is the country of the dateline ("ISLAMABAD:"), else the most
// frequently named actor of the article.
class Discourse {
 public:
  explicit Discourse(std::string home) : home_(std::move(home)) {}

  const std::string& home() const { return home_; }
  const std::optional<std::pair<std::string, std::string>>& meeting() const { return meeting_; }

  // Fills in the codes of pronoun and description parties of one sentence.
  // `speaker` is the sentence's own speaker, if it names one.
  void resolve(std::vector<Party>& parties, const std::string& speaker) const;

  // Remembers what a coded sentence leaves behind.
  void remember_sentence(const std::vector<Party>& parties, const std::string& speaker);
  void remember_meeting(const std::string& a, const std::string& b);

 private:
  std::string home_;
  std::string last_person_;
  std::string speaker_;
  std::vector<std::string> last_group_;
  std::map<std::string, std::string> office_holder_;  // office -> country
  std::optional<std::pair<std::string, std::string>> meeting_;
};

}  // namespace dipgraph::coder
