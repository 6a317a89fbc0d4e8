//! `zonescan gen-fleet`: a synthetic fleet snapshot from a spec (the demo, benchmarks).

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Args;

use zonescan::fleetgen::{default_inventory, generate, load_spec};

use super::Exit;

#[derive(Debug, Args)]
pub struct GenFleetArgs {
    /// The fleet spec (YAML; inventories/demo-spec.yaml documents the fields).
    spec: PathBuf,
    /// The snapshot directory to write; refused if it exists and is not empty.
    out: PathBuf,
    /// Where to write the fleet's inventory [default: OUT/../<name>.yaml].
    #[arg(long, value_name = "FILE")]
    inventory: Option<PathBuf>,
    /// Replace the snapshot in a non-empty OUT (its hosts/ and snapshot.json).
    #[arg(long)]
    force: bool,
}

pub fn run(args: &GenFleetArgs) -> anyhow::Result<Exit> {
    let started = Instant::now();
    let spec = load_spec(&args.spec)?;
    let inventory = args
        .inventory
        .clone()
        .unwrap_or_else(|| default_inventory(&spec, &args.out));
    let summary = generate(&spec, &args.out, &inventory, args.force)
        .with_context(|| format!("generating {}", args.out.display()))?;
    let stats = summary.stats;
    eprintln!(
        "zonescan: {} hosts, {} zones ({} manifests) in {}: {} files ({:.1} MiB), {} shared by hard link; inventory {}; {:.1} s",
        summary.hosts,
        summary.zones,
        summary.manifests,
        args.out.display(),
        stats.files,
        stats.bytes as f64 / (1024.0 * 1024.0),
        stats.links,
        summary.inventory.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(Exit::Success)
}
