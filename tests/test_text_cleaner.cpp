#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(text_cleaner)
BOOST_AUTO_TEST_SUITE_END()
