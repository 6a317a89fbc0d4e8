//! The fleet matrix: every zone of the source hosts against every candidate host.

use std::collections::BTreeMap;

use serde::Serialize;

use std::borrow::Cow;

use super::classes::{Names, render};
use super::{CheckCoverage, Outcome, PairResult, Verdict};
use crate::rules::Finding;

/// What the operator said a host is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Roles {
    pub source: bool,
    pub candidate: bool,
}

impl Roles {
    /// Both roles: what a host is when nothing says otherwise.
    pub const BOTH: Roles = Roles {
        source: true,
        candidate: true,
    };

    /// From the names `host.json` records (`source`, `candidate`); no names means both.
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> Roles {
        if names.is_empty() {
            return Roles::BOTH;
        }
        Roles {
            source: names.iter().any(|r| r.as_ref() == "source"),
            candidate: names.iter().any(|r| r.as_ref() == "candidate"),
        }
    }

    /// The names `host.json` records.
    pub fn names(self) -> Vec<&'static str> {
        [(self.source, "source"), (self.candidate, "candidate")]
            .into_iter()
            .filter_map(|(has, name)| has.then_some(name))
            .collect()
    }
}

/// A host of the fleet, as reports show it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FleetHost {
    pub name: String,
    pub roles: Roles,
    pub tags: BTreeMap<String, String>,
    /// `uname -r` and the first line of `/etc/release`, when known.
    pub release: Option<String>,
    /// When its facts were collected (RFC 3339), when recorded.
    pub collected_at: Option<String>,
    /// Collection problems (unreachable, authentication, timeouts), one line each.
    pub problems: Vec<String>,
    /// No fact at all could be read: every pair with this host is `unknown`.
    pub unreachable: bool,
    /// Its commands' recorded times added up (serial time), for the slowest hosts.
    pub collection_ms: Option<u64>,
}

/// A zone of the fleet: one row of the matrix.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FleetZone {
    pub name: String,
    /// The host it is on (its source host).
    pub host: String,
    pub brand: String,
    pub state: String,
    /// Why its manifest could not be used, when it could not.
    pub problem: Option<String>,
}

/// One cell of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// The zone's own host: not validated.
    SelfHost,
    /// An evaluated pair: its verdict and its outcome in [`FleetResult::outcomes`].
    Pair { verdict: Verdict, outcome: u32 },
}

impl Cell {
    /// The verdict, `None` for the zone's own host.
    pub fn verdict(&self) -> Option<Verdict> {
        match self {
            Cell::SelfHost => None,
            Cell::Pair { verdict, .. } => Some(*verdict),
        }
    }

    /// The matrix text of the cell: a verdict or `self`.
    pub fn label(&self) -> &'static str {
        self.verdict().map_or("self", Verdict::as_str)
    }
}

/// One evaluated pair of a [`FleetResult`]: its names and its outcome, whose texts may
/// hold placeholders for the names ([`PairView::text`] fills them in).
#[derive(Debug, Clone, Copy)]
pub struct PairView<'a> {
    pub names: Names<'a>,
    /// Index into [`FleetResult::outcomes`]: pairs with equal outcomes share one.
    pub outcome_id: u32,
    pub outcome: &'a Outcome,
}

impl<'a> PairView<'a> {
    pub fn zone(&self) -> &'a str {
        self.names.zone
    }

    /// The target host.
    pub fn host(&self) -> &'a str {
        self.names.target
    }

    /// The zone's own host.
    pub fn source(&self) -> &'a str {
        self.names.source
    }

    pub fn verdict(&self) -> Verdict {
        self.outcome.verdict
    }

    /// The findings, their texts as stored (see [`PairView::text`]).
    pub fn findings(&self) -> &'a [Finding] {
        &self.outcome.findings
    }

    pub fn coverage(&self) -> &'a [CheckCoverage] {
        &self.outcome.coverage
    }

    /// A text of this pair's outcome with the pair's names filled in.
    pub fn text(&self, text: &'a str) -> Cow<'a, str> {
        render(text, &self.names)
    }

    /// The whole result with the names filled in.
    pub fn to_result(&self) -> PairResult {
        self.outcome.rendered(&self.names)
    }
}

