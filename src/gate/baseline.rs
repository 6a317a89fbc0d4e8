//! `--baseline OLD/report.json`: which pairs got worse or better since an earlier run.
//!
//! Only what the comparison needs is read from the old report: `schema_version` (1 or 2;
//! other versions are refused rather than misread), then the pairs' names and verdicts:
//! - version 2 (the current one): `zones[]` (`name`, `host`: the rows), `columns` and
//!   `matrix`, whose cells are verdicts or `self` (not a pair);
//! - version 1: for each of `pairs[]`, its `zone`, `source_host`, `host` and `verdict`.
//!
//! Everything else in the report (the findings of either version) is ignored.
//!
//! What counts as a change:
//! - a pair in both runs whose verdict differs: `worse` when the new verdict is further
//!   along `ok < warn < update < unknown < fail`, `better` otherwise;
//! - a pair that is new (a new zone, a new candidate host) only when it is not movable
//!   (`unknown` or `fail`), reported as `worse` with no `before`: a new pair that is `ok`
//!   takes nothing away from the window, one that fails may (a host added to the plan's
//!   targets that cannot take the zone is what a reviewer should see);
//! - a pair of the baseline that is gone (a zone or host left the fleet) is not a change of
//!   verdict and is not reported; the report's own host and zone lists show what is gone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Direction, PairChange};
use crate::engine::{FleetResult, Verdict};
use crate::inventory::yaml::{InputError, Position, read_text_capped};

/// Largest baseline report read: a version 1 report of a big fleet, with every pair's
/// findings and coverage, runs to that size (a version 2 one stays far smaller).
pub const MAX_BASELINE_BYTES: u64 = 1024 * 1024 * 1024;

/// A problem with a baseline report: `old/report.json:12:5: message`.
pub type BaselineError = InputError;

/// The pairs of an earlier report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    pub path: PathBuf,
    pub pairs: Vec<BaselinePair>,
}

/// One pair of an earlier report.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BaselinePair {
    pub zone: String,
    pub source_host: String,
    pub host: String,
    pub verdict: Verdict,
}

/// The first pass reads only the version (other keys are skipped), so that another
/// schema's keys are never misread.
#[derive(Deserialize)]
struct Header {
    schema_version: Option<u64>,
}

/// What is read of a version 1 report.
#[derive(Deserialize)]
struct ReportV1 {
    pairs: Vec<BaselinePair>,
}

/// What is read of a version 2 report: the matrix and what names its rows and columns.
#[derive(Deserialize)]
struct ReportV2 {
    zones: Vec<ZoneRow>,
    columns: Vec<String>,
    matrix: Vec<Vec<Label>>,
}

#[derive(Deserialize)]
struct ZoneRow {
    name: String,
    host: String,
}

/// A matrix cell of a version 2 report.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Label {
    Ok,
    Warn,
    Update,
    Unknown,
    Fail,
    /// The zone's own host: not a pair.
    #[serde(rename = "self")]
    Own,
}

impl Label {
    fn verdict(self) -> Option<Verdict> {
        match self {
            Label::Ok => Some(Verdict::Ok),
            Label::Warn => Some(Verdict::Warn),
            Label::Update => Some(Verdict::Update),
            Label::Unknown => Some(Verdict::Unknown),
            Label::Fail => Some(Verdict::Fail),
            Label::Own => None,
        }
    }
}

impl Baseline {
    /// Reads an earlier `report.json`.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let text = read_text_capped(path, MAX_BASELINE_BYTES)?;
        Self::parse(&text, path)
    }

    /// Reads report text; `path` names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Baseline, BaselineError> {
        let header: Header = serde_json::from_str(text).map_err(|e| json_error(path, &e))?;
        let pairs = match header.schema_version {
            // Version 1: earlier releases, with a `pairs` list. Version 2: the current one.
            Some(1) => v1_pairs(text, path)?,
            Some(2) => v2_pairs(text, path)?,
            Some(v) => {
                return Err(BaselineError::whole_file(
                    path,
                    format!(
                        "report schema_version {v} is not supported as a baseline; this \
                         zonescan compares with schema_version 1 or 2 (run the old \
                         snapshot through this zonescan to get one)"
                    ),
                ));
            }
            None => {
                return Err(BaselineError::whole_file(
                    path,
                    "not a zonescan fleet report: it has no schema_version",
                ));
            }
        };
        Ok(Baseline {
            path: path.to_path_buf(),
            pairs,
        })
    }
}

