#!/usr/bin/env python3
"""Writes N made-up pages as JSONL ({id, url, text, fetched_at}) for the server benchmark:
E events, each with its own names; a third of the pages are near-copies of an earlier page of
their event (one word changed), so copy groups and multi-source stories exist.
Usage: generate.py N E > pages.jsonl"""
import json, random, sys

n, events = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(7)
common = [f"word{i}" for i in range(2000)]
first = {}
for i in range(n):
    e = i % events
    names = [f"Name{e}x{k}" for k in range(12)]
    if i % 3 == 2 and e in first:
        text = first[e].replace("word", "wurd", 1)
    else:
        paras = []
        for _ in range(6):
            ws = [names[rng.randrange(12)] if k % 4 == 0 else common[rng.randrange(2000)] for k in range(40)]
            paras.append(" ".join(ws) + ".")
        text = f"{names[0]} {names[1]} event {e}\n\n" + "\n\n".join(paras)
        first.setdefault(e, text)
    day = 1 + e % 27
    print(json.dumps({"id": f"b{i}", "url": f"https://site{i % 9}.example/{i}",
                      "text": text, "fetched_at": f"2024-03-{day:02d}T12:00:00Z"}))
