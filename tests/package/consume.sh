#!/usr/bin/env bash
# coverkit taken the ways its users take it, one case per call (tests/package/CMakeLists.txt
# makes each a CTest entry; README, "Using coverkit in your project", shows each route).
#
# usage: consume.sh CASE SOURCE_DIR BUILD_DIR WORK_DIR CXX
#   SOURCE_DIR  coverkit's checkout
#   BUILD_DIR   a configured and built coverkit tree, with the fake server (installed by `install`)
#   WORK_DIR    shared by the cases: prefix/ (the one install every find_package and pkg-config
#               case uses), client-only/ (an install without the fake), consumers' build trees
#   CXX         the compiler the consumers are built with
#
# Cases: install, find_package, find_package_fake, version_refused, component_missing,
# pkg_config, add_subdirectory, fetchcontent, vendored, conan, conan_fake, vcpkg_manifest.
# Exit status 0: passed; 77: skipped (conan not on PATH); anything else: failed.
set -euo pipefail

case_name=${1:?usage: consume.sh CASE SOURCE_DIR BUILD_DIR WORK_DIR CXX}
src=${2:?} build=${3:?} work=${4:?} cxx=${5:?}
prefix=$work/prefix
client_prefix=$work/client-only
consumers=$src/tests/package/consumers
demo_room=0123456789abcdef0123456789abcdef
version=$(sed -n 's/^#define COVERKIT_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\)$/\2/p' \
    "$src/include/coverkit/version.hpp" | paste -sd.)
mkdir -p "$work"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
pass() { echo "PASS: $*"; }

# Output of a command that must succeed, also shown; on failure the log is shown and we stop.
run() { # run LOG COMMAND...
    local log=$1
    shift
    if ! "$@" >"$log" 2>&1; then
        cat "$log" >&2
        fail "$(printf '%q ' "$@")"
    fi
}

# Configures and builds the consumer project SOURCE in WORK_DIR/NAME (a fresh tree each time).
consumer() { # consumer NAME SOURCE [CMAKE ARGS...] [-- BUILD ARGS...]
    local name=$1 source=$2
    shift 2
    local configure_args=() build_args=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        configure_args+=("$1")
        shift
    done
    [ $# -eq 0 ] || { shift; build_args=("$@"); }
    rm -rf "${work:?}/$name"
    run "$work/$name.configure.log" cmake -S "$source" -B "$work/$name" -G Ninja \
        -DCMAKE_CXX_COMPILER="$cxx" "${configure_args[@]}"
    run "$work/$name.build.log" cmake --build "$work/$name" "${build_args[@]}"
}

# Configuring the consumer project SOURCE must fail, with a message matching PATTERN.
consumer_refused() { # consumer_refused NAME SOURCE PATTERN [CMAKE ARGS...]
    local name=$1 source=$2 pattern=$3
    shift 3
    rm -rf "${work:?}/$name"
    if cmake -S "$source" -B "$work/$name" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" "$@" \
        >"$work/$name.log" 2>&1; then
        cat "$work/$name.log" >&2
        fail "$name: configuring succeeded, expected a refusal"
    fi
    grep -Eq "$pattern" "$work/$name.log" || {
        cat "$work/$name.log" >&2
        fail "$name: the refusal does not say /$pattern/"
    }
    pass "$name: refused: $(grep -Em1 "$pattern" "$work/$name.log" | sed 's/^ *//')"
}

# The client program run offline: version and a signed token.
expect_offline_client() { # expect_offline_client PROGRAM LABEL
    local out
    out=$("$1") || fail "$2: $1 exited with $?"
    case $out in "coverkit $version, coverkit/$version, SDK token NETLESSSDK_..."*) ;;
    *) fail "$2: unexpected output: $out" ;; esac
    pass "$2: $out"
}

