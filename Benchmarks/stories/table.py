#!/usr/bin/env python3
"""Prints the JSON lines of `newsfold eval stories --json` and baseline.py as one table, with
Newsfold's threads (`thread_*`) under each of its rows against labelled events."""
import json, sys

rows = [json.loads(l) for l in sys.stdin if l.strip()]
print(f"{'system':<96} {'B3-P':>6} {'B3-R':>6} {'B3-F1':>6} {'ARI':>6} {'clusters':>8} {'art/s':>8}")
for r in rows:
    print(f"{r['system'][:96]:<96} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
          f"{r['ari']:6.3f} {r['clusters']:8d} {r['articles_per_s']:8.0f}")
    # Newsfold's threads (stories joined through the links between them), against labelled events.
    if r.get("links") and r.get("gold", "gold.json") == "gold.json":
        label = f"  ... its threads ({r['links']} stories continue an earlier one)"
        print(f"{label[:96]:<96} {r['thread_precision']:6.3f} {r['thread_recall']:6.3f} {r['thread_f1']:6.3f} "
              f"{'-':>6} {'-':>8} {'-':>8}")
for r in rows:
    if "stream_articles" in r:
        print(f"newsfold stream: {r['stream_articles']} articles, {r['stream_articles_per_s']:.0f} "
              f"articles/s on one core, {r['stream_live_stories']} live stories at the end")
