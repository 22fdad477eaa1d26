// The headers nearly every test file includes, compiled once for the whole test executable
// (CMake's precompiled header). Parsing them was about a quarter of each test file's compile
// time. Test files still include what they use: this file only makes it faster.
#ifndef COVERKIT_TESTS_SUPPORT_PCH_HPP
#define COVERKIT_TESTS_SUPPORT_PCH_HPP

#include <coverkit.hpp>
#include <coverkit/fake/listener.hpp>
#include <coverkit/fake/server.hpp>
#include <coverkit/transport/http.hpp>
#include <coverkit/transport/in_process.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#endif
