#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets from the repository's test fixtures and samples."""
import glob
import gzip
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Benchmarks", "hostile"))
import make_hostile as h  # noqa: E402  (WARC and page builders)

root = os.path.join(os.path.dirname(__file__), "..")
out = sys.argv[1]


def put(target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


pages = sorted(glob.glob(os.path.join(root, "Tests/NewsfoldExtractTests/Fixtures/html/*"))) + sorted(
    glob.glob(os.path.join(root, "Samples/seeds/*")))
for p in pages:
    data = open(p, "rb").read()
    if len(data) > 64 << 10:
        continue
    name = os.path.basename(p)
    put("html", name, data)
    line = json.dumps({"id": name, "url": "https://news.example/" + name, "html": data.decode("utf-8", "replace"),
                       "fetched_at": "2024-03-05T10:20:30Z"})
    put("json", name + ".json", line)
    put("io", name + ".jsonl", line + "\n" + line + "\n")
    put("io", name + ".warc", h.warc_record("response", name, h.http(data)) + h.warc_record("resource", name + "-2", data))
    put("gzip", name + ".gz", gzip.compress(data))
put("html", "utf16.html", h.utf16(h.article("Brücke")))
# Extracted articles as another tool writes them: dates in the forms JSONDate reads, and not.
for i, d in enumerate(["2016-05-03T10:00:00Z", "Tue, 03 May 2016 14:22:00 GMT", "05/03/2016", "yesterday",
                       1462285320, 1462285320000, 2016, True, None]):
    put("json", "article-%d.json" % i, json.dumps({"id": "a%d" % i, "title": "Council passes budget",
                                                   "text": "The council met.\n\nIt voted.", "published": d,
                                                   "updated": d, "crawled": d}))
put("io", "misframed.warc", h.warc_record("response", "a", h.http(b"<p>x</p>"), length=3) + h.warc_record("response", "b", h.http(b"<p>y</p>")))

dates = set()
for p in glob.glob(os.path.join(root, "Tests/NewsfoldExtractTests/*Date*.swift")):
    for m in re.finditer(r'parse\w*\("((?:[^"\\]|\\.)*)"', open(p, encoding="utf-8").read()):
        dates.add(m.group(1))
for i, d in enumerate(sorted(dates)):
    put("date", f"d{i}", d)
print(f"seeds in {out}: " + ", ".join(f"{t} {len(os.listdir(os.path.join(out, t)))}" for t in sorted(os.listdir(out))))