case $case_name in
install)
    rm -rf "$prefix" "$client_prefix" "$work/client-only-build"
    run "$work/install.log" cmake --install "$build" --prefix "$prefix"
    for f in include/coverkit.hpp include/coverkit/version.hpp include/coverkit/fake/server.hpp \
        lib/cmake/coverkit/coverkitConfig.cmake lib/cmake/coverkit/coverkitConfigVersion.cmake \
        lib/cmake/coverkit/coverkitTargets.cmake \
        lib/cmake/coverkit/coverkit-fake-serverTargets.cmake \
        lib/cmake/coverkit/coverkitPictureLibraries.cmake lib/pkgconfig/coverkit.pc \
        lib/libcoverkit-fake-server.a bin/coverkit-fake-server share/doc/coverkit/LICENSE \
        bin/coverkit share/bash-completion/completions/coverkit; do
        [ -e "$prefix/$f" ] || fail "install: $prefix/$f is missing"
    done
    # Every public header of the client and of the fake, and nothing else.
    diff <(cd "$src/include" && find . -type f | sort) \
        <(cd "$prefix/include" && find . -type f ! -path './coverkit/fake/*' | sort) ||
        fail "install: the client's headers differ from include/"
    diff <(cd "$src/fake-server/include" && find . -type f | sort) \
        <(cd "$prefix/include" && find . -type f -path './coverkit/fake/*' | sort) ||
        fail "install: the fake's headers differ from fake-server/include/"
    pass "install: $(find "$prefix" -type f | wc -l) files under $prefix"

    # The same sources configured without the fake server: header-only, nothing to build.
    run "$work/client-only.configure.log" cmake -S "$src" -B "$work/client-only-build" -G Ninja \
        -DCMAKE_CXX_COMPILER="$cxx" -DCOVERKIT_BUILD_FAKE_SERVER=OFF -DCOVERKIT_BUILD_CLI=OFF
    run "$work/client-only.install.log" cmake --install "$work/client-only-build" \
        --prefix "$client_prefix"
    [ -e "$client_prefix/lib/cmake/coverkit/coverkitConfig.cmake" ] ||
        fail "install: the client-only install has no coverkitConfig.cmake"
    if [ -n "$(find "$client_prefix" -path '*fake*' -print -quit)" ]; then
        fail "install: the client-only install holds the fake: $(find "$client_prefix" -path '*fake*')"
    fi
    pass "install: client only, $(find "$client_prefix" -type f | wc -l) files under $client_prefix"
    ;;

find_package)
    consumer find-package "$consumers/client" -DCMAKE_PREFIX_PATH="$prefix"
    # The standalone fake from the same prefix, on a free loopback port; its first line says
    # where. A FIFO lets us wait for that line (bounded by read -t), not for a guessed time.
    fifo=$work/find-package/fake.out
    mkfifo "$fifo"
    "$prefix/bin/coverkit-fake-server" --listen 127.0.0.1:0 >"$fifo" 2>"$work/find-package/fake.err" &
    fake_pid=$!
    trap 'kill -KILL $fake_pid 2>/dev/null || true' EXIT
    exec 3<"$fifo"
    read -r -t 30 -u 3 line || fail "find_package: coverkit-fake-server did not announce itself"
    url=${line#listening on }
    [ "$url" != "$line" ] || fail "find_package: unexpected first line: $line"
    out=$(timeout 60 "$work/find-package/client" "$url" "$demo_room") ||
        fail "find_package: client against $url exited with $?: $out"
    case $out in *"screenshot "*": image/png, "*" bytes, a PNG") ;;
    *) fail "find_package: unexpected output: $out" ;; esac
    kill -TERM "$fake_pid"
    status=0
    wait "$fake_pid" || status=$?
    trap - EXIT
    [ "$status" -eq 0 ] || fail "find_package: coverkit-fake-server exited with $status on SIGTERM"
    pass "find_package: against $url: ${out//$'\n'/ | }"
    ;;

find_package_fake)
    consumer find-package-fake "$consumers/fake" -DCMAKE_PREFIX_PATH="$prefix"
    out=$(timeout 60 "$work/find-package-fake/fake") || fail "find_package_fake: exited with $?: $out"
    case $out in "in process: "*"image/png, "*" bytes, a PNG") ;;
    *) fail "find_package_fake: unexpected output: $out" ;; esac
    pass "find_package_fake: $out"
    program=$(cat "$work/find-package-fake/fake-server-program.txt")
    [ "$program" = "$prefix/bin/coverkit-fake-server" ] ||
        fail "find_package_fake: coverkit::coverkit-fake-server is $program"
    out=$("$program" --version) || fail "find_package_fake: $program --version exited with $?"
    [ "$out" = "coverkit-fake-server $version" ] || fail "find_package_fake: --version says: $out"
    pass "find_package_fake: coverkit::coverkit-fake-server is $program: $out"
    ;;

version_refused)
    consumer version-accepted "$consumers/version" -DCMAKE_PREFIX_PATH="$prefix" \
        -DWANTED="${version%.*}"
    grep -q "found coverkit $version for a request of ${version%.*}" \
        "$work/version-accepted.configure.log" || fail "version_refused: ${version%.*} not accepted"
    pass "version_refused: ${version%.*} is accepted by $version"
    major=${version%%.*} minor=${version#*.}
    minor=${minor%%.*}
    for wanted in "$major.$((minor + 1))" "$((major + 1)).0"; do
        consumer_refused "version-$wanted" "$consumers/version" \
            "requested version \"$wanted\"" -DCMAKE_PREFIX_PATH="$prefix" -DWANTED="$wanted"
        grep -q "version: $version" "$work/version-$wanted.log" ||
            fail "version_refused: the refusal of $wanted does not name $version"
    done
    ;;

component_missing)
    consumer_refused component-missing "$consumers/fake" \
        "installed without its fake server" -DCMAKE_PREFIX_PATH="$client_prefix"
    consumer_refused component-unknown "$consumers/version" "has no component \"viewer\"" \
        -DCMAKE_PREFIX_PATH="$prefix" "-DWANTED=${version%.*};COMPONENTS;viewer"
    ;;

