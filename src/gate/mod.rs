//! Gating a maintenance window on the matrix: requirements from a plan file (planned moves
//! and evacuations) and changes against a baseline report.
//!
//! - [`plan`]: `--plan FILE`, read with positions in errors ([`Plan::load`]) and checked
//!   on a [`crate::engine::FleetResult`] ([`evaluate`]).
//! - [`baseline`]: `--baseline OLD/report.json` ([`Baseline::load`]) and the pairs whose
//!   verdict changed since ([`compare`]).

pub mod baseline;
pub mod plan;

pub use baseline::{Baseline, BaselineError, BaselinePair, compare, has_regression};
pub use plan::{Evacuation, Plan, PlanError, PlannedMove, evaluate};

pub mod exit;

pub use exit::{GateOutcome, MaxUnknown, decide};

use serde::Serialize;

use crate::engine::Verdict;

/// The outcome of one requirement of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequirementResult {
    /// The requirement as the plan states it: `move web01 -> s10-fra-02`, `evacuate s10-fra-01`.
    pub requirement: String,
    pub holds: bool,
    /// One line a person can act on: why it holds or fails. A failure's line starts with
    /// the requirement (`move web01 -> s10-fra-02 fails: ...`) so that it stands alone; a
    /// holding one says briefly why (`web01 can go to s10-fra-02 (warn)`).
    pub explanation: String,
    /// The pairs it was decided on, for reports that show them: the cells of these zone
    /// rows and matrix columns of the [`crate::engine::FleetResult`] it was evaluated on
    /// (`self` cells excluded). Empty when the names did not resolve.
    pub pairs: RequirementPairs,
}

/// The pairs behind a requirement: every pair of the listed zone rows with the listed
/// matrix columns. A move names one row and one column; an evacuation the host's zones and
/// every candidate the plan does not evacuate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RequirementPairs {
    pub rows: Vec<usize>,
    pub columns: Vec<usize>,
}

/// Whether a pair got better or worse since the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Worse,
    Better,
}

/// A pair whose verdict changed since the baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PairChange {
    pub zone: String,
    pub source_host: String,
    pub host: String,
    /// `None`: the pair is new (it was not in the baseline).
    pub before: Option<Verdict>,
    pub after: Verdict,
    pub direction: Direction,
}

#[cfg(test)]
mod testing;
