#ifndef COVERKIT_DETAIL_CONFIG_HPP
#define COVERKIT_DETAIL_CONFIG_HPP

// How coverkit's compiled parts are declared. Header-only (the default), they are inline and
// compiled in every translation unit that uses them. With COVERKIT_SEPARATE_COMPILATION
// defined in every translation unit, they are ordinary functions, compiled once, in the one
// source file that includes <coverkit/src.hpp> (README, "Compile time").
#if defined(COVERKIT_SEPARATE_COMPILATION)
#define COVERKIT_DECL
#else
#define COVERKIT_DECL inline
#endif

#endif
