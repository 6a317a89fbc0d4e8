#!/usr/bin/env bash
# Benchmark of live collection (issue 4): `zonescan collect` of an emulated fleet of 50
# hosts x 20 zones whose every command takes 100 ms, then Ansible (ansible-core, `raw`
# module, forks 50, pipelining, ControlPersist) running the same command texts on the same
# sshd fleet, in one run. The emulated hosts are tests/common/sshfleet.rs (one sshd per
# host on 127.0.0.1, dispatcher examples/emudispatch.rs) driven by the ignored test
# tests/collect_bench.rs, which checks that every command of both runs was served.
#
#   benches/collect.sh [WORKDIR]
#
# WORKDIR defaults to /var/tmp/zonescan-collect-bench. ansible-core is installed from PyPI
# into a venv under the cargo target directory on first use. Needs /usr/sbin/sshd
# (openssh-server). Prints the machine facts and a Markdown row for BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-/var/tmp/zonescan-collect-bench}
target=${CARGO_TARGET_DIR:-target}

# The dispatcher too: `cargo test --test` builds no examples (the harness would compile it).
cargo build --release --quiet --bins --example emudispatch
bin=$target/release/zonescan
venv=$target/ansible-venv
if [ ! -x "$venv/bin/ansible-playbook" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet ansible-core
fi
mkdir -p "$work"
rm -rf "$work/snapshot"
"$bin" gen-fleet inventories/bench-collect-spec.yaml "$work/snapshot" --inventory "$work/fleet.yaml" >/dev/null 2>&1

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
echo "$(/usr/sbin/sshd -V 2>&1 | sed -n 1p); $("$venv/bin/ansible" --version 2>/dev/null | sed -n 1p)"
ZONESCAN_COLLECT_BENCH=$(realpath "$work") \
    ZONESCAN_ANSIBLE_PLAYBOOK=$(realpath "$venv/bin/ansible-playbook") \
    cargo test --release --quiet --test collect_bench -- --ignored --nocapture \
    >"$work/test.log" 2>&1 || { tail -40 "$work/test.log"; exit 1; }
grep -E '^(fleet|ideal|profile|machine CPU|zonescan.s own|\|)' "$work/test.log"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) after the run"
