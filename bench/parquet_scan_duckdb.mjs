// DuckDB side of bench/parquet_scan.sh: the same aggregates silt's driver computes (min of
// every projected column, sum of l_extendedprice) over a Parquet file, or a rewrite of it.
// usage: node parquet_scan_duckdb.mjs FILE THREADS COLUMNS|all RUNS [write OUT]
import { createRequire } from 'node:module';
const PEERS_DIR = process.env.PEERS_DIR || (process.env.HOME + '/.cache/silt-peers');
const { DuckDBInstance } = createRequire(PEERS_DIR + '/')('@duckdb/node-api');
const [file, threads, colsArg, runsArg, mode, out] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
await con.run(`set threads=${Number(threads)}`);
let sql;
if (mode === 'write') {
  sql = `copy (select * from read_parquet('${file}')) to '${out}' (format parquet, compression snappy)`;
} else {
  let cols = colsArg === 'all' ? null : colsArg.split(',');
  if (!cols) {
    const r = await con.runAndReadAll(`select name from parquet_schema('${file}') where num_children is null`);
    cols = r.getRowObjects().map(x => x.name);
  }
  sql = `select count(*), ${cols.map(c => `min(${c})`).join(', ')}, sum(l_extendedprice) from read_parquet('${file}')`;
}
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const r = await con.runAndReadAll(sql);
  const secs = (performance.now() - t0) / 1e3;
  const row = mode === 'write' ? [0] : r.getRows()[0];
  console.log(`duckdb,${threads},${colsArg},${secs.toFixed(4)},${row[0]},${mode === 'write' ? '' : row[row.length - 1]}`);
}
