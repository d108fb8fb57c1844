#!/usr/bin/env python3
"""Baselines for story clustering: scikit-learn TF-IDF with agglomerative clustering, and an
online TF-IDF centroid clusterer with a candidate window (the usual news-stream baseline).

Usage: baseline.py SET_DIR [--gold gold.json] [--method agglomerative|online]
                   [--threshold T ...] [--sweep] [--choose-on TUNE_DIR] [--window-days 3]

Reads SET_DIR/articles.jsonl ({"id","title","text","published"?}) and SET_DIR/GOLD (as
`newsfold eval stories` does) and prints one JSON line per threshold: B-cubed P/R/F1, ARI,
clusters, articles/s.
- agglomerative: average linkage over cosine distances; the threshold is a distance. No dates.
- online: articles in publication order; each joins the most similar story centroid whose
  latest article is at most --window-days before it (cosine >= threshold), else starts one.
  Undated articles see every story.
--sweep tries thresholds 0.05..0.95 on SET_DIR and keeps the best F1: an oracle that looks at
the gold answers. --choose-on TUNE_DIR picks the threshold by F1 on TUNE_DIR and reports it on
SET_DIR: the fair protocol (choose on one half, report the other).
Benchmark tooling only: never used at runtime.
"""
import argparse, json, sys, time
from collections import Counter
from datetime import datetime

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score
from sklearn.metrics.pairwise import cosine_distances


def bcubed(pred, gold):
    ids = [i for i in gold if i in pred]
    ps, gs = Counter(pred[i] for i in ids), Counter(gold[i] for i in ids)
    both = Counter((pred[i], gold[i]) for i in ids)
    p = sum(both[(pred[i], gold[i])] / ps[pred[i]] for i in ids) / len(ids)
    r = sum(both[(pred[i], gold[i])] / gs[gold[i]] for i in ids) / len(ids)
    return p, r, 2 * p * r / (p + r)


def load(path, gold_name):
    arts = [json.loads(l) for l in open(f"{path}/articles.jsonl") if l.strip()]
    gold = json.load(open(f"{path}/{gold_name}"))
    return arts, gold


def instant(a):
    p = a.get("published")
    if not p:
        return None
    d = datetime.fromisoformat(p)
    if d.tzinfo is None:  # a day or a local time: read as UTC, as a day blurs anyway
        d = d.replace(tzinfo=__import__("datetime").timezone.utc)
    return d.timestamp()


def agglomerative(arts, thresholds):
    texts = [(a.get("title") or "") + "\n" + (a.get("text") or "") for a in arts]
    start = time.perf_counter()
    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    dist = cosine_distances(x)
    prep = time.perf_counter() - start
    for t in thresholds:
        start = time.perf_counter()
        labels = AgglomerativeClustering(n_clusters=None, distance_threshold=t, metric="precomputed",
                                         linkage="average").fit_predict(dist)
        yield f"tfidf+agglomerative(avg, cos dist {t:.2f})", labels, time.perf_counter() - start + prep


def online(arts, thresholds, window_days):
    texts = [(a.get("title") or "") + "\n" + (a.get("text") or "") for a in arts]
    start = time.perf_counter()
    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts).toarray()
    times = [instant(a) for a in arts]
    order = sorted(range(len(arts)), key=lambda i: (times[i] is None, times[i] or 0, arts[i]["id"]))
    prep = time.perf_counter() - start
    window = window_days * 86400
    for t in thresholds:
        start = time.perf_counter()
        sums, lasts, labels = [], [], [0] * len(arts)
        for i in order:
            v, ti = x[i], times[i]
            best, score = -1, -1.0
            for s, (c, last) in enumerate(zip(sums, lasts)):
                if ti is not None and last is not None and ti - last > window:
                    continue
                n = np.linalg.norm(c)
                sim = float(c @ v / n) if n > 0 else 0.0
                if sim > score:
                    best, score = s, sim
            if best >= 0 and score >= t:
                sums[best] = sums[best] + v
                if ti is not None:
                    lasts[best] = max(lasts[best] or ti, ti)
                labels[i] = best
            else:
                sums.append(v.copy())
                lasts.append(ti)
                labels[i] = len(sums) - 1
        yield (f"tfidf online centroid ({window_days:g}-day window, cos {t:.2f})", labels,
               time.perf_counter() - start + prep)


def score(arts, gold, method, thresholds, window_days):
    run = agglomerative(arts, thresholds) if method == "agglomerative" else \
        online(arts, thresholds, window_days)
    for name, labels, elapsed in run:
        pred = {a["id"]: int(l) for a, l in zip(arts, labels)}
        p, r, f = bcubed(pred, gold)
        ids = [i for i in gold if i in pred]
        ari = adjusted_rand_score([gold[i] for i in ids], [pred[i] for i in ids])
        yield {"system": name, "precision": p, "recall": r, "f1": f, "ari": ari,
               "clusters": len(set(labels)), "articles_per_s": len(arts) / elapsed}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("set")
    ap.add_argument("--gold", default="gold.json")
    ap.add_argument("--method", choices=["agglomerative", "online"], default="agglomerative")
    ap.add_argument("--threshold", type=float, action="append")
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--choose-on")
    ap.add_argument("--window-days", type=float, default=3)
    args = ap.parse_args()
    grid = [round(0.05 * k, 2) for k in range(1, 20)]
    arts, gold = load(args.set, args.gold)
    if args.choose_on:
        tune_arts, tune_gold = load(args.choose_on, args.gold)
        best = max(score(tune_arts, tune_gold, args.method, grid, args.window_days),
                   key=lambda r: r["f1"])
        t = float(best["system"].rsplit(" ", 1)[1].rstrip(")"))
        for r in score(arts, gold, args.method, [t], args.window_days):
            r["system"] += " [chosen on the other half]"
            print(json.dumps(r))
        return
    rows = list(score(arts, gold, args.method, grid if args.sweep else args.threshold or [0.8],
                      args.window_days))
    if args.sweep:
        best = max(rows, key=lambda r: r["f1"])
        best["system"] += " [best of sweep: oracle]"
        rows = [best]
    for r in rows:
        print(json.dumps(r))


if __name__ == "__main__":
    main()
