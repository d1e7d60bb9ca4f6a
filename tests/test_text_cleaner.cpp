#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "dipgraph/text_cleaner.h"
#include "test_util.h"

namespace dipgraph {
namespace {

// The words (ASCII letters and digits runs) of a text: what must survive cleaning
// unchanged, whatever happened to quotes, dashes and spaces. Soft hyphens and
// zero-width spaces, which the cleaner removes, do not split a word.
std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.substr(i, 2) == "\xC2\xAD" || s.substr(i, 3) == "\xE2\x80\x8B") {
      i += s[i] == '\xC2' ? 1 : 2;
      continue;
    }
    char c = s[i];
    if (std::isalnum(static_cast<unsigned char>(c))) {
      cur.push_back(c);
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::vector<std::string> paragraphs_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t b = 0;
  while (b <= text.size()) {
    std::size_t e = text.find("\n\n", b);
    if (e == std::string::npos) e = text.size();
    out.push_back(text.substr(b, e - b));
    b = e + 2;
  }
  return out;
}

std::size_t count(const std::string& hay, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

// Every sentence maps back through the offset map to raw bytes holding the same words.
void check_round_trip(std::string_view raw, const CleanedText& c) {
  for (const Sentence& s : split_sentences(c.text)) {
    std::size_t rb = c.map.to_raw(s.begin), re = c.map.to_raw(s.end);
    BOOST_TEST_REQUIRE(rb <= re);
    BOOST_TEST_REQUIRE(re <= raw.size());
    BOOST_TEST(words_of(raw.substr(rb, re - rb)) == words_of(s.text), "sentence: " << s.text);
  }
}

bool has_line(const std::vector<std::string>& lines, std::string_view line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(text_cleaner)

// --- edge cases ---------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(empty_and_whitespace_only) {
  for (std::string_view raw : {"", " ", "\n\n\n", " \t\r\n \r\n", "\xC2\xA0\xE2\x80\x8B\n"}) {
    CleanedText c = clean_text(raw, "");
    BOOST_TEST(c.text.empty());
    BOOST_TEST(c.dropped.empty());
    BOOST_TEST(split_sentences(c.text).empty());
  }
}

BOOST_AUTO_TEST_CASE(one_word) {
  CleanedText c = clean_text("  Ceasefire \n", "");
  BOOST_TEST(c.text == "Ceasefire");
  BOOST_TEST(c.map.to_raw(0) == 2u);
  BOOST_TEST(c.map.to_raw(c.text.size()) == 11u);
}

BOOST_AUTO_TEST_CASE(only_boilerplate) {
  std::string raw = test::read_file(test::data_dir() / "cleaner/only_boilerplate.txt");
  CleanedText c = clean_text(raw, "Home / Politics / Opinion");
  BOOST_TEST(c.text.empty());
  BOOST_TEST(c.dropped.size() == 7u);
  BOOST_TEST(c.title == "Opinion");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_does_not_crash) {
  CleanedText c = clean_text("Talks \xFF\xFE ended.\n\xE2\x80", "");
  BOOST_TEST(c.text == "Talks \xEF\xBF\xBD\xEF\xBF\xBD ended.\n\n\xEF\xBF\xBD\xEF\xBF\xBD");
}

BOOST_AUTO_TEST_CASE(long_line_is_linear_and_kept) {
  // 8 MB without punctuation or line breaks: kept whole (never boilerplate).
  std::string raw;
  raw.reserve(8 << 20);
  while (raw.size() < (8u << 20)) raw += "Related talks share \xE2\x80\x9Cnews\xE2\x80\x9D ";
  CleanedText c = clean_text(raw, "Related");
  BOOST_TEST(c.dropped.empty());
  // Each 31-byte unit loses 4 bytes to the two curly quotes; the last space goes.
  BOOST_TEST(c.text.size() == raw.size() / 31 * 27 - 1);
  std::vector<Sentence> s = split_sentences(c.text);
  BOOST_TEST(s.size() == 1u);
}

// --- normalisation ------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(normalises_typography) {
  std::string raw =
      "\xE2\x80\x9CWe agree,\xE2\x80\x9D said the minister\xE2\x80\x99s aide \xE2\x80\x94 "
      "twice\xE2\x80\x93thrice.\xC2\xA0Then\xE2\x80\xAF"
      "he\xE2\x80\x8B left\xE2\x80\xA6 co\xC2\xADoperation   and\tmore \xC2\xABok\xC2\xBB.";
  CleanedText c = clean_text(raw, "");
  BOOST_TEST(c.text ==
             "\"We agree,\" said the minister's aide - twice-thrice. Then he left... cooperation "
             "and more \xC2\xABok\xC2\xBB.");
  check_round_trip(raw, c);
}

BOOST_AUTO_TEST_CASE(crlf_and_paragraphs) {
  CleanedText c = clean_text("First line here.\r\n\r\n\r\nSecond one.\r\nThird one.\r\n", "");
  BOOST_TEST(c.text == "First line here.\n\nSecond one.\n\nThird one.");
  BOOST_TEST(c.text.find('\r') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(hard_wrapped_lines_are_joined) {
  std::string raw =
      "The two delegations met in the capital on Monday and agreed\n"
      "on a timetable for further talks,\n"
      "officials said.\n"
      "A short headline like line\n"
      "Another paragraph starts here.\n";
  CleanedText c = clean_text(raw, "");
  BOOST_TEST(c.text ==
             "The two delegations met in the capital on Monday and agreed on a timetable for "
             "further talks, officials said.\n\nA short headline like line\n\nAnother paragraph "
             "starts here.");
  check_round_trip(raw, c);
}

BOOST_AUTO_TEST_CASE(offset_map_anchors_every_edit) {
  std::string raw = "A\xE2\x80\x94" "B \xE2\x80\x9C" "C\xE2\x80\x9D  D\r\n\r\nE";
  CleanedText c = clean_text(raw, "");
  BOOST_TEST(c.text == "A-B \"C\" D\n\nE");
  const std::size_t expected[] = {0, 1, 4, 5, 6, 9, 10, 13, 15, 16, 17, 20};
  for (std::size_t i = 0; i < c.text.size(); ++i) {
    BOOST_TEST(c.map.to_raw(i) == expected[i], "cleaned offset " << i);
  }
  BOOST_TEST(c.map.to_raw(c.text.size()) == raw.size());
}

// --- boilerplate --------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(headline_kept_once_and_first) {
  std::string raw = "Home / World / Talks resume in Lindau\n\nTalks resume in Lindau\n\n"
                    "By Staff Reporter\n\nTalks resumed on Monday.\n\nTalks resume in Lindau\n";
  CleanedText c = clean_text(raw, "Home / World / Talks resume in Lindau");
  BOOST_TEST(c.title == "Talks resume in Lindau");
  BOOST_TEST(c.text == "Talks resume in Lindau\n\nTalks resumed on Monday.");
  BOOST_TEST(c.dropped.size() == 3u);
}

BOOST_AUTO_TEST_CASE(headline_taken_from_breadcrumb_when_not_repeated) {
  std::string raw = "News \xC2\xBB World \xC2\xBB Brasca and Tolmin sign a water pact\n\n"
                    "The pact was signed on Monday.\n";
  CleanedText c = clean_text(raw, "News \xC2\xBB World \xC2\xBB Brasca and Tolmin sign a water pact");
  BOOST_TEST(c.title == "Brasca and Tolmin sign a water pact");
  BOOST_TEST(c.text == "Brasca and Tolmin sign a water pact\n\nThe pact was signed on Monday.");
  BOOST_TEST(c.map.to_raw(0) == raw.find("Brasca"));
}

BOOST_AUTO_TEST_CASE(drops_single_boilerplate_lines) {
  const std::vector<std::string> junk = {
      "Home > World > Asia", "News \xC2\xBB World", "By Staff Reporter",
      "By Jane Doe | Reuters", "(Reporting by Jane Doe; Editing by John Roe)",
      "Published: April 7, 2021 10:00 AM", "Updated 2 hours ago", "5 min read",
      "Thu 10th September 2020 | 08:23 PM PKT", "Share on Facebook", "Tweet", "WhatsApp",
      "Facebook | Twitter | Email", "\xC2\xA9 2021 Example Media Group",
      "Copyright 2021 Example Media", "All rights reserved.", "Follow us on Twitter",
      "Subscribe to our newsletter", "Advertisement", "Example Times", "example-times.com",
      "https://example.com/world/talks", "Read more: Lindau hosts another round of talks",
      "Also read: The envoy who came in from the cold"};
  std::string raw;
  for (const auto& j : junk) raw += j + "\n";
  raw += "\nThe talks ended on Friday without an agreement.\n";
  CleanedText c = clean_text(raw, "", "Example Times");
  BOOST_TEST(c.text == "The talks ended on Friday without an agreement.");
  BOOST_TEST(c.dropped == junk, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(tail_markers_cut_to_the_end) {
  for (std::string marker : {"Check Also", "Related", "Related Articles", "Read more",
                             "Also read", "You may also like", "More from World",
                             "Share this", "Comments", "Comments (12)", "RELATED:"}) {
    std::string raw = "The envoys met on Tuesday.\n\n" + marker +
                      "\n\nAnother story about sanctions on Vesteria\n\nAnd its long body.\n";
    CleanedText c = clean_text(raw, "");
    BOOST_TEST(c.text == "The envoys met on Tuesday.", "marker: " << marker);
    BOOST_TEST(c.dropped.size() == 3u);
  }
}

BOOST_AUTO_TEST_CASE(tail_marker_before_any_body_drops_only_itself) {
  CleanedText c = clean_text("Trending\nRelated\n\nThe envoys met on Tuesday.\n", "");
  BOOST_TEST(c.text == "The envoys met on Tuesday.");
  BOOST_TEST(c.dropped.size() == 2u);
}

BOOST_AUTO_TEST_CASE(never_drops_body_lines_that_look_alike) {
  std::string raw = test::read_file(test::data_dir() / "cleaner/keep_body.txt");
  CleanedText c = clean_text(raw, "Trending");
  BOOST_TEST(c.title == "Ostrava talks: what we know");
  BOOST_TEST(count(c.text, "Ostrava talks: what we know") == 1u);
  BOOST_TEST(c.text.starts_with("Ostrava talks: what we know\n\nBy the end of the week"));
  for (std::string_view kept :
       {"By the end of the week, the two", "Related talks on water sharing",
        "Comments from the ministry", "Share prices rose 3 percent",
        "Copyright law was also on the agenda", "Subscribers to the treaty",
        "Read more about the talks: officials said"}) {
    BOOST_TEST(c.text.find(kept) != std::string::npos, "lost: " << kept);
  }
  BOOST_TEST(c.dropped == (std::vector<std::string>{"Trending", "Ostrava talks: what we know",
                                                    "Ostrava talks: what we know"}),
             boost::test_tools::per_element());
  check_round_trip(raw, c);
}

BOOST_AUTO_TEST_CASE(scraped_page_with_crlf) {
  std::string raw = test::read_file(test::data_dir() / "cleaner/scraped_crlf.txt");
  CleanedText c = clean_text(raw, "Home > World > Asia", "Harbour Gazette");
  BOOST_TEST(c.title == "Ministers of Norland and Vesteria sign a fisheries accord in Port Alder");
  std::vector<std::string> paras = paragraphs_of(c.text);
  BOOST_TEST_REQUIRE(paras.size() == 5u);
  BOOST_TEST(paras[0] == c.title);
  BOOST_TEST(paras[1].starts_with("PORT ALDER: The foreign ministers"));
  BOOST_TEST(paras[2].starts_with("\"This accord shows what patient diplomacy can do,\" said "
                                  "Norland's minister"));
  BOOST_TEST(paras[3].starts_with("The agreement - the first of its kind in the region - sets"));
  BOOST_TEST(paras[3].find("a joint commission") != std::string::npos);
  BOOST_TEST(paras[4] ==
             "Vesterian officials said the deal was worth about 2.5 billion kroner over ten "
             "years... Critics in the opposition called it a give-away.");
  BOOST_TEST(has_line(c.dropped, "Home > World > Asia"));
  BOOST_TEST(has_line(c.dropped, "Harbour Gazette"));
  BOOST_TEST(has_line(c.dropped, "Related Articles"));
  BOOST_TEST(has_line(c.dropped, "Vesteria and Norland hold talks on energy"));
  BOOST_TEST(has_line(c.dropped, "Follow us on Twitter"));
  BOOST_TEST(c.dropped.size() == 15u);
  check_round_trip(raw, c);
}

BOOST_AUTO_TEST_CASE(scraped_page_hard_wrapped_with_bullets) {
  std::string raw = test::read_file(test::data_dir() / "cleaner/scraped_wrapped.txt");
  std::string first_line = raw.substr(0, raw.find('\n'));
  CleanedText c = clean_text(raw, first_line);
  BOOST_TEST(c.title == "Brasca and Tolmin agree to reopen border crossings");
  std::vector<std::string> paras = paragraphs_of(c.text);
  BOOST_TEST_REQUIRE(paras.size() == 7u);
  BOOST_TEST(paras[0] == c.title);
  BOOST_TEST(paras[1].ends_with("the interior ministry said in a statement."));
  BOOST_TEST(paras[3] == "- Sava bridge, open to freight from Monday");
  BOOST_TEST(paras[4] == "- the mountain pass at Gorna, open to cars only");
  BOOST_TEST(paras[5] == "* the rail link to Velika, from June");
  BOOST_TEST(paras[6].ends_with("how many officers would be deployed."));
  BOOST_TEST(c.dropped == (std::vector<std::string>{"By Staff Reporter", "Updated 2 hours ago",
                                                    "Share this",
                                                    "Brasca sends aid to flood-hit Tolmin",
                                                    "Comments (14)"}),
             boost::test_tools::per_element());
  check_round_trip(raw, c);
}

// --- the seed article ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(seed_article) {
  auto path = test::shared_dir() / "seed/article-pakistan-russia.txt";
  if (!std::filesystem::exists(path)) {
    BOOST_TEST_MESSAGE("skipped: seed article not found at " << path);
    return;
  }
  std::string raw = test::read_file(path);
  std::string first_line = raw.substr(0, raw.find('\n'));
  CleanedText c = clean_text(raw, first_line);

  BOOST_TEST(c.title == first_line.substr(first_line.rfind(" / ") + 3));
  BOOST_TEST(c.text.find("Home /") == std::string::npos);
  BOOST_TEST(c.text.find("Check Also") == std::string::npos);
  BOOST_TEST(count(c.text, c.title) == 1u);
  BOOST_TEST(c.text.starts_with(c.title + "\n\n"));
  for (std::string_view curly : {"\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x99", "\xE2\x80\x93",
                                 "\xC2\xA0"}) {
    BOOST_TEST(c.text.find(curly) == std::string::npos);
  }
  BOOST_TEST(c.text.find("\"Building multi-dimensional relations") != std::string::npos);

  // Every body paragraph of the raw text (between the headline and "Check Also") is
  // kept: compare the first words of each.
  std::size_t body_begin = raw.find(c.title, first_line.size()) + c.title.size();
  std::size_t body_end = raw.find("Check Also");
  BOOST_TEST_REQUIRE(body_end != std::string::npos);
  std::vector<std::string> paras = paragraphs_of(c.text);
  std::size_t raw_paragraphs = 0;
  for (std::size_t b = body_begin; b < body_end;) {
    std::size_t e = raw.find('\n', b);
    if (e == std::string::npos || e > body_end) e = body_end;
    std::vector<std::string> w = words_of(raw.substr(b, e - b));
    if (!w.empty()) {
      ++raw_paragraphs;
      w.resize(std::min<std::size_t>(w.size(), 4));
      bool found = std::any_of(paras.begin(), paras.end(), [&](const std::string& p) {
        std::vector<std::string> pw = words_of(p);
        pw.resize(std::min(pw.size(), w.size()));
        return pw == w;
      });
      BOOST_TEST(found, "paragraph lost: " << raw.substr(b, std::min<std::size_t>(60, e - b)));
    }
    b = e + 1;
  }
  BOOST_TEST(paras.size() == raw_paragraphs + 1);  // plus the headline
  BOOST_TEST(raw_paragraphs >= 10u);
  check_round_trip(raw, c);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace dipgraph
