#!/usr/bin/env bash
# Builds the demo in release mode and runs it against the embedded fake server.
# Installs what it needs first (Debian 12). Extra arguments go to the demo.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-debian.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCOVERKIT_BUILD_TESTS=OFF -DCOVERKIT_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build/release --parallel "$(nproc)" --target coverkit-demo
exec build/release/examples/coverkit-demo "$@"
