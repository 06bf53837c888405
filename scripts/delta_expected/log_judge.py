#!/usr/bin/env python3
"""An independent, deliberately small Delta log replay: the LOG-ONLY judge of silt's reader.

usage: log_judge.py TABLE_ROOT [--name NAME] [--out FILE.log.json]

Reads TABLE_ROOT/_delta_log and prints (or writes) what a reader must find at the latest
version: the version, the protocol (reader/writer version and features), the metadata id,
partition columns, the sorted live file list (paths exactly as in the log) and the number of
live rows according to the log. It shares no code with silt; checkpoint and sidecar Parquet
files are read by DuckDB (read_checkpoint.mjs, needs scripts/peers.sh).

The replay, as the Delta protocol (PROTOCOL.md) describes it, in its simplest form:
1. List _delta_log: commits NNN.json; checkpoints NNN.checkpoint.parquet (classic),
   NNN.checkpoint.K.N.parquet (multi-part: complete only when all N parts exist) and
   NNN.checkpoint.UUID.json|parquet (V2). _last_checkpoint, NNN.crc, log compaction files
   (NNN.MMM.compacted.json) and _staged_commits/ are ignored: they only speed readers up or
   belong to a catalog.
2. The latest version is the highest commit (or checkpoint) version. Start from the newest
   complete checkpoint at or below it (its actions, plus the actions of the sidecar files its
   `sidecar` actions name, under _delta_log/_sidecars/), then apply the commits after it, which
   must all exist; without a checkpoint, apply commits 0..latest. A gap is Corrupt.
3. The newest protocol and metaData win; both must exist (else Corrupt). Files are keyed by
   (path with %-escapes decoded and a file: scheme dropped, deletion vector id); within one
   commit removes apply before adds, so re-adding a key in the commit that removes it keeps it.
4. Live rows = sum over live files of numRecords (from add.stats, add.stats_parsed or, when
   a file has no stats, its Parquet footer) minus the deletion vector cardinality.
When a checkpoint was used and every commit from 0 exists, the replay is repeated from JSON
commits alone and the result says whether both agree ("cross_check").

Output (JSON): {"table", "version", "protocol": {"min_reader_version", "min_writer_version",
"reader_features", "writer_features"} (features sorted; null when the protocol has none),
"metadata_id", "partition_columns", "num_files", "total_bytes", "row_count" (null when not
derivable), "files": [{"path", "size", "partition_values", "num_records", "dv_cardinality"}]
sorted by path, "in_commit_timestamps": {"N": ms} (commits whose commitInfo has one),
"source": "checkpoint 10 + commits 11..14" | "commits 0..N", "cross_check": "..."}; or, when
the log is broken, {"table", "error": "Corrupt: <why>"}.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
READ_CHECKPOINT = os.path.join(HERE, 'read_checkpoint.mjs')

COMMIT_RE = re.compile(r'^(\d{20})\.json$')
CLASSIC_RE = re.compile(r'^(\d{20})\.checkpoint\.parquet$')
MULTI_RE = re.compile(r'^(\d{20})\.checkpoint\.(\d{10})\.(\d{10})\.parquet$')
V2_RE = re.compile(r'^(\d{20})\.checkpoint\.([0-9A-Fa-f]{8}-[0-9A-Fa-f-]{27})\.(json|parquet)$')


class LogError(Exception):
    """A log a reader must refuse; `category` is the CONTRACTS error category."""

    def __init__(self, category, message):
        super().__init__(f'{category}: {message}')
        self.category = category


def node_json_lines(args):
    proc = subprocess.run(['node', READ_CHECKPOINT, *args], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f'read_checkpoint.mjs failed: {proc.stderr.decode(errors="replace").strip()}')
    return [json.loads(line) for line in proc.stdout.decode().splitlines() if line.strip()]


def read_actions(path):
    """Actions of one JSON commit/checkpoint or Parquet checkpoint/sidecar, as dicts holding
    one key (the action name) each; null columns of Parquet rows are dropped."""
    if path.endswith('.json'):
        with open(path, encoding='utf-8') as f:
            rows = [json.loads(line) for line in f if line.strip()]
    else:
        rows = node_json_lines([path])
    actions = []
    for row in rows:
        for name, body in row.items():
            if body is not None:
                actions.append({name: body})
    return actions


def list_log(log_dir):
    """({version: commit path}, {version: [checkpoint candidate: list of part paths]})."""
    commits, checkpoints, parts = {}, {}, {}
    for name in os.listdir(log_dir):
        path = os.path.join(log_dir, name)
        if m := COMMIT_RE.match(name):
            commits[int(m.group(1))] = path
        elif m := CLASSIC_RE.match(name):
            checkpoints.setdefault(int(m.group(1)), []).append([path])
        elif m := V2_RE.match(name):
            checkpoints.setdefault(int(m.group(1)), []).append([path])
        elif m := MULTI_RE.match(name):
            v, k, n = int(m.group(1)), int(m.group(2)), int(m.group(3))
            parts.setdefault((v, n), {})[k] = path
    for (v, n), found in parts.items():
        if n > 0 and sorted(found) == list(range(1, n + 1)):
            checkpoints.setdefault(v, []).append([found[k] for k in range(1, n + 1)])
    return commits, checkpoints


def checkpoint_actions(log_dir, part_paths):
    actions = []
    for path in part_paths:
        actions.extend(read_actions(path))
    sidecars = [a['sidecar']['path'] for a in actions if 'sidecar' in a]
    for rel in sidecars:
        path = rel if rel.startswith('/') else os.path.join(log_dir, '_sidecars', urllib.parse.unquote(rel))
        actions.extend(read_actions(path))
    return actions


def canonical_path(path):
    p = urllib.parse.unquote(path)
    if p.startswith('file://'):
        p = p[len('file://'):]
    elif p.startswith('file:'):
        p = p[len('file:'):]
    return p


def dv_id(dv):
    if not dv:
        return None
    offset = dv.get('offset')
    return dv['storageType'] + dv['pathOrInlineDv'] + ('' if offset is None else f'@{offset}')


def file_key(action):
    return canonical_path(action['path']), dv_id(action.get('deletionVector'))


class State:
    def __init__(self):
        self.protocol = None
        self.metadata = None
        self.files = {}   # key -> add action

    def apply(self, actions):
        """Apply one commit's (or one checkpoint's) actions."""
        removes, adds = [], []
        for a in actions:
            if 'protocol' in a:
                self.protocol = a['protocol']
            elif 'metaData' in a:
                self.metadata = a['metaData']
            elif 'add' in a:
                adds.append(a['add'])
            elif 'remove' in a:
                removes.append(a['remove'])
        for r in removes:
            self.files.pop(file_key(r), None)
        for add in adds:
            self.files[file_key(add)] = add


def num_records(add):
    stats = add.get('stats')
    if isinstance(stats, str) and stats:
        try:
            n = json.loads(stats).get('numRecords')
            if n is not None:
                return int(n)
        except ValueError:
            pass
    parsed = add.get('stats_parsed')
    if isinstance(parsed, dict) and parsed.get('numRecords') is not None:
        return int(parsed['numRecords'])
    return None


def replay(root, use_checkpoint=True):
    log_dir = os.path.join(root, '_delta_log')
    if not os.path.isdir(log_dir):
        raise LogError('IO', f'no _delta_log in {root}')
    commits, checkpoints = list_log(log_dir)
    if not commits and not checkpoints:
        raise LogError('IO', 'empty _delta_log')
    latest = max(list(commits) + list(checkpoints))
    state = State()
    start = 0
    source = ''
    usable = [v for v in checkpoints if v <= latest] if use_checkpoint else []
    if usable:
        cp = max(usable)
        state.apply(checkpoint_actions(log_dir, sorted(checkpoints[cp])[0]))
        start = cp + 1
        source = f'checkpoint {cp}'
    for v in range(start, latest + 1):
        if v not in commits:
            raise LogError('Corrupt', f'commit {v} is missing (versions not contiguous)')
        with open(commits[v], encoding='utf-8') as f:
            state.apply([json.loads(line) for line in f if line.strip()])
    if start <= latest:
        source += (' + ' if source else '') + (f'commits {start}..{latest}' if start < latest else f'commit {latest}')
    if state.protocol is None:
        raise LogError('Corrupt', f'no protocol action in the log segment ({source})')
    if state.metadata is None:
        raise LogError('Corrupt', f'no metaData action in the log segment ({source})')
    return latest, state, source, commits


def in_commit_timestamps(commits):
    out = {}
    for v, path in sorted(commits.items()):
        with open(path, encoding='utf-8') as f:
            for line in f:
                info = json.loads(line).get('commitInfo') if line.strip() else None
                if info and info.get('inCommitTimestamp') is not None:
                    out[str(v)] = int(info['inCommitTimestamp'])
                    break
    return out


def footer_row_counts(root, adds):
    """{path: rows} from the Parquet footers of the data files that exist locally."""
    local = {}
    for add in adds:
        p = canonical_path(add['path'])
        full = p if os.path.isabs(p) else os.path.join(root, p)
        if os.path.isfile(full):
            local[full] = add['path']
    if not local:
        return {}
    return {local[r['file']]: r['rows'] for r in node_json_lines(['--row-counts', *local])}


def protocol_summary(p):
    features = lambda fs: sorted(fs) if fs is not None else None   # noqa: E731
    return {'min_reader_version': p.get('minReaderVersion'),
            'min_writer_version': p.get('minWriterVersion'),
            'reader_features': features(p.get('readerFeatures')),
            'writer_features': features(p.get('writerFeatures'))}


def summarize(root, name):
    latest, state, source, commits = replay(root)
    adds = sorted(state.files.values(), key=lambda a: (a['path'], dv_id(a.get('deletionVector')) or ''))
    footers = footer_row_counts(root, [a for a in adds if num_records(a) is None])
    files, row_count = [], 0
    for add in adds:
        n = num_records(add)
        dv = add.get('deletionVector') or {}
        card = dv.get('cardinality')
        rows = n if n is not None else footers.get(add['path'])
        if rows is None or row_count is None:
            row_count = None
        else:
            row_count += rows - (card or 0)
        files.append({'path': add['path'], 'size': add.get('size'),
                      'partition_values': add.get('partitionValues') or {},
                      'num_records': n, 'dv_cardinality': card})
    result = {
        'table': name,
        'version': latest,
        'protocol': protocol_summary(state.protocol),
        'metadata_id': state.metadata.get('id'),
        'partition_columns': state.metadata.get('partitionColumns') or [],
        'schema_string': state.metadata.get('schemaString'),
        'num_files': len(files),
        'total_bytes': sum(f['size'] or 0 for f in files),
        'row_count': row_count,
        'files': files,
        'in_commit_timestamps': in_commit_timestamps(commits),
        'source': source,
    }
    if source.startswith('checkpoint') and all(v in commits for v in range(0, latest + 1)):
        _, json_state, _, _ = replay(root, use_checkpoint=False)
        differs = [what for what, a, b in (
            ('protocol', protocol_summary(json_state.protocol), protocol_summary(state.protocol)),
            ('metadata id', json_state.metadata.get('id'), state.metadata.get('id')),
            ('live files', set(json_state.files), set(state.files))) if a != b]
        result['cross_check'] = ('json replay from commit 0 agrees' if not differs
                                 else 'DIFFERS from json replay from commit 0: ' + ', '.join(differs))
    else:
        result['cross_check'] = 'n/a'
    return result


def judge(root, name):
    """summarize(), or {"table", "error"} for a log a reader must refuse."""
    try:
        return summarize(root, name)
    except LogError as e:
        return {'table': name, 'error': str(e)}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('root')
    ap.add_argument('--name', default=None)
    ap.add_argument('--out', default=None)
    args = ap.parse_args(argv)
    result = judge(args.root, args.name or args.root)
    text = json.dumps(result, indent=1, ensure_ascii=False) + '\n'
    if args.out:
        with open(args.out, 'w', encoding='utf-8') as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
