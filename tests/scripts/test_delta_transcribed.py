"""Tests of scripts/delta_expected/transcribed.py (transcribed upstream assertions -> NDJSON).

Run from the repo root: python3 -m unittest discover -s tests/scripts
"""
import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'scripts', 'delta_expected'))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'scripts', 'golden'))
import transcribed  # noqa: E402
from compare_ndjson import to_json  # noqa: E402

TABLE = '''# Expected result TRANSCRIBED from an upstream test assertion (not produced by us).
# query: table_changes(start_version=0, end_version=latest), _commit_timestamp column projected out

+----+--------+------------+--------------+-----------------+
| id | name   | birthday   | _change_type | _commit_version |
+----+--------+------------+--------------+-----------------+
| 1  | Steve  | 2023-12-22 | insert       | 0               |
| 7  |        | 2023-12-29 | delete       | 3               |
| 8  | a|b    | 2023-12-29 | delete       | 3               |
+----+--------+------------+--------------+-----------------+
'''
SCHEMA = [{'name': 'id', 'type': 'integer'}, {'name': 'name', 'type': 'string'},
          {'name': 'birthday', 'type': 'date'}]


def rows_json(rows):
    return [to_json(r) for r in rows]


class ParseTest(unittest.TestCase):
    def test_ascii_table(self):
        p = transcribed.parse_text(TABLE)
        self.assertEqual(p['kind'], 'table')
        self.assertEqual(p['columns'], ['id', 'name', 'birthday', '_change_type', '_commit_version'])
        self.assertEqual(p['rows'][1], ['7', '', '2023-12-29', 'delete', '3'])
        self.assertEqual(p['rows'][2][1], 'a|b')   # cut by the border's '+' positions, not by '|'
        self.assertTrue(p['comments'][1].startswith('query:'))

    def test_misaligned_rows_fall_back_to_splitting(self):
        text = '+---+----+\n| a | b  |\n+---+----+\n| 1 | xy |\n| 2 |  z    |\n+---+----+\n'
        p = transcribed.parse_text(text)
        self.assertEqual(p['rows'], [['1', 'xy'], ['2', 'z']])

    def test_csv_count_error(self):
        p = transcribed.parse_text('# comment\nvalue\n3\n1\n')
        self.assertEqual((p['kind'], p['columns'], p['rows']), ('csv', ['value'], [['3'], ['1']]))
        p = transcribed.parse_text('# c\nrow_count=8\n')
        self.assertEqual((p['kind'], p['count']), ('count', 8))
        p = transcribed.parse_text('# c\n\nEXPECTED: error (invalid version range)\n')
        self.assertEqual((p['kind'], p['error']), ('error', 'invalid version range'))
        with self.assertRaises(transcribed.TranscriptionError):
            transcribed.parse_text('# only comments\n')
        with self.assertRaises(transcribed.TranscriptionError):
            transcribed.parse_text('+---+\n| a | b |\n+---+\n')


class TypingTest(unittest.TestCase):
    def test_schema_cdf_and_empty_cells(self):
        rows, meta = transcribed.type_rows(transcribed.parse_text(TABLE), SCHEMA)
        self.assertEqual(rows_json(rows)[:2], [
            '{"id":1,"name":"Steve","birthday":"2023-12-22","_change_type":"insert","_commit_version":0}',
            '{"id":7,"name":null,"birthday":"2023-12-29","_change_type":"delete","_commit_version":3}'])
        self.assertTrue(meta['null_matches_empty'])
        self.assertTrue(meta['projection'])   # CDF columns beyond the schema
        self.assertEqual(meta['inferred'], [])
        self.assertEqual(meta['untyped'], [])
        self.assertEqual(meta['columns']['_commit_version'], 'long (change data feed column)')

    def test_numbers_keep_their_text(self):
        text = ('+------+---------+-----+\n| d    | f       | b   |\n+------+---------+-----+\n'
                '| 5.0  | 67.8900 | NaN |\n+------+---------+-----+\n')
        schema = [{'name': 'd', 'type': 'double'}, {'name': 'f', 'type': 'decimal(20,4)'},
                  {'name': 'b', 'type': 'float'}]
        rows, meta = transcribed.type_rows(transcribed.parse_text(text), schema)
        self.assertEqual(rows_json(rows), ['{"d":5.0,"f":67.8900,"b":"NaN"}'])
        self.assertFalse(meta['projection'])

    def test_inferred_and_untyped(self):
        text = ('+---+-----+----+---+\n| i | x   | s  | n |\n+---+-----+----+---+\n'
                '| 1 | 1.5 | ab | q |\n| 2 | 2   |    |   |\n+---+-----+----+---+\n')
        rows, meta = transcribed.type_rows(transcribed.parse_text(text), [{'name': 'n', 'type': 'long'}])
        self.assertEqual(rows_json(rows), ['{"i":1,"x":1.5,"s":"ab","n":"q"}', '{"i":2,"x":2,"s":null,"n":null}'])
        self.assertEqual(meta['inferred'], ['i', 'x', 's'])
        self.assertEqual(meta['untyped'], ['n'])

    def test_nested_values(self):
        struct = {'type': 'struct', 'fields': [{'name': 'a', 'type': 'integer'},
                                               {'name': 'b', 'type': {'type': 'array', 'elementType': 'string'}}]}
        v = transcribed.type_cell('{a: 1, b: [x, , y]}', struct)
        self.assertEqual(to_json(v), '{"a":1,"b":["x",null,"y"]}')
        self.assertEqual(to_json(transcribed.type_cell('{a: , b: []}', struct)), '{"a":null,"b":[]}')
        m = {'type': 'map', 'keyType': 'string', 'valueType': 'long'}
        self.assertEqual(to_json(transcribed.type_cell('{k1: 1, k2: }', m)),
                         '[{"key":"k1","value":1},{"key":"k2","value":null}]')
        with self.assertRaises(ValueError):
            transcribed.type_cell('{a: 1, zz: 2}', struct)
        with self.assertRaises(ValueError):
            transcribed.type_cell('{a: 1, b: [x]} trailing', struct)


