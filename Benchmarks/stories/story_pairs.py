#!/usr/bin/env python3
"""Scores the pairs of predicted stories within a week of each other, to see what a merge bar
between stories would join: pairs whose stories belong to the same time-local event, and pairs
of different events (look-alike twins marked). Stories come from simulate.py's model at the
given window; vectors use the whole set's document frequencies, names' share 0.6, and the
score is the average similarity between the two stories' members (as StoryClusterer's
storySimilarity within the news cycle). Benchmark tooling only.

Usage: story_pairs.py SET_DIR [--window-days 6]
"""
import argparse, json, math, os, sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import simulate as S


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("set")
    ap.add_argument("--window-days", type=float, default=6)
    args = ap.parse_args()
    arts, local = S.load(args.set, "gold-local.json")
    labelled = json.load(open(os.path.join(args.set, "gold.json")))
    S.P.window = args.window_days
    S.P.repair, S.P.repair_max, S.P.repair_gap = 0.18, 2, 7
    pred, _ = S.run(arts, S.P)
    prof = [S.profile(a) for a in arts]
    df = Counter()
    for t, e in prof:
        df.update(t.keys())
        df.update("E" + k for k in e)
    n = len(arts)
    idf = lambda k: math.log((n + 1) / (df[k] + 1)) + 1
    vec = {a["id"]: (S.unit({k: (1 + math.log(v)) * idf(k) for k, v in t.items()}),
                     S.unit({k: (1 + math.log(v)) * idf("E" + k) for k, v in e.items()}))
           for a, (t, e) in zip(arts, prof)}
    when = {a["id"]: S.instant(a) for a in arts}
    stories = defaultdict(list)
    for i, s in pred.items():
        stories[s].append(i)

    def score(a, b):
        m = len(a) * len(b)
        w = sum(S.dot(vec[x][0], vec[y][0]) for x in a for y in b) / m
        e = sum(S.dot(vec[x][1], vec[y][1]) for x in a for y in b) / m
        return 0.4 * w + 0.6 * e

    def days_apart(a, b):
        lo = max(min(when[x] for x in a), min(when[y] for y in b))
        hi = min(max(when[x] for x in a), max(when[y] for y in b))
        return max(0, (lo - hi) / 86400)

    major = lambda m, gold: Counter(gold[i] for i in m).most_common(1)[0][0]
    same, other = [], []
    ids = sorted(stories)
    for x, sx in enumerate(ids):
        for sy in ids[x + 1:]:
            a, b = stories[sx], stories[sy]
            if days_apart(a, b) > 7:
                continue
            v = round(score(a, b), 3)
            if major(a, local) == major(b, local):
                same.append((v, len(a), len(b)))
            else:
                la, lb = major(a, labelled), major(b, labelled)
                twin = la[:-1] == lb[:-1]
                if twin or v > 0.1:
                    other.append((v, len(a), len(b), "twin" if twin else ""))
    print("same event (score, sizes):", sorted(same, reverse=True))
    print("different events, twins or above 0.1:", sorted(other, reverse=True)[:30])


if __name__ == "__main__":
    main()
