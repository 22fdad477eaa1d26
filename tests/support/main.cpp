// The test module's entry point; every other test file adds suites to it.
#define BOOST_TEST_MODULE coverkit
#include <boost/test/unit_test.hpp>
