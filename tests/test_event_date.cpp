#include "coder/event_date.h"

#include <boost/test/unit_test.hpp>

using dipgraph::CalendarDate;
using dipgraph::coder::resolve_event_date;

namespace {

// 2021-04-07 was a Wednesday.
const CalendarDate kWednesday{2021, 4, 7};

std::string resolved(std::string_view sentence, CalendarDate published = kWednesday) {
  auto d = resolve_event_date(sentence, published);
  return d ? dipgraph::to_iso(*d) : std::string("none");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(event_date)

BOOST_AUTO_TEST_CASE(no_date_stated) {
  BOOST_TEST(resolved("") == "none");
  BOOST_TEST(resolved("Pakistan and Russia agreed to expand trade.") == "none");
  BOOST_TEST(resolved("the first visit by a Russian foreign minister since 2012") == "none");
  BOOST_TEST(resolved("They may meet again.") == "none");  // "may" is not May
}

BOOST_AUTO_TEST_CASE(unknown_publication_date_resolves_nothing) {
  BOOST_TEST(resolved("on Wednesday", CalendarDate{}) == "none");
}

BOOST_AUTO_TEST_CASE(weekdays_look_back_from_publication) {
  BOOST_TEST(resolved("Qureshi welcomed Lavrov on Wednesday.") == "2021-04-07");
  BOOST_TEST(resolved("The two met on Monday.") == "2021-04-05");
  BOOST_TEST(resolved("Talks were held on Thursday.") == "2021-04-01");
  BOOST_TEST(resolved("They spoke last Wednesday.") == "2021-03-31");
}

BOOST_AUTO_TEST_CASE(weekdays_in_future_tense_look_ahead) {
  BOOST_TEST(resolved("The ministers will meet on Friday.") == "2021-04-09");
  BOOST_TEST(resolved("Talks resume next Wednesday.") == "2021-04-14");
  BOOST_TEST(resolved("He is scheduled to arrive on Monday.") == "2021-04-12");
}

BOOST_AUTO_TEST_CASE(relative_days_weeks_months_years) {
  BOOST_TEST(resolved("India summoned the envoy yesterday.") == "2021-04-06");
  BOOST_TEST(resolved("The call took place this morning.") == "2021-04-07");
  BOOST_TEST(resolved("He arrives tomorrow.") == "2021-04-08");
  BOOST_TEST(resolved("the trilateral meeting held in Moscow last month") == "2021-03-01");
  BOOST_TEST(resolved("talks resume next month") == "2021-05-01");
  BOOST_TEST(resolved("the deal signed last week") == "2021-03-31");
  BOOST_TEST(resolved("sanctions imposed last year") == "2020-01-01");
  BOOST_TEST(resolved("a summit last month", CalendarDate{2021, 1, 15}) == "2020-12-01");
}

BOOST_AUTO_TEST_CASE(day_and_month_without_year) {
  BOOST_TEST(resolved("The accord was signed on 5 March.") == "2021-03-05");
  BOOST_TEST(resolved("They met on March 5th in Geneva.") == "2021-03-05");
  BOOST_TEST(resolved("signed on 20 December", CalendarDate{2021, 1, 10}) == "2020-12-20");
  // An announcement up to a month ahead keeps the publication year.
  BOOST_TEST(resolved("The summit will open on 1 May.") == "2021-05-01");
  BOOST_TEST(resolved("talks on 31 February") == "none");
}

BOOST_AUTO_TEST_CASE(month_alone_after_in) {
  BOOST_TEST(resolved("The two sides met in March.") == "2021-03-01");
  BOOST_TEST(resolved("The two sides met in May.") == "2020-05-01");
  BOOST_TEST(resolved("The two sides will meet in May.") == "2021-05-01");
}

BOOST_AUTO_TEST_CASE(full_dates_win) {
  BOOST_TEST(resolved("The treaty signed on 5 March 2019 expired.") == "2019-03-05");
  BOOST_TEST(resolved("On April 1, 2020, they met.") == "2020-04-01");
}

BOOST_AUTO_TEST_CASE(first_expression_wins) {
  BOOST_TEST(resolved("Yesterday he said talks would resume next month.") == "2021-04-06");
}

BOOST_AUTO_TEST_SUITE_END()
