#!/usr/bin/env bash
# Newcomer demo: install dependencies, build, and query real Delta tables written by Spark
# (partition and statistics pruning, a lineage column, deletion vectors, change data feed).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target silt
delta=../shared/testdata/delta/delta-kernel-rs
if [[ ! -d $delta ]]; then
  echo "sample tables ($delta) are not present; try: build/silt delta cat <your table>"
  exit 0
fi
run() {
  echo "\$ silt $*"
  ./build/silt "$@"
  echo
}
table=$delta/basic_partitioned/delta
run delta snapshot "$table"
run delta files "$table" --where "letter IN ('a', 'b') AND number > 1"
run delta cat "$table" --where "letter IN ('a', 'b') AND number > 1" --file-column __source_file \
  --format table --metrics
run delta cat "$delta/table-with-dv-small/delta" --format table --metrics
run delta changes "$delta/cdf-table-with-dv/delta" --from 2 --to 4 --format table
run delta history "$delta/cdf-table/delta"
