#!/usr/bin/env bash
# Benchmark of `zonescan validate` at scale: equivalence classes against --no-dedup, and
# how time grows with pairs.
#
#   benches/scale.sh [WORKDIR] [FLEETS...]
#
# FLEETS are names of fleets derived from inventories/bench-spec.yaml (10,000 zones on
# 1,000 hosts): `10000x1000` (the spec itself), `1000x1000` (the same hosts, one zone per
# host of the first zone group of each OS), `1000x100` (every host count divided by ten).
# Default: 1000x100 1000x1000 10000x1000. For each fleet the script generates the snapshot
# (kept in WORKDIR/<fleet>/snapshot and reused), runs `validate --timings`, and on the
# 1000x100 fleet also with --no-dedup (every rule on every pair from scratch takes some
# 7 ms a pair here: about two hours at a million pairs),
# and prints the phases, wall time, peak RSS and output sizes as Markdown rows.
# WORKDIR defaults to /var/tmp/zonescan-scale.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-/var/tmp/zonescan-scale}
shift || true
fleets=("$@")
[ ${#fleets[@]} -gt 0 ] || fleets=(1000x100 1000x1000 10000x1000)
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet
bin=$(realpath "$target/release/zonescan")
mkdir -p "$work"

spec_for() { # fleet name -> spec file
    local fleet=$1 out=$work/$1/spec.yaml
    mkdir -p "$work/$fleet"
    python3 - inventories/bench-spec.yaml "$fleet" >"$out" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
fleet = sys.argv[2]
if fleet == "1000x100":
    text = re.sub(r"count: (\d+)", lambda m: f"count: {max(1, int(m.group(1)) // 10)}", text)
elif fleet == "1000x1000":
    head, zones = text.split("\nzones:\n", 1)
    groups = re.split(r"\n(?=  - name: )", "\n" + zones)
    kept, seen = [], set()
    for g in groups:
        m = re.search(r"hosts: (\S+)", g)
        if not m or m.group(1) in seen or m.group(1) == "omni-k*":
            continue
        seen.add(m.group(1))
        kept.append(re.sub(r"per_host: \d+", "per_host: 1", g))
    text = head + "\nzones:\n" + "\n".join(kept) + "\n"
elif fleet != "10000x1000":
    sys.exit(f"unknown fleet {fleet}")
sys.stdout.write(text)
PY
    echo "$out"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| fleet | mode | pairs | distinct outcomes | read+parse s | classes s | per-pair s | reports s | wall s | peak RSS MiB | reports MB |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for fleet in "${fleets[@]}"; do
    dir=$work/$fleet
    spec=$(spec_for "$fleet")
    if [ ! -f "$dir/snapshot/snapshot.json" ]; then
        /usr/bin/time -f "%e" -o "$dir/gen.time" "$bin" gen-fleet "$spec" "$dir/snapshot" \
            --inventory "$dir/fleet.yaml" --force >"$dir/gen.log" 2>&1
        echo "generated $fleet in $(cat "$dir/gen.time") s: $(tail -1 "$dir/gen.log")" >&2
    fi
    for mode in dedup no-dedup; do
        flags=(--quiet --timings)
        if [ "$mode" = no-dedup ]; then
            [ "$fleet" = 1000x100 ] || continue
            flags+=(--no-dedup)
        fi
        rm -rf "$dir/reports"
        /usr/bin/time -f "%e %M" -o "$dir/time" "$bin" validate --snapshot "$dir/snapshot" \
            --out "$dir/reports" "${flags[@]}" 2>"$dir/timings" >/dev/null || true
        read -r wall kib <"$dir/time"
        phase() { grep -F "timing: $1" "$dir/timings" | sed -E 's/.*: ([0-9.]+) s$/\1/' | head -1; }
        pairs=$(sed -nE 's/.*timing: ([0-9]+) pairs, ([0-9]+) distinct.*/\1/p' "$dir/timings")
        outcomes=$(sed -nE 's/.*timing: ([0-9]+) pairs, ([0-9]+) distinct.*/\2/p' "$dir/timings")
        if [ "$mode" = dedup ]; then
            classes=$(grep -F "timing: classes" "$dir/timings" | sed -E 's/.*: ([0-9.]+) s$/\1/' | awk '{s+=$1} END{printf "%.2f", s}')
            pairs_s=$(phase "per-pair")
        else
            classes="-"; pairs_s=$(phase "every rule")
        fi
        echo "| $fleet | $mode | $pairs | $outcomes | $(phase "reading") | $classes | $pairs_s | $(phase "summary and reports") | $wall | $((kib / 1024)) | $(du -sm "$dir/reports" | cut -f1) |"
        ls -l "$dir/reports" >"$dir/reports-$mode.ls"
        [ "$mode" = dedup ] && cp "$dir/reports/matrix.csv" "$dir/matrix-dedup.csv"
        if [ "$mode" = no-dedup ] && ! cmp -s "$dir/matrix-dedup.csv" "$dir/reports/matrix.csv"; then
            echo "MISMATCH: $fleet matrix.csv differs between dedup and no-dedup" >&2
            exit 1
        fi
    done
    rm -rf "$dir/reports"
done
