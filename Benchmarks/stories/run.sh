#!/bin/sh
# Story clustering: Newsfold beside two baselines, on ECB+ without dates and on the dated ECB+
# stream (make_dated.py), against the labelled events and the time-local ones, in one run; and on
# the stream whose look-alike events are years apart (make_dated.py --twins-apart).
# Settings were chosen on the `tune` half (odd topics); this reports the `test` half (even
# topics), and the whole set for reference. Baselines pick their threshold on `tune` too.
# Usage: Benchmarks/stories/run.sh [ECBPLUS_DIR] [OUT_DIR]   (defaults ../shared/eval/ecbplus, /tmp/ecbplus-dated)
# Builds the release binary in .build-stories unless NEWSFOLD names one; Python (scikit-learn)
# is used here only.
set -e
cd "$(dirname "$0")/../.."
SET=${1:-../shared/eval/ecbplus}
OUT=${2:-/tmp/ecbplus-dated}
if [ -z "$NEWSFOLD" ]; then
  swift build -c release --scratch-path .build-stories --product newsfold | grep -E "error|warning: " || true
fi
NF=${NEWSFOLD:-./.build-stories/release/newsfold}
python3 Benchmarks/stories/make_dated.py --set "$SET" --out "$OUT" >&2
python3 Benchmarks/stories/make_dated.py --set "$SET" --out "$OUT-apart" --twins-apart >&2
B=Benchmarks/stories/baseline.py
row() {  # row LABEL SET GOLD [--repeat N]
  label=$1; set=$2; gold=$3; shift 3
  $NF eval stories --set "$set" --gold "$gold" --json "$@" | sed "s|\"system\": *\"|\"system\":\"$label: |"
  tune=$(echo "$set" | sed 's|/test|/tune|')
  python3 $B "$set" --gold "$gold" --method online --window-days 3 --choose-on "$tune" | sed "s|\"system\": \"|\"system\": \"$label: |"
  python3 $B "$set" --gold "$gold" --method agglomerative --choose-on "$tune" | sed "s|\"system\": \"|\"system\": \"$label: |"
}
{
  row "undated, events" "$OUT/test-undated" gold.json
  row "dated, events" "$OUT/test" gold.json
  row "dated, time-local" "$OUT/test" gold-local.json
  row "twins apart, events" "$OUT-apart/test" gold.json
  row "twins apart, time-local" "$OUT-apart/test" gold-local.json
  $NF eval stories --set "$SET" --json --repeat 20 | sed 's|"system": *"|"system":"whole ECB+ undated: |'
  $NF eval stories --set "$OUT/all" --json | sed 's|"system": *"|"system":"whole dated stream, events: |'
  $NF eval stories --set "$OUT/all" --gold gold-local.json --json | sed 's|"system": *"|"system":"whole dated stream, time-local: |'
} | python3 Benchmarks/stories/table.py
