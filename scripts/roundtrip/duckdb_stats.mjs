// Checks the column chunk statistics of a Parquet file against its values, both as DuckDB
// reads them: for every row group and every top-level column of a scalar type, the chunk's
// min must be <= the smallest value, its max >= the largest (NaN left out), and its
// null_count must equal the number of nulls. DuckDB prunes row groups with these statistics,
// so a violated bound means wrong query results there.
//
// usage: node scripts/roundtrip/duckdb_stats.mjs FILE
// prints one line per violation, then a summary line
//   "stats: C chunks checked, B with min/max, U min/max DuckDB does not show, V violations"
// exit: 0 no violation, 1 violations, 2 DuckDB error
//
// Nested leaves are not checked (their null_count counts levels, which writers define
// differently). A min/max DuckDB does not render (parquet_metadata shows NULL, e.g. for ±inf
// doubles) or cannot cast back to the column type is counted as U, not as a violation.
import { createRequire } from 'node:module';
import path from 'node:path';

const PEERS_DIR = path.resolve(process.env.PEERS_DIR || path.join(process.env.HOME, '.cache/silt-peers'));
const { DuckDBInstance } = createRequire(PEERS_DIR + '/')('@duckdb/node-api');

const SCALAR = /^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|HUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\)|VARCHAR|BLOB|DATE|TIME|TIME_NS|TIMESTAMP|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS|TIMESTAMP WITH TIME ZONE)$/;

const sqlString = s => `'${s.replaceAll("'", "''")}'`;
const ident = s => `"${s.replaceAll('"', '""')}"`;
const big = v => (typeof v === 'bigint' ? v.toString() : v);

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error('usage: duckdb_stats.mjs FILE');
  const con = await (await DuckDBInstance.create(':memory:', { threads: '1' })).connect();
  const src = `read_parquet(${sqlString(file)}, file_row_number = true)`;
  const types = new Map((await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(file)})`))
    .getRows().map(r => [r[0], r[1]]));
  const groups = (await con.runAndReadAll(
    `SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata(${sqlString(file)}) ORDER BY 1`)).getRows();
  // file_row_number ranges of the row groups
  const cases = [];
  let start = 0n;
  for (const [id, rows] of groups) {
    start += BigInt(rows);
    cases.push(`WHEN file_row_number < ${start} THEN ${id}`);
  }
  let chunks = 0, bounded = 0, unshown = 0;
  const violations = [];
  for (const [name, type] of types) {
    if (!SCALAR.test(type) || cases.length === 0) continue;
    const c = ident(name);
    const isFloat = type === 'FLOAT' || type === 'DOUBLE';
    const value = isFloat ? `CASE WHEN isnan(${c}) THEN NULL ELSE ${c} END` : c;
    const sql = `
      WITH actual AS (
        SELECT CASE ${cases.join(' ')} END AS rg, min(${value}) AS lo, max(${value}) AS hi,
               count(*) FILTER (WHERE ${c} IS NULL) AS nulls
        FROM ${src} GROUP BY 1),
      stats AS (
        SELECT row_group_id AS rg, stats_min_value, stats_max_value, stats_null_count,
               TRY_CAST(stats_min_value AS ${type}) AS smin, TRY_CAST(stats_max_value AS ${type}) AS smax
        FROM parquet_metadata(${sqlString(file)}) WHERE path_in_schema = ${sqlString(name)})
      SELECT s.rg, s.stats_min_value, s.stats_max_value, s.stats_null_count, a.lo::VARCHAR, a.hi::VARCHAR,
             a.nulls, s.smin IS NOT NULL AND s.smax IS NOT NULL AS has_bounds,
             (s.smin IS NOT NULL AND a.lo IS NOT NULL AND s.smin > a.lo) AS bad_min,
             (s.smax IS NOT NULL AND a.hi IS NOT NULL AND s.smax < a.hi) AS bad_max,
             (s.stats_null_count IS NOT NULL AND s.stats_null_count <> a.nulls) AS bad_nulls,
             (s.stats_min_value IS NOT NULL OR s.stats_max_value IS NOT NULL) AS shown
      FROM stats s JOIN actual a USING (rg) ORDER BY s.rg`;
    for (const r of (await con.runAndReadAll(sql)).getRows()) {
      const [rg, smin, smax, snulls, lo, hi, nulls, hasBounds, badMin, badMax, badNulls, shown] = r;
      chunks++;
      if (hasBounds) bounded++;
      else if (lo !== null) unshown++;
      void shown;
      if (badMin || badMax || badNulls) {
        violations.push(`row group ${rg} column ${name} (${type}): stats min ${smin} max ${smax} nulls ${big(snulls)}; ` +
          `values min ${lo} max ${hi} nulls ${big(nulls)}`);
      }
    }
  }
  for (const v of violations) console.log(v);
  console.log(`stats: ${chunks} chunks checked, ${bounded} with min/max, ${unshown} min/max DuckDB does not show, ${violations.length} violations`);
  return violations.length ? 1 : 0;
}

main().then(code => process.exit(code), e => {
  process.stderr.write(String(e && e.message || e).split('\n')[0] + '\n');
  process.exit(2);
});
