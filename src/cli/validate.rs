//! `zonescan validate`: the matrix of a recorded snapshot.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use zonescan::engine::{
    FleetResult, LoadedSnapshot, MatrixOptions, evaluate_matrix_timed, load_snapshot,
};
use zonescan::inventory::{Inventory, Policy};

use super::Exit;
use super::fleet::{GateInputs, ReportArgs, finish, print_timing};

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The snapshot directory (snapshot.json, hosts/<name>/...).
    #[arg(long, value_name = "DIR")]
    snapshot: PathBuf,
    /// The fleet's inventory: host roles and tags, zone selection and policy. Without it,
    /// every host of the snapshot counts with the roles it was collected with.
    #[arg(long, value_name = "FILE")]
    inventory: Option<PathBuf>,
    #[command(flatten)]
    report: ReportArgs,
}

pub fn run(args: &ValidateArgs) -> anyhow::Result<Exit> {
    let inventory = args.inventory.as_deref().map(Inventory::load).transpose()?;
    let gate = GateInputs::load(&args.report)?;
    let start = std::time::Instant::now();
    let mut snapshot = load_snapshot(&args.snapshot)
        .with_context(|| format!("reading snapshot {}", args.snapshot.display()))?;
    if args.report.timings {
        print_timing("reading and parsing the snapshot", start.elapsed());
    }
    let exit = validate_loaded(&mut snapshot, inventory.as_ref(), &gate, &args.report);
    // The process ends here: freeing every parsed fact and manifest one by one would
    // take half a second at ten thousand zones, for memory the exit returns at once.
    std::mem::forget(snapshot);
    exit
}

/// Validation proper, then the reports and the exit status.
pub fn validate_loaded(
    snapshot: &mut LoadedSnapshot,
    inventory: Option<&Inventory>,
    gate: &GateInputs,
    report: &ReportArgs,
) -> anyhow::Result<Exit> {
    let fleet = evaluate_loaded(snapshot, inventory, report);
    finish(&fleet, gate, report)
}

/// The matrix of a loaded snapshot under the inventory's hosts, zone selection and
/// policy; shared with `scan`.
pub fn evaluate_loaded(
    snapshot: &mut LoadedSnapshot,
    inventory: Option<&Inventory>,
    report: &ReportArgs,
) -> FleetResult {
    let default_policy = Policy::default();
    let policy = inventory.map_or(&default_policy, |i| &i.policy);
    if let Some(inv) = inventory {
        let dropped = snapshot.restrict_to_inventory(inv);
        if !dropped.is_empty() && !report.quiet {
            eprintln!(
                "zonescan: note: {} host(s) of the snapshot are not in {} and were left out: {}",
                dropped.len(),
                inv.path.display(),
                dropped.join(", ")
            );
        }
    }
    let selects = |zone: &zonescan::engine::FleetZone, host: &zonescan::engine::LoadedHost| {
        inventory.is_none_or(|inv| inv.zones.selects(&zone.name, &host.info.tags))
    };
    let (fleet, timings) = evaluate_matrix_timed(
        snapshot,
        &MatrixOptions {
            zone_filter: Some(&selects),
            policy,
            no_dedup: report.no_dedup,
        },
    );
    if report.timings {
        for (phase, took) in timings {
            print_timing(phase, took);
        }
        eprintln!(
            "zonescan: timing: {} pairs, {} distinct outcomes",
            fleet.pair_count(),
            fleet.outcomes.len()
        );
    }
    fleet
}
