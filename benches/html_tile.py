#!/usr/bin/env python3
"""Builds a larger report.html by tiling a real one: every zone row repeated ZT times (the
copies renamed) and every candidate host repeated HT times, cells, per-row index, names and
summaries alike; the dictionary of findings is kept as it is.

    benches/html_tile.py IN/report.html OUT/report.html ZT HT

validate of 10,000 zones x 1,000 hosts does not fit this machine (BENCHMARKS.md), so
benches/html.sh measures the page at that scale on 5 x 2 tiles of the 2,000 x 500 report.
The page's size and load time depend on the numbers of zones, hosts and cells and on how
regular the cells are, which tiling keeps; a real fleet of that size has more distinct
findings, which the dictionary holds once each (see BENCHMARKS.md for the margin).
"""
import base64
import gzip
import json
import re
import sys


def blob(html, name):
    m = re.search(r'<script[^>]*id="%s">(.*?)</script>' % name, html, re.S)
    return m


def unpack(text):
    return gzip.decompress(base64.b64decode(text))


def pack(raw):
    return base64.b64encode(gzip.compress(raw, 6, mtime=0)).decode()


def leb(data, p):
    value, shift = 0, 0
    while True:
        b = data[p]
        p += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return value, p


def put_leb(out, value):
    while True:
        b = value & 0x7F
        value >>= 7
        if value:
            out.append(b | 0x80)
        else:
            out.append(b)
            return


def main():
    src, dst, zt, ht = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    html = open(src, encoding="utf-8").read()
    meta = json.loads(blob(html, "zs-meta").group(1))
    cells = unpack(blob(html, "zs-cells").group(1))
    index = unpack(blob(html, "zs-index").group(1))
    R, C = len(meta["zones"]), len(meta["columns"])
    H = len(meta["hosts"])

    # Rows of the index: (k ids as bytes, width, locals as bytes).
    rows, p = [], 0
    for _ in range(R):
        start = p
        k, p = leb(index, p)
        for _ in range(k):
            _, p = leb(index, p)
        head = index[start:p]
        w = 1 if k <= 256 else 2 if k <= 65536 else 4
        rows.append((head, index[p:p + w * C]))
        p += w * C

    new_cells, new_index = bytearray(), bytearray()
    for t in range(zt):
        for r in range(R):
            row = cells[r * C:(r + 1) * C]
            new_cells += row * ht
            head, local = rows[r]
            new_index += head + local * ht

    hosts = list(meta["hosts"])
    for t in range(1, ht):
        for h in meta["hosts"]:
            copy = dict(h)
            copy["name"] = "%s-t%d" % (h["name"], t)
            hosts.append(copy)
    columns = [c + t * H for t in range(ht) for c in meta["columns"]]
    zones, zone_hosts = [], []
    for t in range(zt):
        for z, zh in zip(meta["zones"], meta["zone_hosts"]):
            copy = dict(z)
            if t:
                copy["name"] = "%s-t%d" % (z["name"], t)
            zones.append(copy)
            zone_hosts.append(zh)
    meta.update(
        hosts=hosts,
        columns=columns,
        zones=zones,
        zone_hosts=zone_hosts,
        zone_lines=meta["zone_lines"] * zt,
        host_lines=meta["host_lines"] * ht,
        requirements=[],
        changes=[],
    )
    for r in meta["reasons"]:
        r["pairs"] *= zt * ht

    text = json.dumps(meta, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("'", "\\u0027")):
        text = text.replace(ch, esc)
    out = html
    for name, value in (
        ("zs-index", pack(bytes(new_index))),
        ("zs-cells", pack(bytes(new_cells))),
        ("zs-meta", text),
    ):
        m = blob(out, name)
        out = out[: m.start(1)] + value + out[m.end(1):]
    open(dst, "w", encoding="utf-8").write(out)
    print("%s: %d zones x %d hosts, %d bytes" % (dst, len(zones), len(columns), len(out.encode())))


if __name__ == "__main__":
    main()
