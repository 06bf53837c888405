#!/usr/bin/env python3
"""Expected results transcribed from upstream test assertions -> typed NDJSON.

usage: transcribed.py FILE [--schema-json LOG_JSON] [--out-prefix PREFIX]

FILE is one of ../shared/testdata/delta/<source>/<table>/expected-transcribed/*: after '#'
comment lines it holds either
  an ASCII table as arrow / DataFusion pretty-print it (+---+ borders, | cells |),
  a CSV table (header line, then one row per line),
  `row_count=N`, or
  `EXPECTED: error (<why>)`.
Writes PREFIX.ndjson (rows) plus PREFIX.meta.json (what was typed how), or PREFIX.count.json /
PREFIX.error.json; without --out-prefix prints the meta and rows to stdout.

Typing (best effort). The cells are text; a column named in the table's Delta schema (the
schemaString of LOG_JSON, written by log_judge.py) is typed by its Delta type: integers ->
JSON integers; float/double/decimal -> JSON numbers written as transcribed (5.0, 67.89000;
compare_ndjson compares them by value); boolean -> true/false; string, date, timestamp,
binary (hex) -> strings (the comparer normalises temporal spellings); struct / array / map ->
parsed from arrow's display form ({a: 1, b: x}, [1, , 3], {k: v}) into objects, arrays and
[{"key", "value"}] arrays; variant -> arrow shows the binary encoding
{metadata: <hex>, value: <hex>}, which is decoded to the JSON value silt prints. CDF columns
_change_type (string) and _commit_version (long) are known; any other column is typed by its
cells (all integers -> integers, all numbers -> numbers, else strings) and listed under
"inferred" in the meta. Cells that do not parse as their type stay strings and are listed
under "untyped".
An empty cell is NULL: the pretty-printers show NULL and "" alike, so for string columns the
meta sets "null_matches_empty" and the check accepts either. Leading/trailing spaces of a
string cell are lost in the transcription.
"""
import argparse
import csv
import datetime
import io
import json
import os
import re
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'golden'))
from compare_ndjson import FloatToken, Obj, to_json  # noqa: E402

INT_TYPES = {'long', 'integer', 'short', 'byte'}
FLOAT_TYPES = {'float', 'double'}
TEXT_TYPES = {'string', 'date', 'timestamp', 'timestamp_ntz', 'binary'}
CDF_COLUMNS = {'_change_type': 'string', '_commit_version': 'long', '_commit_timestamp': 'timestamp'}
INT_RE = re.compile(r'^[+-]?\d+$')
NUMBER_RE = re.compile(r'^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$')


class TranscriptionError(Exception):
    pass


# ---------------------------------------------------------------- reading the files

def parse_text(text):
    """{'comments': [...], 'kind': 'table'|'csv'|'count'|'error', 'columns', 'rows' (cell
    strings, '' for an empty cell), 'count', 'error'} of a transcribed file's text."""
    comments, body = [], []
    for line in text.splitlines():
        if line.startswith('#') and not body:
            comments.append(line[1:].strip())
        elif line.startswith('#'):
            comments.append(line[1:].strip())
        elif line.strip():
            body.append(line.rstrip('\n'))
    out = {'comments': comments}
    if not body:
        raise TranscriptionError('no content after the comments')
    first = body[0].strip()
    if first.startswith('row_count='):
        out.update(kind='count', count=int(first.split('=', 1)[1]))
    elif first.startswith('EXPECTED: error'):
        m = re.match(r'EXPECTED: error\s*\((.*)\)\s*$', first)
        out.update(kind='error', error=m.group(1) if m else first)
    elif first.startswith('+'):
        columns, rows = parse_ascii_table(body)
        out.update(kind='table', columns=columns, rows=rows)
    else:
        reader = csv.reader(io.StringIO('\n'.join(body) + '\n'))
        records = list(reader)
        out.update(kind='csv', columns=[c.strip() for c in records[0]], rows=records[1:])
    return out


