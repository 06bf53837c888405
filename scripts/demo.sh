#!/usr/bin/env bash
# Newcomer demo: install dependencies, build, and query a real Parquet file written by
# another engine (Impala's alltypes_tiny_pages, with a page index) with pruning metrics.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target silt
file=../shared/testdata/parquet/parquet-testing/data/alltypes_tiny_pages.parquet
if [[ ! -f $file ]]; then
  echo "sample data ($file) is not present; try: build/silt parquet cat <your file>"
  exit 0
fi
echo "\$ silt parquet schema $file"
./build/silt parquet schema "$file" | sed -n '/silt schema/,$p'
echo
echo "\$ silt parquet cat $file --columns id,string_col,timestamp_col,month --where \"id >= 5000 AND id < 5005 AND month = 5\" --metrics"
./build/silt parquet cat "$file" --columns id,string_col,timestamp_col,month \
  --where "id >= 5000 AND id < 5005 AND month = 5" --format table --metrics
