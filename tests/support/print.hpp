// Lets Boost.Test print coverkit's enums in failed assertions.
#ifndef COVERKIT_TESTS_SUPPORT_PRINT_HPP
#define COVERKIT_TESTS_SUPPORT_PRINT_HPP

#include <coverkit/error.hpp>

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>

#include <ostream>

namespace coverkit {

inline std::ostream& boost_test_print_type(std::ostream& os, error e)
{
    return os << make_error_code(e).message() << " [coverkit:" << static_cast<int>(e) << ']';
}

} // namespace coverkit

// The transport errors tests compare codes with.
namespace boost::beast::http {
inline std::ostream& boost_test_print_type(std::ostream& os, error e)
{
    return os << make_error_code(e).message();
}
} // namespace boost::beast::http

namespace boost::beast {
inline std::ostream& boost_test_print_type(std::ostream& os, error e)
{
    return os << make_error_code(e).message();
}
} // namespace boost::beast

namespace boost::asio::error {
inline std::ostream& boost_test_print_type(std::ostream& os, basic_errors e)
{
    return os << make_error_code(e).message();
}
} // namespace boost::asio::error

#endif
