#!/usr/bin/env python3
"""Builds examples/web.warc.gz from the pages in examples/web/: a WARC 1.1
archive, one gzip member a record (as crawlers write them), with a
warcinfo record and a request and a response record for each page, the
response carrying the page's bytes as an HTTP message with the URL its
og:url or canonical link names. Deterministic: fixed record ids and dates.

Usage: python3 examples/make_warc.py
"""
import gzip
import hashlib
import io
import pathlib
import re

HERE = pathlib.Path(__file__).parent
PAGES = sorted((HERE / "web").glob("*.html"))
OUT = HERE / "web.warc.gz"
DATE = "2026-03-04T12:00:00Z"


def record_id(*parts):
    h = hashlib.sha1("|".join(parts).encode()).hexdigest()
    return f"<urn:uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}>"


def record(kind, fields, block):
    head = [f"WARC/1.1", f"WARC-Type: {kind}"]
    head += [f"{k}: {v}" for k, v in fields]
    head += [f"Content-Length: {len(block)}", "", ""]
    raw = "\r\n".join(head).encode() + block + b"\r\n\r\n"
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as g:
        g.write(raw)
    return buf.getvalue()


def url_of(page, html):
    m = re.search(rb'(?:og:url" content|rel="canonical" href)="([^"]+)"', html)
    return m.group(1).decode() if m else f"https://example.org/{page.stem}"


def main():
    out = [record("warcinfo", [("WARC-Date", DATE), ("WARC-Record-ID", record_id("info")),
                               ("Content-Type", "application/warc-fields")],
                  b"software: quotegraph examples/make_warc.py\r\nformat: WARC File Format 1.1\r\n")]
    for page in PAGES:
        html = page.read_bytes()
        url = url_of(page, html)
        charset = "windows-1252" if b"windows-1252" in html else "utf-8"
        host = url.split("/")[2]
        req = f"GET /{url.split('/', 3)[3]} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
        out.append(record("request", [("WARC-Target-URI", url), ("WARC-Date", DATE),
                                      ("WARC-Record-ID", record_id("req", url)),
                                      ("Content-Type", "application/http; msgtype=request")], req))
        resp = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset={charset}\r\n"
                f"Content-Length: {len(html)}\r\n\r\n").encode() + html
        out.append(record("response", [("WARC-Target-URI", url), ("WARC-Date", DATE),
                                       ("WARC-Record-ID", record_id("resp", url)),
                                       ("Content-Type", "application/http; msgtype=response")], resp))
    OUT.write_bytes(b"".join(out))
    print(f"{OUT}: {1 + 2 * len(PAGES)} records, {len(PAGES)} responses")


if __name__ == "__main__":
    main()
