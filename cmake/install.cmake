# Install rules and package files: the headers, the CMake package (coverkitConfig.cmake, its
# version file and exported targets), coverkit.pc, the license, and with the fake server its
# library and program. Included from the top-level CMakeLists.txt when COVERKIT_INSTALL is ON.
include(CMakePackageConfigHelpers)

set(COVERKIT_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/coverkit"
    CACHE STRING "Where coverkitConfig.cmake is installed, relative to the prefix")
set(COVERKIT_INSTALL_PKGCONFIGDIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig"
    CACHE STRING "Where coverkit.pc is installed, relative to the prefix")

# ---- the client: headers and coverkit::coverkit ----
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(TARGETS coverkit EXPORT coverkit_targets)
install(EXPORT coverkit_targets NAMESPACE coverkit:: FILE coverkitTargets.cmake
        DESTINATION "${COVERKIT_INSTALL_CMAKEDIR}")

# ---- the fake server: coverkit::fake_server and coverkit::coverkit-fake-server ----
if(COVERKIT_BUILD_FAKE_SERVER)
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/fake-server/include/"
          DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
  install(TARGETS coverkit_fake_server coverkit-fake-server EXPORT coverkit_fake_server_targets)
  install(EXPORT coverkit_fake_server_targets NAMESPACE coverkit::
          FILE coverkit-fake-serverTargets.cmake DESTINATION "${COVERKIT_INSTALL_CMAKEDIR}")
  install(FILES "${PROJECT_SOURCE_DIR}/cmake/coverkitPictureLibraries.cmake"
          DESTINATION "${COVERKIT_INSTALL_CMAKEDIR}")
endif()

# ---- the CMake package ----
# The client is header-only, so the package is architecture-independent; while the major
# version is 0, a minor version may break the API, so only the same minor version is compatible
# (0.1.x satisfies a request for 0.1, not 0.2 or 1.0). The fake server's component, compiled,
# checks the architecture itself (coverkitConfig.cmake).
set(COVERKIT_CONFIG_BOOST_VERSION "${Boost_VERSION_MAJOR}.${Boost_VERSION_MINOR}")
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/coverkitConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/package/coverkitConfig.cmake"
  INSTALL_DESTINATION "${COVERKIT_INSTALL_CMAKEDIR}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/package/coverkitConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}" COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES "${PROJECT_BINARY_DIR}/package/coverkitConfig.cmake"
              "${PROJECT_BINARY_DIR}/package/coverkitConfigVersion.cmake"
        DESTINATION "${COVERKIT_INSTALL_CMAKEDIR}")

# ---- coverkit.pc, for pkg-config users of the client ----
# Relocatable: the prefix is found from the .pc file's own place. Boost has no .pc files, so
# its libraries are named with the directory this build found them in.
file(RELATIVE_PATH coverkit_pc_to_prefix
     "${CMAKE_INSTALL_PREFIX}/${COVERKIT_INSTALL_PKGCONFIGDIR}" "${CMAKE_INSTALL_PREFIX}")
string(REGEX REPLACE "/$" "" coverkit_pc_to_prefix "${coverkit_pc_to_prefix}")
set(coverkit_pc_boost_cflags "")
foreach(dir IN LISTS Boost_INCLUDE_DIRS)
  if(NOT dir IN_LIST CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
    string(APPEND coverkit_pc_boost_cflags " -I${dir}")
  endif()
endforeach()
configure_file("${PROJECT_SOURCE_DIR}/cmake/coverkit.pc.in"
               "${PROJECT_BINARY_DIR}/package/coverkit.pc.in" @ONLY)
file(GENERATE OUTPUT "${PROJECT_BINARY_DIR}/package/coverkit.pc"
     INPUT "${PROJECT_BINARY_DIR}/package/coverkit.pc.in")
install(FILES "${PROJECT_BINARY_DIR}/package/coverkit.pc"
        DESTINATION "${COVERKIT_INSTALL_PKGCONFIGDIR}")

install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" DESTINATION "${CMAKE_INSTALL_DOCDIR}")
