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

  if(NOT TARGET coverkit::turbojpeg)
    # libjpeg-turbo's own CMake package, as its upstream build, Debian, Conan and vcpkg install
    # it; else the header and library where the compiler finds them.
    find_package(libjpeg-turbo CONFIG QUIET)
    if(TARGET libjpeg-turbo::turbojpeg)
      set(turbojpeg libjpeg-turbo::turbojpeg)
    elseif(TARGET libjpeg-turbo::turbojpeg-static)
      set(turbojpeg libjpeg-turbo::turbojpeg-static)
    else()
      find_path(COVERKIT_TURBOJPEG_INCLUDE_DIR turbojpeg.h)
      find_library(COVERKIT_TURBOJPEG_LIBRARY turbojpeg)
      if(COVERKIT_TURBOJPEG_INCLUDE_DIR AND COVERKIT_TURBOJPEG_LIBRARY)
        set(turbojpeg ${COVERKIT_TURBOJPEG_LIBRARY})
      endif()
    endif()
    if(turbojpeg)
      add_library(coverkit::turbojpeg INTERFACE IMPORTED)
      target_link_libraries(coverkit::turbojpeg INTERFACE ${turbojpeg})
      if(COVERKIT_TURBOJPEG_INCLUDE_DIR AND NOT TARGET libjpeg-turbo::turbojpeg
         AND NOT TARGET libjpeg-turbo::turbojpeg-static)
        target_include_directories(coverkit::turbojpeg INTERFACE ${COVERKIT_TURBOJPEG_INCLUDE_DIR})
      endif()
    else()
      list(APPEND missing "libjpeg-turbo's TurboJPEG (libjpeg-turbo)")
    endif()
  endif()

  if(NOT TARGET coverkit::isal)
    # ISA-L has no CMake package of its own: Conan's is isa-l::isa-l, vcpkg's
    # unofficial::isal::isal; else (Debian, upstream's make install) the header and library
    # where the compiler finds them.
    find_package(isa-l CONFIG QUIET)
    find_package(unofficial-isal CONFIG QUIET)
    if(TARGET isa-l::isa-l)
      set(isal isa-l::isa-l)
    elseif(TARGET unofficial::isal::isal)
      set(isal unofficial::isal::isal)
    else()
      find_path(COVERKIT_ISAL_INCLUDE_DIR isa-l/igzip_lib.h)
      find_library(COVERKIT_ISAL_LIBRARY NAMES isal isa-l)
      if(COVERKIT_ISAL_INCLUDE_DIR AND COVERKIT_ISAL_LIBRARY)
        set(isal ${COVERKIT_ISAL_LIBRARY})
      endif()
    endif()
    if(isal)
      add_library(coverkit::isal INTERFACE IMPORTED)
      target_link_libraries(coverkit::isal INTERFACE ${isal})
      if(NOT TARGET isa-l::isa-l AND NOT TARGET unofficial::isal::isal)
        target_include_directories(coverkit::isal INTERFACE ${COVERKIT_ISAL_INCLUDE_DIR})
      endif()
    else()
      list(APPEND missing "ISA-L (isa-l)")
    endif()
  endif()

  if(missing AND arg_REQUIRED)
    list(JOIN missing ", " text)
    message(FATAL_ERROR "coverkit's fake server needs ${text}, which was not found. Install it, "
                        "or configure with -DCOVERKIT_BUILD_FAKE_SERVER=OFF to build the client "
                        "alone.")
  endif()
  set(coverkit_picture_libraries_MISSING "${missing}" PARENT_SCOPE)
endfunction()
