#!/bin/sh
# stages.sh NEWSFOLD INPUT: wall seconds of the three stages of `newsfold stories`, from a light
# `perf record` (29 samples a second): clustering runs from the first sample in
# StoryStages.cluster or EventProfile's scanner to the last; reading before, provenance after.
# Needs perf and swift-demangle; the output goes to /tmp/stages-out.jsonl.
set -e
BIN=$1; IN=$2; DATA=${TMPDIR:-/tmp}/stages.perf
perf record -F 29 -g -o "$DATA" "$BIN" stories --format jsonl --workers 2 -q "$IN" -o "${TMPDIR:-/tmp}/stages-out.jsonl" >/dev/null 2>&1
perf script -i "$DATA" -F time,ip,sym 2>/dev/null | swift demangle --simplified | python3 -c '
import sys
t0 = None; cl = []; t = 0
for line in sys.stdin:
    if line[:1] not in "\t " and line.strip():
        t = float(line.split(":")[0]); t0 = t0 or t
    elif "StoryStages.cluster" in line or "ProfileScanner" in line:
        cl.append(t - t0)
print(f"reading {min(cl):.1f} s, clustering {max(cl) - min(cl):.1f} s, provenance {t - t0 - max(cl):.1f} s, total {t - t0:.1f} s")
'
