#!/bin/sh
# Provenance benchmark: false accusations on a realistic mainstream stream, and recall of
# content-farm tampering. Makes the stream (clean and tampered), runs `newsfold stories
# --format json` on each, scores both, prints one table (details in OUT/*.score.txt).
# Usage: Benchmarks/provenance/run.sh [NEWSFOLD_BINARY] [OUT_DIR] [SET_DIR] [SEED]
#   defaults: .build/release/newsfold  /tmp/newsfold-provbench  ../shared/eval/ecbplus  7
# Runs no build: build the binary first (swift build -c release --product newsfold).
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE/../.."
BIN=${1:-.build/release/newsfold}
OUT=${2:-/tmp/newsfold-provbench}
SET=${3:-../shared/eval/ecbplus}
SEED=${4:-7}
[ -x "$BIN" ] || { echo "no newsfold binary at $BIN (build it, or pass its path)" >&2; exit 2; }
[ -f "$SET/articles.jsonl" ] || { echo "no ECB+ set at $SET (pass its folder)" >&2; exit 2; }
python3 "$HERE/make_stream.py" --set "$SET" --out "$OUT" --seed "$SEED"
for v in clean tampered; do
  "$BIN" stories --format json -q "$OUT/$v.jsonl" -o "$OUT/$v.stories.json"
  python3 "$HERE/score.py" --truth "$OUT/truth.jsonl" --stories "$OUT/$v.stories.json" \
    --variant "$v" --json "$OUT/$v.score.json" > "$OUT/$v.score.txt"
done
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
c = json.load(open(out + "/clean.score.json")); t = json.load(open(out + "/tampered.score.json"))
pct = lambda a, n: "%d/%d (%.1f%%)" % (a, n, 100.0 * a / max(1, n))
rows = [
    ("untampered articles with injected-text", lambda r: pct(r["injected-text"]["articles"], r["untampered"]), "<= 1%"),
    ("untampered articles with date-anomaly", lambda r: pct(r["date-anomaly"]["articles"], r["untampered"]), "<= 1%"),
    ("untampered articles with either", lambda r: pct(r["either"]["articles"], r["untampered"]), "<= 1%"),
    ("spliced brand caught by injected-text", lambda r: pct(r["splice"]["caught"], r["splice"]["n"]) if r["splice"]["n"] else "-", ">= 95%"),
    ("  of which headline splices", lambda r: pct(r["splice"]["headline_caught"], r["splice"]["headline_n"]) if r["splice"]["n"] else "-", ""),
    ("moved date caught by date-anomaly", lambda r: pct(r["redate"]["caught"], r["redate"]["n"]) if r["redate"]["n"] else "-", "high"),
    ("wire copies in the wire story's copy group", lambda r: pct(r["copies_with_wire"]["together"], r["copies_with_wire"]["n"]), ""),
    ("wire original chosen as its group's original", lambda r: r["wire_original_is_original"], ""),
    ("tampered articles chosen as an original", lambda r: str(len(r["tampered_originals"])), "0"),
    ("stories titled with a spliced headline", lambda r: str(len(r["stories_titled_with_splice"])), "0"),
]
print("%-46s %-22s %-22s %s" % ("measure", "clean stream", "tampered stream", "target"))
for name, f, target in rows:
    print("%-46s %-22s %-22s %s" % (name, f(c), f(t), target))
print("false accusations by cause (clean):", json.dumps(c["false_causes"]))
print("details: %s/clean.score.txt %s/tampered.score.txt" % (out, out))
PY
