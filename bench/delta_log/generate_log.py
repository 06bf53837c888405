#!/usr/bin/env python3
"""Writes the JSON commits of the synthetic Delta table of the log benchmark (issue 3).

Only `_delta_log/` is written: the data files the add actions name do not exist (this is a
log benchmark). The log is deterministic for a given set of arguments (seeded RNG, fixed
UUID stream, fixed timestamps).

Shape (defaults):
  - version 0: protocol (1/2), metaData (20 data columns of mixed types plus the string
    partition column `part` with 100 values), commitInfo, and 10 adds;
  - versions 1..N-1: commitInfo and 10 adds ("WRITE"); every `--merge-every`-th version is a
    "MERGE" that also rewrites `--merge-rewrites` earlier files (remove + add of a
    replacement with a new path and the same rows), so replay reconciliation is exercised
    while the live count stays files_per_commit * commits;
  - every add has `stats` on all 20 data columns (numRecords, minValues, maxValues,
    nullCount; booleans get nullCount only; strings longer than 32 characters are truncated,
    the max with U+FFFD appended so it stays an upper bound). `id` (long) covers the disjoint
    range [k*rows, (k+1)*rows) in the k-th new file, so `id < 1000` keeps exactly one live
    file.

Also writes MANIFEST (JSON): for each checkpoint version the expected number of live adds and
of remove tombstones, which checkpoints.mjs checks DuckDB's replay against.

usage: generate_log.py TABLE_DIR MANIFEST [--commits N] [--files-per-commit N]
                       [--checkpoint-interval N] [--merge-every N] [--merge-rewrites N]
"""
import argparse
import json
import os
import random
import uuid

BASE_TIME_MS = 1704067200000  # 2024-01-01T00:00:00Z
COMMIT_SPACING_MS = 60_000
ROWS_PER_FILE = 1000
NUM_PARTITIONS = 100
STRING_STATS_PREFIX = 32  # Delta writers truncate string min/max to 32 characters

# (name, Delta type); the partition column `part` comes last.
COLUMNS = [
    ("id", "long"),
    ("user_id", "long"),
    ("event_time", "timestamp"),
    ("event_date", "date"),
    ("quantity", "integer"),
    ("status_code", "integer"),
    ("price", "double"),
    ("discount", "float"),
    ("amount", "decimal(10,2)"),
    ("is_active", "boolean"),
    ("country", "string"),
    ("device", "string"),
    ("url", "string"),
    ("session_id", "string"),
    ("score", "double"),
    ("latency_ms", "integer"),
    ("bytes_sent", "long"),
    ("category", "string"),
    ("priority", "short"),
    ("note", "string"),
]
COUNTRIES = ["AR", "AU", "BR", "CA", "CH", "CN", "DE", "ES", "FR", "GB", "IN", "IT", "JP",
             "KR", "MX", "NL", "NO", "PL", "SE", "US", "ZA"]
DEVICES = ["android-phone", "android-tablet", "desktop-linux", "desktop-mac",
           "desktop-windows", "ios-phone", "ios-tablet", "smart-tv"]
CATEGORIES = ["books", "electronics", "fashion", "garden", "grocery", "health", "home",
              "music", "outdoor", "sports", "toys", "video-games"]
WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
         "juliet", "kilo", "lima", "mike", "november", "oscar", "papa"]


def schema_string():
    fields = [{"name": n, "type": t, "nullable": n != "id", "metadata": {}} for n, t in COLUMNS]
    fields.append({"name": "part", "type": "string", "nullable": True, "metadata": {}})
    return json.dumps({"type": "struct", "fields": fields}, separators=(",", ":"))


def iso_ts(ms):
    secs, milli = divmod(ms, 1000)
    days, rem = divmod(secs, 86400)
    h, rem = divmod(rem, 3600)
    m, s = divmod(rem, 60)
    return f"{iso_date(days)}T{h:02d}:{m:02d}:{s:02d}.{milli:03d}Z"


