// Delta checkpoints written by a foreign writer: DuckDB reads the table's JSON commits, replays
// them in SQL (the last action per path wins: a live add, or a remove tombstone), and writes
// `<version>.checkpoint.parquet` with the checkpoint schema of PROTOCOL.md (one row per
// action; top-level nullable structs txn, add, remove, metaData, protocol). Each file is read
// back with DuckDB and its action counts checked against the generator's MANIFEST (an
// independent replay in Python). `_last_checkpoint` points at the newest checkpoint written.
//
// usage: node checkpoints.mjs TABLE MANIFEST write V1,V2,...   write (and check) checkpoints
//        node checkpoints.mjs TABLE MANIFEST last V            check checkpoint V and point
//                                                              `_last_checkpoint` at it
// env: PEERS_DIR (default ~/.cache/silt-peers), DUCKDB_THREADS (default 2),
//      ROW_GROUP_SIZE (rows per Parquet row group; default DuckDB's own, 122880)
//
// Like Spark's checkpoints, adds and removes are written with dataChange = false. Unlike
// Spark, tombstones are kept however old (the synthetic timestamps are far in the past), so
// readers meet remove rows in checkpoints.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const PEERS_DIR = path.resolve(process.env.PEERS_DIR || path.join(process.env.HOME, '.cache/silt-peers'));
const requirePeer = createRequire(PEERS_DIR + '/');

const MAP = 'MAP(VARCHAR, VARCHAR)';
const TXN_T = 'STRUCT(appId VARCHAR, version BIGINT, lastUpdated BIGINT)';
const ADD_T = `STRUCT(path VARCHAR, partitionValues ${MAP}, size BIGINT, modificationTime BIGINT, ` +
  `dataChange BOOLEAN, stats VARCHAR, tags ${MAP})`;
const REMOVE_T = 'STRUCT(path VARCHAR, deletionTimestamp BIGINT, dataChange BOOLEAN, ' +
  `extendedFileMetadata BOOLEAN, partitionValues ${MAP}, size BIGINT)`;
const METADATA_T = `STRUCT(id VARCHAR, name VARCHAR, description VARCHAR, format STRUCT(provider VARCHAR, ` +
  `options ${MAP}), schemaString VARCHAR, partitionColumns VARCHAR[], configuration ${MAP}, createdTime BIGINT)`;
const PROTOCOL_T = 'STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER)';

const sqlString = s => `'${s.replaceAll("'", "''")}'`;
const checkpointName = v => `${String(v).padStart(20, '0')}.checkpoint.parquet`;

async function loadActions(con, logDir) {
  // One row per action line; commitInfo lines are dropped. `seq` keeps log order (files sort
  // by name, lines in file order) for "last action per path wins".
  const columns = `{add: '${ADD_T}', remove: '${REMOVE_T}', metaData: '${METADATA_T}', protocol: '${PROTOCOL_T}'}`;
  await con.run(`
    CREATE TABLE actions AS
    SELECT row_number() OVER () AS seq,
           regexp_extract(filename, '(\\d{20})\\.json$', 1)::BIGINT AS version,
           add, remove, metaData, protocol
    FROM read_json(${sqlString(path.join(logDir, '*.json'))}, format = 'newline_delimited',
                   filename = true, columns = ${columns})
    WHERE add IS NOT NULL OR remove IS NOT NULL OR metaData IS NOT NULL OR protocol IS NOT NULL`);
  await con.run(`
    CREATE TABLE file_actions AS
    SELECT seq, version, coalesce(add.path, remove.path) AS path
    FROM actions WHERE add IS NOT NULL OR remove IS NOT NULL`);
}

async function writeCheckpoint(con, logDir, version) {
  await con.run(`
    CREATE OR REPLACE TEMP TABLE keep AS
    SELECT seq FROM file_actions WHERE version <= ${version}
    QUALIFY row_number() OVER (PARTITION BY path ORDER BY seq DESC) = 1
    UNION ALL (SELECT seq FROM actions WHERE protocol IS NOT NULL AND version <= ${version}
               ORDER BY seq DESC LIMIT 1)
    UNION ALL (SELECT seq FROM actions WHERE metaData IS NOT NULL AND version <= ${version}
               ORDER BY seq DESC LIMIT 1)`);
  const file = path.join(logDir, checkpointName(version));
  const tmp = `${file}.tmp-${process.pid}`;
  const rowGroup = process.env.ROW_GROUP_SIZE ? `, ROW_GROUP_SIZE ${Number(process.env.ROW_GROUP_SIZE)}` : '';
  await con.run(`
    COPY (
      SELECT NULL::${TXN_T} AS txn,
             CASE WHEN a.add IS NULL THEN NULL ELSE {
               'path': a.add.path, 'partitionValues': a.add.partitionValues, 'size': a.add.size,
               'modificationTime': a.add.modificationTime, 'dataChange': false,
               'stats': a.add.stats, 'tags': a.add.tags}::${ADD_T} END AS add,
             CASE WHEN a.remove IS NULL THEN NULL ELSE {
               'path': a.remove.path, 'deletionTimestamp': a.remove.deletionTimestamp,
               'dataChange': false, 'extendedFileMetadata': a.remove.extendedFileMetadata,
               'partitionValues': a.remove.partitionValues, 'size': a.remove.size}::${REMOVE_T} END AS remove,
             a.metaData, a.protocol
      FROM actions a JOIN keep USING (seq)
      ORDER BY seq
    ) TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION snappy${rowGroup})`);
  fs.renameSync(tmp, file);
  return file;
}

