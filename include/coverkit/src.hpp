//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_SRC_HPP
#define COVERKIT_SRC_HPP

/* coverkit's compiled parts, for separate compilation: include this header in exactly one
   source file of the program, and define COVERKIT_SEPARATE_COMPILATION in every translation
   unit (that one included), for example with `-DCOVERKIT_SEPARATE_COMPILATION`. The other
   translation units then declare `http_transport`'s exchange machinery (Beast's HTTP and TLS
   operations) instead of compiling it. The CMake package's `coverkit::coverkit_compiled`
   target does both. */

#if !defined(COVERKIT_SEPARATE_COMPILATION)
#error                                                                                             \
    "<coverkit/src.hpp> is for separate compilation: define COVERKIT_SEPARATE_COMPILATION in every translation unit"
#endif

#include <coverkit/transport/http.hpp>
#include <coverkit/transport/impl/http.ipp>

#endif
