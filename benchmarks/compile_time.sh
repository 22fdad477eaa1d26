#!/bin/bash
# Compile time per translation unit, header-only against separately compiled
# (COVERKIT_SEPARATE_COMPILATION, <coverkit/src.hpp>), measured in the same run, interleaved.
#
#   bash benchmarks/compile_time.sh [ROUNDS] [CXX]
#
# The translation units are the README's examples and the package tests' network client
# (tests/package/consumers/client.cpp, the one that calls http_transport), compiled as a user
# compiles them: -std=c++20, no optimisation, no debug information, no sanitizers. Each figure
# is the median of ROUNDS (default 3) wall-clock times; the separately compiled column leaves
# out the one source file holding <coverkit/src.hpp>, compiled once per program and printed on
# its own line.
set -euo pipefail
rounds=${1:-3}
cxx=${2:-g++}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

flags=(-std=c++20 -O0 -g0 -I "$root/include" -I "$root/fake-server/include" -c)
units=(examples/quick_start.cpp examples/rooms_and_scenes.cpp examples/legacy_covers.cpp
       examples/album_cover.cpp examples/testing_failure.cpp examples/coroutines.cpp
       tests/package/consumers/client.cpp)
printf '#include <coverkit/src.hpp>\n' >"$work/coverkit_src.cpp"

seconds() { # seconds COMMAND...: wall-clock time of one run, in seconds with two decimals
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    end=$(date +%s%N)
    awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e9 }'
}

median() { # median NUMBERS...
    printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'
}

echo "compile time per translation unit, $cxx $("$cxx" -dumpfullversion), median of $rounds"
printf '| %-38s | %12s | %20s | %6s |\n' "translation unit" "header-only" "separately compiled" "ratio"
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..40})" "$(printf -- '-%.0s' {1..13}):" \
    "$(printf -- '-%.0s' {1..21}):" "$(printf -- '-%.0s' {1..7}):"
total_h=0
total_s=0
for unit in "${units[@]}"; do
    h=()
    s=()
    for ((r = 0; r < rounds; ++r)); do
        h+=("$(seconds "$cxx" "${flags[@]}" "$root/$unit" -o "$work/h.o")")
        s+=("$(seconds "$cxx" "${flags[@]}" -DCOVERKIT_SEPARATE_COMPILATION "$root/$unit" \
            -o "$work/s.o")")
    done
    mh=$(median "${h[@]}")
    ms=$(median "${s[@]}")
    total_h=$(awk -v a="$total_h" -v b="$mh" 'BEGIN { printf "%.2f", a + b }')
    total_s=$(awk -v a="$total_s" -v b="$ms" 'BEGIN { printf "%.2f", a + b }')
    printf '| %-38s | %10s s | %18s s | %6s |\n' "$unit" "$mh" "$ms" \
        "$(awk -v a="$ms" -v b="$mh" 'BEGIN { printf "%.2f", a / b }')"
done
once=()
for ((r = 0; r < rounds; ++r)); do
    once+=("$(seconds "$cxx" "${flags[@]}" -DCOVERKIT_SEPARATE_COMPILATION \
        "$work/coverkit_src.cpp" -o "$work/src.o")")
done
printf '| %-38s | %10s s | %18s s | %6s |\n' "all ${#units[@]}" "$total_h" "$total_s" \
    "$(awk -v a="$total_s" -v b="$total_h" 'BEGIN { printf "%.2f", a / b }')"
echo "the source file with <coverkit/src.hpp>, compiled once per program: $(median "${once[@]}") s"
