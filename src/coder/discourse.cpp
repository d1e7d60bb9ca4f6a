#include "coder/discourse.h"

namespace dipgraph::coder {
namespace {

bool joins_coordination(const std::string& w) {
  return w == "and" || w == "," || w == "both" || w == "the" || w == "&";
}

// The codes of the latest acting party before `pronoun` in the sentence and of the
// parties coordinated with it ("Pakistan and Russia"), when they are two or more or
// a plural party ("Palestinian leaders"); empty otherwise.
std::vector<std::string> plural_antecedent(const std::vector<Party>& parties,
                                           const Party& pronoun,
                                           const std::vector<std::string>& words) {
  std::vector<const Party*> chain;
  for (const Party& q : parties) {
    if (q.first_token >= pronoun.first_token) break;
    if (!q.acts() || q.codes.empty() || q.basis == PartyBasis::kPronoun) continue;
    bool joined = !chain.empty();
    for (std::size_t k = joined ? chain.back()->last_token : 0; joined && k < q.first_token; ++k)
      joined = k < words.size() && joins_coordination(words[k]);
    if (!joined) chain.clear();
    chain.push_back(&q);
  }
  std::vector<std::string> codes;
  if (chain.size() < 2 && (chain.empty() || !chain.front()->plural)) return codes;
  for (const Party* q : chain) {
    for (const auto& c : q->codes) {
      if (std::find(codes.begin(), codes.end(), c) == codes.end()) codes.push_back(c);
    }
  }
  return codes;
}

}  // namespace

void Discourse::resolve(std::vector<Party>& parties, const std::string& speaker,
                        const std::vector<std::string>& words) const {
  // "he" prefers the sentence's own subject (its first person or office), as
  // centering theory does: "The Russian minister thanked Qureshi and reiterated
  // his commitment" is the Russian minister's commitment.
  std::string nearest_person = last_person_;
  bool subject_seen = false;
  for (Party& p : parties) {
    if (p.basis == PartyBasis::kPronoun) {
      if (p.pronoun == "he") {
        if (!nearest_person.empty()) p.codes = {nearest_person};
      } else if (p.pronoun == "they" || p.pronoun == "both") {
        std::vector<std::string> here;
        if (p.pronoun == "they" && p.last_token == p.first_token + 1) here = plural_antecedent(parties, p, words);
        p.codes = !here.empty() ? here : !meeting_.empty() ? meeting_ : last_group_;
      } else if (p.pronoun == "we") {
        // A quote with no speaker of its own continues the latest person's words.
        const std::string& who = !speaker.empty()        ? speaker
                                 : !last_person_.empty() ? last_person_
                                 : !speaker_.empty()     ? speaker_
                                                         : home_;
        if (!who.empty()) p.codes = {who};
      } else if (p.pronoun == "the country") {
        if (!home_.empty()) p.codes = {home_};
      }
    } else if (p.basis == PartyBasis::kDescription) {
      const bool counterpart = p.office == "GOV";
      if (counterpart) {
        // The other side of the meeting from the one whose counterpart it is.
        if (meeting_.size() == 2) {
          const std::string& of = nearest_person.empty() ? home_ : nearest_person;
          p.codes = {meeting_[0] == of ? meeting_[1] : meeting_[0]};
        }
      } else if (auto it = office_holder_.find(p.office); it != office_holder_.end()) {
        p.codes = {it->second};
      } else if (!home_.empty()) {
        p.codes = {home_};
      }
    }
    if (p.person_like() && !p.codes.empty() && !subject_seen) {
      nearest_person = p.codes.front();
      subject_seen = true;
    }
  }
}

void Discourse::remember_sentence(const std::vector<Party>& parties, const std::string& speaker) {
  bool person_seen = false;
  std::vector<std::string> group;
  for (const Party& p : parties) {
    if (!p.acts() || p.codes.empty()) continue;
    if (p.person_like() && !person_seen && p.codes.size() == 1) {
      last_person_ = p.codes.front();
      person_seen = true;
    }
    if ((p.basis == PartyBasis::kPerson || p.basis == PartyBasis::kOffice) && !p.office.empty() &&
        p.codes.size() == 1) {
      office_holder_[p.office] = p.codes.front();
    }
    for (const auto& c : p.codes) {
      if (std::find(group.begin(), group.end(), c) == group.end()) group.push_back(c);
    }
  }
  if (group.size() >= 2) last_group_ = group;
  if (!speaker.empty()) speaker_ = speaker;
}

void Discourse::remember_meeting(const std::vector<std::string>& parties, std::size_t sentence) {
  if (sentence != meeting_sentence_) meeting_.clear();
  meeting_sentence_ = sentence;
  for (const auto& p : parties) {
    if (std::find(meeting_.begin(), meeting_.end(), p) == meeting_.end()) meeting_.push_back(p);
  }
}

void Discourse::remember_conflict(const std::string& subject, const std::string& object) {
  conflicts_.emplace_back(subject, object);
}

std::string Discourse::adversary_of(const std::string& party) const {
  for (auto it = conflicts_.rbegin(); it != conflicts_.rend(); ++it) {
    if (it->second == party && it->first != party) return it->first;
  }
  for (auto it = conflicts_.rbegin(); it != conflicts_.rend(); ++it) {
    if (it->first != party) return it->first;
  }
  return {};
}

void Discourse::remember_event(const std::string& subject, const std::string& relation,
                               const std::string& object) {
  if (subject != last_actor_) {
    prior_actor_ = last_actor_;
    last_actor_ = subject;
  }
  last_object_[relation] = object;
}

std::string Discourse::latest_actor_other_than(const std::string& party) const {
  return last_actor_ != party ? last_actor_ : prior_actor_;
}

std::string Discourse::latest_recipient(const std::string& relation) const {
  auto it = last_object_.find(relation);
  return it != last_object_.end() ? it->second : std::string();
}

}  // namespace dipgraph::coder
