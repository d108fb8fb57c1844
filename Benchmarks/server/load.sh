#!/usr/bin/env bash
# Load test of `newsfold serve` on loopback (never another address), bounded in time.
#   Benchmarks/server/load.sh [N_ARTICLES] [SECONDS]
# 1. ingest throughput: `newsfold ingest` of N generated pages + the seeds into a fresh store
#    (BATCH articles per transaction, default 200; INGEST_DB to use another store), compared
#    with the batch `newsfold stories` on the same input: articles/s, and the ratios of wall
#    time and of CPU time (user + system: what the work costs, whatever the machine's load);
# 2. ingest over HTTP: wrk POSTs the pages for SECONDS (each page once; repeats are cheap
#    "already stored" answers and are reported apart);
# 3. reads: wrk on GET /stories/{id} (the HTML story page), /v1/stories/{id} and /v1/stories,
#    SECONDS each, 2 threads, 16 connections; p50/p99 from wrk's latency distribution.
# Needs: a release build (swift build -c release --product newsfold), wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-3000}
SECS=${2:-10}
BIN=${NEWSFOLD_BIN:-$(swift build -c release --scratch-path "${SCRATCH:-.build}" --show-bin-path)/newsfold}
OUT=${OUT:-bench-out/server}
mkdir -p "$OUT"
rm -f "$OUT"/*.sqlite*
python3 Benchmarks/server/generate.py "$N" $((N / 6)) > "$OUT/pages.jsonl"

echo "== batch: newsfold stories (seeds + $N pages)"
/usr/bin/time -o "$OUT/batch.time" -f "%e s wall, %U s user, %S s sys, %M KB max RSS" "$BIN" stories Samples/seeds "$OUT/pages.jsonl" --format jsonl -o /dev/null -q
cat "$OUT/batch.time"
# INGEST_DB=postgres://... measures a PostgreSQL store instead (it must be empty).
INGEST_DB=${INGEST_DB:-$OUT/cli.sqlite}
echo "== ingest: newsfold ingest into $INGEST_DB (batches of ${BATCH:-200} articles, one transaction each)"
/usr/bin/time -o "$OUT/ingest.time" -f "%e s wall, %U s user, %S s sys, %M KB max RSS" "$BIN" ingest --db "$INGEST_DB" --batch-size "${BATCH:-200}" Samples/seeds "$OUT/pages.jsonl" -q > /dev/null
cat "$OUT/ingest.time"
python3 -c 'import sys
def read(f):
    w = open(f).read().split()
    return float(w[0]), float(w[3]) + float(w[6])  # wall, user + sys
(bw, bc), (iw, ic) = read(sys.argv[1]), read(sys.argv[2])
n = int(sys.argv[3]) + 5
print(f"ingest/batch wall ratio: {iw / bw:.2f}x  (ingest {n / iw:.0f} articles/s, batch {n / bw:.0f} articles/s)")
print(f"ingest/batch CPU ratio:  {ic / bc:.2f}x  (ingest {ic:.2f} s, batch {bc:.2f} s)")' \
  "$OUT/batch.time" "$OUT/ingest.time" "$N"
# ONLY_INGEST=1 stops here (the ingest comparison alone).
if [ -n "${ONLY_INGEST:-}" ]; then exit 0; fi

PORT=${PORT:-18080}
export NEWSFOLD_TOKEN=bench-token
"$BIN" serve --db "$OUT/http.sqlite" --port "$PORT" > "$OUT/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null && break; sleep 0.2; done

echo "== ingest over HTTP: POST /v1/articles for ${SECS}s (1 connection: writes are serial)"
PAGES="$OUT/pages.jsonl" wrk -t1 -c1 -d"${SECS}s" --latency -s Benchmarks/server/post.lua "http://127.0.0.1:$PORT" | tee "$OUT/post.txt"
curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^newsfold_(ingested_total|ingest_duplicates_total|articles|stories) '
for f in Samples/seeds/*.txt; do
  python3 -c 'import json,sys; print(json.dumps({"text": open(sys.argv[1]).read()}))' "$f" |
    curl -s -X POST -H "Authorization: Bearer $NEWSFOLD_TOKEN" --data-binary @- "http://127.0.0.1:$PORT/v1/articles" > /dev/null
done
STORY=$(curl -s "http://127.0.0.1:$PORT/v1/search?q=PredictIQ" | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["story"])')
echo "seed story: $STORY"

for path in "/stories/$STORY" "/v1/stories/$STORY" "/v1/stories?limit=20" "/"; do
  echo "== reads: GET $path for ${SECS}s"
  wrk -t2 -c16 -d"${SECS}s" --latency "http://127.0.0.1:$PORT$path" | tee "$OUT/read-$(echo "$path" | tr '/?=' '___').txt" |
    grep -E 'Requests/sec|  50%|  99%|Non-2xx'
done
