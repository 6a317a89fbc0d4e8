//! What `validate` and `scan` share: report writing, the terminal summary and the exit
//! status of a fleet run.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};

use zonescan::engine::FleetResult;
use zonescan::gate::{Baseline, GateOutcome, MaxUnknown, Plan, compare, decide, evaluate};
use zonescan::report::summary::FleetSummary;
use zonescan::report::terminal::render_terminal;
use zonescan::report::time::format_rfc3339;
use zonescan::report::write::{DEFAULT_DIR, write_all_with_summary};
use zonescan::report::{LongForm, ReportInput, ReportOptions};

use super::{Exit, print_stdout};

/// Options of every command that writes the fleet reports.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Where the reports go (created if missing).
    #[arg(long, value_name = "DIR", default_value = DEFAULT_DIR)]
    pub out: PathBuf,
    /// What pairs.csv and findings.csv list: every pair (`all`), pairs that are not `ok`
    /// (`non-ok`), those grouped by zone and outcome (`grouped`), or `auto`: `all` up to
    /// 250,000 pairs, `grouped` above. The matrix, summaries and report.json always cover
    /// every pair. [default: auto]
    #[arg(long, value_enum, value_name = "FORM")]
    pub long_form: Option<LongFormArg>,
    /// The same as `--long-form non-ok`.
    #[arg(long, conflicts_with = "long_form")]
    pub non_ok_only: bool,
    /// Exit 3 when more pairs than this are `unknown`: a count (`5`) or a share (`2%`).
    #[arg(long, value_name = "N|N%")]
    pub max_unknown: Option<MaxUnknown>,
    /// Do not print the summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Evaluate every pair from scratch with every rule, instead of once per class of
    /// equal zones and hosts. Slower; the reports are the same (for checking that).
    #[arg(long)]
    pub no_dedup: bool,
    /// Print the wall time of each phase (reading, classes, per-pair checks, reports) to
    /// stderr.
    #[arg(long)]
    pub timings: bool,
    /// The maintenance window's requirements (planned moves, evacuations): exit 1 when one
    /// does not hold.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// An earlier report.json: mark every pair whose verdict got worse or better.
    #[arg(long, value_name = "REPORT.json")]
    pub baseline: Option<PathBuf>,
    /// With --baseline: exit 1 when a pair got worse.
    #[arg(long, requires = "baseline")]
    pub fail_on_regression: bool,
}

/// `--long-form`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LongFormArg {
    All,
    NonOk,
    Grouped,
    Auto,
}

impl ReportArgs {
    /// The long form asked for, `auto` decided by the number of evaluated pairs.
    pub fn long_form(&self, pairs: usize) -> LongForm {
        match self.long_form {
            _ if self.non_ok_only => LongForm::NonOk,
            Some(LongFormArg::All) => LongForm::All,
            Some(LongFormArg::NonOk) => LongForm::NonOk,
            Some(LongFormArg::Grouped) => LongForm::Grouped,
            Some(LongFormArg::Auto) | None => LongForm::auto(pairs),
        }
    }
}

/// Reads the plan and the baseline before any work, so that a typo fails fast.
pub struct GateInputs {
    plan: Option<Plan>,
    baseline: Option<Baseline>,
}

impl GateInputs {
    pub fn load(args: &ReportArgs) -> anyhow::Result<GateInputs> {
        Ok(GateInputs {
            plan: args.plan.as_deref().map(Plan::load).transpose()?,
            baseline: args.baseline.as_deref().map(Baseline::load).transpose()?,
        })
    }
}

/// "Now" for the reports: `SOURCE_DATE_EPOCH` when set (reproducible outputs), else the
/// system clock.
pub fn now() -> String {
    let from_env = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok());
    let epoch = from_env.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    });
    format_rfc3339(epoch)
}

/// One line of `--timings`.
pub fn print_timing(phase: &str, took: std::time::Duration) {
    eprintln!("zonescan: timing: {phase}: {:.2} s", took.as_secs_f64());
}

/// Writes every report, prints the summary and decides the exit status.
pub fn finish(fleet: &FleetResult, gate: &GateInputs, args: &ReportArgs) -> anyhow::Result<Exit> {
    let requirements = gate
        .plan
        .as_ref()
        .map(|p| evaluate(p, fleet))
        .unwrap_or_default();
    let changes = gate
        .baseline
        .as_ref()
        .map(|b| compare(b, fleet))
        .unwrap_or_default();
    let generated_at = now();
    let start = std::time::Instant::now();
    let summary = FleetSummary::new(fleet);
    let input = ReportInput {
        generated_at: &generated_at,
        requirements: &requirements,
        changes: &changes,
        baseline: gate.baseline.is_some(),
        options: ReportOptions {
            long_form: args.long_form(summary.pairs),
        },
    };
    let written = write_all_with_summary(&args.out, fleet, &summary, &input)
        .with_context(|| format!("writing reports to {}", args.out.display()))?;
    if args.timings {
        print_timing("summary and reports", start.elapsed());
    }
    if !args.quiet {
        let mut text = render_terminal(fleet, &summary, &input);
        text.push_str("\nReports:\n");
        for path in &written {
            text.push_str(&format!("  {}\n", path.display()));
        }
        print_stdout(&text)?;
    }
    Ok(
        match decide(
            &requirements,
            &changes,
            args.fail_on_regression,
            summary.verdicts.unknown,
            summary.pairs,
            args.max_unknown,
        ) {
            GateOutcome::Pass => Exit::Success,
            GateOutcome::Fail => Exit::Failure,
            GateOutcome::Incomplete => Exit::Incomplete,
        },
    )
}
