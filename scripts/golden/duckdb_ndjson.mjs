// Golden values for silt's Parquet reader: decode one Parquet file with DuckDB and write what
// `silt parquet cat FILE --format ndjson` should print (docs: tests/data/parquet_golden/README.md,
// format: ../shared/design/CONTRACTS.md "JSON / NDJSON output").
//
// usage: node scripts/golden/duckdb_ndjson.mjs FILE [--out PATH] [--summary]
//            [--max-bytes N] [--huge-bytes N]
//   --out PATH      write there instead of stdout (nothing is left behind on failure)
//   --summary       write the summary form (JSON, see README) instead of rows
//   --select LIST   SQL select list to use instead of * (for derived golden values, see
//                   generate.sh; column names in the output are the list's aliases)
//   --max-bytes N   give up (exit 4) once the NDJSON would exceed N bytes
//   --huge-bytes N  give up (exit 4) before reading when the column chunks hold more than N
//                   uncompressed bytes (default 256 MiB): such values cannot pass through JS
// exit: 0 ok, 1 usage or internal error, 2 DuckDB cannot read the file (its message on
//       stderr), 3 a value this script cannot render, 4 too large for NDJSON (use --summary)
//
// DuckDB runs with threads=1 and preserve_insertion_order, and the query has no ORDER BY, so
// rows come out in file order. Values are taken from DuckDB's typed values (bigint for 64-bit
// and wider integers, scaled bigint for decimals, integer ticks for dates and times), so no
// value passes through a JS double unless it is a float or double.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { renderValue, RenderError } from './render.mjs';
import { summarize } from './summary.mjs';

const PEERS_DIR = path.resolve(process.env.PEERS_DIR || path.join(process.env.HOME, '.cache/silt-peers'));
const requirePeer = createRequire(PEERS_DIR + '/');

function parseArgs(argv) {
  const a = { file: null, out: null, summary: false, select: '*', maxBytes: Infinity, hugeBytes: 256 * 1024 * 1024 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${k} needs a value`);
      return argv[++i];
    };
    if (k === '--out') a.out = next();
    else if (k === '--summary') a.summary = true;
    else if (k === '--select') a.select = next();
    else if (k === '--max-bytes') a.maxBytes = Number(next());
    else if (k === '--huge-bytes') a.hugeBytes = Number(next());
    else if (k.startsWith('--') || a.file !== null) throw new Error(`unexpected argument ${k}`);
    else a.file = k;
  }
  if (a.file === null) throw new Error('usage: duckdb_ndjson.mjs FILE [--out PATH] [--summary] [--select LIST] [--max-bytes N] [--huge-bytes N]');
  if (a.summary && a.select !== '*') throw new Error('--select does not combine with --summary');
  return a;
}

class ExitError extends Error {
  constructor(code, message) { super(message); this.code = code; }
}

// DuckDB's message without the "LINE 1: <query>" context it appends for binder/parser errors:
// that part echoes our own query text, not the reader's verdict.
function duckdbMessage(e) {
  const m = String(e && e.message || e);
  return m.replace(/\n+LINE \d+:[\s\S]*$/, '').trimEnd();
}

function sqlString(s) { return `'${s.replaceAll("'", "''")}'`; }

// Output sink with backpressure, a byte budget, and "write to a temp file, rename at the end".
class Sink {
  constructor(outPath, maxBytes) {
    this.outPath = outPath;
    this.maxBytes = maxBytes;
    this.bytes = 0;
    this.parts = [];
    this.pending = 0;
    if (outPath) {
      this.tmpPath = `${outPath}.tmp-${process.pid}`;
      // opened synchronously so that abort() can always remove it
      this.stream = fs.createWriteStream(null, { fd: fs.openSync(this.tmpPath, 'w') });
    } else {
      this.stream = process.stdout;
    }
  }
  async write(text) {
    this.bytes += Buffer.byteLength(text);
    if (this.bytes > this.maxBytes) throw new ExitError(4, `output exceeds --max-bytes ${this.maxBytes}`);
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending >= 1 << 20) await this.flush();
  }
  async flush() {
    if (this.parts.length === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.pending = 0;
    if (!this.stream.write(chunk)) await new Promise(resolve => this.stream.once('drain', resolve));
  }
  async close() {
    await this.flush();
    if (this.outPath) {
      await new Promise((resolve, reject) => this.stream.end(err => (err ? reject(err) : resolve())));
      fs.renameSync(this.tmpPath, this.outPath);
    }
  }
  abort() {
    if (this.outPath) {
      this.stream.destroy();
      fs.rmSync(this.tmpPath, { force: true });
    }
  }
}

async function run(con, sql) {
  try {
    return await con.runAndReadAll(sql);
  } catch (e) {
    throw new ExitError(2, duckdbMessage(e));
  }
}

async function uncompressedBytes(con, file) {
  const r = await run(con, `SELECT coalesce(sum(total_uncompressed_size), 0)::BIGINT AS n FROM parquet_metadata(${sqlString(file)})`);
  return Number(r.getRows()[0][0]);
}

async function writeRows(con, file, select, sink) {
  let result;
  try {
    result = await con.stream(`SELECT ${select} FROM read_parquet(${sqlString(file)})`);
  } catch (e) {
    throw new ExitError(2, duckdbMessage(e));
  }
  const names = result.columnNames();
  const types = result.columnTypes();
  const keys = names.map(n => JSON.stringify(n) + ':');
  let rows = 0;
  for (;;) {
    let chunk;
    try {
      chunk = await result.fetchChunk();
    } catch (e) {
      throw new ExitError(2, duckdbMessage(e));
    }
    if (chunk === null || chunk.rowCount === 0) break;
    const columns = [];
    for (let c = 0; c < names.length; c++) columns.push(chunk.getColumnValues(c));
    for (let r = 0; r < chunk.rowCount; r++) {
      const fields = [];
      for (let c = 0; c < names.length; c++) fields.push(keys[c] + renderValue(columns[c][r], types[c]));
      await sink.write('{' + fields.join(',') + '}\n');
    }
    rows += chunk.rowCount;
  }
  return rows;
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  const { DuckDBInstance } = requirePeer('@duckdb/node-api');
  const inst = await DuckDBInstance.create(':memory:', {
    threads: '1',
    preserve_insertion_order: 'true',
  });
  const con = await inst.connect();
  // Read geometry columns as their stored WKB: GeoParquet metadata is not a Parquet-level
  // concern (and makes DuckDB reject some files before reading a value). A SET, because the
  // parquet extension is loaded only on first use.
  await con.run('SET enable_geoparquet_conversion = false');
  const sink = new Sink(a.out, a.summary ? Infinity : a.maxBytes);
  try {
    if (a.summary) {
      const summary = await summarize(con, a.file, { run, sqlString });
      await sink.write(JSON.stringify(summary, null, 1) + '\n');
    } else {
      const bytes = await uncompressedBytes(con, a.file);
      if (bytes > a.hugeBytes) {
        throw new ExitError(4, `column chunks hold ${bytes} uncompressed bytes (> --huge-bytes ${a.hugeBytes}); use --summary`);
      }
      await writeRows(con, a.file, a.select, sink);
    }
    await sink.close();
  } catch (e) {
    sink.abort();
    throw e;
  }
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