def parse_ascii_table(lines):
    """(column names, rows of cell strings) of an arrow-style ASCII table. Column boundaries
    come from the '+' positions of the border, so a cell may contain '|'."""
    border = lines[0].rstrip()
    if not re.fullmatch(r'\+(-+\+)+', border):
        raise TranscriptionError(f'not a table border: {border[:60]}')
    cuts = [i for i, ch in enumerate(border) if ch == '+']

    def cells(line):
        line = line.rstrip()
        if len(line) != len(border) or any(line[c] != '|' for c in cuts):
            # not aligned to the border (e.g. wide characters): fall back to splitting on '|'
            parts = line.strip().strip('|').split('|')
            if len(parts) != len(cuts) - 1:
                raise TranscriptionError(f'row does not match the border: {line[:60]}')
            return [p.strip() for p in parts]
        return [line[a + 1:b].strip() for a, b in zip(cuts, cuts[1:])]

    content = [line for line in lines if not line.strip().startswith('+')]
    if not content:
        raise TranscriptionError('table without a header row')
    columns = cells(content[0])
    return columns, [cells(line) for line in content[1:]]


# ---------------------------------------------------------------- variant binary -> JSON

def _uint(b, pos, size):
    if pos + size > len(b):
        raise TranscriptionError('variant: truncated')
    return int.from_bytes(b[pos:pos + size], 'little')


def variant_metadata(meta):
    """Dictionary strings of a variant metadata blob (spec: VariantEncoding.md)."""
    if not meta or meta[0] & 0x0F != 1:
        raise TranscriptionError('variant: unsupported metadata version')
    offset_size = ((meta[0] >> 6) & 3) + 1
    n = _uint(meta, 1, offset_size)
    offsets = [_uint(meta, 1 + offset_size * (i + 1), offset_size) for i in range(n + 1)]
    base = 1 + offset_size * (n + 2)
    return [meta[base + offsets[i]:base + offsets[i + 1]].decode('utf-8') for i in range(n)]


def _decimal(unscaled, scale):
    text = str(abs(unscaled)).rjust(scale + 1, '0')
    if scale:
        text = text[:-scale] + '.' + text[-scale:]
    return FloatToken(('-' if unscaled < 0 else '') + text)


def variant_value(names, v, pos=0):
    """JSON value (Obj for objects) of the variant value starting at v[pos]."""
    header = v[pos]
    basic, vh = header & 3, header >> 2
    if basic == 1:   # short string
        return v[pos + 1:pos + 1 + vh].decode('utf-8')
    if basic == 2:   # object
        offset_size, id_size, large = (vh & 3) + 1, ((vh >> 2) & 3) + 1, (vh >> 4) & 1
        n = _uint(v, pos + 1, 4 if large else 1)
        ids_at = pos + 1 + (4 if large else 1)
        offsets_at = ids_at + n * id_size
        values_at = offsets_at + (n + 1) * offset_size
        return Obj((names[_uint(v, ids_at + i * id_size, id_size)],
                    variant_value(names, v, values_at + _uint(v, offsets_at + i * offset_size, offset_size)))
                   for i in range(n))
    if basic == 3:   # array
        offset_size, large = (vh & 3) + 1, (vh >> 2) & 1
        n = _uint(v, pos + 1, 4 if large else 1)
        offsets_at = pos + 1 + (4 if large else 1)
        values_at = offsets_at + (n + 1) * offset_size
        return [variant_value(names, v, values_at + _uint(v, offsets_at + i * offset_size, offset_size))
                for i in range(n)]
    p = pos + 1
    if vh == 0:
        return None
    if vh in (1, 2):
        return vh == 1
    if vh in (3, 4, 5, 6):
        size = {3: 1, 4: 2, 5: 4, 6: 8}[vh]
        return int.from_bytes(v[p:p + size], 'little', signed=True)
    if vh == 7:
        return FloatToken(repr(struct.unpack('<d', v[p:p + 8])[0]))
    if vh == 14:
        return FloatToken(repr(struct.unpack('<f', v[p:p + 4])[0]))
    if vh in (8, 9, 10):
        size = {8: 4, 9: 8, 10: 16}[vh]
        return _decimal(int.from_bytes(v[p + 1:p + 1 + size], 'little', signed=True), v[p])
    if vh == 11:
        days = int.from_bytes(v[p:p + 4], 'little', signed=True)
        return (datetime.date(1970, 1, 1) + datetime.timedelta(days=days)).isoformat()
    if vh in (15, 16):
        n = _uint(v, p, 4)
        raw = v[p + 4:p + 4 + n]
        return raw.hex() if vh == 15 else raw.decode('utf-8')
    raise TranscriptionError(f'variant: primitive type {vh} not supported by this transcriber')


