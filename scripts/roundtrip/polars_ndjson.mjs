// Render a Parquet file as read by Polars (nodejs-polars, see scripts/peers.sh) in silt's NDJSON
// spelling (../shared/design/CONTRACTS.md "JSON / NDJSON output"), as far as Polars allows, so
// scripts/golden/compare_ndjson.py can compare it with the expected values.
//
// usage: node scripts/roundtrip/polars_ndjson.mjs FILE [--out PATH] [--columns JSON] [--dropped PATH]
//   --columns JSON  a JSON array of the file's top-level column names (Polars cannot list them
//                   when it cannot read the schema). When Polars cannot read the whole file, each column is
//                   read alone and the unreadable ones are left out of the output; with
//                   --dropped they are written there as JSON [{"column": ..., "error": ...}].
// exit: 0 ok, 1 usage or internal error, 2 Polars cannot read the file (its message on stderr),
//       3 Polars read it but cannot render a value (message on stderr)
//
// How values get out of Polars. nodejs-polars 0.26.1 cannot hand Binary or Decimal values to
// JS at all (not even the dtype of a column holding Binary), and its JSON writer panics on
// Binary and writes NaN/±inf as null. So every column is first transformed inside Polars, then
// written by Polars' own NDJSON writer, and a few marked strings are rewritten in the text:
//   Binary        -> cast to list[u8], joined as "\u0001B:120,28,..." -> lowercase hex string
//   Float32/64    -> cast to text (Polars' shortest form; "NaN"/"inf"/"-inf") as
//                    "\u0001F:<text>" -> a JSON number, or the string "NaN"/"inf"/"-inf"
//   Decimal(p,s)  -> cast to text (exact, keeps the scale) as "\u0001N:<text>" -> JSON number
//   list / struct -> the same applied to the elements / fields (list.eval, struct rebuilt
//                    with its null rows kept)
//   Date          -> days since the epoch as "\u0001D:<days>" -> "YYYY-MM-DD"
//   Datetime      -> ticks in its unit as "\u0001T<unit>[Z]:<ticks>" -> "YYYY-MM-DD HH:MM:SS[.f]"
//                    (+ "Z" when the dtype has a time zone), formatted as scripts/golden does
//                    for DuckDB. Polars' own formatting (chrono) panics on years past 262143
//                    ("invalid or out-of-range datetime"), e.g. int96_from_spark's +290000,
//                    although it read the value correctly.
// Everything else is Polars' own JSON: integers exact (u64 and i64 too), strings, booleans,
// times "HH:MM:SS[.fff]" (Polars trims the fraction to 3/6/9 digits), which compare_ndjson.py
// reads as the same times. Polars reads a Parquet MAP as list<struct<key, value>>, which is the
// contract's spelling of a map.
//
// What Polars cannot represent (the caller reports these as peer limitations, not hidden):
// - INTERVAL (FIXED_LEN_BYTE_ARRAY(12) + INTERVAL): a top-level column fails the read with
//   "Arrow Field dtype does not match the ArrayRef dtypes"; nested in a struct, Polars panics
//   ("The children DataTypes of a StructArray must equal the children data types ...
//   Interval(MonthDayMillis)"); scanParquet panics ("could not import from
//   `month_day_millisecond_interval` type"; POLARS_IMPORT_INTERVAL_AS_STRUCT=1 does not help
//   readParquet). With --columns the other columns are still rendered and compared.
// - FLOAT16 is read as Float32 (same values); UUID and other FIXED_LEN_BYTE_ARRAY as Binary.
// Rendered differently, normalised above or by compare_ndjson.py: Binary, Decimal, NaN/±inf,
// dates and timestamps (see above), times with 3/6/9 fraction digits.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { formatDate, formatTimestamp } from '../golden/render.mjs';

const PEERS_DIR = path.resolve(process.env.PEERS_DIR || path.join(process.env.HOME, '.cache/silt-peers'));
const pl = createRequire(PEERS_DIR + '/')('nodejs-polars');

class ExitError extends Error {
  constructor(code, message) { super(message); this.code = code; }
}

function parseArgs(argv) {
  const a = { file: null, out: null, columns: null, dropped: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out' && i + 1 < argv.length) a.out = argv[++i];
    else if (argv[i] === '--columns' && i + 1 < argv.length) a.columns = JSON.parse(argv[++i]);
    else if (argv[i] === '--dropped' && i + 1 < argv.length) a.dropped = argv[++i];
    else if (argv[i].startsWith('--') || a.file !== null) throw new ExitError(1, `unexpected argument ${argv[i]}`);
    else a.file = argv[i];
  }
  if (a.file === null) throw new ExitError(1, 'usage: polars_ndjson.mjs FILE [--out PATH] [--columns JSON-ARRAY] [--dropped PATH]');
  return a;
}

