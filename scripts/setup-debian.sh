#!/usr/bin/env bash
# Installs every Debian 12 package coverkit's build, tests, demo and benchmarks need.
# Run as root (or with sudo) on Debian 12 "bookworm". Idempotent: it skips apt-get when
# everything is already installed.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build pkg-config
  # Boost 1.81 from Debian (header-only Beast/Asio, compiled JSON, URL and Test)
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-test1.81-dev
  # TLS and HMAC-SHA256; the openssl CLI signs tokens in the standalone server's test
  libssl-dev openssl
  # the coverkit command-line program's argument parser (header-only)
  libcli11-dev
  # drives the standalone coverkit-fake-server in its command-line contract test
  curl
  # a TLS peer coverkit did not write: the reverse proxy in front of coverkit-fake-server
  # in the nginx test, and the static server the fake is benchmarked against
  nginx-light
  # benchmarks: the HTTP load generator (the ceiling for the server) and the libcurl
  # client the coverkit transport is compared with
  wrk libcurl4-openssl-dev
  # pictures (fake server, tests): PNG read with the reference libpng and written with ISA-L's
  # igzip, JPEG with libjpeg-turbo's TurboJPEG API, resampling with stb_image_resize, the scene
  # path drawn with FreeType in DejaVu Sans (README: "Pictures")
  libpng-dev libisal-dev libturbojpeg0-dev libstb-dev libfreetype-dev fonts-dejavu-core
  # packaging tests: the vcpkg port's manifest checked against vcpkg's JSON Schema
  python3 python3-jsonschema
  # scripts/fuzz.sh: libFuzzer programs built with clang (the tests replay the corpus with g++)
  clang libclang-rt-14-dev
  # the fake's --help must make a man page: checked with help2man, read back with man
  help2man man-db
)

# The contract checks run Redocly CLI and Stoplight Prism (package.json, pinned by
# package-lock.json; both need Node.js 18.20 or later). Node.js and npm come from Debian unless
# the machine already has them (a newer Node.js, installed some other way, is kept).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-debian: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "setup-debian: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# nginx's package starts a system-wide server on port 80 when it is installed; the tests start
# their own on loopback ports, so keep the package from starting one (policy-rc.d exit 101 means
# "action forbidden"). An existing policy is left as it is.
policy=/usr/sbin/policy-rc.d
made_policy=
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  made_policy=1
fi
status=0
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" || status=$?
[ -z "$made_policy" ] || $SUDO rm -f "$policy"
exit "$status"
