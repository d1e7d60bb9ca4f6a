#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(news_date)
BOOST_AUTO_TEST_SUITE_END()
