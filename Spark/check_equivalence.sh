#!/usr/bin/env bash
# Checks that the Spark job gives the groups `newsfold dedup` gives, under both verifications.
#
#   Spark/check_equivalence.sh [NEWSFOLD]        # or NEWSFOLD=path Spark/check_equivalence.sh
#
# On a generated corpus (Benchmarks/dedup/make_corpus.py, DOCS documents, default 3000) split
# into 4 files, for several parameter sets and for --verify estimate and exact (the default):
# runs `newsfold dedup --verify V`, then `newsfold sign --verify V --shard K/3` for K = 0, 1, 2
# and Spark/newsfold_dedup.py in local[2] mode, and
# compares the outputs (Spark/compare_dedup.py): the partition into groups and the
# representatives must be identical; duplicate_of / similarity / containment agreement is
# reported. Also runs the unit tests of the components code (Spark/test_components.py).
#
# NEWSFOLD: the newsfold binary (default: built with
# `swift build -c release --scratch-path .build-spark`). DOCS: corpus size. WORK: a directory
# to keep the files in (default: a temporary one, removed at the end).
#
# Exit status: 0 when equivalent, or "SKIPPED: ..." (also 0) when pyspark or Java cannot be set
# up (a network failure must not fail CI); 1 on any mismatch or failed step.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
docs="${DOCS:-3000}"
python="${PYTHON:-python3}"

skip() {
    echo "SKIPPED: $* (the Spark equivalence check did not run)"
    exit 0
}

# --- Java and pyspark -----------------------------------------------------------------------
if ! command -v java > /dev/null 2>&1 || ! java -version > /dev/null 2>&1; then
    skip "no working Java (Spark needs Java 17)"
fi
if ! "$python" -c "import pyspark" > /dev/null 2>&1; then
    echo "check_equivalence: pyspark is not installed; installing it with pip (pip install pyspark)"
    if ! "$python" -m pip install --quiet pyspark; then
        skip "pip install pyspark failed (no network?)"
    fi
    "$python" -c "import pyspark" > /dev/null 2>&1 || skip "pyspark does not import after pip install"
fi
if ! "$python" -c "
from pyspark.sql import SparkSession
s = SparkSession.builder.master('local[1]').config('spark.ui.enabled', 'false').getOrCreate()
assert s.range(3).count() == 3
s.stop()" > /dev/null 2>&1; then
    skip "Spark does not start in local mode (Java or pyspark set-up)"
fi

# --- newsfold -------------------------------------------------------------------------------
newsfold="${1:-${NEWSFOLD:-}}"
if [ -z "$newsfold" ]; then
    echo "check_equivalence: building newsfold (release, --scratch-path .build-spark)"
    (cd "$repo" && swift build -c release --scratch-path .build-spark --product newsfold > /dev/null)
    newsfold="$repo/.build-spark/release/newsfold"
fi
[ -x "$newsfold" ] || { echo "check_equivalence: $newsfold is not an executable"; exit 1; }

# --- unit tests of the components code ------------------------------------------------------
echo "check_equivalence: unit tests (Spark/test_components.py)"
unit_log="$(mktemp "${TMPDIR:-/tmp}/newsfold-spark-unit.XXXXXX")"
if ! "$python" "$here/test_components.py" > "$unit_log" 2>&1; then
    grep -v -E "WARN|log4j|setLogLevel" "$unit_log" | tail -30
    rm -f "$unit_log"
    echo "MISMATCH: Spark/test_components.py failed"
    exit 1
fi
grep -E "^(Ran|OK)" "$unit_log" || true
rm -f "$unit_log"

# --- corpus ---------------------------------------------------------------------------------
if [ -n "${WORK:-}" ]; then
    work="$WORK"
    mkdir -p "$work"
else
    work="$(mktemp -d "${TMPDIR:-/tmp}/newsfold-spark-check.XXXXXX")"
    trap 'rm -rf "$work"' EXIT
fi
"$python" "$repo/Benchmarks/dedup/make_corpus.py" --docs "$docs" --out "$work/corpus" > /dev/null 2>&1
mkdir -p "$work/input"
# Four files of unequal sizes (so shard 0 of 3 gets two files), lines in corpus order.
"$python" - "$work/corpus/corpus.jsonl" "$work/input" << 'EOF'
import sys
lines = open(sys.argv[1], encoding="utf-8").readlines()
cuts = [0, len(lines) * 3 // 10, len(lines) * 5 // 10, len(lines) * 9 // 10, len(lines)]
for i in range(4):
    with open(f"{sys.argv[2]}/part{i}.jsonl", "w", encoding="utf-8") as f:
        f.writelines(lines[cuts[i]:cuts[i + 1]])
EOF

# --- each parameter set ---------------------------------------------------------------------
status=0
configs=(
    ""
    "--containment 0.8 --keep longest"
    "--threshold 0.7 --keep first"
)
for options in "${configs[@]}"; do
    # Both verifications: estimate (MinHash only) and exact, `dedup`'s default for files, where
    # the shards carry shingle sets and the job settles the borderline pairs as `dedup` does.
    for verify in estimate exact; do
        echo "=== parameters: ${options:-defaults}, --verify $verify ==="
        rm -rf "$work/shards"
        # shellcheck disable=SC2086  # options are words
        "$newsfold" dedup --verify "$verify" $options --quiet "$work/input" -o "$work/swift-$verify.jsonl"
        for k in 0 1 2; do
            # shellcheck disable=SC2086
            "$newsfold" sign --verify "$verify" --shard "$k/3" $options --quiet "$work/input" -o "$work/shards"
        done
        "$python" "$here/newsfold_dedup.py" --input "$work/shards" --output "$work/spark.jsonl" \
            --master 'local[2]' --partitions 4 --quiet 2> "$work/spark.log" \
            || { grep -v -E "WARN|log4j|setLogLevel" "$work/spark.log" | tail -20; echo "MISMATCH: the Spark job failed"; exit 1; }
        grep "^newsfold-spark:" "$work/spark.log" || true
        if ! "$python" "$here/compare_dedup.py" "$work/swift-$verify.jsonl" "$work/spark.jsonl"; then
            status=1
        fi
    done
    # The check means something only if exact settlement changes the answer somewhere.
    different=$("$python" -c "
import sys
a = open(sys.argv[1]).read().splitlines(); b = open(sys.argv[2]).read().splitlines()
print(sum(x != y for x, y in zip(a, b)) + abs(len(a) - len(b)))" "$work/swift-estimate.jsonl" "$work/swift-exact.jsonl")
    echo "exact settlement changes $different output lines of dedup here"
done
if [ "$status" -ne 0 ]; then
    echo "check_equivalence: MISMATCH between newsfold dedup and the Spark job (see above)"
else
    echo "check_equivalence: OK: Spark job and newsfold dedup agree on every parameter set"
fi
exit "$status"
