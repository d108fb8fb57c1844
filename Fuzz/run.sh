#!/bin/sh
# Runs each fuzz target for SECONDS (default 600), one after the other, from seeds made out of
# the test fixtures; a crash leaves its input in Fuzz/.build/artifacts/ and stops that target.
#   Fuzz/build.sh && Fuzz/run.sh 600 html json date io gzip
# Never run by CI (it takes as long as it is given).
set -u
cd "$(dirname "$0")/.."
OUT=Fuzz/.build
SECONDS_EACH=${1:-600}
[ $# -gt 0 ] && shift
TARGETS=${*:-html json date io gzip}
python3 Fuzz/seeds.py "$OUT/seeds" || exit 1
mkdir -p "$OUT/artifacts"
for t in $TARGETS; do
    bin=$t; kind=""
    [ "$t" = gzip ] && { bin=io; kind=gzip; }
    mkdir -p "$OUT/corpus/$t"
    echo "== $t: $SECONDS_EACH s"
    FUZZ_KIND=$kind "$OUT/fuzz-$bin" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=20 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$t-" "$OUT/corpus/$t" "$OUT/seeds/$t" \
        > "$OUT/$t.log" 2>&1
    echo "exit $?"
    grep -E "^#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|stat::peak_rss_mb|ERROR|SUMMARY" "$OUT/$t.log" | tail -6
done