/// The pairs of a version 1 report: its `pairs`, each listed once.
fn v1_pairs(text: &str, path: &Path) -> Result<Vec<BaselinePair>, BaselineError> {
    let report: ReportV1 = serde_json::from_str(text).map_err(|e| json_error(path, &e))?;
    let mut seen = BTreeSet::new();
    for p in &report.pairs {
        if !seen.insert((&p.zone, &p.source_host, &p.host)) {
            return Err(BaselineError::whole_file(
                path,
                format!(
                    "pair {}@{} -> {} appears twice in pairs",
                    p.zone, p.source_host, p.host
                ),
            ));
        }
    }
    Ok(report.pairs)
}

/// The pairs of a version 2 report: every matrix cell but `self`, named by its row's zone
/// and its column's host. Rows and columns listed once make every pair unique.
fn v2_pairs(text: &str, path: &Path) -> Result<Vec<BaselinePair>, BaselineError> {
    let report: ReportV2 = serde_json::from_str(text).map_err(|e| json_error(path, &e))?;
    let broken = |message: String| Err(BaselineError::whole_file(path, message));
    let mut rows = BTreeSet::new();
    if let Some(z) = report
        .zones
        .iter()
        .find(|z| !rows.insert((&z.name, &z.host)))
    {
        return broken(format!("zone {}@{} appears twice in zones", z.name, z.host));
    }
    let mut columns = BTreeSet::new();
    if let Some(c) = report.columns.iter().find(|c| !columns.insert(*c)) {
        return broken(format!("host {c} appears twice in columns"));
    }
    if report.matrix.len() != report.zones.len() {
        return broken(format!(
            "matrix has {} rows for {} zones",
            report.matrix.len(),
            report.zones.len()
        ));
    }
    let mut pairs = Vec::new();
    for (zone, row) in report.zones.iter().zip(&report.matrix) {
        if row.len() != report.columns.len() {
            return broken(format!(
                "matrix row of {}@{} has {} cells for {} columns",
                zone.name,
                zone.host,
                row.len(),
                report.columns.len()
            ));
        }
        for (host, label) in report.columns.iter().zip(row) {
            if let Some(verdict) = label.verdict() {
                pairs.push(BaselinePair {
                    zone: zone.name.clone(),
                    source_host: zone.host.clone(),
                    host: host.clone(),
                    verdict,
                });
            }
        }
    }
    Ok(pairs)
}

/// serde_json's message without its own `at line X column Y`, which our prefix gives.
fn json_error(path: &Path, e: &serde_json::Error) -> BaselineError {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = text.strip_suffix(&suffix).unwrap_or(&text);
    let at = Position::new(e.line() as u64, e.column() as u64);
    BaselineError::new(path, at, format!("not a readable report: {message}"))
}

/// Every pair whose verdict changed since `baseline` (see the module documentation for
/// what counts), sorted by (zone, source_host, host).
pub fn compare(baseline: &Baseline, fleet: &FleetResult) -> Vec<PairChange> {
    let before: BTreeMap<(&str, &str, &str), Verdict> = baseline
        .pairs
        .iter()
        .map(|p| {
            (
                (p.zone.as_str(), p.source_host.as_str(), p.host.as_str()),
                p.verdict,
            )
        })
        .collect();
    let mut changes: Vec<PairChange> = fleet
        .pairs()
        .filter_map(|(row, column, pair)| {
            let zone = fleet.zones.get(row)?;
            let host = fleet
                .column_host(column)
                .map_or(pair.host(), |h| h.name.as_str());
            let after = pair.verdict();
            let change = |before: Option<Verdict>, direction| PairChange {
                zone: zone.name.clone(),
                source_host: zone.host.clone(),
                host: host.to_string(),
                before,
                after,
                direction,
            };
            match before.get(&(zone.name.as_str(), zone.host.as_str(), host)) {
                Some(&old) if old == after => None,
                Some(&old) if after > old => Some(change(Some(old), Direction::Worse)),
                Some(&old) => Some(change(Some(old), Direction::Better)),
                None if after.is_movable() => None,
                None => Some(change(None, Direction::Worse)),
            }
        })
        .collect();
    changes.sort_by(|a, b| {
        (&a.zone, &a.source_host, &a.host).cmp(&(&b.zone, &b.source_host, &b.host))
    });
    changes
}

/// Whether any pair got worse (`--fail-on-regression`).
pub fn has_regression(changes: &[PairChange]) -> bool {
    changes.iter().any(|c| c.direction == Direction::Worse)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests;
