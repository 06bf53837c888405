"""Tests of scripts/delta_expected/log_judge.py on small hand-made logs (JSON commits only, so
no DuckDB is needed; checkpoints are exercised by the generator over the real tables).

Run from the repo root: python3 -m unittest discover -s tests/scripts
"""
import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'scripts', 'delta_expected'))
import log_judge  # noqa: E402

PROTOCOL = {'protocol': {'minReaderVersion': 1, 'minWriterVersion': 2}}
SCHEMA = json.dumps({'type': 'struct', 'fields': [{'name': 'id', 'type': 'long', 'nullable': True, 'metadata': {}},
                                                  {'name': 'p', 'type': 'string', 'nullable': True, 'metadata': {}}]})
METADATA = {'metaData': {'id': 'table-1', 'format': {'provider': 'parquet', 'options': {}}, 'schemaString': SCHEMA,
                         'partitionColumns': ['p'], 'configuration': {}}}


def add(path, size=10, records=5, pv=None, dv=None):
    a = {'path': path, 'partitionValues': pv or {'p': 'x'}, 'size': size, 'modificationTime': 0, 'dataChange': True,
         'stats': json.dumps({'numRecords': records})}
    if dv:
        a['deletionVector'] = dv
    return {'add': a}


def remove(path, dv=None):
    r = {'path': path, 'deletionTimestamp': 0, 'dataChange': True}
    if dv:
        r['deletionVector'] = dv
    return {'remove': r}


class JudgeTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        self.log = os.path.join(self.dir.name, '_delta_log')
        os.makedirs(self.log)

    def commit(self, version, *actions, info=None):
        with open(os.path.join(self.log, f'{version:020d}.json'), 'w') as f:
            if info:
                f.write(json.dumps({'commitInfo': info}) + '\n')
            for a in actions:
                f.write(json.dumps(a) + '\n')

    def judge(self):
        return log_judge.judge(self.dir.name, 't')

    def test_replay(self):
        self.commit(0, PROTOCOL, METADATA, add('a.parquet'), add('b%20c.parquet', size=7, records=3),
                    info={'inCommitTimestamp': 1000})
        self.commit(1, remove('a.parquet'), add('d.parquet', records=2, pv={'p': ''}))
        r = self.judge()
        self.assertEqual(r['version'], 1)
        self.assertEqual(r['protocol'], {'min_reader_version': 1, 'min_writer_version': 2,
                                         'reader_features': None, 'writer_features': None})
        self.assertEqual([f['path'] for f in r['files']], ['b%20c.parquet', 'd.parquet'])
        self.assertEqual((r['num_files'], r['total_bytes'], r['row_count']), (2, 17, 5))
        self.assertEqual(r['partition_columns'], ['p'])
        self.assertEqual(r['files'][1]['partition_values'], {'p': ''})
        self.assertEqual(r['in_commit_timestamps'], {'0': 1000})
        self.assertEqual(r['source'], 'commits 0..1')

    def test_newest_protocol_and_metadata_win(self):
        self.commit(0, PROTOCOL, METADATA)
        meta = json.loads(json.dumps(METADATA))
        meta['metaData']['id'] = 'table-2'
        self.commit(1, {'protocol': {'minReaderVersion': 3, 'minWriterVersion': 7,
                                     'readerFeatures': ['deletionVectors'],
                                     'writerFeatures': ['deletionVectors', 'appendOnly']}}, meta)
        r = self.judge()
        self.assertEqual(r['metadata_id'], 'table-2')
        self.assertEqual(r['protocol']['writer_features'], ['appendOnly', 'deletionVectors'])

    def test_paths_are_matched_decoded_and_without_file_scheme(self):
        self.commit(0, PROTOCOL, METADATA, add('file:/abs/x%3Dy.parquet'), add('rel.parquet'))
        self.commit(1, remove('/abs/x=y.parquet'), remove('file:///rel.parquet'))
        self.assertEqual([f['path'] for f in self.judge()['files']], ['rel.parquet'])

    def test_deletion_vectors_are_part_of_the_key(self):
        dv1 = {'storageType': 'u', 'pathOrInlineDv': 'abc', 'offset': 1, 'sizeInBytes': 10, 'cardinality': 2}
        dv2 = dict(dv1, pathOrInlineDv='def', cardinality=3)
        self.commit(0, PROTOCOL, METADATA, add('f.parquet', records=10))
        self.commit(1, remove('f.parquet'), add('f.parquet', records=10, dv=dv1))
        self.commit(2, remove('f.parquet', dv=dv1), add('f.parquet', records=10, dv=dv2))
        r = self.judge()
        self.assertEqual(len(r['files']), 1)
        self.assertEqual((r['files'][0]['dv_cardinality'], r['row_count']), (3, 7))

    def test_add_beats_remove_in_one_commit(self):
        self.commit(0, PROTOCOL, METADATA, add('f.parquet'))
        self.commit(1, add('f.parquet', size=99), remove('f.parquet'))
        r = self.judge()
        self.assertEqual([(f['path'], f['size']) for f in r['files']], [('f.parquet', 99)])

    def test_broken_logs(self):
        self.commit(0, PROTOCOL, METADATA)
        self.commit(2, add('x.parquet'))
        self.assertEqual(self.judge()['error'], 'Corrupt: commit 1 is missing (versions not contiguous)')
        os.remove(os.path.join(self.log, f'{2:020d}.json'))
        os.remove(os.path.join(self.log, f'{0:020d}.json'))
        self.commit(0, PROTOCOL)
        self.assertTrue(self.judge()['error'].startswith('Corrupt: no metaData'))
        self.commit(0, METADATA)
        self.assertTrue(self.judge()['error'].startswith('Corrupt: no protocol'))

    def test_log_starting_after_zero_needs_a_checkpoint(self):
        self.commit(3, PROTOCOL, METADATA)
        self.assertEqual(self.judge()['error'], 'Corrupt: commit 0 is missing (versions not contiguous)')

    def test_listing(self):
        names = ['00000000000000000001.checkpoint.parquet',
                 '00000000000000000002.checkpoint.0000000001.0000000002.parquet',
                 '00000000000000000002.checkpoint.0000000002.0000000002.parquet',
                 '00000000000000000003.checkpoint.0000000001.0000000002.parquet',   # incomplete
                 '00000000000000000004.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json',
                 '00000000000000000000.00000000000000000003.compacted.json', '00000000000000000001.crc',
                 '_last_checkpoint']
        for n in names:
            open(os.path.join(self.log, n), 'w').close()
        self.commit(0, PROTOCOL)
        commits, checkpoints = log_judge.list_log(self.log)
        self.assertEqual(sorted(commits), [0])
        self.assertEqual(sorted(checkpoints), [1, 2, 4])
        self.assertEqual(len(checkpoints[2][0]), 2)


if __name__ == '__main__':
    unittest.main()
