#!/usr/bin/env python3
"""Compares two `newsfold dedup`-format outputs of the same input (e.g. `newsfold dedup` and
the Spark job): are the groups the same partition of the documents, with the same
representatives, and how often do duplicate_of / similarity / containment agree?

    python3 Spark/compare_dedup.py swift.jsonl spark.jsonl

Exit status 1 when the documents, the partition or the representatives differ; 0 otherwise
(per-field agreement below 100% is reported, not failed: see Spark/README.md for why the
fields can differ in rare ties).
"""
import json
import sys


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise SystemExit(f"{path}:{n}: not JSON ({e})")
    return rows


def partition(rows):
    """The groups as a set of frozensets of input positions (ids may repeat, positions don't)."""
    by_group = {}
    for i, r in enumerate(rows):
        by_group.setdefault(r["group"], []).append(i)
    return {frozenset(m) for m in by_group.values()}


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    a_path, b_path = argv[1], argv[2]
    a, b = load(a_path), load(b_path)
    failures = []
    if len(a) != len(b):
        failures.append(f"{len(a)} lines in {a_path}, {len(b)} in {b_path}")
    ids_differ = [i for i, (x, y) in enumerate(zip(a, b)) if x["id"] != y["id"]]
    if ids_differ:
        i = ids_differ[0]
        failures.append(f"{len(ids_differ)} lines name other documents (first: line {i + 1}: {a[i]['id']} vs {b[i]['id']})")
    if failures:
        for f in failures:
            print(f"MISMATCH: {f}")
        return 1
    pa, pb = partition(a), partition(b)
    multi_a = sum(1 for g in pa if len(g) > 1)
    multi_b = sum(1 for g in pb if len(g) > 1)
    only_a, only_b = pa - pb, pb - pa
    print(f"documents: {len(a)}; groups with copies: {multi_a} vs {multi_b}; largest: "
          f"{max(map(len, pa), default=0)} vs {max(map(len, pb), default=0)}")
    if only_a or only_b:
        failures.append(f"partitions differ: {len(only_a)} groups only in {a_path}, {len(only_b)} only in {b_path}")
        for g in sorted(only_a, key=min)[:5]:
            print(f"  only in {a_path}: " + " ".join(a[i]["id"] for i in sorted(g)[:12]))
        for g in sorted(only_b, key=min)[:5]:
            print(f"  only in {b_path}: " + " ".join(b[i]["id"] for i in sorted(g)[:12]))
    reps = sum(1 for x, y in zip(a, b) if x["group"] == y["group"])
    if reps != len(a):
        failures.append(f"representatives differ for {len(a) - reps} documents")
    copies = [(x, y) for x, y in zip(a, b) if x["duplicate_of"] is not None or y["duplicate_of"] is not None]
    n = max(1, len(copies))
    for field in ("duplicate_of", "similarity", "containment"):
        same = sum(1 for x, y in copies if x[field] == y[field])
        print(f"{field}: {same}/{len(copies)} copies agree ({100.0 * same / n:.2f}%)")
        if same != len(copies):
            for x, y in [(x, y) for x, y in copies if x[field] != y[field]][:3]:
                print(f"  {x['id']}: {x[field]} vs {y[field]}")
    print(f"representatives: {reps}/{len(a)} documents agree")
    if failures:
        for f in failures:
            print(f"MISMATCH: {f}")
        return 1
    print("EQUIVALENT: same partition into groups and same representatives")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