// Polars' display name of a Series' dtype ("binary", "list[struct[2]]", "decimal[10,2]"),
// read from the Series header: the JS dtype getter throws for Binary anywhere inside.
function dtypeName(series) {
  const header = series.toString().split('\n').find(l => l.startsWith('Series:')) || '';
  const m = header.match(/' \[(.*)\]$/);
  if (!m) throw new ExitError(3, `cannot see the dtype of ${series.name}: ${header}`);
  return m[1];
}

// A tree describing only what the transform needs: kind binary/float/decimal/list/struct/other.
function describe(series) {
  const name = dtypeName(series);
  if (name === 'binary') return { kind: 'binary' };
  if (name === 'f32' || name === 'f64' || name === 'f16') return { kind: 'float' };
  if (name.startsWith('decimal')) return { kind: 'decimal' };
  if (name === 'date') return { kind: 'date' };
  const dt = name.match(/^datetime\[(ms|μs|us|ns)(, .*)?\]$/);
  if (dt) return { kind: 'datetime', unit: dt[1] === 'μs' ? 'us' : dt[1], tz: Boolean(dt[2]) };
  if (name.startsWith('list[')) return { kind: 'list', item: describe(series.explode()) };
  if (name.startsWith('array[')) throw new ExitError(3, `fixed-size array column ${series.name} (${name}) has no rendering here`);
  if (name.startsWith('struct[')) {
    const fields = series.struct.fields;
    return { kind: 'struct', fields: fields.map(f => ({ name: f, type: describe(series.struct.field(f)) })) };
  }
  if (name === 'object') throw new ExitError(3, `object column ${series.name}`);
  return { kind: 'other', name };
}

function needsTransform(t) {
  switch (t.kind) {
    case 'binary': case 'float': case 'decimal': case 'date': case 'datetime': return true;
    case 'list': return needsTransform(t.item);
    case 'struct': return t.fields.some(f => needsTransform(f.type));
    default: return false;
  }
}

// ignoreNulls=false: a null value stays null (the binding's default drops the null operand).
const marked = (tag, textExpr) => pl.concatString([pl.lit(`\u0001${tag}:`), textExpr], '', false);

function transform(e, t) {
  if (!needsTransform(t)) return e;
  switch (t.kind) {
    case 'binary':
      return marked('B', e.cast(pl.List(pl.UInt8)).list.eval(pl.element().cast(pl.Utf8)).list.join(','));
    case 'float':
      return marked('F', e.cast(pl.Utf8));
    case 'decimal':
      return marked('N', e.cast(pl.Utf8));
    case 'date':
      return marked('D', e.cast(pl.Int32).cast(pl.Utf8));
    case 'datetime':
      return marked(`T${t.unit}${t.tz ? 'Z' : ''}`, e.cast(pl.Int64).cast(pl.Utf8));
    case 'list':
      return e.list.eval(transform(pl.element(), t.item));
    case 'struct': {
      const rebuilt = pl.struct(t.fields.map(f => transform(e.struct.field(f.name), f.type).alias(f.name)));
      return pl.when(e.isNull()).then(pl.lit(null)).otherwise(rebuilt);
    }
    default:
      return e;
  }
}

const PER_SECOND = { ms: 1000n, us: 1000000n, ns: 1000000000n };
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const FLOAT_SPECIALS = { NaN: '"NaN"', inf: '"inf"', '-inf': '"-inf"' };

// Rewrites the marked strings Polars wrote (its JSON escapes \u0001 as the six characters).
function unmark(text) {
  return text.replace(/"\\u0001(B|F|N|D|T(?:ms|us|ns)Z?):([^"]*)"/g, (_, tag, body) => {
    if (tag === 'B') return body === '' ? '""' : '"' + body.split(',').map(b => HEX[Number(b)]).join('') + '"';
    if (tag === 'F') return FLOAT_SPECIALS[body] ?? body;
    if (tag === 'N') return body;
    if (tag === 'D') return JSON.stringify(formatDate(Number(body)));
    const unit = tag.slice(1, 3);
    const text = formatTimestamp(BigInt(body), PER_SECOND[unit], unit === 'ns' ? 9 : 6);
    return JSON.stringify(tag.endsWith('Z') ? text + 'Z' : text);
  });
}

// The first line of a Polars error; for a caught Rust panic, the unwrapped error inside it.
function errorText(e) {
  const text = String(e && e.message || e);
  const inner = text.match(/ErrString\("([^"\\]*(?:\\.[^"\\]*)*)"\)/);
  return (inner ? inner[1].replace(/\\n\s*/g, ' ') : text.split('\n')[0]).slice(0, 300);
}

function main() {
  const a = parseArgs(process.argv.slice(2));
  let df;
  const dropped = [];
  try {
    df = pl.readParquet(a.file);
  } catch (e) {
    const message = errorText(e);
    if (!a.columns) throw new ExitError(2, message);
    // Read what Polars can: each column alone, then the readable ones together.
    const readable = [];
    for (const c of a.columns) {
      try {
        pl.readParquet(a.file, { columns: [c], nRows: 1 });
        readable.push(c);
      } catch (ce) {
        dropped.push({ column: c, error: errorText(ce) });
      }
    }
    if (readable.length === 0) throw new ExitError(2, message);
    try {
      df = pl.readParquet(a.file, { columns: readable });
    } catch (re) {
      throw new ExitError(2, errorText(re));
    }
  }
  if (a.dropped) fs.writeFileSync(a.dropped, JSON.stringify(dropped) + '\n');
  for (const d of dropped) process.stderr.write(`dropped column ${d.column}: ${d.error}\n`);
  const empty = df.head(0);
  const exprs = empty.columns.map(c => transform(pl.col(c), describe(empty.getColumn(c))).alias(c));
  let text;
  try {
    const out = df.select(...exprs);
    text = df.height === 0 ? '' : out.writeJSON({ format: 'lines' }).toString();
  } catch (e) {
    throw new ExitError(3, `Polars cannot render: ${String(e && e.message || e).split('\n')[0]}`);
  }
  text = unmark(text);
  if (text.length && !text.endsWith('\n')) text += '\n';
  if (a.out) fs.writeFileSync(a.out, text);
  else process.stdout.write(text);
}

try {
  main();
} catch (e) {
  if (e instanceof ExitError) {
    process.stderr.write(e.message + '\n');
    process.exit(e.code);
  }
  process.stderr.write(`${e && e.stack || e}\n`);
  process.exit(1);
}
