#!/usr/bin/env python3
"""Generate a labelled news-like corpus for `newsfold dedup` benchmarks.

Originals are real prose recombined (sentences from any JSONL with a "text" field, e.g. the
output of `newsfold extract`, or /work/shared/eval/ecbplus/articles.jsonl; or the small prose.txt
shipped here). Copies are made the way syndication and content farms make them: boilerplate
added, paragraphs cut, sentences injected, British spellings, quotation marks dropped, words
changed, truncation. For every copy the true group and the exact word-5-gram Jaccard to its
original are recorded, and every pair inside a true group with its exact Jaccard.

    python3 make_corpus.py --docs 100000 --prose /work/shared/eval/ecbplus/articles.jsonl --out /tmp/c100k

writes OUT/corpus.jsonl ({"id","text","published"}, shuffled), OUT/truth.jsonl
({"id","true_group","kind","jaccard"}), OUT/pairs.tsv (a, b, exact Jaccard ≥ 0.3).
"""
import argparse, json, os, random, re, sys

WORD = re.compile(r"[^\W_]+")

BRITISH = {
    "authorized": "authorised", "organization": "organisation", "organizations": "organisations",
    "recognized": "recognised", "realize": "realise", "realized": "realised", "criticized": "criticised",
    "defense": "defence", "center": "centre", "color": "colour", "favor": "favour", "labor": "labour",
    "neighbor": "neighbour", "neighbors": "neighbours", "program": "programme", "analyze": "analyse",
    "apologize": "apologise", "emphasize": "emphasise", "honor": "honour", "behavior": "behaviour",
    "traveled": "travelled", "canceled": "cancelled", "license": "licence", "theater": "theatre",
    "percent": "per cent", "gray": "grey", "catalog": "catalogue", "offense": "offence",
}
BRITISH_RE = re.compile(r"\b(" + "|".join(BRITISH) + r")\b")
BOILER = [
    "Advertisement", "Share this article", "Subscribe to our newsletter for the latest headlines.",
    "Sign up for breaking news alerts.", "Read more:", "Follow us on social media.",
    "Copyright {y} {site}. All rights reserved.", "This story was first published by {site}.",
    "Related: {h}", "Most read: {h}", "Trending now: {h}", "Photo: {site} / File",
    "Comments are closed.", "Click here to download our app.", "{site} — {h}",
]
SITES = ["The Daily Ledger", "Metro Wire", "Northern Times", "Coast Herald", "Valley Post",
         "Capital Report", "Evening Star", "Global Digest", "News Today", "The Observer Online"]


def words(text):
    return WORD.findall(text.lower().replace("'", "").replace("\u2019", ""))


def shingles(text, n=5):
    w = words(text)
    if len(w) < n:
        return {" ".join(w)} if w else set()
    return {" ".join(w[i:i + n]) for i in range(len(w) - n + 1)}


def jaccard(a, b):
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def load_sentences(paths):
    out = []
    for p in paths:
        if p.endswith(".jsonl"):
            with open(p, encoding="utf-8") as f:
                for line in f:
                    try:
                        t = json.loads(line).get("text") or ""
                    except json.JSONDecodeError:
                        continue
                    out += split_sentences(t)
        else:
            with open(p, encoding="utf-8") as f:
                out += split_sentences(f.read())
    return [s for s in out if len(s.split()) >= 6]


def split_sentences(text):
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text.replace("\n", " ")) if s.strip()]


def make_original(rng, sentences, vocab):
    n = rng.randint(14, 46)
    sents = []
    for s in rng.sample(sentences, n):
        w = s.split()
        # Light noise so originals rarely share whole sentences verbatim.
        for _ in range(rng.randint(0, 2)):
            w[rng.randrange(len(w))] = rng.choice(vocab)
        sents.append(" ".join(w))
    paras, i = [], 0
    while i < len(sents):
        k = rng.randint(1, 4)
        paras.append(" ".join(sents[i:i + k]))
        i += k
    return paras


def boiler(rng, sentences):
    t = rng.choice(BOILER)
    return t.format(y=rng.randint(2019, 2025), site=rng.choice(SITES), h=rng.choice(sentences)[:70])


