#!/usr/bin/env bash
# The test command README documents and CI (.ci/run) runs on a clean clone:
#   1. install Debian packages, 2. Release build + all tests, 3. ASan/UBSan build + unit
#   tests, 4. every libFuzzer target for FUZZ_SECONDS (default 60) under ASan.
# Set SILT_SKIP_SANITIZE=1 / SILT_SKIP_FUZZ=1 to run only the Release part locally.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
JOBS="${JOBS:-$(nproc)}"

echo "== Release build and tests"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$JOBS"
ctest --test-dir build --output-on-failure -j "$JOBS"

if [[ "${SILT_SKIP_SANITIZE:-0}" != 1 ]]; then
  echo "== ASan+UBSan build and unit tests"
  # Debug keeps SILT_DCHECKs; -O1 without -g keeps the sanitizer build quick to compile.
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O1 \
    -DSILT_SANITIZE=ON -DSILT_BUILD_BENCH=OFF >/dev/null
  cmake --build build-asan -j "$JOBS"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j "$JOBS"
fi

if [[ "${SILT_SKIP_FUZZ:-0}" != 1 ]]; then
  echo "== libFuzzer targets, ${FUZZ_SECONDS:-60}s each"
  cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O1 -DSILT_FUZZ=ON \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DSILT_BUILD_TESTS=OFF \
    -DSILT_BUILD_BENCH=OFF >/dev/null
  cmake --build build-fuzz -j "$JOBS"
  for target in build-fuzz/fuzz/*_fuzz; do
    name=$(basename "$target")
    corpus="build-fuzz/corpus-$name"
    mkdir -p "$corpus"
    # Seed with the real Parquet files when the shared test data is present.
    if [[ -d ../shared/testdata/parquet ]]; then
      find ../shared/testdata/parquet -name '*.parquet' -size -200k -exec cp {} "$corpus/" \; 2>/dev/null || true
    fi
    # SQL targets start from the TPC-H queries; a fuzz/<target>.dict is passed when present.
    if [[ $name == sql_* && -d ../shared/testdata/tpch/queries ]]; then
      cp ../shared/testdata/tpch/queries/*.sql "$corpus/" 2>/dev/null || true
    fi
    # CSV targets start from the TPC-H answer files (their first byte selects the options).
    if [[ $name == csv_* && -d ../shared/testdata/tpch/sf0.1/answers ]]; then
      cp ../shared/testdata/tpch/sf0.1/answers/*.csv "$corpus/" 2>/dev/null || true
    fi
    dict=()
    if [[ -f "fuzz/$name.dict" ]]; then dict=(-dict="fuzz/$name.dict"); fi
    echo "-- $name"
    ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=1 \
      "$target" -max_total_time="${FUZZ_SECONDS:-60}" -rss_limit_mb=3072 -max_len=262144 \
      -print_final_stats=1 "${dict[@]}" "$corpus" 2>&1 | tail -n 12
  done
fi
echo "== all tests passed"
