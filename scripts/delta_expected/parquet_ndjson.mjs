// Expected rows of a Delta test table as NDJSON in silt's spelling: DuckDB reads the Spark- or
// DAT-written expected Parquet files (never the table itself, never silt) and
// scripts/golden/render.mjs renders each value as CONTRACTS.md "JSON / NDJSON output" says.
//
// usage: node scripts/delta_expected/parquet_ndjson.mjs FILE...     (the files together = one result)
//        node scripts/delta_expected/parquet_ndjson.mjs --sql QUERY (derived expectations)
// Writes NDJSON to stdout. exit: 0 ok, 1 usage or internal error, 2 DuckDB cannot read the
// input (its message on stderr), 3 a value render.mjs has no spelling for.
//
// Several part files are read as one relation (union_by_name: Spark writes the same schema to
// each). threads=1 and preserve_insertion_order keep rows in file order, though the Delta
// check compares rows as a multiset.
import { createRequire } from 'node:module';
import path from 'node:path';
import { renderValue, RenderError } from '../golden/render.mjs';

const PEERS_DIR = path.resolve(process.env.PEERS_DIR || path.join(process.env.HOME, '.cache/silt-peers'));
const requirePeer = createRequire(PEERS_DIR + '/');

const sqlString = s => `'${s.replaceAll("'", "''")}'`;

class ExitError extends Error {
  constructor(code, message) { super(message); this.code = code; }
}

function query(args) {
  if (args[0] === '--sql') {
    if (args.length !== 2) throw new ExitError(1, 'usage: parquet_ndjson.mjs --sql QUERY');
    return args[1];
  }
  if (args.length === 0 || args.some(a => a.startsWith('--'))) {
    throw new ExitError(1, 'usage: parquet_ndjson.mjs FILE... | --sql QUERY');
  }
  return `SELECT * FROM read_parquet([${args.map(sqlString).join(', ')}], union_by_name = true)`;
}

async function main() {
  const sql = query(process.argv.slice(2));
  const { DuckDBInstance } = requirePeer('@duckdb/node-api');
  const inst = await DuckDBInstance.create(':memory:', { threads: '1', preserve_insertion_order: 'true' });
  const con = await inst.connect();
  let result;
  try {
    result = await con.runAndReadAll(sql);
  } catch (e) {
    throw new ExitError(2, String(e && e.message || e).replace(/\n+LINE \d+:[\s\S]*$/, ''));
  }
  const names = result.columnNames();
  const types = result.columnTypes();
  const keys = names.map(n => JSON.stringify(n) + ':');
  const rows = result.getRows();
  const lines = [];
  for (const row of rows) {
    lines.push('{' + row.map((v, c) => keys[c] + renderValue(v, types[c])).join(',') + '}');
  }
  const text = lines.length ? lines.join('\n') + '\n' : '';
  await new Promise((resolve, reject) => process.stdout.write(text, err => (err ? reject(err) : resolve())));
}

main().catch(e => {
  if (e instanceof ExitError) {
    process.stderr.write(e.message + '\n');
    process.exit(e.code);
  }
  if (e instanceof RenderError) {
    process.stderr.write(`cannot render: ${e.message}\n`);
    process.exit(3);
  }
  process.stderr.write(`${e && e.stack || e}\n`);
  process.exit(1);
});
