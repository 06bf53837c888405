#!/usr/bin/env bash
# Side-by-side Parquet scan and write benchmark: silt vs DuckDB on TPC-H lineitem, same file,
# same aggregates (min of every projected column + sum(l_extendedprice)), 1 and 2 threads,
# best of RUNS after a warm-up, peak RSS of each process (/usr/bin/time).
# usage: bench/parquet_scan.sh [SF=1]   (data from ../shared/bench/peers/setup.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
SF=${1:-1}
RUNS=${RUNS:-5}
PEERS_DIR=${PEERS_DIR:-$HOME/.cache/silt-peers}
FILE=$PEERS_DIR/tpch/sf$SF/lineitem/lineitem.parquet
[[ -f $FILE ]] || { echo "no $FILE: run ../shared/bench/peers/setup.sh $SF" >&2; exit 1; }
[[ -x /usr/bin/time ]] || apt-get install -y -qq time >/dev/null
cmake --build build --target silt_parquet_scan silt >/dev/null
FOUR=l_quantity,l_extendedprice,l_discount,l_shipdate
best() { awk -F, '{print $(NF-2)}' | sort -g | head -1; }
rss() { grep "Maximum resident" "$1" | awk '{print $NF/1024}'; }
printf "%-28s %8s %8s %7s %9s %9s\n" case silt_s duckdb_s ratio silt_MB duckdb_MB
for threads in 1 2; do
  for cols in all $FOUR; do
    name="scan $( [[ $cols == all ]] && echo 16 || echo 4 ) cols, ${threads}T"
    /usr/bin/time -v ./build/bench/silt_parquet_scan "$FILE" "$threads" "$cols" "$RUNS" >/tmp/silt.csv 2>/tmp/silt.time
    /usr/bin/time -v node bench/parquet_scan_duckdb.mjs "$FILE" "$threads" "$cols" "$RUNS" >/tmp/duck.csv 2>/tmp/duck.time
    s=$(best </tmp/silt.csv); d=$(best </tmp/duck.csv)
    printf "%-28s %8.3f %8.3f %7.2f %9.0f %9.0f\n" "$name" "$s" "$d" "$(echo "$s / $d" | bc -l)" \
      "$(rss /tmp/silt.time)" "$(rss /tmp/duck.time)"
  done
  out=$(mktemp -d)
  name="write snappy, ${threads}T"
  st=$( { /usr/bin/time -v ./build/silt parquet rewrite "$FILE" "$out/silt.parquet" --compression snappy \
          --threads "$threads" 2>/tmp/silt.time >/dev/null; } 2>&1; grep "Elapsed (wall" /tmp/silt.time | awk '{print $NF}')
  /usr/bin/time -v node bench/parquet_scan_duckdb.mjs "$FILE" "$threads" all 1 write "$out/duck.parquet" >/tmp/duck.csv 2>/tmp/duck.time
  dt=$(grep "Elapsed (wall" /tmp/duck.time | awk '{print $NF}')
  to_s() { awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }' <<<"$1"; }
  s=$(to_s "$st"); d=$(to_s "$dt")
  printf "%-28s %8.3f %8.3f %7.2f %9.0f %9.0f\n" "$name" "$s" "$d" "$(echo "$s / $d" | bc -l)" \
    "$(rss /tmp/silt.time)" "$(rss /tmp/duck.time)"
  rm -rf "$out"
done
echo "(write times are whole processes: read + write, incl. ~0.1 s node/DuckDB start-up)"
