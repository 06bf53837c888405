// Summary form of a Parquet file's values, for files whose NDJSON is too large to keep (or whose
// strings are too long for a JS string: large_string_map.brotli.parquet holds 1 GiB keys).
// Computed entirely inside DuckDB; the definition is in tests/data/parquet_golden/README.md and
// compare_ndjson.py recomputes it from `silt parquet cat --format ndjson` output.
//
// Leaves: every scalar reachable from a top-level column through struct fields (step ".name"),
// list elements ("[]") and map keys/values ("{key}", "{value}"). Per row, a leaf yields the list
// of its values in stored order (a NULL list or map contributes none; a NULL struct yields NULL
// for each field). Per leaf: values (slots, NULLs included), nulls, bytes (sum of the byte
// lengths of the value texts) and md5 = md5 over the rows, in file order, of the per-row text
// "d1,d2,...;" where di is md5(value text) in lowercase hex, or "null".
// Value text: UTF-8 bytes of a string, raw bytes of a blob, decimal digits of an integer,
// the exact decimal with its scale ("12.50"), true/false for a boolean.
import { createRequire } from 'node:module';
import path from 'node:path';
import { RenderError } from './render.mjs';

const PEERS_DIR = path.resolve(process.env.PEERS_DIR || path.join(process.env.HOME, '.cache/silt-peers'));
const { DuckDBTypeId: T } = createRequire(PEERS_DIR + '/')('@duckdb/node-api');

export const SUMMARY_FORMAT = 'silt-golden-summary/1';

const INTEGER_TYPES = new Set([T.TINYINT, T.SMALLINT, T.INTEGER, T.BIGINT, T.UTINYINT, T.USMALLINT,
  T.UINTEGER, T.UBIGINT, T.HUGEINT, T.UHUGEINT]);

const ident = s => '"' + s.replaceAll('"', '""') + '"';

// SQL for the value text of scalar `x` of `type`, and its byte length.
function leafText(x, type) {
  switch (type.typeId) {
    case T.VARCHAR: return { text: x, bytes: `strlen(${x})` };
    case T.BLOB: return { text: x, bytes: `octet_length(${x})` };
    case T.BOOLEAN: case T.DECIMAL: return { text: `${x}::VARCHAR`, bytes: `strlen(${x}::VARCHAR)` };
    default:
      if (INTEGER_TYPES.has(type.typeId)) return { text: `${x}::VARCHAR`, bytes: `strlen(${x}::VARCHAR)` };
      throw new RenderError(`summary form does not support leaf type ${type.toString()} (yet)`);
  }
}

// Collect leaves of `expr` (SQL yielding a LIST of values of `type` per row).
function collectLeaves(listExpr, type, steps, depth, out) {
  const x = `x${depth}`;
  const perItem = (inner, innerType, step) =>
    collectLeaves(`flatten(list_transform(${listExpr}, lambda ${x}: ${inner}))`, innerType, [...steps, step], depth + 1, out);
  switch (type.typeId) {
    case T.STRUCT:
      type.entryNames.forEach((name, i) =>
        collectLeaves(`list_transform(${listExpr}, lambda ${x}: struct_extract(${x}, ${"'" + name.replaceAll("'", "''") + "'"}))`,
          type.entryTypes[i], [...steps, '.' + name], depth + 1, out));
      return;
    case T.LIST: case T.ARRAY:
      perItem(x, type.valueType, '[]');
      return;
    case T.MAP:
      perItem(`map_keys(${x})`, type.keyType, '{key}');
      perItem(`map_values(${x})`, type.valueType, '{value}');
      return;
    default:
      out.push({ steps, type, listExpr });
  }
}

/** Summary object of `file` (see the header comment); `helpers` = { run, sqlString }. */
export async function summarize(con, file, { run, sqlString }) {
  const src = `read_parquet(${sqlString(file)}, file_row_number = true)`;
  const described = await run(con, `SELECT * FROM ${src} LIMIT 0`);
  const names = described.columnNames().filter(n => n !== 'file_row_number');
  const types = described.columnTypes().slice(0, names.length);
  const leaves = [];
  names.forEach((name, i) => {
    const start = leaves.length;
    collectLeaves(`[${ident(name)}]`, types[i], [name], 0, leaves);
    for (let j = start; j < leaves.length; j++) leaves[j].column = i;
  });
  const selects = [];
  leaves.forEach((leaf, i) => {
    const { text, bytes } = leafText('v', leaf.type);
    const l = `coalesce(l${i}, [])`;
    selects.push(
      `sum(len(${l}))::BIGINT AS values${i}`,
      `sum(len(list_filter(${l}, lambda v: v IS NULL)))::BIGINT AS nulls${i}`,
      `coalesce(sum(list_sum(list_transform(${l}, lambda v: coalesce(${bytes}, 0)))), 0)::BIGINT AS bytes${i}`,
      `md5(coalesce(string_agg(array_to_string(list_transform(${l}, lambda v: coalesce(md5(${text}), 'null')), ',') || ';', '' ORDER BY file_row_number), '')) AS md5_${i}`);
  });
  names.forEach((name, i) => selects.push(`(count(*) - count(${ident(name)}))::BIGINT AS colnulls${i}`));
  const inner = [...leaves.map((leaf, i) => `${leaf.listExpr} AS l${i}`), ...names.map(ident), 'file_row_number'];
  const sql = `SELECT count(*)::BIGINT AS row_count, ${selects.join(', ')} FROM (SELECT ${inner.join(', ')} FROM ${src})`;
  const r = (await run(con, sql)).getRowObjects()[0];
  const num = v => Number(v);   // counts and byte totals stay far below 2^53
  return {
    format: SUMMARY_FORMAT,
    rows: num(r.row_count),
    columns: names.map((name, i) => ({
      name,
      type: types[i].toString(),
      nulls: num(r[`colnulls${i}`]),
      leaves: leaves.map((leaf, j) => [leaf, j]).filter(([leaf]) => leaf.column === i).map(([leaf, j]) => ({
        path: leaf.steps,
        type: leaf.type.toString(),
        values: num(r[`values${j}`]),
        nulls: num(r[`nulls${j}`]),
        bytes: num(r[`bytes${j}`]),
        md5: String(r[`md5_${j}`]),
      })),
    })),
  };
}
