// Lets Boost.Test print coverkit's enums in failed assertions.
#ifndef COVERKIT_TESTS_SUPPORT_PRINT_HPP
#define COVERKIT_TESTS_SUPPORT_PRINT_HPP

#include <coverkit/error.hpp>

#include <ostream>

namespace coverkit {

inline std::ostream& boost_test_print_type(std::ostream& os, error e)
{
    return os << make_error_code(e).message() << " [coverkit:" << static_cast<int>(e) << ']';
}

} // namespace coverkit

#endif
