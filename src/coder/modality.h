// Negation, refusal and hypotheticals around a relation cue (private to the coder).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace dipgraph::coder {

enum class Modality {
  kAsserted,      // "Pakistan and Russia agreed"
  kNegated,       // "did not agree", "no agreement", "failed to agree", "denied meeting"
  kRefused,       // "refused to meet", "declined to sign": coded as reject
  kHypothetical,  // "could impose sanctions", "might attack if": threaten for conflict cues
  kIntended,      // "will work together", "pledged to invest": an intention (agree, or threaten)
  kCondition,     // "if it invaded Ukraine": the condition of another clause, no event
  kRequested,     // "urged him to declare a ceasefire": what one party asks of another
};

// Reads the words (lowercased, one token each, punctuation as its own token)
// before the cue at `cue_first`, back to the start of its clause (a ";", ":" or
// "but", or at most 6 words), plus "without"/"no" right before a noun cue.
Modality classify_modality(const std::vector<std::string>& words, std::size_t cue_first);

}  // namespace dipgraph::coder
