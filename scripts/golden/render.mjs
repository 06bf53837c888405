// Renders DuckDB typed values (from @duckdb/node-api) as JSON text in silt's NDJSON spelling
// (../shared/design/CONTRACTS.md "JSON / NDJSON output"). Used by duckdb_ndjson.mjs.
import { createRequire } from 'node:module';
import path from 'node:path';

const PEERS_DIR = path.resolve(process.env.PEERS_DIR || path.join(process.env.HOME, '.cache/silt-peers'));
const { DuckDBTypeId: T } = createRequire(PEERS_DIR + '/')('@duckdb/node-api');

/** A value or type the renderer has no spelling for. */
export class RenderError extends Error {}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hex(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}

function specialFloat(v) {
  if (Number.isNaN(v)) return '"NaN"';
  if (v === Infinity) return '"inf"';
  if (v === -Infinity) return '"-inf"';
  if (Object.is(v, -0)) return '-0';
  return null;
}

/** Shortest decimal that reads back as the same float64 (JS's own Number -> string). */
export function formatDouble(v) {
  return specialFloat(v) ?? String(v);
}

/**
 * Shortest decimal that reads back as the same float32 (DuckDB hands FLOAT values over
 * widened to double; printing the double would show float32 noise like 0.10000000149011612).
 */
export function formatFloat(v) {
  const special = specialFloat(v);
  if (special !== null) return special;
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}

/** Exact decimal text of unscaled/10^scale, keeping all `scale` digits (12.50). */
export function formatDecimal(unscaled, scale) {
  const negative = unscaled < 0n;
  let digits = (negative ? -unscaled : unscaled).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale);
  }
  return (negative ? '-' : '') + digits;
}

