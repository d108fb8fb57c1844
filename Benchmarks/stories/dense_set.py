#!/usr/bin/env python3
"""A dense story set from the pipeline benchmark's corpus, for `newsfold eval stories`.

Benchmarks/dedup/make_corpus.py writes corpus.jsonl ({"id", "text", "published"}): originals
`dN` and their copies `dNcK`, each original a random mixture of prose sentences and so its own
event, ~2,300 articles a day. This keeps the articles published up to --last (in corpus
order), and writes OUT/articles.jsonl and OUT/gold.json (each article's original: the true
story). --groups takes `newsfold stories --format jsonl` output of the same articles and copies
its copy-group column, so that `eval stories` (which does not find copy groups) sees the
groups the pipeline sees.

Usage:
  grep -E '"published": "2023-01-(0[0-9]|1[0-5])"' /tmp/c1m/corpus.jsonl > /tmp/c1m-15d.jsonl
  newsfold stories --format jsonl /tmp/c1m-15d.jsonl -o /tmp/s15.jsonl
  python3 Benchmarks/stories/dense_set.py /tmp/c1m-15d.jsonl /tmp/dense15 --groups /tmp/s15.jsonl
  newsfold eval stories --set /tmp/dense15
"""
import argparse
import json
import os
import re

ap = argparse.ArgumentParser()
ap.add_argument("corpus")
ap.add_argument("out")
ap.add_argument("--last", default="9999-12-31", help="latest publication date kept (YYYY-MM-DD)")
ap.add_argument("--groups", help="`newsfold stories --format jsonl` output: its group column is kept")
args = ap.parse_args()
groups = {}
if args.groups:
    with open(args.groups, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            groups[r["id"]] = r.get("group")
os.makedirs(args.out, exist_ok=True)
gold = {}
with open(args.corpus, encoding="utf-8") as f, open(os.path.join(args.out, "articles.jsonl"), "w", encoding="utf-8") as out:
    for line in f:
        r = json.loads(line)
        if r["published"] > args.last:
            continue
        rec = {"id": r["id"], "text": r["text"], "published": r["published"]}
        if groups.get(r["id"]):
            rec["group"] = groups[r["id"]]
        out.write(json.dumps(rec) + "\n")
        gold[r["id"]] = re.sub(r"c\d+$", "", r["id"])
with open(os.path.join(args.out, "gold.json"), "w", encoding="utf-8") as f:
    json.dump(gold, f)
print(f"{len(gold)} articles, {len(set(gold.values()))} true stories")
