#include "dipgraph/diagnostics.h"

#include <boost/test/unit_test.hpp>

#include "dipgraph/types.h"

using namespace dipgraph;

BOOST_AUTO_TEST_SUITE(diagnostics)

BOOST_AUTO_TEST_CASE(file_only) {
  Diagnostic d{Severity::kError, "a.txt", 0, 0, "cannot open file", {}};
  BOOST_TEST(format_diagnostic(d) == "a.txt: error: cannot open file");
}

BOOST_AUTO_TEST_CASE(file_line_column_with_caret) {
  Diagnostic d{Severity::kError, "news.jsonl", 3, 5, "Missing a name for object member.",
               "{\"a\"}"};
  BOOST_TEST(format_diagnostic(d) ==
             "news.jsonl:3:5: error: Missing a name for object member.\n{\"a\"}\n    ^");
}

BOOST_AUTO_TEST_CASE(warning_without_column) {
  Diagnostic d{Severity::kWarning, "dir/x.pdf", 7, 0, "skipped", {}};
  BOOST_TEST(format_diagnostic(d) == "dir/x.pdf:7: warning: skipped");
}

BOOST_AUTO_TEST_CASE(long_excerpt_is_cut_around_the_column) {
  std::string line(300, 'a');
  line[200] = 'X';
  Diagnostic d{Severity::kError, "f", 1, 201, "bad", line};
  std::string text = format_diagnostic(d);
  auto first_nl = text.find('\n');
  auto second_nl = text.find('\n', first_nl + 1);
  std::string excerpt = text.substr(first_nl + 1, second_nl - first_nl - 1);
  std::string caret = text.substr(second_nl + 1);
  BOOST_TEST(excerpt.size() == 80u);
  BOOST_TEST(excerpt[caret.size() - 1] == 'X');
}

BOOST_AUTO_TEST_CASE(control_bytes_in_excerpt_are_masked) {
  Diagnostic d{Severity::kError, "f", 1, 2, "NUL byte", std::string("a\0b", 3)};
  BOOST_TEST(format_diagnostic(d) == "f:1:2: error: NUL byte\na?b\n ^");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_in_excerpt_is_masked) {
  Diagnostic d{Severity::kError, "f", 1, 3, "invalid UTF-8", "ab\xFF\xC3-z \xC3\xA9"};
  BOOST_TEST(format_diagnostic(d) == "f:1:3: error: invalid UTF-8\nab?" "?-z \xC3\xA9\n  ^");
}

BOOST_AUTO_TEST_CASE(error_carries_its_diagnostic) {
  Error e("db.sqlite", "not a dipgraph store");
  BOOST_TEST(std::string(e.what()) == "db.sqlite: error: not a dipgraph store");
  BOOST_TEST(e.diagnostic().file == "db.sqlite");
}

BOOST_AUTO_TEST_CASE(offset_map_identity_and_runs) {
  OffsetMap empty;
  BOOST_TEST(empty.to_raw(17u) == 17u);
  // raw: "\xE2\x80\x9CHi\xE2\x80\x9D" (curly quotes) -> cleaned: "\"Hi\""
  OffsetMap m;
  m.add_anchor(0, 0);
  m.add_anchor(1, 3);  // after the opening quote
  m.add_anchor(3, 5);  // closing quote
  m.add_anchor(4, 8);  // after it
  BOOST_TEST(m.to_raw(0u) == 0u);
  BOOST_TEST(m.to_raw(1u) == 3u);
  BOOST_TEST(m.to_raw(2u) == 4u);
  BOOST_TEST(m.to_raw(3u) == 5u);
  BOOST_TEST(m.to_raw(4u) == 8u);
  BOOST_TEST(m.anchors() == 4u);
}

BOOST_AUTO_TEST_SUITE_END()
