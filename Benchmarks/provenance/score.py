#!/usr/bin/env python3
"""Score `newsfold stories --format json` provenance flags against the stream's truth.

    python3 score.py --truth OUT/truth.jsonl --stories OUT/clean.stories.json --variant clean
    python3 score.py --truth OUT/truth.jsonl --stories OUT/tampered.stories.json --variant tampered

Runs nothing itself. Reports the share of untampered articles carrying `injected-text` and
`date-anomaly` (false accusations), the recall of spliced brand names by `injected-text` and of
moved dates by `date-anomaly`, a few structural checks (copies grouped with their wire story,
a tampered copy chosen as an original, a story titled with a spliced headline), and the most
frequent false-accusation texts with the evidence the flag gave. `--json FILE` also writes the
figures as JSON (run.sh reads them for its table).
"""
import argparse, collections, json, re, sys

COPY_KINDS = ("verbatim", "edited", "boilerplate", "edited+boilerplate")


def load_stories(path):
    """id → {story, group, original, role, flags, title}; story id → title."""
    report = json.load(open(path))
    arts, titles = {}, {}
    for s in report["stories"]:
        titles[s["id"]] = s.get("title") or ""
        for g in s["groups"]:
            for m in g["members"]:
                arts[m["id"]] = {"story": s["id"], "group": g["id"], "original": g["original"],
                                 "role": m["role"], "flags": m.get("flags") or [],
                                 "group_evidence": g.get("evidence", "")}
    return arts, titles


def norm(text):
    t = re.sub(r"\d+", "#", text.lower())
    return re.sub(r"\s+", " ", t).strip()[:90]