async function check(con, file, expected) {
  const r = await con.runAndReadAll(`
    SELECT count(*)::BIGINT, count(add)::BIGINT, count(remove)::BIGINT, count(metaData)::BIGINT,
           count(protocol)::BIGINT, count(txn)::BIGINT,
           count(DISTINCT coalesce(add.path, remove.path))::BIGINT,
           min(add.partitionValues['part']), max(add.partitionValues['part'])
    FROM read_parquet(${sqlString(file)})`);
  const [rows, adds, removes, metas, protocols, txns, paths, minPart, maxPart] =
    r.getRows()[0].map(x => (typeof x === 'bigint' ? Number(x) : x));
  const problems = [];
  if (adds !== expected.adds) problems.push(`${adds} adds, expected ${expected.adds}`);
  if (removes !== expected.removes) problems.push(`${removes} removes, expected ${expected.removes}`);
  if (metas !== 1 || protocols !== 1 || txns !== 0) problems.push(`${metas} metaData, ${protocols} protocol, ${txns} txn rows`);
  if (rows !== adds + removes + 2) problems.push(`${rows} rows are not one action each`);
  if (paths !== adds + removes) problems.push(`${paths} distinct paths for ${adds + removes} file actions`);
  if (adds > 0 && !(minPart && maxPart)) problems.push('add.partitionValues did not read back as a map');
  if (problems.length) throw new Error(`${file}: ${problems.join('; ')}`);
  return { rows, adds, removes, bytes: fs.statSync(file).size };
}

function writeLastCheckpoint(logDir, version, info) {
  const text = JSON.stringify({ version, size: info.rows, sizeInBytes: info.bytes, numOfAddFiles: info.adds });
  const file = path.join(logDir, '_last_checkpoint');
  fs.rmSync(file, { force: true });  // the variant's log shares hard links with the original
  fs.writeFileSync(file, text + '\n');
}

async function main() {
  const [table, manifestPath, mode, list] = process.argv.slice(2);
  if (!table || !manifestPath || !['write', 'last'].includes(mode) || !list) {
    throw new Error('usage: checkpoints.mjs TABLE MANIFEST write V1,V2,... | last V');
  }
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const versions = list.split(',').map(Number);
  const expected = v => {
    const e = manifest.checkpoints[String(v)];
    if (!e) throw new Error(`no checkpoint version ${v} in ${manifestPath}`);
    return e;
  };
  const logDir = path.join(table, '_delta_log');
  const { DuckDBInstance } = requirePeer('@duckdb/node-api');
  const inst = await DuckDBInstance.create(':memory:', {
    threads: process.env.DUCKDB_THREADS || '2',
    preserve_insertion_order: 'true',
  });
  const con = await inst.connect();
  if (mode === 'last') {
    const v = versions[0];
    writeLastCheckpoint(logDir, v, await check(con, path.join(logDir, checkpointName(v)), expected(v)));
    return;
  }
  let t = Date.now();
  await loadActions(con, logDir);
  process.stderr.write(`  DuckDB read the JSON commits in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  let last = null;
  for (const v of versions) {
    t = Date.now();
    const info = await check(con, await writeCheckpoint(con, logDir, v), expected(v));
    process.stderr.write(`  checkpoint ${v}: ${info.rows} rows, ${(info.bytes / 1e6).toFixed(1)} MB, ` +
      `${((Date.now() - t) / 1000).toFixed(1)} s\n`);
    if (last === null || v > last.v) last = { v, info };
  }
  writeLastCheckpoint(logDir, last.v, last.info);
}

main().catch(e => {
  process.stderr.write(`${e && e.stack || e}\n`);
  process.exit(1);
});
