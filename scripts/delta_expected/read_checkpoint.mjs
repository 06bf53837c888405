// Prints the actions of Delta checkpoint / sidecar Parquet files as NDJSON, one action row per
// line, for scripts/delta_expected/log_judge.py (an independent log replay that judges silt).
//
// usage: node scripts/delta_expected/read_checkpoint.mjs FILE...          (rows of all FILEs)
//        node scripts/delta_expected/read_checkpoint.mjs --row-counts FILE...
//            ({"file": FILE, "rows": N} per file, from the footers: data files without stats)
// exit: 0 ok, 1 usage or internal error, 2 DuckDB cannot read a file (its message on stderr)
//
// Each output line is DuckDB's to_json() of one Parquet row: {"add": {...} | null, "remove":
// ..., "metaData": ..., "protocol": ..., "txn": ..., "sidecar": ..., ...}. Maps (partitionValues,
// configuration, tags) come out as JSON objects, as in a JSON commit. Files are read one after
// the other, rows in file order (threads=1, preserve_insertion_order).
import { createRequire } from 'node:module';
import path from 'node:path';

const PEERS_DIR = path.resolve(process.env.PEERS_DIR || path.join(process.env.HOME, '.cache/silt-peers'));
const requirePeer = createRequire(PEERS_DIR + '/');

const sqlString = s => `'${s.replaceAll("'", "''")}'`;

async function main() {
  const args = process.argv.slice(2);
  const rowCounts = args[0] === '--row-counts';
  const files = rowCounts ? args.slice(1) : args;
  if (files.length === 0 || files.some(f => f.startsWith('--'))) {
    throw new Error('usage: read_checkpoint.mjs [--row-counts] FILE...');
  }
  const { DuckDBInstance } = requirePeer('@duckdb/node-api');
  const inst = await DuckDBInstance.create(':memory:', { threads: '1', preserve_insertion_order: 'true' });
  const con = await inst.connect();
  const out = [];
  for (const file of files) {
    let reader;
    try {
      if (rowCounts) {
        reader = await con.runAndReadAll(
          `SELECT num_rows::VARCHAR FROM parquet_file_metadata(${sqlString(file)})`);
        out.push(JSON.stringify({ file, rows: Number(reader.getRows()[0][0]) }));
      } else {
        // VARCHAR: to_json's result type is JSON, which the node API hands over as a string anyway.
        reader = await con.runAndReadAll(`SELECT to_json(t)::VARCHAR FROM read_parquet(${sqlString(file)}) t`);
        for (const [line] of reader.getRows()) out.push(line);
      }
    } catch (e) {
      process.stderr.write(`${file}: ${String(e && e.message || e)}\n`);
      process.exit(2);
    }
  }
  process.stdout.write(out.length ? out.join('\n') + '\n' : '');
}

main().catch(e => {
  process.stderr.write(`${e && e.stack || e}\n`);
  process.exit(1);
});
