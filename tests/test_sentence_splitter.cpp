#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(sentence_splitter)
BOOST_AUTO_TEST_SUITE_END()
