#!/usr/bin/env python3
"""Mixes unrelated one-article events into a dated ECB+ stream (make_dated.py's output), to
measure what a model change does to stories that should stay alone: real streams are full of
one-off reports, ECB+ has none. Benchmark tooling only.

Each unrelated article (a `newsfold extract` JSONL line: id, title, text, language) is dated on
the day of a random article of the stream, so it lands among live stories, and inserted in date
order without moving the stream's own articles. Its gold event is its own, in both answer files.

Usage: mix_unrelated.py EXTRACTED.jsonl STREAM_DIR OUT_DIR [--seed 3] [--prefix single]
Then:  simulate.py OUT_DIR [--gold gold-local.json] --unrelated-prefix single
"""
import argparse, json, os, random


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('extracted'); ap.add_argument('stream'); ap.add_argument('out')
    ap.add_argument('--seed', type=int, default=3); ap.add_argument('--prefix', default='single')
    ap.add_argument('--min-chars', type=int, default=500)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    pages = [json.loads(l) for l in open(a.extracted)]
    pages = [p for p in pages if len(p.get('text') or '') > a.min_chars
             and (p.get('language') or 'en').lower().startswith('en')]
    stream = [json.loads(l) for l in open(os.path.join(a.stream, 'articles.jsonl'))]
    golds = {name: json.load(open(os.path.join(a.stream, name))) for name in ('gold.json', 'gold-local.json')}
    days = [x['published'][:10] for x in stream if x.get('published')]
    ones = []
    for i, p in enumerate(pages):
        ident = f'{a.prefix}{i}'
        ones.append({'id': ident, 'title': p.get('title') or '', 'text': p['text'], 'published': rng.choice(days)})
        for g in golds.values(): g[ident] = 'unrelated-' + ident
    ones.sort(key=lambda x: x['published'])
    out, j = [], 0
    for x in stream:
        while j < len(ones) and ones[j]['published'] < (x.get('published') or '')[:10]:
            out.append(ones[j]); j += 1
        out.append(x)
    out += ones[j:]
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, 'articles.jsonl'), 'w') as f:
        for x in out: f.write(json.dumps(x) + '\n')
    for name, g in golds.items(): json.dump(g, open(os.path.join(a.out, name), 'w'))
    print(f'{len(ones)} unrelated articles mixed into {len(stream)}: {a.out}')


if __name__ == '__main__':
    main()
