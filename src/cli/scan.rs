//! `zonescan scan`: collect from every host of the inventory, keep the snapshot beside the
//! reports as their evidence, validate, report.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use zonescan::engine::load_snapshot;
use zonescan::inventory::Inventory;

use super::Exit;
use super::collect::{ConnectArgs, collect_fleet, collection_summary, write_collected};
use super::fleet::{GateInputs, ReportArgs};
use super::validate::validate_loaded;

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The fleet's inventory (hosts, roles, tags, transports, zone selection, policy).
    #[arg(long, value_name = "FILE")]
    inventory: PathBuf,
    #[command(flatten)]
    connect: ConnectArgs,
    #[command(flatten)]
    report: ReportArgs,
}

pub fn run(args: &ScanArgs) -> anyhow::Result<Exit> {
    let inventory = Inventory::load(&args.inventory)?;
    let gate = GateInputs::load(&args.report)?;
    std::fs::create_dir_all(&args.report.out)
        .with_context(|| format!("creating {}", args.report.out.display()))?;
    let hosts = collect_fleet(&inventory, &args.connect, args.report.quiet)?;
    let snapshot_dir = args.report.out.join("snapshot");
    write_collected(&snapshot_dir, &hosts)?;
    if !args.report.quiet {
        eprint!("{}", collection_summary(&hosts, &snapshot_dir));
    }
    let mut snapshot = load_snapshot(&snapshot_dir)
        .with_context(|| format!("reading snapshot {}", snapshot_dir.display()))?;
    validate_loaded(&mut snapshot, Some(&inventory), &gate, &args.report)
}
