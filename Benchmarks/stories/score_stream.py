#!/usr/bin/env python3
"""B-cubed of `newsfold stories --format json` against the events of the provenance stream.

The stream of Benchmarks/provenance (make_stream.py) dates each ECB+ event on its real day, as
its pages state it, and spreads the event's reports over 0-5 days, with wire copies and
write-throughs: a realistic dated stream, where the two look-alike events of a topic are years
apart as in life. Scored over all articles, and over the independent reports and agency
originals alone (copies join their group's story by construction).

Usage: score_stream.py STORIES_JSON TRUTH_JSONL
(run.sh of Benchmarks/provenance writes OUT/clean.stories.json and OUT/truth.jsonl)
"""
import json, sys
from collections import Counter


def bcubed(pred, gold, ids):
    ps, gs = Counter(pred[i] for i in ids), Counter(gold[i] for i in ids)
    both = Counter((pred[i], gold[i]) for i in ids)
    p = sum(both[(pred[i], gold[i])] / ps[pred[i]] for i in ids) / len(ids)
    r = sum(both[(pred[i], gold[i])] / gs[gold[i]] for i in ids) / len(ids)
    return p, r, 2 * p * r / (p + r), len(ps), len(gs)


def main():
    stories, truth_path = sys.argv[1], sys.argv[2]
    gold, kind = {}, {}
    for line in open(truth_path):
        t = json.loads(line)
        gold[t["id"]], kind[t["id"]] = t["event"], t["kind"]
    pred = {a: s["id"] for s in json.load(open(stories))["stories"] for a in s["articles"]}
    every = [i for i in pred if i in gold]
    reports = [i for i in every if kind[i] in ("independent", "wire-original")]
    for name, ids in (("all articles", every), ("independent reports and agency originals", reports)):
        p, r, f, ns, ne = bcubed(pred, gold, ids)
        print(f"{name:<42} {len(ids):5d} articles  B3 P {p:.3f} R {r:.3f} F1 {f:.3f}  {ns} stories, {ne} events")


if __name__ == "__main__":
    main()
