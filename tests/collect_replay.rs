//! Collection through the replay transport writes a snapshot that validates exactly like
//! the recorded one.

use std::path::Path;

use zonescan::collect::progress::Progress;
use zonescan::collect::run::{Access, CollectOptions, HostPlan, collect};
use zonescan::collect::writer::write_snapshot;
use zonescan::collect::{RawHost, SnapshotIndex};
use zonescan::engine::{MatrixOptions, Roles, evaluate_matrix, load_snapshot};
use zonescan::inventory::{Become, Policy};

const RECORDED: &str = "tests/fixtures/snapshots/handmade";

#[test]
fn replayed_snapshot_gives_the_same_matrix() {
    let index = SnapshotIndex::read(Path::new(RECORDED)).unwrap_or_else(|e| panic!("{e}"));
    let plans: Vec<HostPlan> = index
        .hosts
        .iter()
        .map(|name| {
            let dir = Path::new(RECORDED).join("hosts").join(name);
            let meta = RawHost::read(&dir).map(|r| r.meta).unwrap_or_default();
            HostPlan {
                name: name.clone(),
                address: meta.address.clone().unwrap_or_else(|| name.clone()),
                roles: Roles::from_names(&meta.roles),
                tags: meta.tags.clone(),
                escalation: Become::Pfexec,
                access: Access::Replay(dir),
                channels: 4,
                login_is_root: false,
            }
        })
        .collect();
    let progress = Progress::hidden();
    let options = CollectOptions {
        hosts_in_flight: 3,
        control_dir: std::env::temp_dir(),
        progress: &progress,
        now: &|| "2026-11-25T03:00:00Z".to_string(),
    };
    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|e| panic!("{e}"));
    let hosts = runtime.block_on(collect(&plans, &options));
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let snap_dir = out.path().join("snapshot");
    write_snapshot(&snap_dir, "2026-11-25T02:00:00Z", &hosts).unwrap_or_else(|e| panic!("{e}"));

    // Commands are recorded as sent, privileged ones with the become prefix.
    let host_json = std::fs::read_to_string(snap_dir.join("hosts/s10-fra-01/host.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        host_json.contains("LC_ALL=C /usr/bin/pfexec /usr/sbin/zoneadm -z web01 detach -n"),
        "{host_json}"
    );
    assert!(host_json.contains("LC_ALL=C /usr/bin/uname -a"));

    let policy = Policy::default();
    let options = MatrixOptions {
        zone_filter: None,
        policy: &policy,
        no_dedup: false,
    };
    let recorded = load_snapshot(Path::new(RECORDED)).unwrap_or_else(|e| panic!("{e}"));
    let replayed = load_snapshot(&snap_dir).unwrap_or_else(|e| panic!("{e}"));
    let a = evaluate_matrix(&recorded, &options);
    let b = evaluate_matrix(&replayed, &options);
    assert_eq!(a.zones, b.zones);
    assert_eq!(a.columns, b.columns);
    for (x, y) in a.pairs().zip(b.pairs()) {
        assert_eq!(x.2.to_result(), y.2.to_result());
    }
    assert_eq!(a.cells, b.cells);
}
