"""Tests of the SQL that scripts/delta_expected/generate.py builds to read a table's live files
with DuckDB (the expectation of tables without upstream rows). DuckDB itself is not run here;
generate.py checks the derivation against every table that has upstream rows.

Run from the repo root: python3 -m unittest discover -s tests/scripts
"""
import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'scripts', 'delta_expected'))
import generate  # noqa: E402


def judged(files, fields, **extra):
    return dict({'schema_string': json.dumps({'type': 'struct', 'fields': fields}), 'files': files}, **extra)


def live(path, pv=None, dv=None):
    return {'path': path, 'size': 1, 'partition_values': pv or {}, 'num_records': 1, 'dv_cardinality': dv}


class LiveFilesSqlTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        os.makedirs(os.path.join(self.dir.name, 'delta', 'p=A%2FA'))
        for name in ('a.parquet', os.path.join('p=A%2FA', 'b.parquet')):
            open(os.path.join(self.dir.name, 'delta', name), 'w').close()

    def test_partition_literals(self):
        lit = generate.partition_literal
        self.assertEqual(lit('1', 'long'), "CAST('1' AS BIGINT)")
        self.assertEqual(lit('', 'string'), 'CAST(NULL AS VARCHAR)')   # "" is NULL (PROTOCOL.md)
        self.assertEqual(lit(None, 'date'), 'CAST(NULL AS DATE)')
        self.assertEqual(lit("it's", 'string'), "CAST('it''s' AS VARCHAR)")
        self.assertEqual(lit('2024-01-01T10:00:00.000000Z', 'timestamp'), "CAST('2024-01-01T10:00:00.000000' AS TIMESTAMP)")
        self.assertEqual(lit('1.50', 'decimal(12,5)'), "CAST('1.50' AS DECIMAL(12,5))")
        with self.assertRaises(ValueError):
            lit('x', {'type': 'struct', 'fields': []})

    def test_query(self):
        fields = [{'name': 'id', 'type': 'integer'}, {'name': 'ts', 'type': 'timestamp'},
                  {'name': 'p', 'type': 'string'}]
        sql, why = generate.live_files_sql(judged([live('a.parquet', {'p': None}),
                                                   live('p=A%252FA/b.parquet', {'p': 'A/A'})], fields), self.dir.name)
        self.assertIsNone(why)
        self.assertTrue(sql.startswith('SELECT CAST("id" AS INTEGER) AS "id", "ts", "p" FROM ('))
        self.assertIn("COLUMNS(c -> c NOT IN ('p')), CAST(NULL AS VARCHAR) AS \"p\"", sql)
        self.assertIn("CAST('A/A' AS VARCHAR) AS \"p\" FROM read_parquet(", sql)
        self.assertIn(os.path.join('p=A%2FA', 'b.parquet') + "', hive_partitioning = false)", sql)
        self.assertIn(' UNION ALL BY NAME ', sql)

    def test_not_derived(self):
        fields = [{'name': 'id', 'type': 'integer'}]
        self.assertEqual(generate.live_files_sql(judged([live('a.parquet', dv=2)], fields), self.dir.name)[1],
                         'deletion vectors')
        mapped = [{'name': 'id', 'type': 'integer', 'metadata': {'delta.columnMapping.physicalName': 'col-1'}}]
        self.assertEqual(generate.live_files_sql(judged([live('a.parquet')], mapped), self.dir.name)[1], 'column mapping')
        self.assertEqual(generate.live_files_sql(judged([live('a.parquet')], [{'name': 'v', 'type': 'variant'}]),
                                                 self.dir.name)[1], 'variant or type changes')
        self.assertEqual(generate.live_files_sql(judged([], fields), self.dir.name)[1], 'no live files')
        self.assertIn('not local', generate.live_files_sql(judged([live('gone.parquet')], fields), self.dir.name)[1])


if __name__ == '__main__':
    unittest.main()
