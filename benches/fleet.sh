#!/usr/bin/env bash
# Benchmark of `zonescan validate` on a generated fleet: generation, then validate with
# every report written, timed with /usr/bin/time (wall time and peak RSS).
#
#   benches/fleet.sh [SPEC] [WORKDIR]
#
# SPEC defaults to inventories/bench-2000x500.yaml; WORKDIR to /var/tmp/zonescan-bench.
# Results go to stdout as Markdown rows for BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
spec=${1:-inventories/bench-2000x500.yaml}
work=${2:-/var/tmp/zonescan-bench}

cargo build --release --quiet
bin=target/release/zonescan
rm -rf "$work"
mkdir -p "$work"

measure() { # label, command...
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null
    read -r secs kib < "$work/time"
    echo "$label $secs $kib"
}

read -r _ gen_s gen_kib < <(measure gen "$bin" gen-fleet "$spec" "$work/snapshot" --inventory "$work/fleet.yaml")
read -r _ val_s val_kib < <(measure validate "$bin" validate --snapshot "$work/snapshot" --quiet --out "$work/reports")
# Counted from matrix.csv: the other reports run to hundreds of megabytes at this size.
read -r zones hosts pairs < <(python3 - "$work/reports/matrix.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
cells = [c for r in rows[1:] for c in r[4:]]
print(len(rows) - 1, len(rows[0]) - 4, sum(c != "self" for c in cells))
PY
)
snap_mb=$(du -sm "$work/snapshot" | cut -f1)
rep_mb=$(du -sm "$work/reports" | cut -f1)
rate=$(python3 -c "print(f'{$pairs/$val_s:,.0f}')")

echo "| fleet | zones | hosts | pairs | gen-fleet s | snapshot MB | validate s | pairs/s | peak RSS MiB | reports MB |"
echo "|---|---|---|---|---|---|---|---|---|---|"
echo "| $spec | $zones | $hosts | $pairs | $gen_s | $snap_mb | $val_s | $rate | $((val_kib / 1024)) | $rep_mb |"
