#!/usr/bin/env python3
"""Run newsfold dedup, datasketch (MinHashLSH) and rensa (RMinHashLSH) on the same corpus, with
the same shingles (folded word 5-grams) and LSH shape, and print one table.

    python3 peers.py --corpus /tmp/c100k --newsfold .build/release/newsfold [--only newsfold,rensa]

Each tool runs in its own process under /usr/bin/time (wall time, peak RSS), end to end: read
the JSONL, shingle, MinHash, LSH, verify every candidate by estimated Jaccard ≥ threshold
(the same verification newsfold does, so that precision compares like with like), union-find,
write {"id","group"} lines. Then score.py scores each output against the corpus's truth.
"""
import argparse, json, os, re, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from score import score  # noqa: E402

WORD = re.compile(r"[^\W_]+")


def shingles(text, n):
    w = WORD.findall(text.lower().replace("'", "").replace("\u2019", ""))
    if len(w) < n:
        return [" ".join(w)] if w else []
    return list({" ".join(w[i:i + n]) for i in range(len(w) - n + 1)})


def find(parent, x):
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def run_peer(tool, corpus, out, threshold, ngram, perms, bands, rows):
    """Runs inside the child process."""
    ids, sigs = [], []
    if tool == "datasketch":
        from datasketch import MinHash, MinHashLSH
        lsh = MinHashLSH(threshold=threshold, num_perm=perms, params=(bands, rows))
    else:
        from rensa import RMinHash, RMinHashLSH
        lsh = RMinHashLSH(threshold=threshold, num_perm=perms, num_bands=bands)
    parent = []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            sh = shingles(d.get("text") or "", ngram)
            i = len(ids)
            if tool == "datasketch":
                m = MinHash(num_perm=perms, seed=1)
                m.update_batch([s.encode() for s in sh])
            else:
                m = RMinHash(num_perm=perms, seed=1)
                m.update(sh)
            ids.append(d["id"])
            sigs.append(m)
            parent.append(i)
            if not sh:
                continue
            for j in lsh.query(m):
                if sigs[i].jaccard(sigs[j]) >= threshold:
                    a, b = find(parent, i), find(parent, j)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
            lsh.insert(i, m)
    with open(out, "w") as f:
        for i, x in enumerate(ids):
            f.write(json.dumps({"id": x, "group": ids[find(parent, i)]}) + "\n")


def timed(cmd):
    """Wall seconds, peak RSS in MB and CPU seconds (user + system) of one process. On a shared
    machine CPU seconds are the steadier figure: they do not count time spent waiting for a core."""
    t = subprocess.run(["/usr/bin/time", "-f", "TIME %e %M %U %S"] + cmd, capture_output=True, text=True)
    if t.returncode != 0:
        sys.exit(f"{cmd[0]} failed:\n{t.stderr}")
    last = [l for l in t.stderr.splitlines() if l.startswith("TIME ")][-1].split()
    return float(last[1]), int(last[2]) / 1024, float(last[3]) + float(last[4])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, help="folder made by make_corpus.py")
    ap.add_argument("--newsfold", default="newsfold")
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--ngram", type=int, default=5)
    ap.add_argument("--permutations", type=int, default=128)
    ap.add_argument("--bands", type=int, default=16)
    ap.add_argument("--rows", type=int, default=6)
    ap.add_argument("--only", default="newsfold,rensa,datasketch")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    a = ap.parse_args()
    corpus = os.path.join(a.corpus, "corpus.jsonl")
    if a.child:
        run_peer(a.child, corpus, a.out, a.threshold, a.ngram, a.permutations, a.bands, a.rows)
        return
    size = os.path.getsize(corpus) / 1e6
    docs = sum(1 for _ in open(corpus, encoding="utf-8"))
    rows = []
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    for tool in a.only.split(","):
        out = os.path.join(a.corpus, f"pred-{tool}.jsonl")
        if tool == "newsfold":
            cmd = [a.newsfold, "dedup", "-q", corpus, "-o", out, "--threshold", str(a.threshold),
                   "--ngram", str(a.ngram), "--permutations", str(a.permutations),
                   "--bands", str(a.bands), "--rows", str(a.rows), "--verify", "estimate"]
        else:
            cmd = [sys.executable, __file__, "--corpus", a.corpus, "--child", tool, "--out", out,
                   "--threshold", str(a.threshold), "--ngram", str(a.ngram),
                   "--permutations", str(a.permutations), "--bands", str(a.bands), "--rows", str(a.rows)]
        seconds, rss, cpu = timed(cmd)
        s = score(a.corpus, out, a.threshold)
        rows.append((tool, seconds, docs / seconds, size / seconds, rss, s["precision"], s["recall"], s["groups"], s["largest"], cpu))
    print(f"corpus: {docs} documents, {size:.1f} MB; threshold {a.threshold}, {a.ngram}-grams, "
          f"{a.permutations} permutations, {a.bands} bands x {a.rows} rows")
    print(f"load average before: {load_before}, after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"| tool | seconds | CPU seconds | docs/s | MB/s | peak RSS MB | precision | recall | groups | largest |")
    print(f"|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]:.2f} | {r[9]:.2f} | {r[2]:.0f} | {r[3]:.1f} | {r[4]:.0f} | {r[5]:.4f} | {r[6]:.4f} | {r[7]} | {r[8]} |")
    base = rows[0]
    for r in rows[1:]:
        print(f"{base[0]} is {r[1] / base[1]:.1f}x faster than {r[0]} in wall time, {r[9] / base[9]:.1f}x in CPU time")


if __name__ == "__main__":
    main()
