#!/usr/bin/env bash
# Newcomer demo: install dependencies, build, and query real Delta tables written by Spark
# with SQL (joins, aggregates, time travel, EXPLAIN ANALYZE with pruning counts), then the
# table-level commands (partition and statistics pruning, a lineage column, deletion vectors,
# change data feed).
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
run -c "SELECT letter, count(*) AS n, sum(number) AS total FROM delta_scan('$table') WHERE number > 1 GROUP BY letter ORDER BY letter" --format table
run -c "CREATE EXTERNAL TABLE dv STORED AS DELTA LOCATION '$delta/table-with-dv-small/delta';
        SELECT count(*) AS now FROM dv;
        SELECT count(*) AS at_version_0 FROM dv VERSION AS OF 0" --format table
run -c "EXPLAIN ANALYZE SELECT count(*) FROM delta_scan('$table') WHERE letter = 'a'" --format csv
tpch=../shared/testdata/tpch/sf0.01
if [[ -d $tpch ]]; then
  reg=""
  for t in customer lineitem nation orders part partsupp region supplier; do
    reg+="CREATE EXTERNAL TABLE $t STORED AS PARQUET LOCATION '$tpch/$t'; "
  done
  run -c "$reg" -f ../shared/testdata/tpch/queries/q05.sql --format table
fi
run delta snapshot "$table"
run delta files "$table" --where "letter IN ('a', 'b') AND number > 1"
run delta cat "$table" --where "letter IN ('a', 'b') AND number > 1" --file-column __source_file \
  --format table --metrics
run delta cat "$delta/table-with-dv-small/delta" --format table --metrics
run delta changes "$delta/cdf-table-with-dv/delta" --from 2 --to 4 --format table
run delta history "$delta/cdf-table/delta"
