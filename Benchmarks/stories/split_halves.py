#!/usr/bin/env python3
"""Would splitting a settled story in two help? (Issue 19, sixth pass: measured, not built.)

Reads a dev set and the stories `newsfold eval stories --write-stories FILE` found on it. Each
story of 2 × MIN_HALF articles or more is cut in two by spectral clustering on the TF-IDF
cosine similarity of its members (scikit-learn, not Newsfold's similarity). The cut is kept
when both halves hold at least MIN_HALF articles and the average similarity between an article
of one half and one of the other is below BAR. Prints B-cubed P/R/F1 before and after, against
gold.json and (when the set has it) gold-local.json.

Usage: split_halves.py SET_DIR STORIES.jsonl [--bar 0.21] [--min-half 5] [--list]

  newsfold eval stories --set /tmp/ecbplus-dated/tune --write-stories /tmp/tune-stories.jsonl
  python3 Benchmarks/stories/split_halves.py /tmp/ecbplus-dated/tune /tmp/tune-stories.jsonl
"""
import argparse, json, os, warnings
from collections import Counter, defaultdict

import numpy as np
from sklearn.cluster import SpectralClustering
from sklearn.feature_extraction.text import TfidfVectorizer


def bcubed(pred, gold):
    members, events = defaultdict(set), defaultdict(set)
    for a, c in pred.items(): members[c].add(a)
    for a, e in gold.items(): events[e].add(a)
    ids = [a for a in gold if a in pred]
    p = sum(len(members[pred[a]] & events[gold[a]]) / len(members[pred[a]]) for a in ids) / len(ids)
    r = sum(len(members[pred[a]] & events[gold[a]]) / len(events[gold[a]]) for a in ids) / len(ids)
    return p, r, 2 * p * r / (p + r)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('set'); ap.add_argument('stories')
    ap.add_argument('--bar', type=float, default=0.21, help='split when the halves are less similar than this')
    ap.add_argument('--min-half', type=int, default=5, help='the smallest half a split may leave')
    ap.add_argument('--list', action='store_true', help='print each story cut, with its gold events')
    a = ap.parse_args()
    arts = [json.loads(l) for l in open(os.path.join(a.set, 'articles.jsonl')) if l.strip()]
    ids = [x['id'] for x in arts]
    row = {i: k for k, i in enumerate(ids)}
    docs = [((x.get('title') or '') + ' ') * 2 + (x.get('text') or '') for x in arts]
    X = TfidfVectorizer(sublinear_tf=True, stop_words='english').fit_transform(docs)
    golds = {'gold.json': json.load(open(os.path.join(a.set, 'gold.json')))}
    local = os.path.join(a.set, 'gold-local.json')
    if os.path.exists(local): golds['gold-local.json'] = json.load(open(local))
    before, after = {}, {}
    for line in open(a.stories):
        s = json.loads(line); members = s['articles']
        for m in members: before[m] = after[m] = s['story']
        if len(members) < 2 * a.min_half: continue
        V = X[[row[m] for m in members]]
        S = (V @ V.T).toarray()
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            half = SpectralClustering(n_clusters=2, affinity='precomputed', random_state=0).fit_predict(np.clip(S, 0, None))
        x, y = np.where(half == 0)[0], np.where(half == 1)[0]
        if min(len(x), len(y)) < a.min_half: continue
        cross = S[np.ix_(x, y)].mean()
        if cross >= a.bar: continue
        for k in y: after[members[k]] = f"{s['story']}/2"
        if a.list:
            g = golds['gold.json']
            print(f"cut story {s['story']} ({len(x)} + {len(y)}, cross {cross:.3f}):",
                  dict(Counter(g.get(members[k]) for k in x)), '|', dict(Counter(g.get(members[k]) for k in y)))
    for name, gold in golds.items():
        print(f"{name}: before P/R/F1 %.3f/%.3f/%.3f, after %.3f/%.3f/%.3f" % (bcubed(before, gold) + bcubed(after, gold)))


if __name__ == '__main__':
    main()
