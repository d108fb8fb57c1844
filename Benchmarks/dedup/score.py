#!/usr/bin/env python3
"""Score copy groups against a corpus made by make_corpus.py.

    python3 score.py --truth /tmp/c100k --pred groups.jsonl [--threshold 0.8]

Pairwise precision: of the pairs put in one predicted group, the share in one true group.
Recall: of the true pairs (same true group) whose exact word-5-gram Jaccard is ≥ threshold,
the share put in one predicted group. Also: number of groups (size > 1) and the largest.
Prints one JSON object.
"""
import argparse, json, os, sys
from collections import Counter


def score(truth_dir, pred_path, threshold):
    true = {}
    with open(os.path.join(truth_dir, "truth.jsonl")) as f:
        for line in f:
            t = json.loads(line)
            true[t["id"]] = t["true_group"]
    pred = {}
    with open(pred_path) as f:
        for line in f:
            p = json.loads(line)
            pred[p["id"]] = p["group"]
    missing = len(set(true) - set(pred))
    for i in true:
        pred.setdefault(i, "missing:" + i)
    sizes = Counter(pred.values())
    cells = Counter((pred[i], true[i]) for i in true)
    c2 = lambda n: n * (n - 1) // 2
    predicted_pairs = sum(c2(n) for n in sizes.values())
    correct_pairs = sum(c2(n) for n in cells.values())
    total = hit = 0
    with open(os.path.join(truth_dir, "pairs.tsv")) as f:
        for line in f:
            a, b, j = line.split("\t")
            if float(j) >= threshold:
                total += 1
                hit += pred[a] == pred[b]
    true_sizes = Counter(true.values())
    return {
        "precision": round(correct_pairs / predicted_pairs, 5) if predicted_pairs else 1.0,
        "recall": round(hit / total, 5) if total else 1.0,
        "true_pairs": total, "predicted_pairs": predicted_pairs,
        "groups": sum(1 for n in sizes.values() if n > 1), "largest": max(sizes.values()),
        "true_groups": sum(1 for n in true_sizes.values() if n > 1), "true_largest": max(true_sizes.values()),
        "missing": missing,
    }


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--truth", required=True)
    ap.add_argument("--pred", required=True)
    ap.add_argument("--threshold", type=float, default=0.8)
    a = ap.parse_args()
    print(json.dumps(score(a.truth, a.pred, a.threshold)))