def cause(flag, truth):
    """Why an untampered article was flagged, as far as the truth tells."""
    text = (flag.get("text") or "").strip()
    low = text.lower()
    if flag["kind"] == "date-anomaly":
        if re.search(r"monday|tuesday|wednesday|thursday|friday|saturday|sunday", low):
            return "weekday in lead"
        if "crawled" in flag.get("evidence", ""):
            return "date after crawl"
        return "date vs story (%s)" % truth.get("date_style", "?")
    for b in truth.get("boilerplate", []):
        bl = b["text"].lower()
        if low and (low in bl or bl in low or len(set(low.split()) & set(bl.split())) >= max(1, len(low.split()) // 2)):
            return "boilerplate: " + b.get("type", "?")
    added = (truth.get("added") or "").lower()
    if added and low and (low in added or len(set(low.split()) & set(added.split())) >= max(1, len(low.split()) // 2)):
        return "write-through fact"
    if "headline" in flag.get("evidence", ""):
        return "headline"
    return "other (%s)" % kind_of(truth)


def kind_of(truth):
    """The article's kind; an independent report that ECB+ also holds in another version (a
    write-through or a subscriber's copy under another id) is told apart."""
    k = truth["kind"]
    return "independent-version" if k == "independent" and truth.get("related") else k


def score(truth_path, stories_path, variant, top):
    truth = {}
    for line in open(truth_path):
        t = json.loads(line)
        if variant == "clean":
            t = dict(t, tampered=False)
            t.pop("splice", None); t.pop("redate", None)
        truth[t["id"]] = t
    arts, titles = load_stories(stories_path)
    missing = [i for i in truth if i not in arts]
    res = {"variant": variant, "articles": len(truth), "missing": len(missing)}
    clean = [i for i in truth if not truth[i]["tampered"] and i in arts]
    res["untampered"] = len(clean)
    false = collections.defaultdict(list)  # kind → [(id, flag)]
    for i in clean:
        for f in arts[i]["flags"]:
            false[f["kind"]].append((i, f))
    for kind in ("injected-text", "date-anomaly", "missing-attribution", "truncated"):
        n = len({i for i, _ in false.get(kind, [])})
        res[kind] = {"articles": n, "share": n / max(1, len(clean)), "flags": len(false.get(kind, []))}
    either = {i for k in ("injected-text", "date-anomaly") for i, _ in false.get(k, [])}
    res["either"] = {"articles": len(either), "share": len(either) / max(1, len(clean))}
    by_kind = collections.Counter(kind_of(truth[i]) for i in either)
    res["accused_by_kind"] = {k: "%d/%d" % (by_kind[k], sum(kind_of(truth[i]) == k for i in clean))
                              for k in sorted({kind_of(truth[i]) for i in clean})}
    causes = collections.Counter()
    patterns = collections.defaultdict(list)
    for kind in ("injected-text", "date-anomaly"):
        for i, f in false.get(kind, []):
            c = cause(f, truth[i])
            causes["%s: %s" % (kind, c)] += 1
            key = c if c.startswith("boilerplate") else norm(f.get("text") or "")
            patterns[(kind, key)].append((i, f, c))
    res["false_causes"] = dict(causes.most_common())
    res["top_false"] = [{"kind": k, "text": v[0][1].get("text"), "count": len(v), "cause": v[0][2],
                         "example": v[0][0], "evidence": v[0][1].get("evidence")}
                        for (k, _), v in sorted(patterns.items(), key=lambda kv: -len(kv[1]))[:top]]
    # Recall of tampering.
    spliced = [i for i in truth if "splice" in truth[i] and i in arts]
    caught, caught_any, head_n, head_caught = 0, 0, 0, 0
    missed = []
    for i in spliced:
        sp = truth[i]["splice"]
        coined = sp["brand"].split()[0].lower()
        inj = [f for f in arts[i]["flags"] if f["kind"] == "injected-text"]
        hit = [f for f in inj if coined in (f.get("text") or "").lower()]
        caught += bool(hit)
        caught_any += bool(inj)
        if not hit:
            missed.append({"id": i, "style": sp["style"], "after": sp["after"][:160], "role": arts[i]["role"],
                           "group_original": arts[i]["original"],
                           "flags": [(f["kind"], f.get("text")) for f in arts[i]["flags"]]})
        if sp["headline"]:
            head_n += 1
            head_caught += any(coined in (f.get("text") or "").lower() and "headline" in f.get("evidence", "")
                               for f in inj)
    res["splice"] = {"n": len(spliced), "caught": caught, "recall": caught / max(1, len(spliced)),
                     "any_injected": caught_any, "headline_n": head_n, "headline_caught": head_caught,
                     "missed_by_style": dict(collections.Counter(m["style"] for m in missed)),
                     "missed_examples": missed[:top]}
    redated = [i for i in truth if "redate" in truth[i] and i in arts]
    rc = [i for i in redated if any(f["kind"] == "date-anomaly" for f in arts[i]["flags"])]
    res["redate"] = {"n": len(redated), "caught": len(rc), "recall": len(rc) / max(1, len(redated)),
                     "missed_examples": [{"id": i, "redate": truth[i]["redate"], "role": arts[i]["role"],
                                          "group": arts[i]["group"]}
                                         for i in redated if i not in set(rc)][:top]}
    # Structure: copies grouped with their wire story; originals; titles.
    wire_group = {}
    for i, t in truth.items():
        if t["kind"] == "wire-original" and i in arts:
            wire_group[t["source"]] = arts[i]["group"]
    copies = [i for i, t in truth.items() if t["kind"] in COPY_KINDS + ("write-through",) and i in arts]
    together = sum(arts[i]["group"] == wire_group.get(truth[i]["source"]) for i in copies)
    res["copies_with_wire"] = {"n": len(copies), "together": together, "share": together / max(1, len(copies))}
    originals = {a["original"] for a in arts.values()}
    res["tampered_originals"] = sorted(i for i in originals if truth.get(i, {}).get("tampered"))
    wire_orig = sum(arts[i]["original"] == i for i, t in truth.items() if t["kind"] == "wire-original" and i in arts)
    res["wire_original_is_original"] = "%d/%d" % (wire_orig, sum(t["kind"] == "wire-original" for t in truth.values()))
    brands = [truth[i]["splice"]["brand"].split()[0] for i in spliced]
    res["stories_titled_with_splice"] = [t for t in titles.values() if any(b in t for b in brands)]
    ev = collections.defaultdict(set)
    for i, a in arts.items():
        ev[truth[i]["event"]].add(a["story"]) if i in truth else None
    res["stories"] = len(titles)
    res["events"] = len(ev)
    return res


def show(res, out):
    pct = lambda x: "%.1f%%" % (100 * x)
    p = lambda *a: print(*a, file=out)
    p("== %s: %d articles (%d untampered), %d missing from the output, %d stories for %d events"
      % (res["variant"], res["articles"], res["untampered"], res["missing"], res["stories"], res["events"]))
    for k in ("injected-text", "date-anomaly", "missing-attribution", "truncated"):
        r = res[k]
        p("  untampered with %-20s %4d articles (%s), %d flags" % (k, r["articles"], pct(r["share"]), r["flags"]))
    p("  untampered with either accusation   %4d articles (%s); by kind: %s"
      % (res["either"]["articles"], pct(res["either"]["share"]), res["accused_by_kind"]))
    if res["splice"]["n"]:
        s = res["splice"]
        p("  spliced brand caught by injected-text: %d/%d (%s); headline splices caught: %d/%d; missed by style: %s"
          % (s["caught"], s["n"], pct(s["recall"]), s["headline_caught"], s["headline_n"], s["missed_by_style"]))
    if res["redate"]["n"]:
        r = res["redate"]
        p("  moved date caught by date-anomaly: %d/%d (%s)" % (r["caught"], r["n"], pct(r["recall"])))
    c = res["copies_with_wire"]
    p("  wire copies in their wire story's copy group: %d/%d (%s); wire original chosen as original: %s"
      % (c["together"], c["n"], pct(c["share"]), res["wire_original_is_original"]))
    p("  tampered articles chosen as a group's original: %d; stories titled with a spliced headline: %d"
      % (len(res["tampered_originals"]), len(res["stories_titled_with_splice"])))
    p("  false accusations by cause: %s" % res["false_causes"])
    if res["top_false"]:
        p("  top false accusations:")
        for t in res["top_false"]:
            p("   %3d× %-13s [%s] %r\n        e.g. %s: %s" % (t["count"], t["kind"], t["cause"], (t["text"] or "")[:120],
                                                             t["example"], (t["evidence"] or "")[:300]))
    for m in res["splice"].get("missed_examples", [])[:5]:
        p("   missed splice %s (%s, role %s): %r flags=%s" % (m["id"], m["style"], m["role"], m["after"][:120], m["flags"]))
    for m in res["redate"].get("missed_examples", [])[:5]:
        p("   missed re-date %s: %s (role %s)" % (m["id"], m["redate"], m["role"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--truth", required=True)
    ap.add_argument("--stories", required=True, help="newsfold stories --format json output")
    ap.add_argument("--variant", choices=["clean", "tampered"], required=True)
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--json", help="also write the figures here")
    args = ap.parse_args()
    res = score(args.truth, args.stories, args.variant, args.top)
    show(res, sys.stdout)
    if args.json:
        json.dump(res, open(args.json, "w"), indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
