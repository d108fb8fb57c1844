#!/bin/sh
# Story clustering: Newsfold vs a scikit-learn baseline on one dev set, one table.
# Usage: Benchmarks/stories/run.sh [SET_DIR]   (default ../shared/eval/ecbplus)
# Builds the release binary in .build-stories; Python is used here only, never at runtime.
set -e
cd "$(dirname "$0")/../.."
SET=${1:-../shared/eval/ecbplus}
swift build -c release --scratch-path .build-stories --product newsfold | grep -E "error|warning: " || true
{
  ./.build-stories/release/newsfold eval stories --set "$SET" --json --repeat 20
  python3 Benchmarks/stories/baseline.py "$SET" --threshold 0.8
  python3 Benchmarks/stories/baseline.py "$SET" --sweep
} | python3 Benchmarks/stories/table.py
