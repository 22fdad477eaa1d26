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
  # drives the standalone coverkit-fake-server in its command-line contract test
  curl
)

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
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
