#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <rapidjson/document.h>

#include "dipgraph/lexicon.h"
#include "dipgraph/text_cleaner.h"
#include "test_util.h"

namespace dipgraph {
namespace {

// The built-in lexicon is built once for the whole suite (it is immutable).
const Lexicon& builtin() {
  static const Lexicon lex = Lexicon::builtin();
  return lex;
}

std::vector<std::string> load_into(Lexicon& lex, const std::vector<std::string>& files) {
  std::vector<std::string> messages;
  for (const auto& f : files) {
    std::ifstream in(test::data_dir() / "lexicon" / f, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "cannot open " << f);
    lex.load(in, f, [&](const Diagnostic& d) { messages.push_back(format_diagnostic(d)); });
  }
  return messages;
}

// The tiny lexicon of tests/data/lexicon/*_small.tsv: four countries and the UN.
Lexicon small_lexicon() {
  Lexicon lex;
  auto messages = load_into(lex, {"actors_small.tsv", "names_small.tsv", "offices_small.tsv",
                                  "people_small.tsv", "verbs_small.tsv", "cues_small.tsv",
                                  "topics_small.tsv", "context_small.tsv"});
  BOOST_TEST(messages.empty());
  return lex;
}

// "kind:code:text" for each match of `sentence`, in order.
std::vector<std::string> found(const Lexicon& lex, std::string_view sentence,
                               std::string_view date = {}) {
  std::vector<std::string> out;
  for (const Match& m : lex.match_text(sentence, date)) {
    out.push_back(std::string(to_string(m.kind)) + ':' + m.code + ':' +
                  std::string(sentence.substr(m.begin, m.end - m.begin)));
  }
  return out;
}

// The actor codes matched in `sentence` (places included), in order.
std::vector<std::string> actors_in(const Lexicon& lex, std::string_view sentence) {
  std::vector<std::string> out;
  for (const Match& m : lex.match_text(sentence)) {
    if (m.kind == MatchKind::kActor) out.push_back(m.code);
  }
  return out;
}

using Codes = std::vector<std::string>;

std::string resolved(const Lexicon& lex, std::string_view text) {
  const Actor* a = lex.resolve(text);
  return a ? a->code : "(none)";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lexicon)

// --------------------------------------------------------------------------- edge cases

BOOST_AUTO_TEST_CASE(empty_and_blank_input_match_nothing) {
  const Lexicon& lex = builtin();
  BOOST_TEST(lex.match_text("").empty());
  BOOST_TEST(lex.match_text("   \n\t  ").empty());
  BOOST_TEST(Lexicon().match_text("Russia and Pakistan").empty());
  BOOST_TEST(lex.resolve("") == nullptr);
  BOOST_TEST(lex.resolve("   ") == nullptr);
  BOOST_TEST(lex.person("") == nullptr);
}

BOOST_AUTO_TEST_CASE(tokens_out_of_range_are_ignored) {
  const Lexicon& lex = builtin();
  std::string text = "Russia";
  std::vector<Token> tokens = {{0, 6}, {3, 100}, {7, 5}, {200, 300}};
  auto matches = lex.match(text, tokens);
  BOOST_REQUIRE_EQUAL(matches.size(), 1u);
  BOOST_TEST(matches[0].code == "RUS");
}

BOOST_AUTO_TEST_CASE(a_country_named_twice_is_matched_twice) {
  BOOST_TEST(actors_in(builtin(), "Russia said Russia would not wait.") == (Codes{"RUS", "RUS"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(non_ascii_names_and_diacritics_fold) {
  const Lexicon& lex = builtin();
  BOOST_TEST(actors_in(lex, "Türkiye and Turkiye and TÜRKIYE") == (Codes{"TUR", "TUR", "TUR"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "Côte d'Ivoire, Cote d’Ivoire and COTE D'IVOIRE") ==
                 (Codes{"CIV", "CIV", "CIV"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "talks in Bogotá and Bogota") == (Codes{"COL", "COL"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "Chișinău") == (Codes{"MDA"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_acronym_that_is_a_common_word_needs_its_case) {
  const Lexicon& lex = builtin();
  BOOST_TEST(actors_in(lex, "The US told us to wait.") == (Codes{"USA"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "U.S. officials") == (Codes{"USA"}), boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "The WHO said who would go.") == (Codes{"WHO"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "Health officials, who met, said so.").empty());
}

BOOST_AUTO_TEST_CASE(possessive_hyphen_and_dotted_forms) {
  const Lexicon& lex = builtin();
  BOOST_TEST(found(lex, "Pakistan's envoy") ==
                 (Codes{"actor:PAK:Pakistan", "office:DIP:envoy"}),
             boost::test_tools::per_element());
  BOOST_TEST(found(lex, "Pakistan’s envoy") ==
                 (Codes{"actor:PAK:Pakistan", "office:DIP:envoy"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "the People's Republic of China") == (Codes{"CHN"}),
             boost::test_tools::per_element());
  // A name inside a hyphenated compound: the span is the name's own bytes.
  auto matches = lex.match_text("Pakistan-Russia ties");
  BOOST_REQUIRE_EQUAL(matches.size(), 2u);
  BOOST_TEST(matches[0].code == "PAK");
  BOOST_TEST(matches[0].begin == 0u);
  BOOST_TEST(matches[0].end == 8u);
  BOOST_TEST(matches[1].code == "RUS");
  BOOST_TEST(matches[1].begin == 9u);
  BOOST_TEST(matches[1].first_token == 0u);
  BOOST_TEST(matches[1].last_token == 1u);
  // Unicode hyphen (U+2010) and a plain space are the same as "-".
  BOOST_TEST(actors_in(lex, "Guinea\u2010Bissau and Guinea Bissau") == (Codes{"GNB", "GNB"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(random_bytes_never_crash) {
  const Lexicon& lex = builtin();
  std::mt19937 rng(7);
  std::string alphabet = "Russia Pakistan US 's -.,'\xE2\x80\x99\xC3\xA9\xFF\x80 \n";
  for (int round = 0; round < 200; ++round) {
    std::string text;
    int length = static_cast<int>(rng() % 200);
    for (int k = 0; k < length; ++k) {
      text.push_back(round % 2 ? static_cast<char>(rng() & 0xFF) : alphabet[rng() % alphabet.size()]);
    }
    for (const Match& m : lex.match_text(text, "2021-04-07")) {
      BOOST_TEST(m.begin < m.end);
      BOOST_TEST(m.end <= text.size());
    }
    lex.resolve(text);
    lex.suggest(text.substr(0, 20));
  }
}

// --------------------------------------------------------------------------- the built-in data

BOOST_AUTO_TEST_CASE(builtin_loads_without_errors) {
  std::vector<std::string> errors;
  std::size_t warnings = 0;
  Lexicon lex = Lexicon::builtin([&](const Diagnostic& d) {
    if (d.severity == Severity::kError) {
      errors.push_back(format_diagnostic(d));
    } else {
      ++warnings;
      BOOST_TEST_MESSAGE(format_diagnostic(d));
    }
  });
  BOOST_TEST(errors.empty(), "first error: " << (errors.empty() ? "" : errors.front()));
  BOOST_TEST_MESSAGE("built-in lexicon: " << warnings << " warning(s)");
  BOOST_TEST(lex.actors().size() == 249u + 18u);
  BOOST_TEST(lex.cues().size() >= 500u);
  BOOST_TEST(lex.people().size() > 0u);
  BOOST_TEST(lex.topics().size() > 0u);
  BOOST_TEST(lex.offices().size() > 0u);
  BOOST_TEST(lex.context_rules().size() > 0u);
}

BOOST_AUTO_TEST_CASE(actors_match_iso_codes) {
  const std::filesystem::path iso = "/usr/share/iso-codes/json/iso_3166-1.json";
  if (!std::filesystem::exists(iso)) {
    BOOST_TEST_MESSAGE("skipped: " << iso << " is absent (Debian package iso-codes)");
    return;
  }
  rapidjson::Document doc;
  std::string json = test::read_file(iso);
  doc.Parse(json.c_str());
  BOOST_REQUIRE(!doc.HasParseError());
  std::map<std::string, std::string> alpha2;  // alpha-3 -> alpha-2
  for (const auto& c : doc["3166-1"].GetArray()) {
    alpha2[c["alpha_3"].GetString()] = c["alpha_2"].GetString();
  }
  BOOST_TEST(alpha2.size() == 249u);
  std::size_t countries = 0;
  for (const Actor& a : builtin().actors()) {
    if (a.type != ActorType::kCountry) continue;
    ++countries;
    auto it = alpha2.find(a.code);
    BOOST_TEST_CONTEXT(a.code) {
      BOOST_TEST((it != alpha2.end()));
      if (it != alpha2.end()) BOOST_TEST(a.alpha2 == it->second);
    }
  }
  BOOST_TEST(countries == alpha2.size());
}

BOOST_AUTO_TEST_CASE(igos_of_the_design_are_all_there) {
  for (const char* code : {"UNO", "NATO", "EUR", "SCO", "ASEAN", "AFU", "IAEA", "WHO", "IMF", "WBK",
                           "OPEC", "GCC", "ARL", "OIC", "SAARC", "G7", "G20", "BRICS"}) {
    const Actor* a = builtin().actor(code);
    BOOST_TEST_CONTEXT(code) {
      BOOST_TEST_REQUIRE(a != nullptr);
      BOOST_TEST((a->type == ActorType::kIgo));
    }
  }
}

// Every UN member state resolves from its name, code, demonym and capital, and the
// matcher finds each of its names in a sentence. Iterates the data.
BOOST_AUTO_TEST_CASE(every_un_member_resolves) {
  const Lexicon& lex = builtin();
  // Shared demonyms go to the more frequent reading (names.tsv explains): Congolese is
  // DR Congo, Dominican the Dominican Republic.
  const std::set<std::string> no_own_demonym = {"COG", "DMA"};
  // City states: the capital is the country's name.
  const std::set<std::string> capital_is_name = {"DJI", "LUX", "MCO", "SMR", "SGP"};
  std::size_t members = 0;
  for (const Actor& a : lex.actors()) {
    if (!a.un_member) continue;
    ++members;
    BOOST_TEST_CONTEXT(a.code << " " << a.name) {
      BOOST_TEST(resolved(lex, a.code) == a.code);
      BOOST_TEST(resolved(lex, a.name) == a.code);
      std::size_t demonyms = 0;
      std::size_t capitals = 0;
      for (const ActorName& n : lex.names()) {
        if (n.code != a.code) continue;
        BOOST_TEST_CONTEXT(n.phrase) {
          BOOST_TEST(resolved(lex, n.phrase) == a.code);
          demonyms += n.kind == NameKind::kDemonym;
          capitals += n.kind == NameKind::kCapital;
          bool has_rule = std::any_of(lex.context_rules().begin(), lex.context_rules().end(),
                                      [&](const ContextRule& r) { return r.phrase == n.phrase; });
          if (!has_rule) {
            std::string sentence = "Officials said " + n.phrase + " agreed.";
            auto codes = actors_in(lex, sentence);
            BOOST_TEST((std::find(codes.begin(), codes.end(), a.code) != codes.end()), sentence);
          }
        }
      }
      if (!no_own_demonym.count(a.code)) BOOST_TEST(demonyms > 0u);
      if (!capital_is_name.count(a.code)) BOOST_TEST(capitals > 0u);
    }
  }
  BOOST_TEST(members == 193u);
}

BOOST_AUTO_TEST_CASE(hand_picked_spot_checks) {
  const Lexicon& lex = builtin();
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"PAK", "PAK"},          {"pakistani", "PAK"},       {"Pakistanis", "PAK"},
      {"Kiwi", "NZL"},         {"Emirati", "ARE"},         {"Filipino", "PHL"},
      {"Saudi", "SAU"},        {"Afghans", "AFG"},         {"Burma", "MMR"},
      {"Swaziland", "SWZ"},    {"Holland", "NLD"},         {"the Netherlands", "NLD"},
      {"Czechia", "CZE"},      {"DPRK", "PRK"},            {"North Korea", "PRK"},
      {"Turkiye", "TUR"},      {"Ivory Coast", "CIV"},     {"Islamabad", "PAK"},
      {"the Kremlin", "RUS"},  {"Naypyidaw", "MMR"},       {"Abu Dhabi", "ARE"},
      {"Kyiv", "UKR"},         {"UNSC", "UNO"},            {"General Assembly", "UNO"},
      {"European Commission", "EUR"}, {"Foggy Bottom", "USA"}, {"South Block", "IND"},
      {"GHQ Rawalpindi", "PAK"}, {"Zhongnanhai", "CHN"},   {"Quai d'Orsay", "FRA"},
      {"Elysee", "FRA"},       {"Downing Street", "GBR"},  {"Blue House", "KOR"},
      {"us", "USA"},           {"PK", "PAK"},              {"Lavrov", "RUS"}};
  for (const auto& [text, code] : cases) {
    BOOST_TEST_CONTEXT(text) { BOOST_TEST(resolved(lex, text) == code); }
  }
  BOOST_TEST(resolved(lex, "Atlantis") == "(none)");
}

BOOST_AUTO_TEST_CASE(suggestions_for_typos) {
  auto s = builtin().suggest("Pakistn");
  BOOST_TEST((std::find(s.begin(), s.end(), "Pakistan") != s.end()));
  s = builtin().suggest("Azerbaijn");
  BOOST_TEST((std::find(s.begin(), s.end(), "Azerbaijan") != s.end()));
  BOOST_TEST(builtin().suggest("qqqqqqqqqqqqqqqq").empty());
}

// --------------------------------------------------------------------------- ambiguity, both ways

BOOST_AUTO_TEST_CASE(georgia_the_country_and_the_state) {
  const Lexicon& lex = builtin();
  BOOST_TEST(actors_in(lex, "Georgia and Russia fought a war in 2008.") == (Codes{"GEO", "RUS"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "The governor of Georgia spoke in Atlanta.").empty());
  BOOST_TEST(actors_in(lex, "Tbilisi said Georgia would join.") == (Codes{"GEO", "GEO"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(jordan_chad_turkey_china_guinea) {
  const Lexicon& lex = builtin();
  BOOST_TEST(actors_in(lex, "Jordan and Egypt signed a deal.") == (Codes{"JOR", "EGY"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "They swam in the Jordan River.").empty());
  BOOST_TEST(actors_in(lex, "Michael Jordan retired.").empty());
  BOOST_TEST(actors_in(lex, "Chad closed its border with Sudan.") == (Codes{"TCD", "SDN"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "Chad Smith scored twice on Sunday.").empty());
  BOOST_TEST(actors_in(lex, "Turkey and Greece held talks.") == (Codes{"TUR", "GRC"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "They ate roast turkey.").empty());
  BOOST_TEST(actors_in(lex, "Turkey sandwiches were served.").empty());
  BOOST_TEST(actors_in(lex, "China and India agreed.") == (Codes{"CHN", "IND"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "She collects fine china and bone china.").empty());
  BOOST_TEST(actors_in(lex, "Guinea and Mali met.") == (Codes{"GIN", "MLI"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "A guinea pig and a Guinea pig.").empty());
  BOOST_TEST(actors_in(lex, "Jersey said, and New Jersey too, about a jersey.") ==
                 (Codes{"JEY"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_two_congos) {
  const Lexicon& lex = builtin();
  BOOST_TEST(actors_in(lex, "Congo accused Rwanda.") == (Codes{"COD", "RWA"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "the Democratic Republic of the Congo") == (Codes{"COD"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "the Republic of Congo and Congo-Brazzaville") ==
                 (Codes{"COG", "COG"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "Boats on the Congo River.").empty());
}

BOOST_AUTO_TEST_CASE(korea_alone) {
  const Lexicon& lex = builtin();
  BOOST_TEST(actors_in(lex, "Korea and Japan agreed in Seoul.") == (Codes{"KOR", "JPN", "KOR"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "Pyongyang said Korea would be united.") == (Codes{"PRK"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "North Korea and South Korea") == (Codes{"PRK", "KOR"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "veterans of the Korean War").empty());
}

BOOST_AUTO_TEST_CASE(longest_match_first) {
  const Lexicon& lex = builtin();
  BOOST_TEST(actors_in(lex, "Guinea-Bissau, Papua New Guinea, Equatorial Guinea and Guinea") ==
                 (Codes{"GNB", "PNG", "GNQ", "GIN"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "South Sudan and Sudan") == (Codes{"SSD", "SDN"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "South Sudanese and Sudanese") == (Codes{"SSD", "SDN"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "Niger, Nigeria, Nigerien and Nigerian troops") ==
                 (Codes{"NER", "NGA", "NER", "NGA"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "oil in the Niger Delta").empty());
  BOOST_TEST(actors_in(lex, "the UN Security Council and the UN") == (Codes{"UNO", "UNO"}),
             boost::test_tools::per_element());
  auto m = builtin().match_text("the UN Security Council");
  BOOST_TEST((std::none_of(m.begin(), m.end(),
                           [](const Match& x) { return x.kind == MatchKind::kTopic; })),
             "no 'security' topic inside the name");
}

BOOST_AUTO_TEST_CASE(capitals_are_places_after_a_locative) {
  const Lexicon& lex = builtin();
  auto said = lex.match_text("Moscow said it would respond.");
  BOOST_REQUIRE(!said.empty());
  BOOST_TEST(said[0].code == "RUS");
  BOOST_TEST((said[0].name_kind == NameKind::kCapital));
  BOOST_TEST(!said[0].place);
  auto in = lex.match_text("They held talks in Moscow and at the Kremlin.");
  std::vector<bool> places;
  for (const Match& m : in) {
    if (m.kind == MatchKind::kActor) places.push_back(m.place);
  }
  BOOST_TEST(places == (std::vector<bool>{true, true}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(place_names_are_always_places) {
  const Lexicon& lex = builtin();
  for (const char* text : {"Lahore police said", "police in Lahore said", "Basra was quiet"}) {
    std::vector<Match> actors;
    for (const Match& m : lex.match_text(text)) {
      if (m.kind == MatchKind::kActor) actors.push_back(m);
    }
    BOOST_REQUIRE_MESSAGE(actors.size() == 1, text);
    BOOST_TEST(actors[0].code == (std::string(text).find("Basra") == 0 ? "IRQ" : "PAK"));
    BOOST_TEST((actors[0].name_kind == NameKind::kPlace));
    BOOST_TEST(actors[0].place, text);
  }
  BOOST_TEST(lex.resolve("Lahore")->code == "PAK");
}

// --------------------------------------------------------------------------- offices and people

BOOST_AUTO_TEST_CASE(office_with_an_adjective_names_a_country) {
  const Lexicon& lex = builtin();
  BOOST_TEST(found(lex, "Russian Foreign Minister") ==
                 (Codes{"actor:RUS:Russian", "office:FM:Foreign Minister"}),
             boost::test_tools::per_element());
  BOOST_TEST(found(lex, "the Pakistani envoy") ==
                 (Codes{"actor:PAK:Pakistani", "office:DIP:envoy"}),
             boost::test_tools::per_element());
  BOOST_TEST(found(lex, "Iran's top diplomat") ==
                 (Codes{"actor:IRN:Iran", "office:FM:top diplomat"}),
             boost::test_tools::per_element());
  BOOST_TEST(found(lex, "the deputy foreign minister") ==
                 (Codes{"office:GOV:deputy foreign minister"}),
             boost::test_tools::per_element());
  // Adjacent tokens: the coder combines an actor and the office right after it.
  auto m = lex.match_text("Russian Foreign Minister");
  BOOST_REQUIRE_EQUAL(m.size(), 2u);
  BOOST_TEST(m[0].last_token == m[1].first_token);
}

BOOST_AUTO_TEST_CASE(person_and_date_with_a_small_people_file) {
  Lexicon lex = small_lexicon();
  BOOST_TEST(found(lex, "Foreign Minister Sergey Lavrov", "2021-04-07") ==
                 (Codes{"office:FM:Foreign Minister", "person:RUS:Sergey Lavrov"}),
             boost::test_tools::per_element());
  auto m = lex.match_text("Sergei Lavrov said", "2021-04-07");
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_TEST(lex.people()[m[0].entry].office == "FM");
  BOOST_TEST(lex.people()[m[0].entry].names.front() == "Sergey Lavrov");
  // A person with terms in two countries: the term that covers the date wins,
  // else the most recent one.
  BOOST_TEST(found(lex, "Alex Example", "2012-06-01") == (Codes{"person:USA:Alex Example"}),
             boost::test_tools::per_element());
  BOOST_TEST(found(lex, "Example", "2020-06-01") == (Codes{"person:PAK:Example"}),
             boost::test_tools::per_element());
  BOOST_TEST(found(lex, "Example", "1990-01-01") == (Codes{"person:PAK:Example"}),
             boost::test_tools::per_element());
  BOOST_TEST(found(lex, "Example") == (Codes{"person:PAK:Example"}),
             boost::test_tools::per_element());
  const Person* p = lex.person("alex example", "2016-03-01");
  BOOST_REQUIRE(p != nullptr);
  BOOST_TEST(p->office == "HOS");
  BOOST_TEST(p->code == "USA");
  // Partial dates cover their whole month or year.
  BOOST_TEST(lex.person("Alex Example", "2010-02-28")->office == "FM");
  BOOST_TEST(lex.person("Alex Example", "2019-12-31")->code == "PAK");
  BOOST_TEST(lex.person("Nobody Known") == nullptr);
  BOOST_TEST(resolved(lex, "Lavrov") == "RUS");
}

BOOST_AUTO_TEST_CASE(builtin_people_on_the_seed_date) {
  const Lexicon& lex = builtin();
  BOOST_TEST(found(lex, "Foreign Minister Sergey Lavrov", "2021-04-07") ==
                 (Codes{"office:FM:Foreign Minister", "person:RUS:Sergey Lavrov"}),
             boost::test_tools::per_element());
  const Person* q = lex.person("Shah Mahmood Qureshi", "2021-04-07");
  BOOST_REQUIRE(q != nullptr);
  BOOST_TEST(q->code == "PAK");
  BOOST_TEST(q->office == "FM");
}

// --------------------------------------------------------------------------- cues, topics, inflection

BOOST_AUTO_TEST_CASE(verb_lemmas_are_inflected) {
  Lexicon lex = small_lexicon();
  for (const char* s : {"hold talks", "holds talks", "held talks", "holding talks"}) {
    BOOST_TEST(found(lex, s) == (Codes{std::string("cue:consult:") + s}),
               boost::test_tools::per_element());
  }
  for (const char* s : {"accuse", "accuses", "accused", "accusing", "deny", "denies", "denied",
                        "denying", "meet", "met", "meets", "meeting", "imposed sanctions"}) {
    BOOST_TEST_CONTEXT(s) { BOOST_TEST(found(lex, s).size() == 1u); }
  }
  BOOST_TEST(found(lex, "holded talks") == (Codes{"cue:consult:talks"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(cues_and_topics_are_separate_layers) {
  Lexicon lex = small_lexicon();
  // "peace talks" is a topic and "talks" a cue at once.
  BOOST_TEST(found(lex, "peace talks") ==
                 (Codes{"topic:peace_process:peace talks", "cue:consult:talks"}),
             boost::test_tools::per_element());
  BOOST_TEST(found(lex, "a gas pipeline") == (Codes{"topic:energy:gas pipeline"}),
             boost::test_tools::per_element());
  const Cue& c = lex.cues()[lex.match_text("imposed sanctions")[0].entry];
  BOOST_TEST(c.cameo == "163");
  BOOST_TEST(c.goldstein == -8.0);
  BOOST_TEST(c.quad() == 4);
}

BOOST_AUTO_TEST_CASE(context_rules_in_the_small_lexicon) {
  Lexicon lex = small_lexicon();
  BOOST_TEST(actors_in(lex, "Georgia and Russia") == (Codes{"GEO", "RUS"}),
             boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "Atlanta, Georgia").empty());
  BOOST_TEST(actors_in(lex, "the governor of Georgia").empty());
  auto m = lex.match_text("talks in Moscow");
  BOOST_REQUIRE_EQUAL(m.size(), 2u);
  BOOST_TEST(m[1].place);
}

// --------------------------------------------------------------------------- overrides and errors

BOOST_AUTO_TEST_CASE(a_user_file_overrides_a_builtin_entry) {
  Lexicon lex = Lexicon::builtin();
  BOOST_TEST(actors_in(lex, "Congo said") == (Codes{"COD"}), boost::test_tools::per_element());
  auto messages = load_into(lex, {"override_names.tsv"});
  BOOST_TEST(messages.empty());
  BOOST_TEST(actors_in(lex, "Congo said") == (Codes{"COG"}), boost::test_tools::per_element());
  BOOST_TEST(actors_in(lex, "Kinshasa said") == (Codes{"COD"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bad_names_file_reports_each_row) {
  Lexicon lex = small_lexicon();
  auto messages = load_into(lex, {"bad_names.tsv"});
  const std::vector<std::string> expected = {
      "bad_names.tsv:4:1: error: unknown actor code 'XXX'\nXXX name Nowhere\n^",
      "bad_names.tsv:5:5: error: unknown name kind 'nickname' (expected name, alias, acronym, "
      "demonym, capital, metonym, body, place)\nRUS nickname Bear\n    ^",
      "bad_names.tsv:6: error: expected 3 to 4 tab-separated fields (code, kind, phrase, flags), "
      "found 2\nRUS name",
      "bad_names.tsv:7:17: error: unknown flag 'shout' (expected case)\nRUS name Moskva shout\n"
      "                ^",
      "bad_names.tsv:8:10: warning: duplicate entry (same as line 3)\nRUS name Rossiya\n         ^",
      "bad_names.tsv:9: error: expected 3 to 4 tab-separated fields (code, kind, phrase, flags), "
      "found 5\nRUS alias Rus case extra",
      "bad_names.tsv:10:10: error: phrase '...' has no words\nPAK name ...\n         ^"};
  BOOST_TEST(messages == expected, boost::test_tools::per_element());
  BOOST_TEST(resolved(lex, "Rossiya") == "RUS");  // the good row was kept
}

BOOST_AUTO_TEST_CASE(bad_people_file_reports_each_row) {
  Lexicon lex = small_lexicon();
  auto messages = load_into(lex, {"bad_people.tsv"});
  const std::vector<std::string> expected = {
      "bad_people.tsv:3:8: error: bad date '2004-13-01' (expected YYYY-MM-DD, YYYY-MM or YYYY)\n"
      "RUS FM 2004-13-01  Someone Else\n       ^",
      "bad_people.tsv:4:5: error: unknown office 'CZAR' (expected HOS, HOG, FM, DEF, MIL, DIP, "
      "SPK, GOV)\nRUS CZAR 2004  Ivan\n    ^",
      "bad_people.tsv:5:13: error: term ends (2009) before it starts (2010)\n"
      "RUS FM 2010 2009 Backwards Person\n            ^",
      "bad_people.tsv:6:16: error: empty name in the list of names\nRUS FM 2010  A||B\n"
      "               ^",
      "bad_people.tsv:7:8: error: bad date '2021-02-29' (expected YYYY-MM-DD, YYYY-MM or YYYY)\n"
      "RUS FM 2021-02-29  Leap Day\n       ^",
      "bad_people.tsv:8: error: expected 5 tab-separated fields (code, office, from, to, names), "
      "found 3\nRUS FM 2004"};
  BOOST_TEST(messages == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bad_cues_file_reports_each_row) {
  Lexicon lex = small_lexicon();
  auto messages = load_into(lex, {"bad_cues.tsv"});
  const std::vector<std::string> expected = {
      "bad_cues.tsv:3:1: error: unknown PLOVER event type 'chat' (expected agree, consult, "
      "support, concede, cooperate, aid, retreat, request, accuse, reject, threaten, protest, "
      "sanction, mobilize, coerce, assault)\nchat 040 1.0 chat+\n^",
      "bad_cues.tsv:4:9: error: bad CAMEO code '99' (expected 2 to 4 digits with a root from 01 "
      "to 20)\nconsult 99 1.0 talk+\n        ^",
      "bad_cues.tsv:5:13: error: bad Goldstein score 'eleven' (expected a number from -10 to 10)\n"
      "consult 040 eleven talk+\n            ^",
      "bad_cues.tsv:6:13: error: bad Goldstein score '11' (expected a number from -10 to 10)\n"
      "consult 040 11 talk+\n            ^",
      "bad_cues.tsv:7:19: error: '+' must end a verb lemma ('hold+ talks')\n"
      "consult 040 1.0 ho+ld talks\n                  ^",
      "bad_cues.tsv:8:23: error: unknown flag 'loud' (expected noun, symmetric, passive_ok)\n"
      "consult 040 1.0 talk+ loud\n                      ^"};
  BOOST_TEST(messages == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bad_context_file_reports_each_row) {
  Lexicon lex = small_lexicon();
  auto messages = load_into(lex, {"bad_context.tsv"});
  const std::vector<std::string> expected = {
      "bad_context.tsv:3:9: error: unknown context rule 'sometimes' (expected not_before, "
      "not_after, not_near, needs_near, needs_case, place_after)\nGeorgia sometimes Atlanta\n"
      "        ^",
      "bad_context.tsv:4: error: not_near needs a list of words\nGeorgia not_near",
      "bad_context.tsv:5:1: error: '*' (every capital and metonym) is only allowed with "
      "place_after\n* not_near in\n^",
      "bad_context.tsv:6:20: error: needs_case takes no words\nGeorgia needs_case Atlanta\n"
      "                   ^",
      "bad_context.tsv:7:1: warning: context rule for 'Atlantis', which is not a phrase of any "
      "names file"};
  BOOST_TEST(messages == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_file_of_unknown_kind_is_fatal) {
  Lexicon lex;
  std::istringstream in("no kind here\n");
  BOOST_CHECK_EXCEPTION(lex.load(in, "bad_kind.txt", {}), Error, [](const Error& e) {
    return e.diagnostic().file == "bad_kind.txt" && e.diagnostic().line == 1;
  });
  std::istringstream header("#kind: topics\nenergy\tLNG\tcase\n");
  lex.load(header, "mine.txt", {});
  BOOST_TEST(lex.topics().size() == 1u);
}

// --------------------------------------------------------------------------- sharing and the seed

BOOST_AUTO_TEST_CASE(one_lexicon_serves_many_threads) {
  const Lexicon& lex = builtin();
  const std::string text = "Russian Foreign Minister Sergey Lavrov held talks in Islamabad.";
  const auto expected = lex.match_text(text, "2021-04-07");
  std::vector<std::jthread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < 50; ++k) ok[t] += lex.match_text(text, "2021-04-07") == expected;
    });
  }
  threads.clear();
  for (int t = 0; t < 4; ++t) BOOST_TEST(ok[t] == 50);
}

BOOST_AUTO_TEST_CASE(seed_article_names_both_parties) {
  const auto path = test::shared_dir() / "seed" / "article-pakistan-russia.txt";
  if (!std::filesystem::exists(path)) {
    BOOST_TEST_MESSAGE("skipped: " << path << " is absent");
    return;
  }
  std::string text = test::read_file(path);
  std::set<std::string> actors;
  std::set<std::string> people;
  for (const Match& m : builtin().match_text(text, "2021-04-07")) {
    if (m.kind == MatchKind::kActor && !m.place) actors.insert(m.code);
    if (m.kind == MatchKind::kPerson) people.insert(m.code);
  }
  BOOST_TEST(actors.count("PAK") == 1u);
  BOOST_TEST(actors.count("RUS") == 1u);
  BOOST_TEST(people.count("PAK") == 1u);
  BOOST_TEST(people.count("RUS") == 1u);
}

BOOST_AUTO_TEST_CASE(builtin_names_resolves_as_the_whole_lexicon) {
  std::size_t diagnostics = 0;
  const Lexicon names = Lexicon::builtin_names([&](const Diagnostic&) { ++diagnostics; });
  const Lexicon& full = builtin();
  BOOST_TEST(diagnostics == 0u);
  BOOST_TEST(names.cues().empty());
  BOOST_TEST(names.topics().empty());
  BOOST_REQUIRE(names.actors().size() == full.actors().size());
  BOOST_REQUIRE(names.people().size() == full.people().size());
  std::vector<std::string> asked;
  for (const Actor& a : full.actors()) asked.insert(asked.end(), {a.code, a.name});
  for (const ActorName& n : full.names()) asked.push_back(n.phrase);
  for (const Person& p : full.people()) asked.insert(asked.end(), p.names.begin(), p.names.end());
  asked.insert(asked.end(), {"pakistani", "us", "pk", "Pakstan", "Rusia", "nowhere at all", ""});
  for (const std::string& text : asked) {
    const Actor* a = names.resolve(text);
    const Actor* b = full.resolve(text);
    BOOST_TEST((a ? a->code : "-") == (b ? b->code : "-"), text);
    BOOST_TEST(names.suggest(text) == full.suggest(text), boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace dipgraph
