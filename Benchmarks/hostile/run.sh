#!/bin/sh
# The memory and time budget on hostile input (issue 21): runs extract, dedup, stories, ingest and
# sign on the corpus of make_hostile.py with the release build, and prints for each the exit
# status, wall time and peak RSS; then extracts each hostile page alone and prints the slowest.
#   swift build -c release --product newsfold
#   python3 Benchmarks/hostile/make_hostile.py --out /tmp/hostile
#   sh Benchmarks/hostile/run.sh /tmp/hostile
set -u
CORPUS=${1:?usage: run.sh CORPUS-FOLDER}
BIN=${NEWSFOLD:-.build/release/newsfold}
WORK=$(mktemp -d)
LOGS=${LOGS:-$WORK/logs}  # each command's stderr, as LOGS/LABEL.err (kept when LOGS is given)
mkdir -p "$LOGS"
trap 'rm -rf "$WORK"' EXIT
measure() {  # label, command...
    label=$1; shift
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" > "$WORK/out" 2> "$WORK/err"
    rc=$?
    # shellcheck disable=SC2046
    set -- $(tail -1 "$WORK/time")  # after "Command exited with non-zero status N"
    secs=$1; kb=$2
    printf "%-34s exit %-3s %8.1f s %8d MB   %s output lines, %s stderr lines\n" "$label" "$rc" "$secs" $((kb / 1024)) \
        "$(cat "$WORK"/*.jsonl 2>/dev/null | wc -l)" "$(grep -c 'newsfold' "$WORK/err")"
    cp "$WORK/err" "$LOGS/$(echo "$label" | tr ' /()' '____').err"
    rm -rf "$WORK"/*.jsonl "$WORK"/s.sqlite* "$WORK"/sig
}
echo "command                            status      time  peak RSS"
for input in bombs/line-bomb.jsonl.gz bombs/zeros.html.gz bombs/big-record.warc.gz pages warc; do
    measure "extract $input" "$BIN" extract -q "$CORPUS/$input" -o "$WORK/a.jsonl"
done
measure "extract (all)" "$BIN" extract -q "$CORPUS" -o "$WORK/a.jsonl"
measure "dedup (all)" "$BIN" dedup -q "$CORPUS" -o "$WORK/d.jsonl"
measure "stories (all)" "$BIN" stories -q "$CORPUS" -o "$WORK/s.jsonl"
measure "ingest (all)" "$BIN" ingest -q --db "$WORK/s.sqlite" "$CORPUS" -o "$WORK/i.jsonl"
measure "sign (all)" "$BIN" sign -q --shard 0/1 "$CORPUS" -o "$WORK/sig"
echo
echo "slowest single pages (extract, one page per run):"
for f in "$CORPUS"/pages/*; do
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$BIN" extract -q "$f" -o "$WORK/p.jsonl" 2> /dev/null
    # shellcheck disable=SC2046
    set -- $(tail -1 "$WORK/time")
    secs=$1; kb=$2
    echo "$secs $((kb / 1024)) $(basename "$f")"
done | sort -rn | head -5 | awk '{ printf "  %6.2f s %6d MB  %s\n", $1, $2, $3 }'
