#!/usr/bin/env bash
# Benchmark of report.html on a generated fleet: its size, and the time from opening it in
# headless Chromium until it is interactive (the page's "zonescan-ready" mark), then the
# time a filter and a cell's detail take.
#
#   benches/html.sh [SPEC] [WORKDIR]
#
# SPEC defaults to inventories/bench-2000x500.yaml; WORKDIR to /var/tmp/zonescan-html-bench.
# A snapshot already in WORKDIR/snapshot is reused. Then the same at 10,000 zones x 1,000
# hosts, on the report tiled 5 x 2 by benches/html_tile.py (validate of that fleet does not
# fit this machine). Needs /usr/bin/chromium and /usr/bin/chromedriver (Debian's chromium
# and chromium-driver). Prints Markdown rows for BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
spec=${1:-inventories/bench-2000x500.yaml}
work=${2:-/var/tmp/zonescan-html-bench}
target=${CARGO_TARGET_DIR:-target}

cargo build --release --quiet
bin=$target/release/zonescan
mkdir -p "$work"
if [ ! -f "$work/snapshot/snapshot.json" ]; then
    "$bin" gen-fleet "$spec" "$work/snapshot" --inventory "$work/fleet.yaml" >/dev/null
fi
# --non-ok-only keeps the other reports small; report.html is the same either way.
/usr/bin/time -f "%e %M" -o "$work/time" \
    "$bin" validate --snapshot "$work/snapshot" --quiet --non-ok-only --out "$work/reports" || [ $? -le 1 ]
read -r val_s val_kib < "$work/time"
html=$work/reports/report.html
bytes=$(stat -c %s "$html")

browser() { # report.html
    ZONESCAN_HTML_BENCH=$(realpath "$1") \
        cargo test --release --quiet --test report_html_bench -- --ignored --nocapture 2>/dev/null |
        grep '^|'
}

echo "validate (all reports, --non-ok-only): ${val_s} s wall, $((val_kib / 1024)) MiB peak RSS"
echo "report.html: $bytes bytes"
browser "$html"
mkdir -p "$work/tiled"
python3 benches/html_tile.py "$html" "$work/tiled/report.html" 5 2
browser "$work/tiled/report.html" | tail -n 1
