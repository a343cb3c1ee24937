#!/usr/bin/env bash
# Installs the Debian 12 packages Wolfix needs to build, run and test. Idempotent: does nothing
# when everything is present, so `make run` and `make test` stay fast on a prepared machine.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config make
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev libcurl4-openssl-dev libsodium-dev libsqlite3-dev libpq-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev libjemalloc-dev
  clang libclang-rt-14-dev  # libFuzzer and sanitizer runtimes (tests/fuzz, make sanitize)
  postgresql curl dpkg-dev openssl  # openssl: the native-HTTPS test makes its certificate
  nodejs npm
)
[[ "${WOLFIX_E2E:-0}" == 1 ]] && packages+=(chromium)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node and npm may come from outside Debian's packages on a developer machine.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -ra missing <<<"${missing[*]}"
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
