#!/usr/bin/env python3
"""Makes a dated news stream from the ECB+ dev set, to test the story time model.

ECB+ has no dates. Real coverage of an event spreads over weeks: about half the reports the
same day or the next, a third within two weeks, the rest over two to six weeks. Each ECB+ topic
holds two look-alike events of one kind (two earthquakes, two rehab check-ins); here they are
put within days of each other, so that a time window alone cannot tell them apart and precision
is tested too. Topics start on random days over six years, so many events run at once.

Usage: make_dated.py [--set ../shared/eval/ecbplus] [--out DIR] [--seed 1] [--twins-apart]

--twins-apart puts a topic's second event one to four years after its first, as the two ECB+
events of a topic were in life: a stream where look-alike events do not run at once, closer to
the held-out dated news of issue 19, to measure the time model and recall on their own.

Writes, for `newsfold eval stories --set DIR/NAME [--gold gold-local.json]`:
  DIR/{all,tune,test}/            the dated stream: all topics, odd topics, even topics
  DIR/{all,tune,test}-undated/    the same articles without dates
each with articles.jsonl ({"id","title","text","published"?}), gold.json (the labelled events)
and gold-local.json (time-local events: a labelled event cut wherever two consecutive articles
are more than 7 days apart, as real follow-up coverage is scored). Choose settings on `tune`,
report `test`. Benchmark tooling only; the set stays outside the repository.
"""
import argparse, json, os, random
from datetime import datetime, timedelta, timezone

# Offsets a news site states its times in (US, UK, Europe, India, Japan), and how often a page
# gives only a day.
OFFSETS = [-7 * 60, -5 * 60, -4 * 60, 0, 60, 120, 330, 540]
DAY_ONLY_SHARE = 0.2
LOCAL_GAP_DAYS = 7


def coverage_offset(rng):
    """Seconds after the event's start at which one report appears."""
    u = rng.random()
    if u < 0.5:
        days = rng.uniform(0, 2)       # the same day or the next
    elif u < 0.83:
        days = rng.uniform(2, 14)      # follow-ups within two weeks
    else:
        days = rng.uniform(14, 42)     # the long tail: trials, anniversaries, inquiries
    return int(days * 86400)


def render(instant, rng):
    """An ISO 8601 date as a page would state it: a local time with offset, or a local day."""
    offset = rng.choice(OFFSETS)
    local = datetime.fromtimestamp(instant, tz=timezone(timedelta(minutes=offset)))
    if rng.random() < DAY_ONLY_SHARE:
        return local.strftime("%Y-%m-%d")
    return local.isoformat(timespec="seconds")


def local_events(rows, gold):
    """Each labelled event cut where consecutive articles are more than 7 days apart."""
    by_event = {}
    for r in rows:
        by_event.setdefault(gold[r["id"]], []).append(r)
    local = {}
    for event, members in by_event.items():
        members.sort(key=lambda r: (r["_t"], r["id"]))
        part, last = 0, None
        for r in members:
            if last is not None and r["_t"] - last > LOCAL_GAP_DAYS * 86400:
                part += 1
            local[r["id"]] = f"{event}/{part}"
            last = r["_t"]
    return local


def write(folder, rows, gold, dated):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "articles.jsonl"), "w") as f:
        for r in rows:
            out = {"id": r["id"], "title": r.get("title"), "text": r.get("text", "")}
            if dated:
                out["published"] = r["published"]
            f.write(json.dumps(out, ensure_ascii=False) + "\n")
    ids = {r["id"] for r in rows}
    with open(os.path.join(folder, "gold.json"), "w") as f:
        json.dump({i: e for i, e in gold.items() if i in ids}, f, indent=0)
    with open(os.path.join(folder, "gold-local.json"), "w") as f:
        json.dump(local_events(rows, gold), f, indent=0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", default="../shared/eval/ecbplus")
    ap.add_argument("--out", default="/tmp/ecbplus-dated")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--twins-apart", action="store_true",
                    help="a topic's two events 1-4 years apart instead of within days")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    rows = [json.loads(l) for l in open(os.path.join(args.set, "articles.jsonl")) if l.strip()]
    gold = json.load(open(os.path.join(args.set, "gold.json")))
    rows = [r for r in rows if r["id"] in gold]
    topics = sorted({gold[r["id"]][:-1] for r in rows}, key=int)
    events = sorted(set(gold.values()))
    t0 = int(datetime(2013, 1, 1, tzinfo=timezone.utc).timestamp())
    span = 6 * 365 * 86400
    start = {}
    for t in topics:
        first = t0 + rng.randrange(span)
        # The topic's two events, a few days apart (or years with --twins-apart), in either order.
        second = first + rng.randrange(0, 6 * 86400)
        if args.twins_apart:
            second = first + rng.randrange(365 * 86400, 4 * 365 * 86400)
        a, b = (first, second) if rng.random() < 0.5 else (second, first)
        start[t + "a"], start[t + "b"] = a, b
    for r in rows:
        r["_t"] = start[gold[r["id"]]] + coverage_offset(rng)
        r["published"] = render(r["_t"], rng)
    rng.shuffle(rows)
    halves = {"all": rows,
              "tune": [r for r in rows if int(gold[r["id"]][:-1]) % 2 == 1],
              "test": [r for r in rows if int(gold[r["id"]][:-1]) % 2 == 0]}
    for name, part in halves.items():
        write(os.path.join(args.out, name), part, gold, dated=True)
        write(os.path.join(args.out, name + "-undated"), part, gold, dated=False)
    local = local_events(rows, gold)
    print(f"{len(rows)} articles, {len(events)} events, {len(set(local.values()))} time-local "
          f"events, {len(topics)} topics -> {args.out}/{{all,tune,test}}[-undated]")


if __name__ == "__main__":
    main()
