#!/usr/bin/env python3
"""Newsfold vs trafilatura on the extraction dev sets, same pages, same scoring, one run.

    python3 Benchmarks/extraction/compare_trafilatura.py \
        --newsfold .build-html/release/newsfold --eval ../shared/eval [--limit N] [--sets a,b]

Both run pinned to one core (`taskset -c 0`). trafilatura is run through this script on the
same pages newsfold reads (same order, same --limit) and scored with the rules of
shared/eval/README.md, as `newsfold eval extraction` scores Newsfold:
- trafilatura set: snippet TP/FN/FP/TN over all snippets (whitespace collapsed);
- readability, fundus: bag-of-words token P/R/F1 (lower-cased \\w+ runs) averaged over pages;
  fundus also paragraph-level P/R/F1 (exact paragraphs after collapsing white space);
- title/author: exact after trimming; date: the same minute on fundus (instants when both have an
  offset), the same day elsewhere (read in the gold's offset when both have one).
Timing covers the extraction call only. On a loaded machine wall-clock pages/s mostly measures
the other processes, so CPU time is reported too: "cpu p/s" is pages per CPU-second of the
whole `newsfold extract --workers 1` process on the same pages (gzipped pages are unzipped first,
as trafilatura's are; reading, JSON output and start-up are included, so it is the conservative
figure for Newsfold) and, for trafilatura, pages
per CPU-second (time.process_time) spent inside its extraction calls only. The speed ratio
uses these CPU figures.
Requires: pip install trafilatura lxml_html_clean
"""
import argparse
import datetime as dt
import gzip
import json
import os
import re
import resource
import subprocess
import sys
import time


def collapse(s):
    if isinstance(s, list):
        s = " ".join(x for x in s if isinstance(x, str))
    return " ".join((s or "").replace("\u00a0", " ").split())


def tokens(s):
    return re.findall(r"\w+", (s or "").lower())


def token_prf(pred, gold):
    g = {}
    gt = tokens(gold)
    for t in gt:
        g[t] = g.get(t, 0) + 1
    pt = tokens(pred)
    overlap = 0
    for t in pt:
        if g.get(t, 0) > 0:
            overlap += 1
            g[t] -= 1
    if not pt and not gt:
        return 1.0, 1.0
    p = overlap / len(pt) if pt else 0.0
    r = overlap / len(gt) if gt else 0.0
    return p, r


def f1(p, r):
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def parse_date(s):
    s = (s or "").strip().replace("Z", "+00:00")
    for cand in (s, s[:10]):
        try:
            return dt.datetime.fromisoformat(cand)
        except ValueError:
            pass
    return None


