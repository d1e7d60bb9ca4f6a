#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(article_reader)
BOOST_AUTO_TEST_SUITE_END()
