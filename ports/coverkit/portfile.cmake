# An overlay port that builds coverkit from the checkout it sits in:
#   vcpkg install coverkit --overlay-ports=<checkout>/ports
#   vcpkg install "coverkit[fake-server]" --overlay-ports=<checkout>/ports
set(SOURCE_PATH "${CMAKE_CURRENT_LIST_DIR}/../..")

vcpkg_check_features(OUT_FEATURE_OPTIONS FEATURE_OPTIONS
  FEATURES
    fake-server COVERKIT_BUILD_FAKE_SERVER)

if(NOT "fake-server" IN_LIST FEATURES)
  # The client alone is header-only: one configuration is enough.
  set(VCPKG_BUILD_TYPE release)
endif()

vcpkg_cmake_configure(
  SOURCE_PATH "${SOURCE_PATH}"
  OPTIONS
    ${FEATURE_OPTIONS}
    -DCOVERKIT_INSTALL=ON
    -DCOVERKIT_BUILD_TESTS=OFF
    -DCOVERKIT_BUILD_EXAMPLES=OFF
    -DCOVERKIT_BUILD_BENCHMARKS=OFF
    -DCOVERKIT_BUILD_CLI=OFF
    "-DCOVERKIT_INSTALL_CMAKEDIR=share/${PORT}"
    -DCOVERKIT_INSTALL_PKGCONFIGDIR=share/pkgconfig
)
vcpkg_cmake_install()
vcpkg_cmake_config_fixup()
vcpkg_fixup_pkgconfig()

if("fake-server" IN_LIST FEATURES)
  # The program goes to tools/coverkit; vcpkg_cmake_config_fixup has pointed the imported
  # target coverkit::coverkit-fake-server there.
  vcpkg_copy_tools(TOOL_NAMES coverkit-fake-server AUTO_CLEAN)
endif()
file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/debug/include" "${CURRENT_PACKAGES_DIR}/share/doc")

file(INSTALL "${CMAKE_CURRENT_LIST_DIR}/usage" DESTINATION "${CURRENT_PACKAGES_DIR}/share/${PORT}")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
