#!/usr/bin/env python3
"""Baseline for story clustering: scikit-learn TF-IDF + agglomerative clustering.

Usage: baseline.py SET_DIR [--threshold T ...]
Reads SET_DIR/articles.jsonl and SET_DIR/gold.json (as `newsfold eval stories` does) and prints
one JSON line per threshold: B-cubed P/R/F1, ARI, clusters, articles/s. The threshold is a cosine
distance for average-linkage clustering; `--sweep` tries 0.05..0.95 and marks the best F1 (an
oracle: it looks at the gold answers, so it flatters the baseline).
Benchmark tooling only: never used at runtime.
"""
import json, sys, time
from collections import Counter
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.cluster import AgglomerativeClustering
from sklearn.metrics import adjusted_rand_score
from sklearn.metrics.pairwise import cosine_distances


def bcubed(pred, gold):
    ids = [i for i in gold if i in pred]
    ps, gs = Counter(pred[i] for i in ids), Counter(gold[i] for i in ids)
    both = Counter((pred[i], gold[i]) for i in ids)
    p = sum(both[(pred[i], gold[i])] / ps[pred[i]] for i in ids) / len(ids)
    r = sum(both[(pred[i], gold[i])] / gs[gold[i]] for i in ids) / len(ids)
    return p, r, 2 * p * r / (p + r)


def main():
    args = sys.argv[1:]
    path = args[0]
    arts = [json.loads(l) for l in open(f"{path}/articles.jsonl") if l.strip()]
    gold = json.load(open(f"{path}/gold.json"))
    thresholds = [0.05 * k for k in range(1, 20)] if "--sweep" in args else \
        [float(args[i + 1]) for i, a in enumerate(args) if a == "--threshold"] or [0.8]
    texts = [(a.get("title") or "") + "\n" + (a.get("text") or "") for a in arts]
    start = time.perf_counter()
    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    dist = cosine_distances(x)
    prep = time.perf_counter() - start
    rows = []
    for t in thresholds:
        start = time.perf_counter()
        labels = AgglomerativeClustering(n_clusters=None, distance_threshold=t, metric="precomputed",
                                         linkage="average").fit_predict(dist)
        elapsed = time.perf_counter() - start + prep
        pred = {a["id"]: int(l) for a, l in zip(arts, labels)}
        p, r, f = bcubed(pred, gold)
        ids = [i for i in gold if i in pred]
        ari = adjusted_rand_score([gold[i] for i in ids], [pred[i] for i in ids])
        rows.append({"system": f"tfidf+agglomerative(avg, cos dist {t:.2f})", "precision": p,
                     "recall": r, "f1": f, "ari": ari, "clusters": len(set(labels)),
                     "articles_per_s": len(arts) / elapsed})
    if "--sweep" in args:
        best = max(rows, key=lambda r: r["f1"])
        best["system"] += " [best of sweep: oracle]"
        rows = [best]
    for r in rows:
        print(json.dumps(r))


if __name__ == "__main__":
    main()
