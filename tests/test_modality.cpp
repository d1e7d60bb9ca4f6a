#include "coder/modality.h"

#include <boost/test/unit_test.hpp>
#include <sstream>

using dipgraph::coder::classify_modality;
using dipgraph::coder::Modality;

namespace {

// Lowercase words of `sentence` (split on spaces) and the index of `cue`.
Modality modality_of(const std::string& sentence, const std::string& cue) {
  std::istringstream in(sentence);
  std::vector<std::string> words;
  std::size_t at = 0;
  bool found = false;
  for (std::string w; in >> w;) {
    if (!found && w == cue) {
      at = words.size();
      found = true;
    }
    words.push_back(w);
  }
  BOOST_REQUIRE(found);
  return classify_modality(words, at);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(modality)

BOOST_AUTO_TEST_CASE(asserted) {
  BOOST_TEST((modality_of("pakistan and russia agreed to hold talks", "agreed") == Modality::kAsserted));
  BOOST_TEST((modality_of("agreed", "agreed") == Modality::kAsserted));
  // A negation in an earlier clause does not reach the cue.
  BOOST_TEST((modality_of("they did not meet ; but later agreed", "agreed") == Modality::kAsserted));
}

BOOST_AUTO_TEST_CASE(negated) {
  BOOST_TEST((modality_of("the two sides did not agree on a date", "agree") == Modality::kNegated));
  BOOST_TEST((modality_of("the talks ended without agreement", "agreement") == Modality::kNegated));
  BOOST_TEST((modality_of("there was no agreement", "agreement") == Modality::kNegated));
  BOOST_TEST((modality_of("they failed to agree", "agree") == Modality::kNegated));
  BOOST_TEST((modality_of("moscow denied attacking the hospital", "attacking") == Modality::kNegated));
  BOOST_TEST((modality_of("india did n't condemn it", "condemn") == Modality::kNegated));
  // The nearest marker decides.
  BOOST_TEST((modality_of("china did not threaten to impose tariffs", "impose") == Modality::kNegated));
}

BOOST_AUTO_TEST_CASE(refused) {
  BOOST_TEST((modality_of("the minister refused to meet his counterpart", "meet") == Modality::kRefused));
  BOOST_TEST((modality_of("kyiv declined to sign", "sign") == Modality::kRefused));
}

BOOST_AUTO_TEST_CASE(hypothetical) {
  BOOST_TEST((modality_of("washington could impose sanctions", "impose") == Modality::kHypothetical));
  BOOST_TEST((modality_of("beijing might retaliate if attacked", "retaliate") == Modality::kHypothetical));
  BOOST_TEST((modality_of("brussels is considering sanctions", "sanctions") == Modality::kHypothetical));
  BOOST_TEST((modality_of("he threatened to expel the envoy", "expel") == Modality::kHypothetical));
}

BOOST_AUTO_TEST_CASE(intended) {
  BOOST_TEST((modality_of("brazil and china would work together", "work") == Modality::kIntended));
  BOOST_TEST((modality_of("japan pledged to invest in india", "invest") == Modality::kIntended));
  BOOST_TEST((modality_of("the eu will impose sanctions", "impose") == Modality::kIntended));
}

BOOST_AUTO_TEST_CASE(look_back_is_bounded) {
  BOOST_TEST((modality_of("not a b c d e f g agreed", "agreed") == Modality::kAsserted));
  BOOST_TEST((modality_of("not a b c d e agreed", "agreed") == Modality::kNegated));
}

BOOST_AUTO_TEST_SUITE_END()
