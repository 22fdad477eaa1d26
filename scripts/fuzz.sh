#!/usr/bin/env bash
# Runs one fuzz target with libFuzzer: scripts/fuzz.sh TARGET [SECONDS]
#
# TARGET is one of: token fixture scene_path data_url request client (fuzz/). Builds the
# libFuzzer programs with clang, AddressSanitizer and UndefinedBehaviorSanitizer in
# build/fuzz, then fuzzes for SECONDS (default 60) starting from the committed corpus
# fuzz/corpus/TARGET. New interesting inputs go to build/fuzz/corpus/TARGET; a crash is written
# as build/fuzz/crash-* (add it to fuzz/corpus/TARGET once fixed, so the tests replay it).
set -euo pipefail

targets="token fixture scene_path data_url request client"
target=${1:-}
seconds=${2:-60}
if [[ -z "$target" || " $targets " != *" $target "* ]]; then
  echo "usage: scripts/fuzz.sh TARGET [SECONDS]   (TARGET: ${targets// /, })" >&2
  exit 2
fi
if ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
  echo "fuzz.sh: SECONDS must be a whole number" >&2
  exit 2
fi

root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build/fuzz"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCOVERKIT_BUILD_FUZZERS=ON -DCOVERKIT_SANITIZE=ON -DCOVERKIT_BUILD_TESTS=OFF \
  -DCOVERKIT_BUILD_EXAMPLES=OFF -DCOVERKIT_BUILD_BENCHMARKS=OFF -DCOVERKIT_INSTALL=OFF >/dev/null
cmake --build "$build" --target "coverkit-fuzz-$target"

mkdir -p "$build/corpus/$target"
cd "$build"
exec "./fuzz/coverkit-fuzz-$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
  -print_final_stats=1 "$build/corpus/$target" "$root/fuzz/corpus/$target"