pkg_config)
    export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
    [ "$(pkg-config --modversion coverkit)" = "$version" ] ||
        fail "pkg_config: --modversion says $(pkg-config --modversion coverkit)"
    flags=$(pkg-config --cflags --libs coverkit) || fail "pkg_config: pkg-config failed"
    mkdir -p "$work/pkg-config"
    # shellcheck disable=SC2086 # the flags are words
    run "$work/pkg-config.build.log" "$cxx" -std=c++20 "$consumers/client.cpp" \
        -o "$work/pkg-config/client" $flags
    expect_offline_client "$work/pkg-config/client" "pkg_config ($flags)"
    ;;

add_subdirectory)
    # No image library can be found: their CMake packages are disabled, and pkg-config looks in
    # an empty folder. (Disabling PkgConfig itself would break CMake's own FindOpenSSL.)
    disable_images=(-DCMAKE_DISABLE_FIND_PACKAGE_PNG=ON -DCMAKE_DISABLE_FIND_PACKAGE_Freetype=ON
        -DCMAKE_DISABLE_FIND_PACKAGE_libjpeg-turbo=ON -DCMAKE_DISABLE_FIND_PACKAGE_stb=ON
        -DCMAKE_DISABLE_FIND_PACKAGE_isa-l=ON -DCMAKE_DISABLE_FIND_PACKAGE_unofficial-isal=ON
        -DCMAKE_DISABLE_FIND_PACKAGE_Stb=ON)
    export PKG_CONFIG_LIBDIR=$work/no-pkg-config PKG_CONFIG_PATH=
    consumer add-subdirectory "$consumers/subdirectory" -DCOVERKIT_SOURCE_DIR="$src" \
        "${disable_images[@]}"
    expect_offline_client "$work/add-subdirectory/client" "add_subdirectory without the fake"
    # The control: the same tree with the fake server asked for cannot configure.
    consumer_refused add-subdirectory-with-fake "$consumers/subdirectory" "needs libpng" \
        -DCOVERKIT_SOURCE_DIR="$src" -DCOVERKIT_BUILD_FAKE_SERVER=ON "${disable_images[@]}"
    ;;

fetchcontent)
    consumer fetchcontent "$consumers/fetchcontent" -DCOVERKIT_SOURCE_DIR="$src" -- --target client
    expect_offline_client "$work/fetchcontent/client" "FetchContent"
    ;;

vendored)
    # Only include/ copied into the user's tree, and the README's compile line.
    rm -rf "$work/vendored"
    mkdir -p "$work/vendored/third_party/coverkit"
    cp -R "$src/include" "$work/vendored/third_party/coverkit/"
    cp "$consumers/client.cpp" "$work/vendored/app.cpp"
    (cd "$work/vendored" &&
        run "$work/vendored.build.log" "$cxx" -std=c++20 -I third_party/coverkit/include app.cpp \
            -lboost_json -lboost_url -lssl -lcrypto -pthread)
    expect_offline_client "$work/vendored/a.out" "vendored headers"
    # Separately compiled, as the README says: <coverkit/src.hpp> in one source file, and
    # COVERKIT_SEPARATE_COMPILATION everywhere.
    printf '#include <coverkit/src.hpp>\n' >"$work/vendored/coverkit_src.cpp"
    (cd "$work/vendored" &&
        run "$work/vendored-separate.build.log" "$cxx" -std=c++20 -DCOVERKIT_SEPARATE_COMPILATION \
            -I third_party/coverkit/include app.cpp coverkit_src.cpp -o app-separate \
            -lboost_json -lboost_url -lssl -lcrypto -pthread)
    expect_offline_client "$work/vendored/app-separate" "vendored headers, separately compiled"
    ;;

conan | conan_fake)
    if ! command -v conan >/dev/null 2>&1; then
        echo "SKIPPED: no conan command on PATH"
        exit 77
    fi
    options=()
    [ "$case_name" = conan ] || options=(-o "coverkit/*:fake_server=True")
    export CONAN_HOME=$work/$case_name-home
    rm -rf "$CONAN_HOME"
    run "$work/$case_name.profile.log" conan profile detect
    run "$work/$case_name.log" conan create "$src" -pr:a "$src/tests/package/conan/system.profile" \
        "${options[@]}"
    grep -q "^coverkit $version\$" "$work/$case_name.log" ||
        fail "$case_name: test_package did not print the version"
    if [ "$case_name" = conan_fake ]; then
        grep -Eq ": image/png, [0-9]+ bytes$" "$work/$case_name.log" ||
            fail "conan_fake: test_package took no screenshot"
    fi
    pass "$case_name: $(grep -E "^(coverkit $version|.*image/png|token )" "$work/$case_name.log" |
        tr '\n' ' ')"
    ;;

vcpkg_manifest)
    /usr/bin/python3 "$src/tests/package/check_vcpkg_port.py" "$src"
    ;;

*)
    fail "unknown case $case_name"
    ;;
esac
