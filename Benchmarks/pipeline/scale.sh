#!/bin/bash
# Scale series for issue 8: dedup (read → extract → fingerprint → group) and stories, 10k → 1M.
# Needs, per size N in 10000 100000 1000000: $DIR/cN/{corpus.jsonl,corpus.jsonl.gz,crawl.warc.gz,truth.jsonl}
# (make_corpus.py --docs N --out $DIR/cN; gzip -1 -k corpus.jsonl; make_warc.py --corpus ... --out .../crawl.warc.gz).
# Usage: NEWSFOLD=.build/release/newsfold DIR=/tmp/bench Benchmarks/pipeline/scale.sh
B=${NEWSFOLD:-.build/release/newsfold}
D=${DIR:-/tmp/bench}
R=$(cd "$(dirname "$0")/../.." && pwd); B=$(realpath "$B"); cd "$D"
t() { local name=$1; shift; /usr/bin/time -f "$name wall=%e user=%U sys=%S maxrss_kb=%M" "$@" 2>>$D/err_$name.log; tail -1 $D/err_$name.log; }
for n in 10000 100000 1000000; do
  echo "== $n $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  t dedup-jsonlgz-est-$n $B dedup --verify estimate -q --workers 2 c$n/corpus.jsonl.gz -o c$n/pred-est.jsonl
  python3 $R/Benchmarks/dedup/score.py --truth c$n --pred c$n/pred-est.jsonl 2>&1 | tail -3
  t dedup-warcgz-est-$n $B dedup --verify estimate -q --workers 2 c$n/crawl.warc.gz -o c$n/pred-warc.jsonl
  if [ $n -le 100000 ]; then
    t dedup-jsonlgz-exact-$n $B dedup -q --workers 2 c$n/corpus.jsonl.gz -o c$n/pred-exact.jsonl
    python3 $R/Benchmarks/dedup/score.py --truth c$n --pred c$n/pred-exact.jsonl 2>&1 | tail -3
    t stories-warcgz-$n $B stories --format jsonl -q --workers 2 c$n/crawl.warc.gz -o c$n/stories.jsonl
  fi
done
echo "== end $(date +%T)"
