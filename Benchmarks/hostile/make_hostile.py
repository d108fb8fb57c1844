#!/usr/bin/env python3
"""Writes a corpus of hostile inputs for `newsfold` (issue 21) into a folder (never commit it).

Small files that inflate to a gibibyte, pages built to hit quadratic or unbounded paths, and
broken framing. Every file is generated here from repeated text: no crawl data.

    python3 Benchmarks/hostile/make_hostile.py --out /tmp/hostile [--gib 1]

Files (sizes with --gib 1):
  bombs/line-bomb.jsonl.gz   ~1 MB: 3 ordinary lines, a middle line of 1 GiB, 3 more lines
  bombs/zeros.html.gz        ~1 MB: a "page" of 1 GiB of zero bytes
  bombs/big-record.warc.gz   ~1 MB: a WARC response of 1 GiB (Content-Length says so), then a page
  pages/*                    one hostile page per file (see PAGES below)
  warc/misframed.warc        records whose Content-Length runs into the next record / past the end
"""
import argparse
import gzip
import json
import os
import zlib

PROSE = (
    "The harbour authority said on Tuesday that the new breakwater had halved the damage from "
    "winter storms along the town front. Engineers replaced the deck and two of the piers, and "
    "the cost rose by a third over the first estimate, officials said. "
)


