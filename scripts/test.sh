#!/usr/bin/env bash
# Builds and runs every test once, under AddressSanitizer and UndefinedBehaviorSanitizer, with
# warnings as errors; the benchmarks and examples are built too, so they keep compiling.
# Installs what it needs first (Debian 12).
#
# One sanitized build rather than a plain one and a sanitized one: nearly all of the suite's
# time is compiling (the tests themselves run in under half a minute), and two builds took
# 16-19 minutes on two cores. Every test still runs under both sanitizers.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-debian.sh
# The tools that check the published contract (docs/openapi.yaml), exactly as the lockfile pins them.
echo "=== coverkit: npm ci (Redocly CLI, Stoplight Prism)"
npm ci --no-audit --no-fund --loglevel=error

dir=build/test
echo "=== coverkit: configuring $dir"
# -g1 (line tables only) keeps file:line in failures and sanitizer stack traces, and compiles
# about a tenth faster than full debug information.
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
  -DCOVERKIT_WERROR=ON -DCOVERKIT_SANITIZE=ON >/dev/null
echo "=== coverkit: building $dir"
cmake --build "$dir" --parallel "$(nproc)"
echo "=== coverkit: testing $dir"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir "$dir" --output-on-failure --timeout 300 --parallel "$(nproc)"
