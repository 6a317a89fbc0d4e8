//! Renders results for people and programs. Every renderer returns bytes (a `String`) or
//! streams them into an `impl Write`; writing them out is the caller's business, except for
//! the fleet reports, which [`write`] puts into the output directory atomically.
//!
//! The fleet reports (`zonescan` over a whole snapshot):
//!
//! - [`csv`]: `matrix.csv`, `pairs.csv`, `findings.csv`, streamed through `csv::Writer`;
//! - [`json`]: `report.json`, with its wire types in [`json_types`];
//! - [`summary`]: the aggregates every report shares ([`summary::FleetSummary`]);
//! - [`terminal`]: the summary printed at the end of a run;
//! - [`write`]: atomic writes (temporary file, then rename) and [`write::write_all`].
//!
//! Every fleet report is deterministic: it depends only on the [`FleetResult`] (already
//! sorted), the [`ReportInput`] and nothing else (no clock, no hash order, no thread count).

pub mod check;
pub mod rules;
pub mod summary;
pub mod time;

#[cfg(test)]
mod test_fleet;

use crate::engine::Verdict;
use crate::gate::{PairChange, RequirementResult};

/// Which pairs the long-form reports (`pairs.csv`, `findings.csv` and the `pairs` of
/// `report.json`) list. The matrix always has every cell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LongForm {
    /// Every evaluated pair.
    #[default]
    All,
    /// Only pairs whose verdict is not `ok`: for fleets of millions of pairs.
    NonOk,
}

impl LongForm {
    /// The name recorded in `report.json` (`options.long_form`) and the terminal summary.
    pub fn as_str(self) -> &'static str {
        match self {
            LongForm::All => "all",
            LongForm::NonOk => "non_ok",
        }
    }

    /// Whether a pair with this verdict is listed.
    pub fn includes(self, verdict: Verdict) -> bool {
        match self {
            LongForm::All => true,
            LongForm::NonOk => verdict != Verdict::Ok,
        }
    }
}

/// How the fleet reports are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportOptions {
    pub long_form: LongForm,
}

/// Everything a fleet report needs besides the matrix itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportInput<'a> {
    /// "Now", in RFC 3339 (`2026-11-25T18:06:08Z`), as the caller read it: stamped into
    /// `report.json` and used for the age of the data. Reports never read the clock.
    pub generated_at: &'a str,
    /// The outcome of every requirement of the plan, in plan order.
    pub requirements: &'a [RequirementResult],
    /// Pairs whose verdict changed since the baseline, in any order (reports sort them).
    pub changes: &'a [PairChange],
    pub options: ReportOptions,
}

impl ReportInput<'_> {
    /// `generated_at` in seconds since the epoch, when it is a valid RFC 3339 timestamp.
    pub fn now_epoch(&self) -> Option<i64> {
        time::parse_rfc3339(self.generated_at)
    }

    /// The changes sorted by (zone, source host, host), then worse before better, for
    /// listing.
    pub fn sorted_changes(&self) -> Vec<&PairChange> {
        let mut changes: Vec<&PairChange> = self.changes.iter().collect();
        changes.sort_by(|a, b| {
            (
                &a.zone,
                &a.source_host,
                &a.host,
                a.direction,
                a.before,
                a.after,
            )
                .cmp(&(
                    &b.zone,
                    &b.source_host,
                    &b.host,
                    b.direction,
                    b.before,
                    b.after,
                ))
        });
        changes
    }
}
