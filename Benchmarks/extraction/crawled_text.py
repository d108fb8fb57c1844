#!/usr/bin/env python3
"""Crawled plain text from the trafilatura dev set, to measure `TextExtractor` (benchmark only).

A WET file holds each page as the text of its blocks, one per line, scripts and styles dropped;
`make` writes that for every page of the trafilatura set (stdlib html.parser), in the set's own
layout, one half at a time (`a`: even positions in URL order, `b`: odd), and `score` scores
`newsfold extract` output on it the way trafilatura's snippets are scored (body P/R/F1 and
accuracy over the `with`/`without` snippets), plus exact titles. Settings are chosen on `a`
and reported on `b`.

    python3 Benchmarks/extraction/crawled_text.py make ../shared/eval/trafilatura /tmp/wet/a a
    newsfold extract -q /tmp/wet/a/eval -o /tmp/wet/a.jsonl
    python3 Benchmarks/extraction/crawled_text.py score /tmp/wet/a /tmp/wet/a.jsonl
"""
import html.parser, json, os, sys

BLOCK = set("p div br li ul ol h1 h2 h3 h4 h5 h6 tr td th table section article header footer nav aside "
            "blockquote pre figure figcaption dd dt dl form title main hr address".split())
SKIP = set("script style noscript template svg head".split())


class BlockText(html.parser.HTMLParser):
    """The text of each block element on a line of its own; the <title> first."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.line, self.skip, self.title, self.in_title, self.title_parts = [], [], 0, None, False, []

    def flush(self):
        s = " ".join("".join(self.line).split())
        if s:
            self.out.append(s)
        self.line = []

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title, self.title_parts = True, []
        if tag in SKIP:
            self.skip += 1
        if tag in BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        if tag == "title" and self.in_title:
            self.in_title, self.title = False, " ".join("".join(self.title_parts).split())
        if tag in SKIP and self.skip:
            self.skip -= 1
        if tag in BLOCK:
            self.flush()

    def handle_data(self, d):
        if self.in_title:
            self.title_parts.append(d)
        elif not self.skip:
            self.line.append(d)


def make(src, out, half):
    data = json.load(open(os.path.join(src, "evaldata.json")))
    os.makedirs(os.path.join(out, "eval"), exist_ok=True)
    keep = {}
    for i, (url, e) in enumerate(sorted(data.items())):
        if (half == "a" and i % 2) or (half == "b" and not i % 2):
            continue
        path = os.path.join(src, "eval", e["file"])
        if not os.path.exists(path):
            path = os.path.join(src, "cache", e["file"])
        raw = open(path, "rb").read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", "replace")
        parser = BlockText()
        try:
            parser.feed(text)
            parser.close()
        except Exception:
            continue
        parser.flush()
        lines = ([parser.title] if parser.title else []) + parser.out
        name = e["file"].rsplit(".", 1)[0] + ".txt"
        with open(os.path.join(out, "eval", name), "w") as f:
            f.write("\n".join(lines) + "\n")
        keep[url] = dict(e, file=name)
    json.dump(keep, open(os.path.join(out, "evaldata.json"), "w"))
    print(len(keep), "pages in", out)


def score(set_dir, extracted):
    data = json.load(open(os.path.join(set_dir, "evaldata.json")))
    texts, titles = {}, {}
    for line in open(extracted):
        o = json.loads(line)
        texts[o["id"]] = " ".join((o.get("text") or "").split())
        titles[o["id"]] = (o.get("title") or "").strip()
    tp = fn = fp = tn = empty = title_ok = title_n = 0
    for e in data.values():
        stem = e["file"].rsplit(".", 1)[0]
        t = texts.get(stem, "")
        empty += not t
        for s in e.get("with", []):
            if " ".join(s.split()) in t:
                tp += 1
            else:
                fn += 1
        for s in e.get("without", []):
            if " ".join(s.split()) in t:
                fp += 1
            else:
                tn += 1
        if e.get("title"):
            title_n += 1
            title_ok += titles.get(stem, "") == e["title"].strip()
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    print("pages %d, without text %d, body P %.3f R %.3f F1 %.3f accuracy %.3f, title %d/%d"
          % (len(data), empty, p, r, 2 * p * r / max(p + r, 1e-9), (tp + tn) / max(tp + tn + fp + fn, 1),
             title_ok, title_n))


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "all")
    elif len(sys.argv) == 4 and sys.argv[1] == "score":
        score(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
