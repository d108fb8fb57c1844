#!/usr/bin/env python3
"""Pack a generated JSONL corpus (Benchmarks/dedup/make_corpus.py: {"id","text","published"})
as a crawl: WARC.gz with one gzip member per record, as Common Crawl writes them.

    python3 make_warc.py --corpus /tmp/c10k/corpus.jsonl --out /tmp/c10k/crawl.warc.gz \
        [--wet /tmp/c10k/crawl.wet.gz] [--pages-jsonl /tmp/c10k/pages.jsonl.gz]

The WARC holds a `warcinfo` record, then for every document a `request` record and a
`response` record: HTTP/1.1 200 headers (`Content-Type: text/html; charset=utf-8`,
`Content-Length`) and a small HTML page (title = first line, one <p> per remaining line,
`article:published_time` from `published`). Every 50th document also gets a 404 response and
every 100th an image/png response, so the reader's skip note has something to count.
`--wet` writes the WET form: a `conversion` record of plain text per document.
`--pages-jsonl` writes the same HTML pages as JSONL.gz ({"id","url","html","crawled"}), the
same extraction work as the WARC for a fair comparison of the two containers.

Ids: `WARC-Record-ID` is `<urn:uuid:U>` with U = uuid5(NAMESPACE_URL, "newsfold:" + id), so
the corpus id of a record can be recomputed; --pages-jsonl uses the same `urn:uuid:U` ids.
"""
import argparse, gzip, html, io, json, sys, uuid
from datetime import datetime, timedelta, timezone


def record(rtype, rid, date, block, uri=None, content_type=None, extra=()):
    head = [f"WARC/1.1", f"WARC-Type: {rtype}", f"WARC-Record-ID: <urn:uuid:{rid}>", f"WARC-Date: {date}"]
    if uri:
        head.append(f"WARC-Target-URI: {uri}")
    head += list(extra)
    if content_type:
        head.append(f"Content-Type: {content_type}")
    head.append(f"Content-Length: {len(block)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def member(data, level):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=level, mtime=0) as g:
        g.write(data)
    return buf.getvalue()


def page_html(doc):
    lines = [l.strip() for l in doc["text"].split("\n") if l.strip()]
    title = lines[0] if lines else doc["id"]
    body = lines[1:] if len(lines) > 1 else lines
    published = doc.get("published") or ""
    meta = f'<meta property="article:published_time" content="{html.escape(published)}">' if published else ""
    paras = "".join(f"<p>{html.escape(l)}</p>" for l in body)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>{meta}</head>'
            f"<body><nav><a href=\"/\">Home</a></nav><article><h1>{html.escape(title)}</h1>{paras}</article>"
            f"<footer>Copyright</footer></body></html>").encode("utf-8")


def crawl_date(doc, i):
    try:
        d = datetime.strptime((doc.get("published") or "2023-01-01")[:10], "%Y-%m-%d")
    except ValueError:
        d = datetime(2023, 1, 1)
    return (d.replace(tzinfo=timezone.utc) + timedelta(hours=6, seconds=i % 3600)).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, help="JSONL with id, text, published (make_corpus.py output)")
    ap.add_argument("--out", required=True, help="WARC.gz to write")
    ap.add_argument("--wet", help="also write a WET.gz (conversion records) here")
    ap.add_argument("--pages-jsonl", help="also write the same HTML pages as JSONL.gz here")
    ap.add_argument("--level", type=int, default=6, help="gzip level of each member")
    args = ap.parse_args()

    out = open(args.out, "wb")
    wet = open(args.wet, "wb") if args.wet else None
    pages = gzip.open(args.pages_jsonl, "wt", encoding="utf-8", compresslevel=args.level) if args.pages_jsonl else None
    now = "2024-01-01T00:00:00Z"
    info = b"software: newsfold make_warc.py\r\nformat: WARC File Format 1.1\r\n"
    out.write(member(record("warcinfo", uuid.uuid5(uuid.NAMESPACE_URL, "newsfold:warcinfo"), now, info,
                            content_type="application/warc-fields"), args.level))
    if wet:
        wet.write(member(record("warcinfo", uuid.uuid5(uuid.NAMESPACE_URL, "newsfold:wetinfo"), now, info,
                                content_type="application/warc-fields"), args.level))
    n = 0
    with open(args.corpus, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if not line.strip():
                continue
            doc = json.loads(line)
            rid = uuid.uuid5(uuid.NAMESPACE_URL, "newsfold:" + str(doc["id"]))
            uri = f"https://news{i % 97}.example/{doc['id']}"
            date = crawl_date(doc, i)
            body = page_html(doc)
            req = f"GET /{doc['id']} HTTP/1.1\r\nHost: news{i % 97}.example\r\nUser-Agent: make_warc\r\n\r\n".encode()
            out.write(member(record("request", uuid.uuid5(rid, "request"), date, req, uri,
                                    "application/http; msgtype=request"), args.level))
            http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                    + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            out.write(member(record("response", rid, date, http, uri, "application/http; msgtype=response"),
                             args.level))
            if i % 50 == 49:
                gone = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>Not found</p>"
                out.write(member(record("response", uuid.uuid5(rid, "404"), date, gone, uri + "/old",
                                        "application/http; msgtype=response"), args.level))
            if i % 100 == 99:
                png = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n" + bytes(64)
                out.write(member(record("response", uuid.uuid5(rid, "png"), date, png, uri + ".png",
                                        "application/http; msgtype=response"), args.level))
            if wet:
                text = doc["text"].encode("utf-8")
                wet.write(member(record("conversion", uuid.uuid5(rid, "wet"), date, text, uri, "text/plain",
                                        [f"WARC-Refers-To: <urn:uuid:{rid}>"]), args.level))
            if pages:
                pages.write(json.dumps({"id": f"urn:uuid:{rid}", "url": uri, "html": body.decode("utf-8"),
                                        "crawled": date}, ensure_ascii=False) + "\n")
            n += 1
    out.close()
    if wet:
        wet.close()
    if pages:
        pages.close()
    print(f"{n} documents → {args.out}" + (f", {args.wet}" if wet else "") + (f", {args.pages_jsonl}" if pages else ""),
          file=sys.stderr)


if __name__ == "__main__":
    main()
