//! The fleet matrix: complete, and independent of thread count and host order.

use std::path::Path;

use proptest::prelude::*;
use zonescan::engine::{
    Cell, FleetResult, LoadedSnapshot, MatrixOptions, Verdict, evaluate_matrix, load_snapshot,
};
use zonescan::inventory::Policy;

fn snapshot() -> LoadedSnapshot {
    load_snapshot(Path::new("tests/fixtures/snapshots/handmade")).unwrap_or_else(|e| panic!("{e}"))
}

fn evaluate(snapshot: &LoadedSnapshot, threads: usize) -> FleetResult {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let policy = Policy::default();
    pool.install(|| {
        evaluate_matrix(
            snapshot,
            &MatrixOptions {
                zone_filter: None,
                policy: &policy,
                no_dedup: false,
            },
        )
    })
}

#[test]
fn every_zone_meets_every_candidate() {
    let fleet = evaluate(&snapshot(), 2);
    let zones: Vec<String> = fleet
        .zones
        .iter()
        .map(|z| format!("{}@{}", z.name, z.host))
        .collect();
    assert_eq!(
        zones,
        ["db01@s10-fra-01", "ips01@s11-fra-05", "web01@s10-fra-01"],
        "installed zones of source hosts, sorted"
    );
    assert_eq!(fleet.cells.len(), fleet.zones.len() * fleet.columns.len());
    // The zone's own host is `self`, never validated.
    for (row, zone) in fleet.zones.iter().enumerate() {
        for col in 0..fleet.columns.len() {
            let host = &fleet
                .column_host(col)
                .map(|h| h.name.clone())
                .unwrap_or_default();
            let cell = fleet.cell(row, col).unwrap_or_else(|| panic!("no cell"));
            assert_eq!(
                matches!(cell, Cell::SelfHost),
                *host == zone.host,
                "{} on {host}",
                zone.name
            );
        }
    }
    // The unreachable host is unknown for everyone, not an abort.
    let down = fleet
        .columns
        .iter()
        .position(|&h| fleet.hosts[h].name == "s10-down-08")
        .unwrap_or_else(|| panic!("down host is a column"));
    for row in 0..fleet.zones.len() {
        assert_eq!(
            fleet.cell(row, down).and_then(Cell::verdict),
            Some(Verdict::Unknown)
        );
    }
    assert!(
        fleet
            .hosts
            .iter()
            .any(|h| h.name == "s10-down-08" && h.unreachable)
    );
}

#[test]
fn policy_regrades_and_ignores() {
    let snap = snapshot();
    let mut policy = Policy::default();
    policy.ignore.insert("ZM202");
    policy.ignore.insert("ZM403");
    let fleet = evaluate_matrix(
        &snap,
        &MatrixOptions {
            zone_filter: None,
            policy: &policy,
            no_dedup: false,
        },
    );
    let row = fleet
        .zones
        .iter()
        .position(|z| z.name == "web01")
        .unwrap_or_default();
    let col = fleet
        .columns
        .iter()
        .position(|&h| fleet.hosts[h].name == "s10-fra-02")
        .unwrap_or_default();
    assert_eq!(
        fleet.cell(row, col).and_then(Cell::verdict),
        Some(Verdict::Ok)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn result_does_not_depend_on_threads_or_host_order(
        order in Just((0..8usize).collect::<Vec<_>>()).prop_shuffle(),
        threads in 1usize..5,
    ) {
        let base = snapshot();
        let reference = evaluate(&base, 1);
        let mut shuffled = base.clone();
        shuffled.hosts = order.iter().filter_map(|&i| base.hosts.get(i).cloned()).collect();
        prop_assert_eq!(shuffled.hosts.len(), base.hosts.len());
        prop_assert_eq!(evaluate(&shuffled, threads), reference);
    }
}
