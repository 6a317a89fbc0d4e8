//! `zonescan scan`: collect from every host of the inventory, keep the snapshot beside the
//! reports as their evidence, validate, report.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;

use zonescan::collect::run::{HostPlan, collect};
use zonescan::collect::transport::Replay;
use zonescan::collect::writer::write_snapshot;
use zonescan::engine::{Roles, load_snapshot};
use zonescan::inventory::{Inventory, Transport};
use zonescan::report::time::{format_rfc3339, parse_rfc3339};

use super::Exit;
use super::fleet::{GateInputs, ReportArgs, now};
use super::validate::validate_loaded;

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The fleet's inventory (hosts, roles, tags, transports, zone selection, policy).
    #[arg(long, value_name = "FILE")]
    inventory: PathBuf,
    #[command(flatten)]
    report: ReportArgs,
}

pub fn run(args: &ScanArgs) -> anyhow::Result<Exit> {
    let inventory = Inventory::load(&args.inventory)?;
    let gate = GateInputs::load(&args.report)?;
    let settings: Vec<_> = inventory.host_settings().collect();
    let mut replays = Vec::with_capacity(settings.len());
    for s in &settings {
        match (s.transport, &s.replay) {
            (Transport::Replay, Some(dir)) => replays.push(Replay::open(dir)),
            (Transport::Replay, None) => bail!(
                "{}: host {}: transport replay needs a recorded host directory",
                args.inventory.display(),
                s.name
            ),
            (other, _) => bail!(
                "{}: host {}: transport {} is not available yet in this build; scan replays recorded snapshots (transport: replay)",
                args.inventory.display(),
                s.name,
                other.as_str()
            ),
        }
    }
    let plans: Vec<HostPlan<'_>> = settings
        .iter()
        .zip(&replays)
        .map(|(s, replay)| {
            let host = inventory.host(&s.name);
            HostPlan {
                name: s.name.clone(),
                address: s.address.clone(),
                roles: host.map_or(Roles::BOTH, |h| h.roles),
                tags: host.map(|h| h.tags.clone()).unwrap_or_default(),
                transport_name: s.transport.as_str().to_string(),
                escalation: s.become_,
                transport: replay,
                collected_at: replay.collected_at().map(str::to_string),
            }
        })
        .collect();
    let hosts = collect(&plans);
    // A replayed snapshot is as old as its oldest recording, not as the replay.
    let created = hosts
        .iter()
        .filter_map(|h| h.collected_at.as_deref().and_then(parse_rfc3339))
        .min()
        .map_or_else(now, format_rfc3339);
    let snapshot_dir = args.report.out.join("snapshot");
    std::fs::create_dir_all(&args.report.out)
        .with_context(|| format!("creating {}", args.report.out.display()))?;
    write_snapshot(&snapshot_dir, &created, &hosts)?;
    let mut snapshot = load_snapshot(&snapshot_dir)
        .with_context(|| format!("reading snapshot {}", snapshot_dir.display()))?;
    validate_loaded(&mut snapshot, Some(&inventory), &gate, &args.report)
}
