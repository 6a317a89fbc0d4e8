//! `zonescan validate`: the matrix of a recorded snapshot.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use zonescan::engine::{MatrixOptions, Policy, evaluate_matrix, load_snapshot};

use super::Exit;
use super::fleet::{ReportArgs, finish};

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The snapshot directory (snapshot.json, hosts/<name>/...).
    #[arg(long, value_name = "DIR")]
    snapshot: PathBuf,
    #[command(flatten)]
    report: ReportArgs,
}

pub fn run(args: &ValidateArgs) -> anyhow::Result<Exit> {
    let snapshot = load_snapshot(&args.snapshot)
        .with_context(|| format!("reading snapshot {}", args.snapshot.display()))?;
    let policy = Policy::default();
    let fleet = evaluate_matrix(
        &snapshot,
        &MatrixOptions {
            zone_filter: None,
            policy: &policy,
        },
    );
    finish(&fleet, &[], &[], false, &args.report)
}