def make_copy(rng, paras, sentences, vocab):
    p = list(paras)
    kinds = []
    if rng.random() < 0.3 and len(p) > 3:
        del p[rng.randrange(len(p))]
        kinds.append("paragraph-cut")
    if rng.random() < 0.25:
        keep = max(1, int(len(p) * rng.uniform(0.6, 0.95)))
        p = p[:keep]
        kinds.append("truncated")
    if rng.random() < 0.3:
        for _ in range(rng.randint(1, 3)):
            p.insert(rng.randint(0, len(p)), rng.choice(sentences))
        kinds.append("injected")
    text = "\n\n".join(p)
    if rng.random() < 0.3:
        text = BRITISH_RE.sub(lambda m: BRITISH[m.group(1)], text)
        kinds.append("british")
    if rng.random() < 0.3:
        text = re.sub("[\"\u201c\u201d]", "", text)
        kinds.append("no-quotes")
    if rng.random() < 0.4:
        w = text.split(" ")
        rate = rng.uniform(0.005, 0.04)
        for i in range(len(w)):
            if rng.random() < rate:
                w[i] = rng.choice(vocab)
        text = " ".join(w)
        kinds.append("words-changed")
    if rng.random() < 0.6:
        head = [boiler(rng, sentences) for _ in range(rng.randint(0, 3))]
        tail = [boiler(rng, sentences) for _ in range(rng.randint(1, 4))]
        text = "\n\n".join(head + [text] + tail)
        kinds.append("boilerplate")
    return text, "+".join(kinds) or "verbatim"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--prose", nargs="*", default=[os.path.join(os.path.dirname(__file__), "prose.txt")])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pair-floor", type=float, default=0.3)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    sentences = load_sentences(args.prose)
    vocab = sorted({w for s in sentences for w in s.split() if w.isalpha()})
    print(f"{len(sentences)} sentences, {len(vocab)} words of prose", file=sys.stderr)
    os.makedirs(args.out, exist_ok=True)
    docs, truth, pairs = [], [], []
    gid = 0
    while len(docs) < args.docs:
        gid += 1
        paras = make_original(rng, sentences, vocab)
        orig = "\n\n".join(paras)
        oid = f"d{gid}"
        day = rng.randint(1, 330)
        members = [(oid, orig, day, "original")]
        r = rng.random()
        ncopies = 0 if r < 0.55 else (rng.randint(30, 80) if r < 0.553 else min(20, int(rng.expovariate(1 / 3)) + 1))
        for c in range(ncopies):
            text, kind = make_copy(rng, paras, sentences, vocab)
            members.append((f"d{gid}c{c}", text, day + rng.randint(0, 10), kind))
        sh = [shingles(t) for _, t, _, _ in members]
        for i, (mid, text, d, kind) in enumerate(members):
            # 28-day months from 2023-01-01; day 336 and later run into 2024 (they were written
            # as a 13th month of 2023 before, which no reader takes as a date).
            month = d // 28
            docs.append({"id": mid, "text": text, "published": f"{2023 + month // 12}-{1 + month % 12:02d}-{1 + d % 28:02d}"})
            truth.append({"id": mid, "true_group": oid, "kind": kind, "jaccard": round(jaccard(sh[0], sh[i]), 4)})
            for j in range(i):
                jj = jaccard(sh[i], sh[j])
                if jj >= args.pair_floor:
                    pairs.append((members[j][0], mid, jj))
    rng.shuffle(docs)
    with open(os.path.join(args.out, "corpus.jsonl"), "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    with open(os.path.join(args.out, "truth.jsonl"), "w", encoding="utf-8") as f:
        for t in truth:
            f.write(json.dumps(t) + "\n")
    with open(os.path.join(args.out, "pairs.tsv"), "w") as f:
        for a, b, j in pairs:
            f.write(f"{a}\t{b}\t{j:.4f}\n")
    size = os.path.getsize(os.path.join(args.out, "corpus.jsonl"))
    print(f"{len(docs)} documents in {gid} true groups, {size / 1e6:.1f} MB, {len(pairs)} pairs ≥ {args.pair_floor}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
