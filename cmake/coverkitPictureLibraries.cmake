# The libraries the fake server draws its pictures with, found the same way when coverkit is
# built and when its installed package is used (coverkitConfig.cmake includes this file):
#
#   coverkit_find_picture_libraries([REQUIRED])
#
# defines the imported targets PNG::PNG (libpng 1.6), Freetype::Freetype,
# coverkit::turbojpeg (libjpeg-turbo's TurboJPEG API) and coverkit::isal (ISA-L, whose igzip
# compresses the PNGs the fake draws), and sets
# coverkit_picture_libraries_MISSING in the caller's scope to what was not found (empty when
# all were). With REQUIRED, anything missing is a fatal error naming it.
#
# stb_image_resize is not among them: it is compiled into the fake server's library, so only
# building coverkit needs it (fake-server/CMakeLists.txt).

# _coverkit_import_library(<target> <description> PACKAGES <package>... TARGETS <target>...
#                          HEADER <header> NAMES <library>... CACHE_PREFIX <prefix>)
#
# Defines the INTERFACE IMPORTED <target> from the first of TARGETS that one of the CMake config
# PACKAGES defines; else from HEADER and a library called one of NAMES where the compiler finds
# them (cache variables <prefix>_INCLUDE_DIR and <prefix>_LIBRARY). When neither is there,
# appends <description> to the caller's `missing`. Does nothing when <target> exists.
function(_coverkit_import_library target description)
  cmake_parse_arguments(arg "" "HEADER;CACHE_PREFIX" "PACKAGES;TARGETS;NAMES" ${ARGN})
  if(TARGET ${target})
    return()
  endif()
  foreach(package IN LISTS arg_PACKAGES)
    find_package(${package} CONFIG QUIET)
  endforeach()
  set(library)
  foreach(candidate IN LISTS arg_TARGETS)
    if(TARGET ${candidate})
      set(library ${candidate})
      break()
    endif()
  endforeach()
  set(include_dir)
  if(NOT library)
    find_path(${arg_CACHE_PREFIX}_INCLUDE_DIR ${arg_HEADER})
    find_library(${arg_CACHE_PREFIX}_LIBRARY NAMES ${arg_NAMES})
    if(${arg_CACHE_PREFIX}_INCLUDE_DIR AND ${arg_CACHE_PREFIX}_LIBRARY)
      set(library ${${arg_CACHE_PREFIX}_LIBRARY})
      set(include_dir ${${arg_CACHE_PREFIX}_INCLUDE_DIR})
    endif()
  endif()
  if(NOT library)
    set(missing ${missing} "${description}" PARENT_SCOPE)
    return()
  endif()
  add_library(${target} INTERFACE IMPORTED)
  target_link_libraries(${target} INTERFACE ${library})
  if(include_dir)
    target_include_directories(${target} INTERFACE ${include_dir})
  endif()
endfunction()

function(coverkit_find_picture_libraries)
  cmake_parse_arguments(arg "REQUIRED" "" "" ${ARGN})
  set(missing)

  find_package(PNG 1.6 QUIET)
  if(NOT TARGET PNG::PNG)
    list(APPEND missing "libpng 1.6 (PNG)")
  endif()

  find_package(Freetype QUIET)
  if(NOT TARGET Freetype::Freetype)
    list(APPEND missing "FreeType (Freetype)")
  endif()

  # libjpeg-turbo's own CMake package, as its upstream build, Debian, Conan and vcpkg install it.
  _coverkit_import_library(coverkit::turbojpeg "libjpeg-turbo's TurboJPEG (libjpeg-turbo)"
    PACKAGES libjpeg-turbo
    TARGETS libjpeg-turbo::turbojpeg libjpeg-turbo::turbojpeg-static
    HEADER turbojpeg.h NAMES turbojpeg CACHE_PREFIX COVERKIT_TURBOJPEG)
  # ISA-L has no CMake package of its own: Conan's is isa-l::isa-l, vcpkg's
  # unofficial::isal::isal; Debian and upstream's make install have only the files.
  _coverkit_import_library(coverkit::isal "ISA-L (isa-l)"
    PACKAGES isa-l unofficial-isal
    TARGETS isa-l::isa-l unofficial::isal::isal
    HEADER isa-l/igzip_lib.h NAMES isal isa-l CACHE_PREFIX COVERKIT_ISAL)

  if(missing AND arg_REQUIRED)
    list(JOIN missing ", " text)
    message(FATAL_ERROR "coverkit's fake server needs ${text}, which was not found. Install it, "
                        "or configure with -DCOVERKIT_BUILD_FAKE_SERVER=OFF to build the client "
                        "alone.")
  endif()
  set(coverkit_picture_libraries_MISSING "${missing}" PARENT_SCOPE)
endfunction()