function floorDiv(a, b) {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

// Proleptic Gregorian (year, month, day) of a day count since 1970-01-01 (H. Hinnant's
// civil-from-days, written with floor division so negative counts work).
function civilFromDays(days) {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const pad2 = n => String(n).padStart(2, '0');

/** YYYY-MM-DD; years outside 0001-9999 get a sign and at least four digits. */
export function formatDate(days) {
  const [y, m, d] = civilFromDays(days);
  const year = (y >= 1 && y <= 9999) ? String(y).padStart(4, '0')
    : (y < 0 ? '-' : '+') + String(Math.abs(y)).padStart(4, '0');
  return `${year}-${pad2(m)}-${pad2(d)}`;
}

/** HH:MM:SS[.f...] of `ticks` units since midnight; `digits` fraction digits (6 or 9), only when non-zero. */
export function formatTimeOfDay(ticks, digits) {
  const perSecond = 10n ** BigInt(digits);
  const seconds = ticks / perSecond;
  const fraction = ticks % perSecond;
  const h = seconds / 3600n, m = (seconds / 60n) % 60n, s = seconds % 60n;
  let text = `${pad2(h)}:${pad2(m)}:${pad2(s)}`;
  if (fraction !== 0n) text += '.' + fraction.toString().padStart(digits, '0');
  return text;
}

const DAY_SECONDS = 86400n;
const I64_MAX = (1n << 63n) - 1n;

/** 'YYYY-MM-DD HH:MM:SS[.f]' of `ticks` units since the epoch (`perSecond` = 1, 1e3, 1e6 or 1e9). */
export function formatTimestamp(ticks, perSecond, digits) {
  if (ticks === I64_MAX) return 'infinity';
  if (ticks === -I64_MAX) return '-infinity';
  const perDay = DAY_SECONDS * perSecond;
  const days = floorDiv(ticks, perDay);
  const within = ticks - days * perDay;   // 0 <= within < perDay
  const scale = 10n ** BigInt(digits) / perSecond;   // to `digits` fraction digits
  return `${formatDate(Number(days))} ${formatTimeOfDay(within * scale, digits)}`;
}

/** ISO 8601 duration (P1Y2M3DT4H5M6.5S) of DuckDB's (months, days, micros); zero is PT0S. */
export function formatInterval(months, days, micros) {
  let date = '';
  const years = Math.trunc(months / 12), rest = months % 12;
  if (years) date += `${years}Y`;
  if (rest) date += `${rest}M`;
  if (days) date += `${days}D`;
  let time = '';
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const sign = negative ? '-' : '';
  const h = abs / 3600000000n, m = (abs / 60000000n) % 60n, us = abs % 60000000n;
  if (h) time += `${sign}${h}H`;
  if (m) time += `${sign}${m}M`;
  if (us) {
    let s = (us / 1000000n).toString();
    const frac = us % 1000000n;
    if (frac) s += '.' + frac.toString().padStart(6, '0').replace(/0+$/, '');
    time += `${sign}${s}S`;
  }
  if (!date && !time) return 'PT0S';
  return 'P' + date + (time ? 'T' + time : '');
}

const q = s => JSON.stringify(s);

/** JSON text of one value of DuckDB type `type` (a DuckDBType); null is SQL NULL. */
export function renderValue(v, type) {
  if (v === null || v === undefined) return 'null';
  switch (type.typeId) {
    case T.BOOLEAN:
      return v ? 'true' : 'false';
    case T.TINYINT: case T.SMALLINT: case T.INTEGER: case T.BIGINT:
    case T.UTINYINT: case T.USMALLINT: case T.UINTEGER: case T.UBIGINT:
    case T.HUGEINT: case T.UHUGEINT: case T.BIGNUM:
      if (typeof v !== 'bigint' && !Number.isSafeInteger(v)) throw new RenderError(`inexact integer ${v}`);
      return v.toString();
    case T.FLOAT:
      return formatFloat(v);
    case T.DOUBLE:
      return formatDouble(v);
    case T.DECIMAL:
      return formatDecimal(v.value, v.scale);
    case T.VARCHAR: case T.ENUM:
      return q(String(v));
    case T.BLOB:
      return q(hex(v.bytes));
    case T.GEOMETRY:   // WKB as DuckDB hands it over
      return q(hex(v.bytes));
    case T.UUID:       // DuckDB's canonical 8-4-4-4-12 lowercase spelling
      return q(v.toString());
    case T.BIT:
      return q(v.toString());
    case T.DATE:
      if (!v.isFinite) return q(v.days > 0 ? 'infinity' : '-infinity');
      return q(formatDate(v.days));
    case T.TIME:
      return q(formatTimeOfDay(v.micros, 6));
    case T.TIME_NS:
      return q(formatTimeOfDay(v.nanos, 9));
    case T.TIME_TZ: {
      // Parquet TIME(isAdjustedToUTC=true) arrives as TIMETZ with offset 0; print the UTC
      // time of day without a suffix, as for a plain TIME (silt has one time type).
      const day = DAY_SECONDS * 1000000n;
      const utc = ((v.micros - BigInt(v.offset) * 1000000n) % day + day) % day;
      return q(formatTimeOfDay(utc, 6));
    }
    case T.TIMESTAMP_S:
      return q(formatTimestamp(v.seconds, 1n, 6));
    case T.TIMESTAMP_MS:
      return q(formatTimestamp(v.millis, 1000n, 6));
    case T.TIMESTAMP:
      return q(formatTimestamp(v.micros, 1000000n, 6));
    case T.TIMESTAMP_NS:
      return q(formatTimestamp(v.nanos, 1000000000n, 9));
    case T.TIMESTAMP_TZ: {
      const text = formatTimestamp(v.micros, 1000000n, 6);
      return q(text.endsWith('infinity') ? text : text + 'Z');
    }
    case T.INTERVAL:
      return q(formatInterval(v.months, v.days, v.micros));
    case T.LIST: case T.ARRAY:
      return '[' + v.items.map(x => renderValue(x, type.valueType)).join(',') + ']';
    case T.STRUCT:
      // Walk the type's field order: v.entries is a JS object, which would put integer-like
      // field names first.
      return '{' + type.entryNames.map((name, i) =>
        q(name) + ':' + renderValue(v.entries[name], type.entryTypes[i])).join(',') + '}';
    case T.MAP:
      return '[' + v.entries.map(e =>
        '{"key":' + renderValue(e.key, type.keyType) + ',"value":' + renderValue(e.value, type.valueType) + '}').join(',') + ']';
    case T.VARIANT:
      if (v.value === null) return 'null';
      if (!v.type) throw new RenderError('VARIANT value without a type');
      return renderValue(v.value, v.type);
    default:
      throw new RenderError(`no NDJSON spelling for DuckDB type ${type.toString()}`);
  }
}
