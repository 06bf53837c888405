#!/usr/bin/env bash
# Installs every Debian 12 package silt's build and tests need. Idempotent: packages already
# present are skipped, so a warm machine pays only for the dpkg query.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  clang libclang-rt-14-dev          # libFuzzer + sanitizer runtimes for fuzz targets
  libzstd-dev libsnappy-dev liblz4-dev zlib1g-dev libbrotli-dev   # Parquet codecs
  libsimdjson-dev                    # Delta log / NDJSON parsing
  libxxhash-dev                      # hashing
  libicu-dev                         # Unicode case mapping (SQL upper/lower/initcap/ILIKE)
  libgtest-dev libgmock-dev libbenchmark-dev
  tzdata python3                     # tzdata: time zones for SQL timestamps (zoneinfo files)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "all build dependencies present"
fi