def decode_variant(metadata_hex, value_hex):
    return variant_value(variant_metadata(bytes.fromhex(metadata_hex)), bytes.fromhex(value_hex))


# ---------------------------------------------------------------- typing cells

def scalar(text, dtype):
    """Typed value of a non-empty scalar cell text; raises ValueError when it does not parse."""
    if dtype in INT_TYPES:
        if not INT_RE.match(text):
            raise ValueError(text)
        return int(text)
    if dtype in FLOAT_TYPES or dtype.startswith('decimal'):
        if text.lower() in ('nan', 'inf', '-inf', 'infinity', '-infinity'):
            return {'nan': 'NaN', 'inf': 'inf', 'infinity': 'inf'}.get(text.lower(), '-inf')
        if not NUMBER_RE.match(text):
            raise ValueError(text)
        return FloatToken(text)
    if dtype == 'boolean':
        if text not in ('true', 'false'):
            raise ValueError(text)
        return text == 'true'
    if dtype in TEXT_TYPES:
        return text
    raise ValueError(f'no scalar typing for {dtype}')


class NestedParser:
    """Parses arrow's display form of a nested value, guided by its Delta type. An empty
    element (`[1, , 3]`, `{a: }`) is NULL."""

    def __init__(self, text):
        self.s = text
        self.i = 0

    def fail(self, what):
        raise ValueError(f'{what} at {self.i} in {self.s[:80]!r}')

    def expect(self, token):
        if not self.s.startswith(token, self.i):
            self.fail(f'expected {token!r}')
        self.i += len(token)

    def at_stop(self, stops):
        return self.i >= len(self.s) or self.s[self.i] in stops

    def value(self, dtype, stops):
        if self.at_stop(stops) or (stops and self.s.startswith(', ', self.i)):
            return None
        if isinstance(dtype, dict):
            kind = dtype['type']
            if kind == 'struct':
                return self.struct(dtype['fields'])
            if kind == 'array':
                return self.array(dtype['elementType'])
            if kind == 'map':
                return self.map(dtype['keyType'], dtype['valueType'])
            self.fail(f'unknown type {kind}')
        if dtype == 'variant':
            parts = self.struct([{'name': 'metadata', 'type': 'binary'}, {'name': 'value', 'type': 'binary'}])
            d = dict(parts)
            return decode_variant(d['metadata'], d['value'])
        start = self.i
        while not self.at_stop(stops) and not (stops and self.s.startswith(', ', self.i)):
            self.i += 1
        return scalar(self.s[start:self.i].strip(), dtype)

    def struct(self, fields):
        self.expect('{')
        types = {f['name']: f['type'] for f in fields}
        out = Obj()
        while not self.s.startswith('}', self.i):
            colon = self.s.find(': ', self.i)
            if colon < 0:
                self.fail('expected a field name')
            name = self.s[self.i:colon]
            if name not in types:
                self.fail(f'unknown struct field {name!r}')
            self.i = colon + 2
            out.append((name, self.value(types[name], ',}')))
            if self.s.startswith(', ', self.i):
                self.i += 2
        self.expect('}')
        return out

    def array(self, element):
        self.expect('[')
        out = []
        if self.s.startswith(']', self.i):
            self.i += 1
            return out
        while True:
            out.append(self.value(element, ',]'))
            if self.s.startswith(', ', self.i):
                self.i += 2
            elif self.s.startswith(',', self.i):
                self.i += 1
            else:
                break
        self.expect(']')
        return out

    def map(self, key_type, value_type):
        self.expect('{')
        out = []
        while not self.s.startswith('}', self.i):
            colon = self.s.find(': ', self.i)
            if colon < 0:
                self.fail('expected a map key')
            key = scalar(self.s[self.i:colon].strip(), key_type) if isinstance(key_type, str) else self.fail('nested map key')
            self.i = colon + 2
            out.append(Obj([('key', key), ('value', self.value(value_type, ',}'))]))
            if self.s.startswith(', ', self.i):
                self.i += 2
        self.expect('}')
        return out


def type_cell(text, dtype):
    if text == '':
        return None
    if isinstance(dtype, dict) or dtype == 'variant':
        p = NestedParser(text)
        v = p.value(dtype, '')
        if p.i != len(text):
            raise ValueError(f'trailing text {text[p.i:p.i + 40]!r}')
        return v
    return scalar(text, dtype)


