#!/usr/bin/env python3
"""16 parallel readers of one 1,500-article story page against `newsfold serve`, while /healthz
is timed (issue 21): the page size and time per GET, and the slowest /healthz answer.

    python3 Benchmarks/hostile/story_page_load.py [--bin .build/release/newsfold] [--articles 1500]
        [--seconds 10] [--db postgres://.../empty_db]

--seconds N keeps the readers reading (its 15 pages in turn) for N seconds and reports /healthz
over all the probes of that time (median, 99th percentile, slowest). --db uses that (empty)
store instead of a SQLite file.

Everything runs on 127.0.0.1 in a temporary folder; the server is stopped at the end.
"""
import argparse
import concurrent.futures as cf
import json
import os
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request

PARA = ("The harbour authority said on Tuesday that the new breakwater had halved the damage from winter "
        "storms along the town front, and engineers replaced the deck and two of the piers. ")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def get(url, timeout=120):
    t = time.monotonic()
    with urllib.request.urlopen(url, timeout=timeout) as r:
        body = r.read()
    return time.monotonic() - t, len(body)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=".build/release/newsfold")
    ap.add_argument("--articles", type=int, default=1500)
    ap.add_argument("--readers", type=int, default=16)
    ap.add_argument("--cold", action="store_true",
                    help="the readers come before any read: they share one read of the story (issue 21)")
    ap.add_argument("--seconds", type=float, default=0,
                    help="keep reading the story's pages for this long, probing /healthz meanwhile")
    ap.add_argument("--db", default=None, help="an empty store to use (e.g. postgres://...) instead of SQLite")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pages = os.path.join(tmp, "pages.jsonl")
        with open(pages, "w") as f:
            for i in range(a.articles):  # one story: copies of one report, each with its own closing line
                text = "Breakwater halves storm damage\n\n" + PARA * 8 + f"\n\nReported for outlet {i}."
                f.write(json.dumps({"id": f"urn:uuid:{i:08d}/x", "url": f"https://site{i}.example/a", "text": text,
                                    "fetched_at": "2024-03-05T10:00:00Z"}) + "\n")
        db = a.db or os.path.join(tmp, "s.sqlite")
        subprocess.run([a.bin, "ingest", "-q", "--db", db, pages, "-o", os.devnull], check=True)
        port = free_port()
        server = subprocess.Popen([a.bin, "serve", "--db", db, "--port", str(port)], stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    get(base + "/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            if not a.cold:
                get(base + "/stories/1")  # warm the store's cache: the analysis is done once
                with urllib.request.urlopen(base + "/healthz") as r:
                    print("store:", r.read().decode().strip())
                with urllib.request.urlopen(base + "/stories/1") as r:
                    page = r.read().decode()
                meta = page.split('<p class="meta">', 1)[1].split("</p>", 1)[0] if '<p class="meta">' in page else "?"
                print("story 1:", meta.replace("\n", " ")[:160])
            stop = threading.Event()
            health = []

            def probe():
                while not stop.is_set():
                    health.append(get(base + "/healthz")[0])
                    time.sleep(0.05)

            prober = threading.Thread(target=probe)
            prober.start()
            with cf.ThreadPoolExecutor(a.readers) as pool:
                results = list(pool.map(lambda _: get(base + "/stories/1"), range(a.readers)))
                if a.seconds > 0:
                    end = time.monotonic() + a.seconds

                    def reader(k):
                        out, page = [], k % 15
                        while time.monotonic() < end:
                            out.append(get(base + f"/stories/1?page={page + 1}"))
                            page = (page + 1) % 15
                        return out

                    sustained = [r for rs in pool.map(reader, range(a.readers)) for r in rs]
            stop.set()
            prober.join()
            if a.seconds > 0:
                h = sorted(health)
                t = sorted(x for x, _ in sustained)
                print(f"{a.readers} readers for {a.seconds:.0f} s: {len(t)} pages, median {t[len(t) // 2]:.3f} s, "
                      f"p99 {t[int(len(t) * 0.99)]:.3f} s; /healthz over {len(h)} probes: median {h[len(h) // 2]:.3f} s, "
                      f"p99 {h[int(len(h) * 0.99)]:.3f} s, slowest {h[-1]:.3f} s")
            times = sorted(t for t, _ in results)
            print(f"{'cold: ' if a.cold else ''}{a.readers} parallel GET /stories/1 ({a.articles} articles): "
                  f"{results[0][1] / 1e6:.2f} MB per page, median {times[len(times) // 2]:.3f} s, max {times[-1]:.3f} s; "
                  f"/healthz slowest {max(health):.3f} s over {len(health)} probes")
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
