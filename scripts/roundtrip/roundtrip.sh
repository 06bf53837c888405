#!/usr/bin/env bash
# Round-trip acceptance check (docs/roundtrip.md): `silt parquet rewrite` of every Parquet file
# silt reads, and of random nested schemas written by silt, read back with equal values by
# silt, DuckDB and Polars; DuckDB also checks the statistics silt wrote.
# Needs npm peers (scripts/peers.sh), so CI does not run it; run it by hand.
#
# usage: scripts/roundtrip/roundtrip.sh [roundtrip.py options, e.g. --only NAME --seeds 40]
# env:   BUILD (default build-rt): build directory for the silt and silt_random_parquet targets
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build-rt}
scripts/peers.sh >/dev/null
if [[ ! -f $BUILD/build.ninja ]]; then
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
if ! log=$(cmake --build "$BUILD" --target silt silt_random_parquet 2>&1); then
  echo "$log" >&2
  exit 1
fi
export POLARS_MAX_THREADS=${POLARS_MAX_THREADS:-1}
exec python3 scripts/roundtrip/roundtrip.py --silt "$BUILD/silt" \
  --generator "$BUILD/bench/silt_random_parquet" "$@"