class VariantTest(unittest.TestCase):
    # the unshredded-variant table's first value: metadata ["key"], value {"key": int8 0}
    META = '010100036b6579'

    def test_object_of_int8(self):
        self.assertEqual(to_json(transcribed.decode_variant(self.META, '02010000020c00')), '{"key":0}')
        self.assertEqual(to_json(transcribed.decode_variant(self.META, '02010000020c63')), '{"key":99}')

    def test_primitives_arrays_strings(self):
        empty = '010000'   # version 1, no dictionary strings
        self.assertIsNone(transcribed.decode_variant(empty, '00'))
        self.assertIs(transcribed.decode_variant(empty, '04'), True)
        self.assertEqual(transcribed.decode_variant(empty, '1400e1f505'), 100000000)   # int32
        self.assertEqual(transcribed.decode_variant(empty, '0d616263'), 'abc')   # short string
        # array [1, "a"]: header 0x03, 2 elements, offsets 0,2,4
        self.assertEqual(to_json(transcribed.decode_variant(empty, '0302000204' + '0c01' + '0561')), '[1,"a"]')
        # decimal4 12.50: type 8, scale 2, unscaled 1250
        self.assertEqual(to_json(transcribed.decode_variant(empty, '2002e2040000')), '12.50')

    def test_cell_of_nested_variants(self):
        t = {'type': 'array', 'elementType': 'variant'}
        cell = f'[{{metadata: {self.META}, value: 02010000020c01}}, , {{metadata: {self.META}, value: 02010000020c02}}]'
        self.assertEqual(to_json(transcribed.type_cell(cell, t)), '[{"key":1},null,{"key":2}]')

    def test_bad_variant(self):
        with self.assertRaises(transcribed.TranscriptionError):
            transcribed.decode_variant('02', '00')   # metadata version 2


class MainTest(unittest.TestCase):
    def test_outputs(self):
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, 'cdf.txt')
            with open(src, 'w') as f:
                f.write(TABLE)
            log = os.path.join(d, 't.log.json')
            with open(log, 'w') as f:
                json.dump({'schema_string': json.dumps({'type': 'struct', 'fields': SCHEMA})}, f)
            prefix = os.path.join(d, 'out')
            self.assertEqual(transcribed.main([src, '--schema-json', log, '--out-prefix', prefix]), 0)
            with open(prefix + '.ndjson') as f:
                self.assertEqual(len(f.read().splitlines()), 3)
            with open(prefix + '.meta.json') as f:
                meta = json.load(f)
            self.assertEqual((meta['kind'], meta['rows'], meta['format']), ('rows', 3, 'ascii table'))
            with open(src, 'w') as f:
                f.write('# x\nrow_count=5\n')
            transcribed.main([src, '--out-prefix', prefix])
            self.assertFalse(os.path.exists(prefix + '.ndjson'))
            with open(prefix + '.count.json') as f:
                self.assertEqual(json.load(f)['count'], 5)


if __name__ == '__main__':
    unittest.main()
