#!/usr/bin/env bash
# Do two builds give the same outputs? Runs `extract`, `dedup` and `stories` of each binary on
# the dev sets and on generated corpora, and compares every output (and stderr) byte for byte.
#   Benchmarks/outputs/same_outputs.sh BEFORE_BIN AFTER_BIN [EVAL_DIR]
# EVAL_DIR defaults to ../shared/eval (trafilatura, readability, fundus, ecbplus). Exit 1 when
# any output differs. For refactors that must not change answers (issue 23).
set -euo pipefail
cd "$(dirname "$0")/../.."
BEFORE=$1; AFTER=$2; EVAL=${3:-../shared/eval}
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
python3 Benchmarks/dedup/make_corpus.py --docs 10000 --out "$WORK/corpus" --seed 1 > /dev/null 2>&1
python3 Benchmarks/stories/make_dated.py --set "$EVAL/ecbplus" --out "$WORK/dated" --seed 1 > /dev/null 2>&1
run() {  # BIN OUT
  local b=$1 o=$2; mkdir -p "$o"
  "$b" extract -q "$EVAL/trafilatura/eval" -o "$o/x-traf.jsonl" 2> "$o/x-traf.err" || true
  "$b" extract -q "$EVAL/readability/test-pages" -o "$o/x-read.jsonl" 2> "$o/x-read.err" || true
  "$b" extract -q "$EVAL/fundus/test_data" -o "$o/x-fund.jsonl" 2> "$o/x-fund.err" || true
  cat "$o"/x-*.jsonl > "$WORK/all-$(basename "$o").jsonl"
  "$b" dedup -q "$WORK/all-$(basename "$o").jsonl" -o "$o/d-all.jsonl" 2> "$o/d-all.err"
  "$b" dedup -q "$WORK/corpus/corpus.jsonl" -o "$o/d-corpus.jsonl" 2> "$o/d-corpus.err"
  "$b" stories -q "$EVAL/ecbplus/articles.jsonl" -o "$o/s-ecb.jsonl" 2> "$o/s-ecb.err"
  "$b" stories -q "$WORK/dated/all/articles.jsonl" -o "$o/s-dated.jsonl" 2> "$o/s-dated.err"
  "$b" stories -q "$WORK/corpus/corpus.jsonl" -o "$o/s-corpus.jsonl" 2> "$o/s-corpus.err"
}
run "$BEFORE" "$WORK/before"
run "$AFTER" "$WORK/after"
status=0
for f in "$WORK"/before/*; do
  name=$(basename "$f")
  if cmp -s "$f" "$WORK/after/$name"; then echo "same  $name ($(wc -l < "$f") lines)"; else echo "DIFF  $name"; status=1; fi
done
exit $status
