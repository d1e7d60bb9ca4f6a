#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>

#include "dipgraph/news_date.h"

using namespace dipgraph;
namespace bdata = boost::unit_test::data;

namespace {

struct DateCase {
  const char* text;
  const char* iso;  // "" when the text must be rejected
};

std::ostream& operator<<(std::ostream& os, const DateCase& c) { return os << '"' << c.text << '"'; }

std::string parsed(const char* text) {
  auto d = parse_news_date(text);
  return d ? to_iso(*d) : std::string();
}

const DateCase kAccepted[] = {
    // ISO 8601 and year-first numeric
    {"2021-04-07", "2021-04-07"},
    {"2021-04-07T10:00:00Z", "2021-04-07"},
    {"2021-04-07T23:30:00+05:00", "2021-04-07"},  // the date as written, no shift to UTC
    {"2021-04-07T00:30:00-08:00", "2021-04-07"},
    {"2021-04-07 10:00", "2021-04-07"},
    {"2021/04/07", "2021-04-07"},
    {"2021-4-7", "2021-04-07"},
    {"Posted on 2020-12-31 by the desk", "2020-12-31"},
    // month first
    {"April 7, 2021", "2021-04-07"},
    {"Apr. 7 2021", "2021-04-07"},
    {"Apr 7, 2021", "2021-04-07"},
    {"Sept. 7, 2021", "2021-09-07"},
    {"Sep 7 2021", "2021-09-07"},
    {"April 7th, 2021", "2021-04-07"},
    {"DECEMBER 25, 1999", "1999-12-25"},
    {"may 1, 2020", "2020-05-01"},
    {"Wednesday, April 7, 2021 10:00 AM PKT", "2021-04-07"},
    {"Published: April 7, 2021", "2021-04-07"},
    {"10:00 AM, April 7, 2021", "2021-04-07"},
    // day first
    {"7 April 2021", "2021-04-07"},
    {"7th April, 2021", "2021-04-07"},
    {"7th of April 2021", "2021-04-07"},
    {"Thu 10th September 2020 | 08:23 PM", "2020-09-10"},
    {"Updated 07 Apr 2021", "2021-04-07"},
    {"1st Jan 2000", "2000-01-01"},
    {"22nd Feb. 2022", "2022-02-22"},
    {"Monday 3rd May, 2021 - 11:15", "2021-05-03"},
    {"7\xC2\xA0"
     "April\xC2\xA0"
     "2021",
     "2021-04-07"},  // no-break spaces from scraped pages
    // leap days and the year range edges
    {"29 February 2020", "2020-02-29"},
    {"2000-02-29", "2000-02-29"},
    {"1900-01-01", "1900-01-01"},
    {"December 31, 2199", "2199-12-31"},
    // the first date wins
    {"May 2021 report, 5 June 2021", "2021-06-05"},
};

const DateCase kRejected[] = {
    {"", ""},
    {"   ", ""},
    {"07/04/2021", ""},  // day-first or month-first? ambiguous
    {"04/07/2021", ""},
    {"07.04.2021", ""},
    {"April 2021", ""},  // no day
    {"2021", ""},
    {"February 30, 2021", ""},
    {"29 February 2021", ""},  // not a leap year
    {"1900-02-29", ""},        // 1900 was not a leap year
    {"2021-13-01", ""},
    {"2021-00-10", ""},
    {"2021-04-31", ""},
    {"April 0, 2021", ""},
    {"April 7, 1850", ""},  // outside 1900..2199
    {"7 April 2200", ""},
    {"April 7, 21", ""},      // two-digit year
    {"Aprilis 7, 2021", ""},  // not an English month
    {"sometime in spring", ""},
    {"Marching 7, 2021", ""},  // a month name must be a whole word
    {"12021-04-07", ""},       // five-digit year
};

}  // namespace

BOOST_AUTO_TEST_SUITE(news_date)

BOOST_DATA_TEST_CASE(accepted_forms, bdata::make(kAccepted), c) {
  BOOST_TEST(parsed(c.text) == std::string(c.iso));
}

BOOST_DATA_TEST_CASE(rejected_forms, bdata::make(kRejected), c) {
  BOOST_TEST(!parse_news_date(c.text).has_value());
}

BOOST_AUTO_TEST_CASE(to_iso_pads) {
  BOOST_TEST(to_iso(CalendarDate{2021, 4, 7}) == "2021-04-07");
  BOOST_TEST(to_iso(CalendarDate{1999, 12, 31}) == "1999-12-31");
}

BOOST_AUTO_TEST_CASE(valid_dates) {
  BOOST_TEST(is_valid_date(2024, 2, 29));
  BOOST_TEST(!is_valid_date(2023, 2, 29));
  BOOST_TEST(is_valid_date(2000, 2, 29));
  BOOST_TEST(!is_valid_date(2100, 2, 29));
  BOOST_TEST(!is_valid_date(2021, 6, 31));
  BOOST_TEST(is_valid_date(2021, 7, 31));
  BOOST_TEST(!is_valid_date(2021, 0, 1));
  BOOST_TEST(!is_valid_date(2021, 1, 0));
}

BOOST_AUTO_TEST_CASE(garbage_never_crashes) {
  // Every prefix of a tricky string, and bytes of all values.
  const std::string tricky = "Thu 10th\xC2\xA0September 2020 | 08:23 PM \xE2\x80\xAF 2021-0";
  for (std::size_t n = 0; n <= tricky.size(); ++n) (void)parse_news_date(tricky.substr(0, n));
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  BOOST_TEST(!parse_news_date(all).has_value());
  BOOST_TEST(!parse_news_date(std::string(100000, '9')).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
