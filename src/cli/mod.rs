//! Command-line parsing and dispatch. The only place that knows about clap, exit codes and
//! the terminal.

mod check;
mod collect;
mod explain;
mod fleet;
mod gen_fleet;
mod scan;
mod validate;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit statuses are interface: CI jobs gate on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Every required check holds (verdicts ok, warn or update).
    Success = 0,
    /// A required check fails, or could not be decided (fail, unknown).
    Failure = 1,
    /// Usage or input error.
    BadInput = 2,
    /// More pairs are `unknown` than `--max-unknown` allows: collection incomplete.
    Incomplete = 3,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

/// Which hosts can take which Solaris/illumos zones, and why not.
#[derive(Debug, Parser)]
#[command(name = "zonescan", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The main job: collect from every host of the inventory (keeping the snapshot beside
    /// the reports), validate every zone against every candidate host, write the reports.
    Scan(scan::ScanArgs),
    /// Collect a snapshot from every host of the inventory (read-only commands over SSH,
    /// locally, or replayed), without validating it.
    Collect(collect::CollectArgs),
    /// Validate every zone of a recorded snapshot against every candidate host and write
    /// the matrix reports.
    Validate(validate::ValidateArgs),
    /// Check one zone manifest against one host, as `zoneadm attach -n` would, and more.
    Check(check::CheckArgs),
    /// List every rule: code, default severity, name and summary.
    Rules,
    /// Explain a rule: what it checks, why it matters, how to fix it.
    Explain {
        /// A code such as ZM101, or a rule name such as packages-inconsistent.
        code: String,
    },
    /// Generate a synthetic fleet snapshot from a spec (demo and benchmarks).
    GenFleet(gen_fleet::GenFleetArgs),
}

/// Parses the command line and runs the command.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::BadInput.into()
            } else {
                Exit::Success.into()
            };
        }
    };
    let result = match cli.command {
        Command::Scan(args) => scan::run(&args),
        Command::Collect(args) => collect::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Rules => print_stdout(&zonescan::report::rules::render_rule_list()),
        Command::Explain { code } => explain::run(&code),
        Command::GenFleet(args) => gen_fleet::run(&args),
    };
    match result {
        Ok(exit) => exit.into(),
        Err(e) => {
            eprintln!("zonescan: error: {e:#}");
            Exit::BadInput.into()
        }
    }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
fn print_stdout(text: &str) -> anyhow::Result<Exit> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(Exit::Success),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Exit::Success),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
