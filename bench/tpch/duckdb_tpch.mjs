// DuckDB's side of bench/tpch/run.sh: the 22 TPC-H queries over one Parquet file per table,
// best of RUNS (after no warm-up: the first run is one of the RUNS, as on silt's side), and
// each query's result written with DuckDB's CSV writer for the answer check.
// Prints `qNN,best_seconds,rows` (or `qNN,ERROR,message`) per query.
// usage: node duckdb_tpch.mjs DATA_DIR QUERIES_DIR OUT_DIR [RUNS=3] [THREADS=1] [q01,q02,...]
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const PEERS_DIR = process.env.PEERS_DIR || (process.env.HOME + '/.cache/silt-peers');
const { DuckDBInstance } = createRequire(PEERS_DIR + '/')('@duckdb/node-api');
const [data, queries, out, runsArg, threadsArg, qlist] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const tables = ['region', 'nation', 'supplier', 'customer', 'part', 'partsupp', 'orders', 'lineitem'];
const names = qlist ? qlist.split(',') : Array.from({ length: 22 }, (_, i) => `q${String(i + 1).padStart(2, '0')}`);

const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
await con.run(`set threads = ${Number(threadsArg || 1)}`);
// Views: every run reads (and decodes) the Parquet files, as silt's external tables do.
for (const t of tables) {
  await con.run(`create view ${t} as select * from read_parquet('${path.join(data, t, t + '.parquet')}')`);
}
fs.mkdirSync(out, { recursive: true });
for (const q of names) {
  const sql = fs.readFileSync(path.join(queries, q + '.sql'), 'utf8')
    .split('\n').filter(l => !l.trim().startsWith('--')).join('\n').trim().replace(/;\s*$/, '');
  try {
    let best = Infinity, rows = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      const r = await con.runAndReadAll(sql);
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
      rows = r.currentRowCount;
    }
    await con.run(`copy (${sql}) to '${path.join(out, q + '.csv')}' (header, delimiter ',')`);
    console.log(`${q},${best.toFixed(4)},${rows}`);
  } catch (e) {
    console.log(`${q},ERROR,${String(e && e.message || e).split('\n')[0].replace(/,/g, ' ')}`);
  }
}
