//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_VERSION_HPP
#define COVERKIT_VERSION_HPP

// The one place the version is written. CMake's project(VERSION), the package manifests'
// checks and the default User-Agent all read it from here. While the major version is 0, a
// minor version may change the API: the CMake package is compatible only within one minor
// version.

/// The major version: incompatible changes once it is 1 or more.
#define COVERKIT_VERSION_MAJOR 0
/// The minor version: new features; while the major version is 0, also API changes.
#define COVERKIT_VERSION_MINOR 1
/// The patch version: fixes that keep the API.
#define COVERKIT_VERSION_PATCH 0

#define COVERKIT_VERSION_STR_(x) #x
#define COVERKIT_VERSION_STR(x) COVERKIT_VERSION_STR_(x)

/// "MAJOR.MINOR.PATCH", for example "0.1.0".
#define COVERKIT_VERSION_STRING                                                                    \
    COVERKIT_VERSION_STR(COVERKIT_VERSION_MAJOR)                                                   \
    "." COVERKIT_VERSION_STR(COVERKIT_VERSION_MINOR) "." COVERKIT_VERSION_STR(                     \
        COVERKIT_VERSION_PATCH)

/// MAJOR * 10000 + MINOR * 100 + PATCH, for comparisons in `#if`: 0.1.0 is 100.
#define COVERKIT_VERSION                                                                           \
    (COVERKIT_VERSION_MAJOR * 10000 + COVERKIT_VERSION_MINOR * 100 + COVERKIT_VERSION_PATCH)

namespace coverkit {

/// The `User-Agent` coverkit sends when a request has none: "coverkit/MAJOR.MINOR.PATCH".
inline constexpr char const default_user_agent[] = "coverkit/" COVERKIT_VERSION_STRING;

} // namespace coverkit

#endif
