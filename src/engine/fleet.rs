//! The fleet matrix: every zone of the source hosts against every candidate host.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{PairResult, Verdict};

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// The zone's own host: not validated.
    SelfHost,
    Pair(PairResult),
}

impl Cell {
    /// The verdict, `None` for the zone's own host.
    pub fn verdict(&self) -> Option<Verdict> {
        match self {
            Cell::SelfHost => None,
            Cell::Pair(p) => Some(p.verdict),
        }
    }

    /// The matrix text of the cell: a verdict or `self`.
    pub fn label(&self) -> &'static str {
        self.verdict().map_or("self", Verdict::as_str)
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

    /// Every evaluated pair with its zone row and matrix column, row by row.
    pub fn pairs(&self) -> impl Iterator<Item = (usize, usize, &PairResult)> {
        let width = self.columns.len().max(1);
        self.cells
            .iter()
            .enumerate()
            .filter_map(move |(i, c)| match c {
                Cell::Pair(p) => Some((i / width, i % width, p)),
                Cell::SelfHost => None,
            })
    }

    /// Number of evaluated pairs (cells other than `self`).
    pub fn pair_count(&self) -> usize {
        self.cells
            .iter()
            .filter(|c| matches!(c, Cell::Pair(_)))
            .count()
    }
}
