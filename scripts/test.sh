#!/usr/bin/env bash
# Builds and runs every test twice: a plain debug build, then one under AddressSanitizer and
# UndefinedBehaviorSanitizer. Warnings are errors. Installs what it needs first (Debian 12).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-debian.sh

run_suite() { # name, extra cmake flags...
  local dir="build/$1"; shift
  echo "=== coverkit: configuring $dir"
  # -g1 (line tables only) keeps file:line in failures and sanitizer stack traces, and compiles
  # about a tenth faster than full debug information.
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
    -DCOVERKIT_WERROR=ON "$@" >/dev/null
  echo "=== coverkit: building $dir"
  cmake --build "$dir" --parallel "$(nproc)"
  echo "=== coverkit: testing $dir"
  ctest --test-dir "$dir" --output-on-failure --timeout 300 --parallel "$(nproc)"
}

run_suite test
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  run_suite sanitize -DCOVERKIT_SANITIZE=ON -DCOVERKIT_BUILD_BENCHMARKS=OFF
