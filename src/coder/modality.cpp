#include "coder/modality.h"

#include <string_view>

namespace dipgraph::coder {
namespace {

// Words that end the look-back: what comes before them belongs to another clause.
bool ends_clause(std::string_view w) {
  return w == ";" || w == ":" || w == "but" || w == "while" || w == "whereas" || w == "\"" ||
         w == "although" || w == "though";
}

bool is_negator(std::string_view w) {
  return w == "not" || w == "n't" || w == "never" || w == "no" || w == "without" ||
         w == "neither" || w == "nor" || w == "cannot" || w == "failed" || w == "fail" ||
         w == "fails" || w == "denied" || w == "denies" || w == "deny" || w == "didn't" ||
         w == "won't" || w == "don't" || w == "doesn't" || w == "wouldn't" || w == "couldn't" ||
         w == "hasn't" || w == "haven't" || w == "isn't" || w == "wasn't" || w == "weren't" ||
         w == "aren't" || w == "unable" || w == "stopped" || w == "halted";
}

bool is_refusal(std::string_view w) {
  return w == "refused" || w == "refuses" || w == "refuse" || w == "refusing" || w == "declined" ||
         w == "declines" || w == "decline" || w == "rejected" || w == "rejects" ||
         w == "snubbed" || w == "boycotted";
}

bool is_intention(std::string_view w) {
  return w == "will" || w == "would" || w == "shall" || w == "'ll" || w == "plans" ||
         w == "plan" || w == "planned" || w == "intends" || w == "intend" || w == "pledged" ||
         w == "pledges" || w == "promised" || w == "promises" || w == "vowed" || w == "vows" ||
         w == "offered" || w == "offers" || w == "ready" || w == "willing" || w == "prepared";
}

// What one party asks another to do has not happened: "urged Moscow to declare a
// ceasefire", "Washington must lift the sanctions".
bool is_request(std::string_view w) {
  return w == "urged" || w == "urges" || w == "urge" || w == "urging" || w == "asked" ||
         w == "asks" || w == "demanded" || w == "demands" || w == "demanding" || w == "must" ||
         w == "pressed" || w == "pressing" || w == "appealed";
}

bool is_hypothetical(std::string_view w) {
  return w == "could" || w == "might" || w == "may" || w == "should" || w == "considering" || w == "consider" ||
         w == "mulling" || w == "weighing" || w == "threatened" || w == "threatens" ||
         w == "threaten" || w == "warned" || w == "warns" || w == "possible" ||
         w == "potential";
}

}  // namespace

Modality classify_modality(const std::vector<std::string>& words, std::size_t cue_first) {
  constexpr std::size_t kLookBack = 6;
  Modality found = Modality::kAsserted;
  for (std::size_t k = 1; k <= kLookBack && k <= cue_first; ++k) {
    const std::string& w = words[cue_first - k];
    if (ends_clause(w)) break;
    // The nearest marker decides: "did not threaten to attack" is negated, not a threat.
    if (is_refusal(w)) return Modality::kRefused;
    if (is_negator(w)) return Modality::kNegated;
    if (found == Modality::kAsserted) {
      // The cue is inside a condition ("if China attacked"): the threat, if any, is
      // the main clause's.
      if (w == "if" || w == "unless") found = Modality::kCondition;
      if (is_request(w)) found = Modality::kRequested;
      if (is_hypothetical(w)) found = Modality::kHypothetical;
      if (is_intention(w)) found = Modality::kIntended;
    }
  }
  return found;
}

}  // namespace dipgraph::coder
