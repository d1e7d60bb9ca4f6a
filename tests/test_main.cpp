#define BOOST_TEST_MODULE dipgraph
#include <boost/test/unit_test.hpp>