/// Where the data came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SnapshotInfo {
    /// The snapshot directory as given.
    pub path: String,
    /// `snapshot.json`'s `created` (RFC 3339).
    pub created: Option<String>,
    /// `snapshot.json`'s `tool`.
    pub tool: Option<String>,
}

/// The whole matrix, in a stable order: zones by (name, host), hosts by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FleetResult {
    pub snapshot: SnapshotInfo,
    /// Every host of the snapshot, sorted by name.
    pub hosts: Vec<FleetHost>,
    /// Every zone of every source host, sorted by (name, host).
    pub zones: Vec<FleetZone>,
    /// Indexes into `hosts` of the candidate hosts: the matrix columns.
    pub columns: Vec<usize>,
    /// `zones.len() x columns.len()` cells, row by row.
    pub cells: Vec<Cell>,
    /// The distinct outcomes the cells point to.
    pub outcomes: Vec<Outcome>,
}

impl FleetResult {
    /// The cell of zone row `zone` and matrix column `column`.
    pub fn cell(&self, zone: usize, column: usize) -> Option<&Cell> {
        self.cells.get(zone * self.columns.len() + column)
    }

    /// The row of cells of one zone.
    pub fn row(&self, zone: usize) -> &[Cell] {
        let width = self.columns.len();
        self.cells
            .get(zone * width..(zone + 1) * width)
            .unwrap_or(&[])
    }

    /// The host of matrix column `column`.
    pub fn column_host(&self, column: usize) -> Option<&FleetHost> {
        self.columns.get(column).and_then(|&h| self.hosts.get(h))
    }

    /// The evaluated pair of zone row `zone` and matrix column `column`.
    pub fn pair(&self, zone: usize, column: usize) -> Option<PairView<'_>> {
        match self.cell(zone, column)? {
            Cell::SelfHost => None,
            Cell::Pair { outcome, .. } => self.view(zone, column, *outcome),
        }
    }

    fn view(&self, zone: usize, column: usize, outcome: u32) -> Option<PairView<'_>> {
        let row = self.zones.get(zone)?;
        Some(PairView {
            names: Names {
                zone: &row.name,
                target: &self.column_host(column)?.name,
                source: &row.host,
            },
            outcome_id: outcome,
            outcome: self.outcomes.get(usize::try_from(outcome).ok()?)?,
        })
    }

    /// Every evaluated pair with its zone row and matrix column, row by row.
    pub fn pairs(&self) -> impl Iterator<Item = (usize, usize, PairView<'_>)> {
        let width = self.columns.len().max(1);
        self.cells
            .iter()
            .enumerate()
            .filter_map(move |(i, c)| match c {
                Cell::Pair { outcome, .. } => {
                    let (row, column) = (i / width, i % width);
                    Some((row, column, self.view(row, column, *outcome)?))
                }
                Cell::SelfHost => None,
            })
    }

    /// Sets every cell from a result per cell, `None` for `self` (for fleets built in
    /// code; the results' names are not used: rows and columns name the pairs).
    pub fn set_cells(&mut self, cells: Vec<Option<PairResult>>) {
        self.outcomes.clear();
        self.cells = cells
            .into_iter()
            .map(|c| c.map_or(Cell::SelfHost, |r| self.push_outcome(r.into())))
            .collect();
    }

    /// Adds an outcome and returns the cell that points to it (for fleets built in code).
    pub fn push_outcome(&mut self, outcome: Outcome) -> Cell {
        let id = u32::try_from(self.outcomes.len()).unwrap_or(u32::MAX);
        let verdict = outcome.verdict;
        self.outcomes.push(outcome);
        Cell::Pair {
            verdict,
            outcome: id,
        }
    }

    /// Number of evaluated pairs (cells other than `self`).
    pub fn pair_count(&self) -> usize {
        self.cells
            .iter()
            .filter(|c| matches!(c, Cell::Pair { .. }))
            .count()
    }
}
