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
// - "they/their": the parties coordinated just before it in the same sentence
//   ("Pakistan and Russia said they ..."), or a plural party there ("Palestinian
//   leaders said they ..."); else as "both sides";
// - "both sides", "the two countries", "the three leaders": the
//   parties of the current meeting (the latest consult), else the latest group
//   of two or more parties;
// - "we/our/us": the speaker of the sentence ("..., said Qureshi"), else the
//   latest person (a quote continuing their words), else the latest speaker,
//   else the article's home country;
// - "the country": the article's home country;
// - an unqualified office ("the foreign minister"): the latest person holding
//   that office, else the home country;
// - "(his) counterpart": the other party of the current two-party meeting.
// - a conflict verb with no object ("Kuleba condemned the strikes", "Iran
//   rejected the resolution"): aimed at whoever last acted against the subject in
//   a conflict event of the article, else at the latest aggressor.
// The home country is the country of the dateline ("ISLAMABAD:"), else the most
// frequently named actor of the article.
class Discourse {
 public:
  explicit Discourse(std::string home) : home_(std::move(home)) {}

  const std::string& home() const { return home_; }
  // Everyone at the current meeting (empty when none yet).
  const std::vector<std::string>& meeting() const { return meeting_; }

  // Fills in the codes of pronoun and description parties of one sentence.
  // `speaker` is the sentence's own speaker, if it names one.
  // `words` are the sentence's lowercased tokens (for "Pakistan and Russia said they").
  void resolve(std::vector<Party>& parties, const std::string& speaker,
               const std::vector<std::string>& words) const;

  // Remembers what a coded sentence leaves behind.
  void remember_sentence(const std::vector<Party>& parties, const std::string& speaker);
  // A consult between these parties; a meeting that shares a party with the
  // current one and happens in the same sentence grows it (a summit of three).
  void remember_meeting(const std::vector<std::string>& parties, std::size_t sentence);

  // A conflict event (CAMEO quad 3 or 4) from `subject` against `object`.
  void remember_conflict(const std::string& subject, const std::string& object);
  // Who `party` most likely answers: the latest actor in conflict with it, else
  // the latest aggressor other than itself; empty when there is none.
  std::string adversary_of(const std::string& party) const;

  // Any coded event; feeds the two look-ups below.
  void remember_event(const std::string& subject, const std::string& relation,
                      const std::string& object);
  // The subject of the latest event that is not `party` ("Lithuania welcomed the
  // decision": whose decision); empty when there is none.
  std::string latest_actor_other_than(const std::string& party) const;
  // The object of the latest event of `relation` ("Greece also sent rescue
  // teams": to whom the aid went); empty when there is none.
  std::string latest_recipient(const std::string& relation) const;

 private:
  std::string home_;
  std::string last_person_;
  std::string speaker_;
  std::vector<std::string> last_group_;
  std::map<std::string, std::string> office_holder_;  // office -> country
  std::vector<std::string> meeting_;
  std::vector<std::pair<std::string, std::string>> conflicts_;  // (subject, object), in order
  std::string last_actor_;   // subject of the latest event
  std::string prior_actor_;  // the latest subject before it that differs from it
  std::map<std::string, std::string> last_object_;  // relation -> object of its latest event
  std::size_t meeting_sentence_ = static_cast<std::size_t>(-1);
};

}  // namespace dipgraph::coder