def same_date(pred, gold, precision="minute"):
    """As ExtractionScoring.sameDate: "day" (trafilatura, readability sets) compares calendar
    days, reading the prediction in the gold's offset when both carry one; "minute" (fundus)
    compares the same minute (instants when both carry an offset), or the day when the gold
    has no time or is a midnight without offset (how fundus writes a bare day)."""
    g = parse_date(gold)
    p = parse_date(pred)
    if g is None or p is None:
        return False
    gold_has_time = len(gold.strip()) > 10
    if not gold_has_time:
        return p.date() == g.date()
    if precision == "day":
        if p.tzinfo and g.tzinfo:
            return p.astimezone(g.tzinfo).date() == g.date()
        return p.date() == g.date()
    if len(pred.strip()) <= 10:  # a bare day matches only a gold bare midnight (fundus's way)
        return g.tzinfo is None and (g.hour, g.minute, g.second) == (0, 0, 0) and p.date() == g.date()
    if p.tzinfo and g.tzinfo:
        return int(p.timestamp() // 60) == int(g.timestamp() // 60)
    return p.replace(tzinfo=None, second=0, microsecond=0) == g.replace(tzinfo=None, second=0, microsecond=0)


def json_keys_in_order(path):
    with open(path, encoding="utf-8") as f:
        return list(json.load(f).keys())  # Python dicts keep file order


def load_set(root, limit):
    cases = []
    if os.path.exists(os.path.join(root, "evaldata.json")):
        kind = "trafilatura"
        data = json.load(open(os.path.join(root, "evaldata.json"), encoding="utf-8"))
        for url in sorted(data):
            e = data[url]
            path = os.path.join(root, "eval", e["file"])
            if not os.path.exists(path):
                path = os.path.join(root, "cache", e["file"])
            cases.append(dict(path=path, url=url, with_=e.get("with", []), without=e.get("without", []),
                              title=e.get("title") or None, authors=[e["author"]] if e.get("author") else None,
                              date=e.get("date") or None))
    elif os.path.isdir(os.path.join(root, "test-pages")):
        kind = "readability"
        from lxml import html as lh
        base = os.path.join(root, "test-pages")
        for name in sorted(os.listdir(base)):
            folder = os.path.join(base, name)
            if not os.path.exists(os.path.join(folder, "source.html")):
                continue
            body = None
            exp = os.path.join(folder, "expected.html")
            if os.path.exists(exp):
                doc = lh.fromstring(open(exp, "rb").read())
                for bad in doc.xpath("//script|//style"):
                    bad.drop_tree()
                body = doc.text_content()
            meta = {}
            mp = os.path.join(folder, "expected-metadata.json")
            if os.path.exists(mp):
                meta = json.load(open(mp, encoding="utf-8"))
            cases.append(dict(path=os.path.join(folder, "source.html"), url=None, body=body,
                              title=(meta.get("title") or "").strip() or None,
                              authors=[meta["byline"].strip()] if (meta.get("byline") or "").strip() else None,
                              date=(meta.get("publishedTime") or "").strip() or None))
    elif os.path.isdir(os.path.join(root, "test_data")):
        kind = "fundus"
        base = os.path.join(root, "test_data")
        for country in sorted(os.listdir(base)):
            folder = os.path.join(base, country)
            if not os.path.isdir(folder):
                continue
            files = os.listdir(folder)
            info = {}
            if os.path.exists(os.path.join(folder, "meta.info")):
                info = json.load(open(os.path.join(folder, "meta.info"), encoding="utf-8"))
            for jn in sorted(f for f in files if f.endswith(".json")):
                pub = jn[:-5]
                pages = sorted(f for f in files if f.startswith(pub + "_") and f.endswith(".html.gz"))
                versions = json.load(open(os.path.join(folder, jn), encoding="utf-8"))
                for page, key in zip(pages, json_keys_in_order(os.path.join(folder, jn))):
                    v = versions[key]
                    paras = list(v.get("body", {}).get("summary", []))
                    for s in v.get("body", {}).get("sections", []):
                        paras += s.get("headline", []) + s.get("paragraphs", [])
                    cases.append(dict(path=os.path.join(folder, page), url=info.get(page, {}).get("url"),
                                      body="\n".join(paras), paragraphs=paras, title=(v.get("title") or "").strip() or None,
                                      authors=v.get("authors"), date=v.get("publishing_date")))
    else:
        raise SystemExit(f"{root}: not a known dev set")
    return kind, cases[:limit] if limit else cases


def run_trafilatura(kind, cases):
    import trafilatura
    snip = [0, 0, 0, 0]
    sp = sr = 0.0
    ntok = 0
    para = [0, 0, 0]
    acc = {"title": [0, 0], "author": [0, 0], "date": [0, 0]}
    elapsed = 0.0
    cpu = 0.0
    failures = 0
    for c in cases:
        raw = open(c["path"], "rb").read()
        if c["path"].endswith(".gz"):
            raw = gzip.decompress(raw)
        t0 = time.perf_counter()
        c0 = time.process_time()
        try:
            doc = trafilatura.bare_extraction(raw, url=c["url"], with_metadata=True)
        except Exception:
            doc = None
        cpu += time.process_time() - c0
        elapsed += time.perf_counter() - t0
        if doc is not None and not isinstance(doc, dict):
            doc = doc.as_dict()
        doc = doc or {}
        if not doc:
            failures += 1
        text = doc.get("text") or ""
        if kind == "trafilatura":
            body = collapse(text)
            for s in c["with_"]:
                snip[0 if collapse(s) in body else 1] += 1
            for s in c["without"]:
                snip[2 if collapse(s) in body else 3] += 1
        else:
            if c.get("body") is not None:
                p, r = token_prf(text, c["body"])
                sp += p
                sr += r
                ntok += 1
            if kind == "fundus":
                bag = {}
                for g in c["paragraphs"]:
                    bag[collapse(g)] = bag.get(collapse(g), 0) + 1
                pred = [x for x in text.split("\n") if x.strip()]
                tp = 0
                for x in pred:
                    if bag.get(collapse(x), 0) > 0:
                        tp += 1
                        bag[collapse(x)] -= 1
                para[0] += tp
                para[1] += len(pred) - tp
                para[2] += len(c["paragraphs"]) - tp
        if c.get("title"):
            acc["title"][1] += 1
            acc["title"][0] += collapse(doc.get("title")) == collapse(c["title"])
        if c.get("authors"):
            acc["author"][1] += 1
            a = doc.get("author") or ""
            if kind == "fundus":
                ok = [collapse(x) for x in a.split(";") if x.strip()] == [collapse(x) for x in c["authors"]]
            else:
                ok = collapse(a) == collapse(c["authors"][0])
            acc["author"][0] += ok
        if c.get("date"):
            acc["date"][1] += 1
            acc["date"][0] += same_date(doc.get("date") or "", c["date"], "minute" if kind == "fundus" else "day")
    out = {"pages": len(cases), "failures": failures, "seconds": elapsed,
           "pagesPerSecond": len(cases) / elapsed if elapsed else 0,
           "pagesPerCPUSecond": len(cases) / cpu if cpu else 0,
           "peakRSSMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if kind == "trafilatura":
        tp, fn, fp, tn = snip
        p = tp / (tp + fp) if tp + fp else 0
        r = tp / (tp + fn) if tp + fn else 0
        out.update(body={"precision": p, "recall": r, "f1": f1(p, r)}, accuracy=(tp + tn) / max(1, sum(snip)))
    else:
        p, r = sp / max(ntok, 1), sr / max(ntok, 1)
        out["body"] = {"precision": p, "recall": r, "f1": f1(p, r)}
        if kind == "fundus":
            tp, fp, fn = para
            pp = tp / (tp + fp) if tp + fp else 0
            rr = tp / (tp + fn) if tp + fn else 0
            out["paragraphs"] = {"precision": pp, "recall": rr, "f1": f1(pp, rr)}
    for k, (ok, n) in acc.items():
        if n:
            out[k] = {"correct": ok, "total": n}
    return out


def newsfold_cpu_rate(binary, root, limit):
    """Pages per CPU-second of `newsfold extract` on the set's pages (one thread, core 0)."""
    import tempfile
    _, cases = load_set(root, limit)
    paths = [c["path"] for c in cases]
    scratch = tempfile.TemporaryDirectory()
    if any(p.endswith(".gz") for p in paths):
        # trafilatura is timed on decompressed bytes: give newsfold the same pages unzipped.
        unzipped = []
        for i, p in enumerate(paths):
            if p.endswith(".gz"):
                q = os.path.join(scratch.name, f"{i:05d}-{os.path.basename(p)[:-3]}")
                with open(q, "wb") as out:
                    out.write(gzip.decompress(open(p, "rb").read()))
                p = q
            unzipped.append(p)
        paths = unzipped
    proc = subprocess.Popen(["taskset", "-c", "0", binary, "extract", "--workers", "1", "-q", "-o", os.devnull] + paths,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    seconds = usage.ru_utime + usage.ru_stime
    scratch.cleanup()
    return len(paths) / seconds if seconds else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--newsfold", default=".build-html/release/newsfold")
    ap.add_argument("--eval", default="../shared/eval")
    ap.add_argument("--sets", default="trafilatura,readability,fundus")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child:  # run trafilatura in a fresh process pinned to core 0
        kind, cases = load_set(args.child, args.limit)
        print(json.dumps(run_trafilatura(kind, cases)))
        return

    rows = []
    for name in args.sets.split(","):
        root = os.path.join(args.eval, name)
        cmd = ["taskset", "-c", "0", args.newsfold, "eval", "extraction", "--set", root, "--json"]
        if args.limit:
            cmd += ["--limit", str(args.limit)]
        nf = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        nf["pagesPerCPUSecond"] = newsfold_cpu_rate(args.newsfold, root, args.limit)
        cmd = ["taskset", "-c", "0", sys.executable, __file__, "--child", root]
        if args.limit:
            cmd += ["--limit", str(args.limit)]
        tr = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        rows.append((name, nf, tr))

    def acc(d, k):
        v = d.get(k)
        return f"{v['correct'] / v['total']:.3f}" if v else "-"

    print(f"{'set':12} {'tool':11} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} {'acc':>6} {'paraF1':>6} "
          f"{'title':>6} {'author':>6} {'date':>6} {'pages/s':>8} {'cpu p/s':>8} {'RSS MiB':>8}")
    for name, nf, tr in rows:
        for tool, d in (("newsfold", nf), ("trafilatura", tr)):
            b = d["body"]
            a = f"{d['accuracy']:.3f}" if d.get("accuracy") is not None else "-"
            pf = f"{d['paragraphs']['f1']:.3f}" if d.get("paragraphs") else "-"
            print(f"{name:12} {tool:11} {d['pages']:>5} {b['precision']:6.3f} {b['recall']:6.3f} {b['f1']:6.3f} "
                  f"{a:>6} {pf:>6} {acc(d, 'title'):>6} {acc(d, 'author'):>6} {acc(d, 'date'):>6} "
                  f"{d['pagesPerSecond']:8.1f} {d['pagesPerCPUSecond']:8.1f} {d['peakRSSMiB']:8.1f}")
        ratio_f1 = nf["body"]["f1"] / tr["body"]["f1"] if tr["body"]["f1"] else float("inf")
        ratio_speed = nf["pagesPerCPUSecond"] / tr["pagesPerCPUSecond"] if tr["pagesPerCPUSecond"] else float("inf")
        print(f"{name:12} {'ratio':11} {'':>5} {'':>6} {'':>6} {ratio_f1:6.3f} {'':>6} {'':>6} {'':>6} {'':>6} "
              f"{'':>6} {'':>8} {ratio_speed:7.1f}x")


if __name__ == "__main__":
    main()
