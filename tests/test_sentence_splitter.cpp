#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "dipgraph/text_cleaner.h"

namespace dipgraph {
namespace {

using Texts = std::vector<std::string>;

Texts sentence_texts(std::string_view text) {
  Texts out;
  std::vector<Sentence> sentences = split_sentences(text);
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    const Sentence& s = sentences[i];
    BOOST_TEST(s.index == i);
    BOOST_TEST_REQUIRE(s.begin < s.end);
    BOOST_TEST_REQUIRE(s.end <= text.size());
    BOOST_TEST(s.text == text.substr(s.begin, s.end - s.begin));
    if (i > 0) BOOST_TEST(sentences[i - 1].end <= s.begin);
    for (const Token& t : s.tokens) {
      BOOST_TEST(s.begin <= t.begin);
      BOOST_TEST(t.end <= s.end);
    }
    out.push_back(s.text);
  }
  return out;
}

Texts token_texts(std::string_view text) {
  Texts out;
  for (const Token& t : tokenize(text, 0, text.size())) {
    out.emplace_back(text.substr(t.begin, t.end - t.begin));
  }
  return out;
}

struct Case {
  const char* input;
  Texts expected;
};

// Input -> expected sentences. Inputs are clean text (ASCII quotes and dashes) unless
// a case is about typography the cleaner would have normalised.
const std::vector<Case> kCases = {
    // Edge cases.
    {"", {}},
    {"   ", {}},
    {"\n\n\n", {}},
    {"Ceasefire", {"Ceasefire"}},
    {"Hello.\n", {"Hello."}},
    {".", {"."}},
    // Plain boundaries.
    {"The talks ended. The envoys left.", {"The talks ended.", "The envoys left."}},
    {"Did they agree? Nobody knows.", {"Did they agree?", "Nobody knows."}},
    {"They agreed! The crowd cheered.", {"They agreed!", "The crowd cheered."}},
    {"Really?! Yes.", {"Really?!", "Yes."}},
    {"Sentence one.  Sentence two.", {"Sentence one.", "Sentence two."}},
    {"the talks ended. then they left.", {"the talks ended. then they left."}},
    {"Yahoo! said nothing.", {"Yahoo! said nothing."}},
    // Paragraphs and headlines.
    {"First.\n\nSecond", {"First.", "Second"}},
    {"A headline without a period\n\nThe body starts here. It goes on.",
     {"A headline without a period", "The body starts here.", "It goes on."}},
    {"No period at the end\nnext paragraph", {"No period at the end", "next paragraph"}},
    // Titles and abbreviations that never end a sentence.
    {"Gen. Ivo Marn met the envoy. He left.", {"Gen. Ivo Marn met the envoy.", "He left."}},
    {"Lt. Col. Ana Berg spoke. She was brief.", {"Lt. Col. Ana Berg spoke.", "She was brief."}},
    {"Maj. Gen. Ivo Marn and Capt. Lea Horn arrived.",
     {"Maj. Gen. Ivo Marn and Capt. Lea Horn arrived."}},
    {"Mr. Petek and Mrs. Petek met Dr. Horn and Prof. Ilic.",
     {"Mr. Petek and Mrs. Petek met Dr. Horn and Prof. Ilic."}},
    {"Ms. Berg said so. Sen. Ward disagreed.", {"Ms. Berg said so.", "Sen. Ward disagreed."}},
    {"Rep. Cole and Gov. Hart met Pres. Lund.", {"Rep. Cole and Gov. Hart met Pres. Lund."}},
    {"They met on St. Mark Square. It rained.", {"They met on St. Mark Square.", "It rained."}},
    {"Resolution No. 2231 was cited. Talks resumed.",
     {"Resolution No. 2231 was cited.", "Talks resumed."}},
    {"Norland vs. Vesteria was the topic.", {"Norland vs. Vesteria was the topic."}},
    {"Some states, e.g. Norland, objected.", {"Some states, e.g. Norland, objected."}},
    {"Two states, i.e. Norland and Vesteria, objected.",
     {"Two states, i.e. Norland and Vesteria, objected."}},
    // Abbreviations that may end a sentence: only before a sentence opener.
    {"Ivo Marn Jr. said the deal was fair.", {"Ivo Marn Jr. said the deal was fair."}},
    {"The order went to Acme Inc. The company denied it.",
     {"The order went to Acme Inc.", "The company denied it."}},
    {"Acme Ltd. Chairman Ivo Marn resigned.", {"Acme Ltd. Chairman Ivo Marn resigned."}},
    {"Items such as oil, gas, etc. were discussed.",
     {"Items such as oil, gas, etc. were discussed."}},
    {"They traded oil, gas, etc. The deal was big.",
     {"They traded oil, gas, etc.", "The deal was big."}},
    {"The U.S. President spoke. Nobody listened.",
     {"The U.S. President spoke.", "Nobody listened."}},
    {"Troops left the U.S. The move surprised allies.",
     {"Troops left the U.S.", "The move surprised allies."}},
    {"The U.N. Security Council met.", {"The U.N. Security Council met."}},
    {"The U.K. and the E.U. signed a pact.", {"The U.K. and the E.U. signed a pact."}},
    {"The vote is on Jan. 5 and ends Sept. 30.", {"The vote is on Jan. 5 and ends Sept. 30."}},
    {"On Dec. 12 the envoy arrived. He stayed.", {"On Dec. 12 the envoy arrived.", "He stayed."}},
    {"The meeting began at 10 a.m. The envoys were late.",
     {"The meeting began at 10 a.m.", "The envoys were late."}},
    {"The meeting began at 10 a.m. Lindau time.", {"The meeting began at 10 a.m. Lindau time."}},
    {"The U.S.-led coalition met.", {"The U.S.-led coalition met."}},
    // Initials.
    {"J. Smith wrote the report.", {"J. Smith wrote the report."}},
    {"George W. Bush visited Lindau.", {"George W. Bush visited Lindau."}},
    {"The report by A. B. Carter was leaked.", {"The report by A. B. Carter was leaked."}},
    {"They chose Plan B. The result was poor.", {"They chose Plan B.", "The result was poor."}},
    // Numbers.
    {"Trade reached 2.5 billion dollars. It grew.",
     {"Trade reached 2.5 billion dollars.", "It grew."}},
    {"The loan was $1.2m. Officials confirmed it.",
     {"The loan was $1.2m.", "Officials confirmed it."}},
    {"The ratio is 3.14 roughly.", {"The ratio is 3.14 roughly."}},
    {"Exports rose 4.5% in 2020. Imports fell by 1,200 tonnes.",
     {"Exports rose 4.5% in 2020.", "Imports fell by 1,200 tonnes."}},
    {"The treaty was signed in 1990. 2021 was different.",
     {"The treaty was signed in 1990.", "2021 was different."}},
    {"Version 2.0.1 was released.", {"Version 2.0.1 was released."}},
    // Ellipses: a sentence ends only when the ellipsis is attached to the word before
    // it and a capital follows.
    {"The talks stalled... The next round is in May.",
     {"The talks stalled...", "The next round is in May."}},
    {"He said the plan ... Vesteria would decide.",
     {"He said the plan ... Vesteria would decide."}},
    {"He hesitated... and then agreed.", {"He hesitated... and then agreed."}},
    {"The talks stalled\xE2\x80\xA6 The next round is in May.",
     {"The talks stalled\xE2\x80\xA6", "The next round is in May."}},
    {"\"We will see...\" He left.", {"\"We will see...\"", "He left."}},
    {"It ended.... The hall emptied.", {"It ended....", "The hall emptied."}},
    // Quotations.
    {"\"We agree.\" He left.", {"\"We agree.\"", "He left."}},
    {"\"Why?\" he asked.", {"\"Why?\" he asked."}},
    {"\"Stop!\" she said. They stopped.", {"\"Stop!\" she said.", "They stopped."}},
    {"\xE2\x80\x9CWe agree. We will sign.\xE2\x80\x9D He left.",
     {"\xE2\x80\x9CWe agree.", "We will sign.\xE2\x80\x9D", "He left."}},
    {"\"We agree. We will sign,\" he said.", {"\"We agree.", "We will sign,\" he said."}},
    {"He said: \"It is over.\" Then he left.", {"He said: \"It is over.\"", "Then he left."}},
    {"'We agree.' He left.", {"'We agree.'", "He left."}},
    {"Talks ended (as expected.) The envoys left.",
     {"Talks ended (as expected.)", "The envoys left."}},
    {"The envoy left. \"It is over,\" he said.", {"The envoy left.", "\"It is over,\" he said."}},
    {"He left. (The talks had failed.)", {"He left.", "(The talks had failed.)"}},
    // Datelines are left out of the span.
    {"ISLAMABAD: The minister arrived. He met officials.",
     {"The minister arrived.", "He met officials."}},
    {"MOSCOW (Reuters) - Vesteria said on Monday it would respond.",
     {"Vesteria said on Monday it would respond."}},
    {"NEW DELHI, April 7 (AP) - Norland and India signed a pact.",
     {"Norland and India signed a pact."}},
    {"WASHINGTON - The envoy spoke.", {"The envoy spoke."}},
    {"WASHINGTON \xE2\x80\x94 The envoy spoke.", {"The envoy spoke."}},
    {"ST. PETERSBURG: Talks opened.", {"Talks opened."}},
    {"BREAKING: Talks collapse", {"BREAKING: Talks collapse"}},
    {"NATO said it would meet.", {"NATO said it would meet."}},
    {"ISLAMABAD:", {"ISLAMABAD:"}},
    // Bullet lists: one item, one sentence, marker left out.
    {"- Sava bridge open\n- Gorna pass closed", {"Sava bridge open", "Gorna pass closed"}},
    {"* first item\n\n\xE2\x80\xA2 second item", {"first item", "second item"}},
    {"1. Talks resume\n2. Aid flows", {"Talks resume", "Aid flows"}},
    {"12) Twelfth item here", {"Twelfth item here"}},
    {"- ", {"-"}},
    // Letters beyond ASCII.
    {"The envoy met \xC3\x89ric Roux. \xC3\x96kten left.",
     {"The envoy met \xC3\x89ric Roux.", "\xC3\x96kten left."}},
    {"\xD0\x9B\xD0\xB0\xD0\xB2\xD1\x80\xD0\xBE\xD0\xB2 \xD0\xBF\xD1\x80\xD0\xB8\xD0\xB1\xD1\x8B"
     "\xD0\xBB. \xD0\x9E\xD0\xBD \xD1\x83\xD0\xB5\xD1\x85\xD0\xB0\xD0\xBB.",
     {"\xD0\x9B\xD0\xB0\xD0\xB2\xD1\x80\xD0\xBE\xD0\xB2 \xD0\xBF\xD1\x80\xD0\xB8\xD0\xB1\xD1\x8B"
      "\xD0\xBB.",
      "\xD0\x9E\xD0\xBD \xD1\x83\xD0\xB5\xD1\x85\xD0\xB0\xD0\xBB."}},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(sentence_splitter)

BOOST_AUTO_TEST_CASE(table_of_cases) {
  BOOST_TEST(kCases.size() >= 60u);
  for (const Case& c : kCases) {
    BOOST_TEST_CONTEXT("input: " << c.input) {
      BOOST_TEST(sentence_texts(c.input) == c.expected, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(offsets_point_into_the_text) {
  std::string text = "Headline here\n\nISLAMABAD: The envoy came. \"We agree.\" He left.";
  std::vector<Sentence> s = split_sentences(text);
  BOOST_TEST_REQUIRE(s.size() == 4u);
  BOOST_TEST(s[0].begin == 0u);
  BOOST_TEST(s[0].end == 13u);
  BOOST_TEST(s[1].begin == text.find("The envoy"));
  BOOST_TEST(s[2].begin == text.find("\"We"));
  BOOST_TEST(s[2].end == text.find(" He"));
  BOOST_TEST(s[3].end == text.size());
  BOOST_TEST(s[3].tokens.size() == 3u);
  BOOST_TEST(s[3].tokens[0].begin == text.rfind("He"));
}

BOOST_AUTO_TEST_CASE(datelines) {
  BOOST_TEST(find_dateline("ISLAMABAD: The minister arrived.") == "ISLAMABAD");
  BOOST_TEST(find_dateline("MOSCOW (Reuters) - Talks began.") == "MOSCOW");
  BOOST_TEST(find_dateline("NEW DELHI, April 7 (AP) - Talks began.") == "NEW DELHI");
  BOOST_TEST(find_dateline("WASHINGTON - Talks began.") == "WASHINGTON");
  BOOST_TEST(find_dateline("  RIO DE JANEIRO -- Talks began.") == "RIO DE JANEIRO");
  BOOST_TEST(find_dateline("ST. PETERSBURG: Talks began.") == "ST. PETERSBURG");
  BOOST_TEST(find_dateline("TOLMIN, March 3 (Harbour Wire) - The") == "TOLMIN");
  BOOST_TEST(find_dateline("Islamabad: Talks began.").empty());
  BOOST_TEST(find_dateline("NATO said it would meet.").empty());
  BOOST_TEST(find_dateline("BREAKING: Talks collapse").empty());
  BOOST_TEST(find_dateline("ISLAMABAD:").empty());
  BOOST_TEST(find_dateline("").empty());
  BOOST_TEST(find_dateline("A - b").empty());
}

BOOST_AUTO_TEST_CASE(tokens) {
  BOOST_TEST(token_texts("Pakistan's people-to-people contact") ==
                 (Texts{"Pakistan", "'s", "people-to-people", "contact"}),
             boost::test_tools::per_element());
  BOOST_TEST(token_texts("It's the ministers' talks") ==
                 (Texts{"It", "'s", "the", "ministers", "'", "talks"}),
             boost::test_tools::per_element());
  BOOST_TEST(token_texts("Norland\xE2\x80\x99s envoy") ==
                 (Texts{"Norland", "\xE2\x80\x99s", "envoy"}),
             boost::test_tools::per_element());
  BOOST_TEST(token_texts("don't O'Brien 'sanctions'") ==
                 (Texts{"don't", "O'Brien", "'", "sanctions", "'"}),
             boost::test_tools::per_element());
  BOOST_TEST(token_texts("Trade hit $1,200.50 or 2.5 billion.") ==
                 (Texts{"Trade", "hit", "$", "1,200.50", "or", "2.5", "billion", "."}),
             boost::test_tools::per_element());
  BOOST_TEST(token_texts("Gen. Marn met U.S. envoys, e.g. Ward.") ==
                 (Texts{"Gen.", "Marn", "met", "U.S.", "envoys", ",", "e.g.", "Ward", "."}),
             boost::test_tools::per_element());
  BOOST_TEST(token_texts("He said... no?!") == (Texts{"He", "said", "...", "no", "?", "!"}),
             boost::test_tools::per_element());
  BOOST_TEST(token_texts("C\xC3\xB4te d'Ivoire, T\xC3\xBCrkiye, \xD0\x9B\xD0\xB0\xD0\xB2.") ==
                 (Texts{"C\xC3\xB4te", "d'Ivoire", ",", "T\xC3\xBCrkiye", ",",
                        "\xD0\x9B\xD0\xB0\xD0\xB2", "."}),
             boost::test_tools::per_element());
  BOOST_TEST(token_texts("\xE2\x80\x9CYes\xE2\x80\x9D \xE2\x80\x94 ok\xC2\xA0now") ==
                 (Texts{"\xE2\x80\x9C", "Yes", "\xE2\x80\x9D", "\xE2\x80\x94", "ok", "now"}),
             boost::test_tools::per_element());
  BOOST_TEST(token_texts("(AP) - 2020-21 U.S.-led") ==
                 (Texts{"(", "AP", ")", "-", "2020-21", "U.S.-led"}),
             boost::test_tools::per_element());
  BOOST_TEST(token_texts("end.Next -x") == (Texts{"end", ".", "Next", "-", "x"}),
             boost::test_tools::per_element());
  BOOST_TEST(token_texts("").empty());
  BOOST_TEST(token_texts(" \t ").empty());
}

BOOST_AUTO_TEST_CASE(token_offsets_and_bounds) {
  std::string text = "xx Talks ended.";
  std::vector<Token> t = tokenize(text, 3, text.size());
  BOOST_TEST_REQUIRE(t.size() == 3u);
  BOOST_TEST(t[0].begin == 3u);
  BOOST_TEST(t[0].end == 8u);
  BOOST_TEST(t[2].begin == 14u);
  BOOST_TEST(tokenize(text, 40, 90).empty());
  BOOST_TEST(tokenize(text, 9, 3).empty());
  // A word cut by the range ends at the range.
  std::vector<Token> cut = tokenize(text, 3, 6);
  BOOST_TEST_REQUIRE(cut.size() == 1u);
  BOOST_TEST(cut[0].end == 6u);
}

BOOST_AUTO_TEST_CASE(long_paragraphs_are_linear) {
  // 4 MB without any punctuation, then 4 MB of one-word sentences and initials.
  // No clock here (timed tests are flaky on a loaded machine): quadratic
  // behaviour would run for hours and trip the CTest timeout of this suite.
  std::string flat, dotted;
  while (flat.size() < (4u << 20)) flat += "envoys met again ";
  while (dotted.size() < (4u << 20)) dotted += "Talks. J. Doe. U.S. etc. ... ";
  std::vector<Sentence> a = split_sentences(flat);
  std::vector<Sentence> b = split_sentences(dotted);
  BOOST_TEST(a.size() == 1u);
  BOOST_TEST(a[0].tokens.size() == flat.size() / 17 * 3);
  BOOST_TEST(b.size() > 125000u);
}

BOOST_AUTO_TEST_CASE(malformed_input_never_crashes) {
  // Deterministic soup of the pieces the scanners branch on, including truncated and
  // invalid UTF-8, fed to the splitter, the tokenizer and the dateline finder.
  const std::vector<std::string> pieces = {
      ".", "?", "!", "...", "\xE2\x80\xA6", "\xE2\x80", "\xE2", "\xFF", "\xC3", "\"", "'",
      "(", ")", " ", "\n", "\r", "-", "* ", "1. ", "U.S", "Mr", "A", "ISLAMABAD", ":",
      "(AP)", ", ", "word", "9", ",", "\xE2\x80\x9C", "\xE2\x80\x99", "s", "\xC2\xA0",
      "\xD0\x9B", "\xF0\x9F\x98\x80", "\xF4\x90\x80\x80"};
  std::uint32_t state = 12345;
  auto next = [&] {
    state = state * 1103515245u + 12345u;
    return (state >> 16) & 0x7FFF;
  };
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    int n = static_cast<int>(next() % 40);
    for (int k = 0; k < n; ++k) s += pieces[next() % pieces.size()];
    for (const Sentence& sent : split_sentences(s)) {
      BOOST_TEST_REQUIRE(sent.end <= s.size());
      BOOST_TEST_REQUIRE(sent.begin < sent.end);
    }
    for (const Token& t : tokenize(s, 0, s.size())) {
      BOOST_TEST_REQUIRE(t.begin < t.end);
      BOOST_TEST_REQUIRE(t.end <= s.size());
    }
    (void)find_dateline(s);
    CleanedText c = clean_text(s, s.substr(0, s.size() / 3));
    BOOST_TEST_REQUIRE(c.map.to_raw(c.text.size()) <= s.size());
  }
}

BOOST_AUTO_TEST_CASE(refilled_vector_matches_a_fresh_one) {
  // One vector kept across texts of growing and shrinking size, as a pipeline does.
  const std::vector<std::string> texts = {
      "Gen. Aksoy met the envoys. They agreed on talks.\n\nISLAMABAD: Trade rose 2.5 per "
      "cent. \"We will meet again,\" he said. The U.S. side said nothing.",
      "One short headline",
      "",
      "Officials said the meeting was useful. Both sides signed a memorandum. It covers "
      "trade, energy and people-to-people contacts. Pakistan's envoy was there... Talks "
      "resume in May.",
      "A. B. C."};
  std::vector<Sentence> kept;
  for (int pass = 0; pass < 2; ++pass) {
    for (const std::string& text : texts) {
      split_sentences(text, kept);
      BOOST_TEST((kept == split_sentences(text)));
    }
  }
}

BOOST_AUTO_TEST_CASE(words_across_scan_blocks) {
  // The scanners test eight or sixteen bytes at a time: words of every length around
  // those sizes, cut at every end offset, must come out whole or cut exactly there.
  std::string text;
  std::vector<std::string> words;
  for (std::size_t n = 1; n <= 34; ++n) {
    words.emplace_back(n, static_cast<char>('a' + n % 26));
    text += words.back();
    text += n % 3 == 0 ? ", " : " ";
  }
  BOOST_TEST(token_texts(text).size() == words.size() + words.size() / 3);
  for (std::size_t end = 0; end <= text.size(); ++end) {
    std::size_t covered = 0;
    for (const Token& t : tokenize(text, 0, end)) {
      BOOST_TEST_REQUIRE(t.end <= end);
      std::string_view token(text.data() + t.begin, t.end - t.begin);
      BOOST_TEST((token == "," || token.find_first_of(" ,") == std::string_view::npos));
      covered = t.end;
    }
    // The last token reaches the end unless the cut falls after a separator.
    if (end > 0 && text[end - 1] != ' ') BOOST_TEST(covered == end);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace dipgraph