def iso_date(days):
    # Civil-from-days (proleptic Gregorian), days since 1970-01-01.
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    mo = mp + 3 if mp < 10 else mp - 9
    return f"{y + (mo <= 2):04d}-{mo:02d}-{d:02d}"


def trunc(s):
    return s[:STRING_STATS_PREFIX]


def trunc_max(s):
    # A truncated prefix is below the value, so a bound for max needs a character above any
    # in the data appended (the values are ASCII; U+FFFD is above all of them).
    return s if len(s) <= STRING_STATS_PREFIX else s[:STRING_STATS_PREFIX] + "\ufffd"


class Generator:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(20240103)
        self.next_file = 0  # index k of the next new file (drives the id range)
        self.live = {}  # path -> add action (dict), in insertion order
        self.originals = []  # paths of live files that a MERGE may rewrite

    def uuid(self):
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def stats(self, k, commit_ms):
        r = self.rng
        n = ROWS_PER_FILE
        t0 = commit_ms - COMMIT_SPACING_MS + r.randrange(0, 20_000)
        t1 = t0 + r.randrange(10_000, 40_000)
        d0 = t0 // 86_400_000
        price_lo = round(r.uniform(0.5, 20.0), 2)
        note_nulls = r.randrange(0, n // 2)
        w = sorted(r.sample(WORDS, 2))
        c = sorted(r.sample(COUNTRIES, 2))
        dv = sorted(r.sample(DEVICES, 2))
        cat = sorted(r.sample(CATEGORIES, 2))
        sess = sorted(self.uuid() for _ in range(2))
        url_lo = f"https://shop.example.com/{cat[0]}/item/{r.randrange(1000, 5000)}?ref={w[0]}"
        url_hi = f"https://shop.example.com/{cat[1]}/item/{r.randrange(5000, 9999)}?ref={w[1]}"
        mins = {
            "id": k * n, "user_id": r.randrange(1, 500_000), "event_time": iso_ts(t0),
            "event_date": iso_date(d0), "quantity": 1, "status_code": 200,
            "price": price_lo, "discount": 0.0, "amount": round(r.uniform(1, 50), 2),
            "country": c[0], "device": dv[0], "url": trunc(url_lo), "session_id": trunc(sess[0]),
            "score": round(r.uniform(0, 0.2), 6), "latency_ms": r.randrange(1, 20),
            "bytes_sent": r.randrange(200, 2000), "category": cat[0], "priority": 0,
            "note": f"{w[0]} note {r.randrange(100)}",
        }
        maxs = {
            "id": k * n + n - 1, "user_id": mins["user_id"] + r.randrange(100_000, 500_000),
            "event_time": iso_ts(t1), "event_date": iso_date(t1 // 86_400_000),
            "quantity": r.randrange(10, 100), "status_code": r.choice([404, 500, 503]),
            "price": round(price_lo + r.uniform(100, 900), 2),
            "discount": round(r.uniform(0.1, 0.5), 3), "amount": round(r.uniform(1000, 99999), 2),
            "country": c[1], "device": dv[1], "url": trunc_max(url_hi),
            "session_id": trunc_max(sess[1]),
            "score": round(r.uniform(0.8, 1.0), 6), "latency_ms": r.randrange(500, 5000),
            "bytes_sent": r.randrange(100_000, 5_000_000), "category": cat[1],
            "priority": r.randrange(3, 9), "note": f"{w[1]} note {r.randrange(100, 999)}",
        }
        nulls = {name: 0 for name, _ in COLUMNS}
        nulls["note"] = note_nulls
        nulls["discount"] = r.randrange(0, 50)
        nulls["device"] = r.randrange(0, 5)
        return {"numRecords": n, "minValues": mins, "maxValues": maxs, "nullCount": nulls}

    def add(self, path, part, stats_json, size, mod_ms):
        return {"path": path, "partitionValues": {"part": part}, "size": size,
                "modificationTime": mod_ms, "dataChange": True, "stats": stats_json}

    def new_file(self, commit_ms):
        k = self.next_file
        self.next_file += 1
        part = f"p{self.rng.randrange(NUM_PARTITIONS):02d}"
        path = f"part={part}/part-00000-{self.uuid()}.c000.snappy.parquet"
        stats = json.dumps(self.stats(k, commit_ms), separators=(",", ":"))
        a = self.add(path, part, stats, self.rng.randrange(2_000_000, 12_000_000), commit_ms)
        self.live[path] = a
        self.originals.append(path)
        return a

    def rewrite(self, commit_ms):
        """A MERGE rewriting one earlier file: its remove and the replacement's add."""
        i = self.rng.randrange(len(self.originals))
        old_path = self.originals[i]
        self.originals[i] = self.originals[-1]
        self.originals.pop()
        old = self.live.pop(old_path)
        part = old["partitionValues"]["part"]
        path = f"part={part}/part-00000-{self.uuid()}.c000.snappy.parquet"
        a = self.add(path, part, old["stats"], old["size"] + self.rng.randrange(-5000, 5000),
                     commit_ms)
        self.live[path] = a
        remove = {"path": old_path, "deletionTimestamp": commit_ms, "dataChange": True,
                  "extendedFileMetadata": True, "partitionValues": old["partitionValues"],
                  "size": old["size"]}
        return remove, a


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("table")
    p.add_argument("manifest")
    p.add_argument("--commits", type=int, default=10_000)
    p.add_argument("--files-per-commit", type=int, default=10)
    p.add_argument("--checkpoint-interval", type=int, default=100)
    p.add_argument("--merge-every", type=int, default=50)
    p.add_argument("--merge-rewrites", type=int, default=5)
    args = p.parse_args()

    log_dir = os.path.join(args.table, "_delta_log")
    os.makedirs(log_dir, exist_ok=True)
    g = Generator(args)
    tombstones = 0
    manifest = {"commits": args.commits, "files_per_commit": args.files_per_commit,
                "checkpoints": {}}
    dumps = json.JSONEncoder(separators=(",", ":")).encode
    for v in range(args.commits):
        ts = BASE_TIME_MS + v * COMMIT_SPACING_MS
        merge = v > 0 and v % args.merge_every == 0
        actions = []
        op = "MERGE" if merge else ("CREATE TABLE" if v == 0 else "WRITE")
        info = {"timestamp": ts, "operation": op,
                "operationParameters": {"mode": "Append"} if op == "WRITE" else {},
                "isolationLevel": "Serializable", "isBlindAppend": not merge,
                "engineInfo": "silt-bench-generator"}
        if v > 0:
            info["readVersion"] = v - 1
        actions.append({"commitInfo": info})
        if v == 0:
            actions.append({"protocol": {"minReaderVersion": 1, "minWriterVersion": 2}})
            actions.append({"metaData": {
                "id": g.uuid(), "format": {"provider": "parquet", "options": {}},
                "schemaString": schema_string(), "partitionColumns": ["part"],
                "configuration": {"delta.checkpointInterval": str(args.checkpoint_interval)},
                "createdTime": ts}})
        if merge:
            for _ in range(min(args.merge_rewrites, len(g.originals))):
                remove, add = g.rewrite(ts)
                actions.append({"remove": remove})
                actions.append({"add": add})
                tombstones += 1
        for _ in range(args.files_per_commit):
            actions.append({"add": g.new_file(ts)})
        with open(os.path.join(log_dir, f"{v:020d}.json"), "w") as f:
            f.write("".join(dumps(a) + "\n" for a in actions))
        if v > 0 and v % args.checkpoint_interval == 0:
            manifest["checkpoints"][str(v)] = {"adds": len(g.live), "removes": tombstones}
    manifest["latest"] = {"version": args.commits - 1, "adds": len(g.live), "removes": tombstones}
    with open(args.manifest, "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
