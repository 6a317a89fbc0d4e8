//! `zonescan scan`: collect from every host of the inventory, keep the snapshot beside the
//! reports as their evidence, validate, report; with `--confirm`, also ask targets' own
//! `zoneadm attach -n`.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use zonescan::collect::run::CollectedHost;
use zonescan::confirm::{self, Confirmation, PerClass};
use zonescan::engine::{FleetResult, LoadedSnapshot, load_snapshot};
use zonescan::inventory::Inventory;
use zonescan::report::write::write_atomically;

use super::Exit;
use super::collect::{ConnectArgs, Hosts, collection_summary, write_collected};
use super::fleet::{GateInputs, ReportArgs, finish};
use super::validate::evaluate_loaded;

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The fleet's inventory (hosts, roles, tags, transports, zone selection, policy).
    #[arg(long, value_name = "FILE")]
    inventory: PathBuf,
    #[command(flatten)]
    connect: ConnectArgs,
    /// Also send up to N collected manifests of each equivalence class (same zone
    /// software, same host software) to the target's `zoneadm attach -n -`, and report
    /// whether Solaris agrees with zonescan (`confirm.csv`, `confirm.json`). `all` sends
    /// every pair. Off by default: it runs zoneadm's own dry run on the targets.
    #[arg(long, value_name = "N|all")]
    confirm: Option<PerClass>,
    #[command(flatten)]
    report: ReportArgs,
}

pub fn run(args: &ScanArgs) -> anyhow::Result<Exit> {
    let inventory = Inventory::load(&args.inventory)?;
    let gate = GateInputs::load(&args.report)?;
    std::fs::create_dir_all(&args.report.out)
        .with_context(|| format!("creating {}", args.report.out.display()))?;
    let access = Hosts::new(&inventory, &args.connect, args.report.quiet)?;
    let hosts = access.collect()?;
    let snapshot_dir = args.report.out.join("snapshot");
    write_collected(&snapshot_dir, &hosts)?;
    if !args.report.quiet {
        eprint!("{}", collection_summary(&hosts, &snapshot_dir));
    }
    let mut snapshot = load_snapshot(&snapshot_dir)
        .with_context(|| format!("reading snapshot {}", snapshot_dir.display()))?;
    let fleet = evaluate_loaded(&mut snapshot, Some(&inventory), &args.report);
    let confirmations = match args.confirm {
        Some(per_class) => Some(confirm_fleet(
            &access, &hosts, args, &fleet, &snapshot, per_class,
        )?),
        None => None,
    };
    let exit = finish(&fleet, &gate, &args.report)?;
    if let (Some(confirmations), false) = (confirmations, args.report.quiet) {
        print!("\n{}", confirm::render_summary(&confirmations));
    }
    Ok(exit)
}

fn confirm_fleet(
    access: &Hosts<'_>,
    hosts: &[CollectedHost],
    args: &ScanArgs,
    fleet: &FleetResult,
    snapshot: &LoadedSnapshot,
    per_class: PerClass,
) -> anyhow::Result<Vec<Confirmation>> {
    let selected = confirm::select(fleet, snapshot, per_class);
    let confirmations = access.confirm(&selected, hosts)?;
    let out = &args.report.out;
    write_atomically(out, "confirm.csv", |w| {
        confirm::write_csv(w, &confirmations)
    })
    .and_then(|_| {
        write_atomically(out, "confirm.json", |w| {
            confirm::write_json(w, &confirmations)
        })
    })
    .with_context(|| format!("writing the confirmation to {}", out.display()))?;
    Ok(confirmations)
}