def article(title, body=PROSE * 3, head="", charset="utf-8"):
    return (
        f"<!DOCTYPE html><html><head><meta charset=\"{charset}\"><title>{title}</title>{head}</head>"
        f"<body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    )


def gzip_stream(path, pieces, level=9):
    """Compresses an iterator of byte strings into one gzip member at `path`."""
    comp = zlib.compressobj(level, zlib.DEFLATED, 16 + 15)
    with open(path, "wb") as f:
        for piece in pieces:
            f.write(comp.compress(piece))
        f.write(comp.flush())


def repeated(byte, total, chunk=1 << 20):
    block = byte * chunk
    left = total
    while left > 0:
        n = min(left, chunk)
        yield block[:n]
        left -= n


def line_bomb(path, size):
    def pieces():
        for i in range(3):
            yield (json.dumps({"id": f"before-{i}", "html": article(f"Before {i}")}) + "\n").encode()
        yield b'{"id":"bomb","text":"'
        yield from repeated(b"a", size)
        yield b'"}\n'
        for i in range(3):
            yield (json.dumps({"id": f"after-{i}", "text": f"After {i}. {PROSE}"}) + "\n").encode()
    gzip_stream(path, pieces())


def warc_record(rtype, rid, block, length=None, uri="https://news.example/x"):
    head = (
        f"WARC/1.1\r\nWARC-Type: {rtype}\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\n"
        f"WARC-Date: 2024-03-05T10:20:30Z\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(block) if length is None else length}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def http(body, ctype="text/html; charset=utf-8"):
    return f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\n\r\n".encode() + body


def big_record_warc(path, size):
    """A response record of `size` bytes of HTML in one gzip member, then an ordinary page."""
    http_head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    body = size // 8 * 8
    head = (
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:big>\r\n"
        "WARC-Date: 2024-03-05T10:20:30Z\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http_head) + body}\r\n\r\n"
    ).encode()

    def pieces():
        yield head
        yield http_head
        yield from repeated(b"<p>a</p>", body)
        yield b"\r\n\r\n"

    gzip_stream(path, pieces())
    with open(path, "ab") as f:
        f.write(gzip.compress(warc_record("response", "after-big", http(article("After the big record").encode()))))


def utf16(text, little=True):
    return (b"\xff\xfe" + text.encode("utf-16-le")) if little else (b"\xfe\xff" + text.encode("utf-16-be"))


PAGES = {
    # 200 KB title and a 4 KB site name: site-name stripping must stay linear.
    "huge-title.html": lambda: article(
        ("Breakwater halves storm damage " * 6600) + "| " + ("Coastal Courier " * 256),
        head='<meta property="og:site_name" content="' + ("Coastal Courier " * 256) + '">').encode(),
    # A title that defeats a naive substring search (many near matches of a long site name).
    "near-miss-title.html": lambda: article(
        ("a" * 200_000) + "b | " + ("a" * 4095) + "b",
        head='<meta property="og:site_name" content="' + ("a" * 4096) + 'c">').encode(),
    # 5,000 nested elements (libxml2 stops at 256 without HUGE).
    "deep.html": lambda: article("Deep page", body=("<div>" * 5000) + PROSE * 3 + ("</div>" * 5000)).encode(),
    # One text node of 11 MB (libxml2 cuts at 10 MB without HUGE).
    "long-text.html": lambda: article("Long text", body=PROSE * (11_000_000 // len(PROSE) + 1)).encode(),
    # UTF-16 with a byte-order mark, both byte orders.
    "utf16le.html": lambda: utf16(article("Brücke halbiert Sturmschäden", charset="utf-16")),
    "utf16be.html": lambda: utf16(article("Brücke halbiert Sturmschäden", charset="utf-16"), little=False),
    # Windows-1252 bytes without a declaration.
    "latin1.html": lambda: article("Café reopens", body=PROSE + " Déjà vu à la carte. " * 50, charset="")
    .replace('<meta charset="">', "").encode("latin-1"),
    # 100,000 attributes on one element, and 50,000 sibling paragraphs.
    "attributes.html": lambda: article("Attributes", body="<span " + " ".join(f'a{i}="{i}"' for i in range(100_000)) + ">x</span>" + PROSE).encode(),
    "siblings.html": lambda: article("Siblings", body="</p>" + "<p>Short line here.</p>" * 50_000).encode(),
    # Two million elements in 16 MB (just under the default --max-page-bytes).
    "many-elements.html": lambda: ("<html><body><article>" + "<p>x</p>" * 2_000_000 + "</article></body></html>").encode(),
    # An unclosed comment, an unclosed script and a stray CDATA: the pre-parse must not run away.
    "unclosed.html": lambda: (article("Unclosed", body=PROSE * 3) + "<!--" + "x" * 1_000_000 + "<script>" + "y" * 1_000_000).encode(),
    # NUL bytes in the middle of an article, and a page of control bytes.
    "nuls.html": lambda: article("NULs", body=PROSE + "\x00" * 10_000 + PROSE).encode(),
    "binary.html": lambda: bytes(range(256)) * 4000,
    # 5 MB of one JSON-LD blob nested 100,000 levels deep.
    "jsonld-deep.html": lambda: article(
        "JSON-LD deep", head='<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>").encode(),
    # Dates and bylines in absurd amounts.
    "dates.html": lambda: article("Dates", body=("Published 5 March 2024 10:30 GMT, updated 2024-03-05T10:31:00+01:00. " * 20_000)).encode(),
}


def misframed_warc(path):
    good = warc_record("response", "good-1", http(article("Good one").encode()))
    block = http(article("Runs into the next record").encode())
    long_one = warc_record("response", "long", block, length=len(block) + 80)
    good2 = warc_record("response", "good-2", http(article("Good two").encode()))
    past_end = warc_record("response", "past-end", block, length=5_000_000)
    good3 = warc_record("response", "good-3", http(article("Good three").encode()))
    with open(path, "wb") as f:
        f.write(good + long_one + good2 + past_end + good3)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--gib", type=float, default=1.0, help="size of the bombs in GiB (default 1)")
    a = ap.parse_args()
    size = int(a.gib * (1 << 30))
    for d in ("bombs", "pages", "warc"):
        os.makedirs(os.path.join(a.out, d), exist_ok=True)
    line_bomb(os.path.join(a.out, "bombs", "line-bomb.jsonl.gz"), size)
    gzip_stream(os.path.join(a.out, "bombs", "zeros.html.gz"), repeated(b"\x00", size))
    big_record_warc(os.path.join(a.out, "bombs", "big-record.warc.gz"), size)
    for name, make in PAGES.items():
        with open(os.path.join(a.out, "pages", name), "wb") as f:
            f.write(make())
    misframed_warc(os.path.join(a.out, "warc", "misframed.warc"))
    for root, _, files in os.walk(a.out):
        for n in sorted(files):
            p = os.path.join(root, n)
            print(f"{os.path.getsize(p):>12,}  {p}")


if __name__ == "__main__":
    main()