def infer_type(cells):
    present = [c for c in cells if c != '']
    if present and all(INT_RE.match(c) for c in present):
        return 'long'
    if present and all(NUMBER_RE.match(c) for c in present):
        return 'double'
    return 'string'


def type_rows(parsed, schema_fields):
    """(rows as Obj, meta) of a parsed 'table' or 'csv' transcription."""
    columns, cells = parsed['columns'], parsed['rows']
    for r in cells:
        if len(r) != len(columns):
            raise TranscriptionError(f'row with {len(r)} cells for {len(columns)} columns: {r}')
    by_name = {f['name']: f['type'] for f in schema_fields}
    types, described, inferred, untyped = [], {}, [], []
    for i, name in enumerate(columns):
        if name in by_name:
            t, how = by_name[name], 'schema'
        elif name in CDF_COLUMNS:
            t, how = CDF_COLUMNS[name], 'change data feed column'
        else:
            t, how = infer_type([r[i] for r in cells]), 'inferred from the cells'
            inferred.append(name)
        types.append(t)
        described[name] = f'{t if isinstance(t, str) else t["type"]} ({how})'
    rows = []
    for r in cells:
        row = Obj()
        for i, name in enumerate(columns):
            try:
                row.append((name, type_cell(r[i], types[i])))
            except (ValueError, TranscriptionError, IndexError, KeyError, UnicodeDecodeError):
                if name not in untyped:
                    untyped.append(name)
                row.append((name, r[i] if r[i] != '' else None))
        rows.append(row)
    empty_strings = any(r[i] == '' and types[i] == 'string' for r in cells for i in range(len(columns)))
    schema_names = [f['name'] for f in schema_fields]
    meta = {
        'columns': described,
        'inferred': inferred,
        'untyped': untyped,
        'null_matches_empty': empty_strings,
        # a projection or a change data feed: silt's rows may carry more columns
        'projection': set(columns) != set(schema_names),
    }
    return rows, meta


def transcribe(path, schema_fields):
    """(kind, payload, meta): kind 'rows' (payload: rows), 'count' or 'error'."""
    with open(path, encoding='utf-8') as f:
        parsed = parse_text(f.read())
    meta = {'comments': parsed['comments']}
    query = next((c.split(':', 1)[1].strip() for c in parsed['comments'] if c.startswith('query:')), None)
    if query:
        meta['query'] = query
    if parsed['kind'] == 'count':
        return 'count', parsed['count'], meta
    if parsed['kind'] == 'error':
        return 'error', parsed['error'], meta
    rows, typing = type_rows(parsed, schema_fields)
    meta.update(typing)
    meta['format'] = 'ascii table' if parsed['kind'] == 'table' else 'csv'
    return 'rows', rows, meta


def schema_fields_of(log_json):
    if not log_json or not log_json.get('schema_string'):
        return []
    return json.loads(log_json['schema_string'])['fields']


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('file')
    ap.add_argument('--schema-json', help='a log_judge.py output (its schema_string types the cells)')
    ap.add_argument('--out-prefix')
    args = ap.parse_args(argv)
    log_json = None
    if args.schema_json:
        with open(args.schema_json, encoding='utf-8') as f:
            log_json = json.load(f)
    kind, payload, meta = transcribe(args.file, schema_fields_of(log_json))
    meta['kind'] = kind
    if kind == 'rows':
        meta['rows'] = len(payload)
        body = ''.join(to_json(r) + '\n' for r in payload)
    else:
        meta['count' if kind == 'count' else 'error'] = payload
        body = None
    meta_text = json.dumps(meta, indent=1, ensure_ascii=False) + '\n'
    if not args.out_prefix:
        sys.stdout.write(meta_text + (body or ''))
        return 0
    for suffix in ('.ndjson', '.meta.json', '.count.json', '.error.json'):
        if os.path.exists(args.out_prefix + suffix):
            os.remove(args.out_prefix + suffix)
    if kind == 'rows':
        with open(args.out_prefix + '.ndjson', 'w', encoding='utf-8') as f:
            f.write(body)
        meta_path = args.out_prefix + '.meta.json'
    else:
        meta_path = args.out_prefix + ('.count.json' if kind == 'count' else '.error.json')
    with open(meta_path, 'w', encoding='utf-8') as f:
        f.write(meta_text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
