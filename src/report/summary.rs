//! The aggregates every fleet report shares: per zone how many hosts can take it and the
//! best ones, per host how many zones it can take, verdict counts, and the fleet's blocking
//! reasons, one per pair, so that their counts add up to the number of pairs.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt};

use crate::engine::{Cell, FleetResult, Verdict};
use crate::rules::unknown::find_unknown_code;
use crate::rules::{Finding, Severity, find_rule};

/// The reason bucket of every pair whose zone can move (`ok`, `warn`, `update`).
pub const MOVABLE: &str = "(movable)";
/// The reason of a pair that cannot move although no finding says why (a verdict that does
/// not follow from its findings: never produced by the engine).
pub const UNEXPLAINED: &str = "(unexplained)";

/// How many hosts a zone's best list names at most.
pub const BEST_HOSTS: usize = 3;

/// The number of pairs of each verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VerdictCounts {
    pub ok: usize,
    pub warn: usize,
    pub update: usize,
    pub unknown: usize,
    pub fail: usize,
}

impl VerdictCounts {
    /// The counts from best to worst: ok, warn, update, unknown, fail.
    pub fn in_order(&self) -> [usize; 5] {
        [self.ok, self.warn, self.update, self.unknown, self.fail]
    }

    pub fn add(&mut self, verdict: Verdict) {
        let slot = match verdict {
            Verdict::Ok => &mut self.ok,
            Verdict::Warn => &mut self.warn,
            Verdict::Update => &mut self.update,
            Verdict::Unknown => &mut self.unknown,
            Verdict::Fail => &mut self.fail,
        };
        *slot += 1;
    }

    pub fn get(&self, verdict: Verdict) -> usize {
        match verdict {
            Verdict::Ok => self.ok,
            Verdict::Warn => self.warn,
            Verdict::Update => self.update,
            Verdict::Unknown => self.unknown,
            Verdict::Fail => self.fail,
        }
    }

    pub fn total(&self) -> usize {
        self.ok + self.warn + self.update + self.unknown + self.fail
    }

    /// Pairs whose zone can move: `ok`, `warn` or `update`.
    pub fn movable(&self) -> usize {
        self.ok + self.warn + self.update
    }
}

/// A host a zone can move to, as its best list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BestHost {
    pub host: String,
    pub verdict: Verdict,
    pub warnings: usize,
}

/// One zone: how many candidate hosts can take it, and the best of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneSummary {
    pub zone: String,
    /// Its source host.
    pub host: String,
    /// Hosts that can take it (verdict ok, warn or update).
    pub movable_count: usize,
    /// Hosts it was evaluated against (every candidate but its own host).
    pub evaluated: usize,
    /// Up to [`BEST_HOSTS`] hosts: `ok` before `warn` before `update`, then fewest
    /// warnings, then name.
    pub best: Vec<BestHost>,
}

/// One candidate host: how many zones it can take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostSummary {
    pub host: String,
    /// Zones it can take (verdict ok, warn or update).
    pub zones_it_can_take: usize,
    /// Zones evaluated against it (every zone not already on it).
    pub evaluated: usize,
    pub verdicts: VerdictCounts,
}

/// One primary reason and the pairs it accounts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonCount {
    /// A rule or "could not check" code, [`MOVABLE`] or [`UNEXPLAINED`].
    pub code: &'static str,
    pub pairs: usize,
    /// The code's one-line summary.
    pub summary: &'static str,
}

/// Everything the reports say about the fleet as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FleetSummary {
    /// Evaluated pairs (cells other than `self`).
    pub pairs: usize,
    pub verdicts: VerdictCounts,
    /// One per zone, in matrix row order.
    pub zones: Vec<ZoneSummary>,
    /// One per candidate host, in matrix column order.
    pub hosts: Vec<HostSummary>,
    /// Every pair's primary reason ([`primary_reason`]), most pairs first, then by code.
    /// The counts add up to `pairs`.
    pub reasons: Vec<ReasonCount>,
}

/// What the summary needs of an outcome, worked out once for all its pairs.
struct OutcomeFacts {
    verdict: Verdict,
    /// Index into the summary's list of reason codes.
    reason: usize,
    warnings: usize,
}

/// Pair counts over a run of cells: per verdict, per matrix column, per reason.
#[derive(Clone)]
struct Counts {
    verdicts: VerdictCounts,
    columns: Vec<VerdictCounts>,
    reasons: Vec<usize>,
}

impl Counts {
    fn new(width: usize, reasons: usize) -> Counts {
        Counts {
            verdicts: VerdictCounts::default(),
            columns: vec![VerdictCounts::default(); width],
            reasons: vec![0; reasons],
        }
    }

    fn merge(mut self, other: Counts) -> Counts {
        let add = |a: &mut VerdictCounts, b: &VerdictCounts| {
            a.ok += b.ok;
            a.warn += b.warn;
            a.update += b.update;
            a.unknown += b.unknown;
            a.fail += b.fail;
        };
        add(&mut self.verdicts, &other.verdicts);
        for (a, b) in self.columns.iter_mut().zip(&other.columns) {
            add(a, b);
        }
        for (a, b) in self.reasons.iter_mut().zip(&other.reasons) {
            *a += b;
        }
        self
    }
}

/// Rows of cells counted per task: the counts of each task are merged at the end.
const ROWS_PER_TASK: usize = 64;

impl FleetSummary {
    /// Worked out per outcome once, then over the cells row by row on every core: the
    /// result does not depend on the thread count.
    pub fn new(fleet: &FleetResult) -> FleetSummary {
        use rayon::prelude::*;
        let width = fleet.columns.len();
        let worked: Vec<(&'static str, usize)> = fleet
            .outcomes
            .par_iter()
            .map(|o| {
                let code = primary_reason(o.verdict, &o.findings);
                (code, count_severity(&o.findings, Severity::Warning))
            })
            .collect();
        let mut codes: Vec<&'static str> = Vec::new();
        let mut code_ids: HashMap<&'static str, usize> = HashMap::new();
        let facts: Vec<OutcomeFacts> = worked
            .into_iter()
            .zip(&fleet.outcomes)
            .map(|((code, warnings), o)| {
                let reason = *code_ids.entry(code).or_insert_with(|| {
                    codes.push(code);
                    codes.len() - 1
                });
                OutcomeFacts {
                    verdict: o.verdict,
                    reason,
                    warnings,
                }
            })
            .collect();
        // An outcome that is not in the list (never, from the engine) is no pair.
        let pair_at = |row: usize, column: usize| match fleet.cell(row, column) {
            Some(Cell::Pair { outcome, .. }) => {
                usize::try_from(*outcome).ok().and_then(|i| facts.get(i))
            }
            _ => None,
        };
        let zones: Vec<ZoneSummary> = fleet
            .zones
            .par_iter()
            .enumerate()
            .map(|(row, zone)| {
                let mut movable: Vec<(Verdict, usize, &str)> = Vec::new();
                let mut evaluated = 0;
                for column in 0..width {
                    let Some(pair) = pair_at(row, column) else {
                        continue;
                    };
                    evaluated += 1;
                    if pair.verdict.is_movable() {
                        let host = fleet.column_host(column).map_or("", |h| h.name.as_str());
                        movable.push((pair.verdict, pair.warnings, host));
                    }
                }
                let movable_count = movable.len();
                movable.sort_unstable();
                movable.truncate(BEST_HOSTS);
                ZoneSummary {
                    zone: zone.name.clone(),
                    host: zone.host.clone(),
                    movable_count,
                    evaluated,
                    best: movable
                        .into_iter()
                        .map(|(verdict, warnings, host)| BestHost {
                            host: host.to_string(),
                            verdict,
                            warnings,
                        })
                        .collect(),
                }
            })
            .collect();
        let rows = fleet.zones.len();
        let counts = (0..rows.div_ceil(ROWS_PER_TASK))
            .into_par_iter()
            .fold(
                || Counts::new(width, codes.len()),
                |mut counts, task| {
                    let first = task * ROWS_PER_TASK;
                    for row in first..(first + ROWS_PER_TASK).min(rows) {
                        for column in 0..width {
                            let Some(pair) = pair_at(row, column) else {
                                continue;
                            };
                            counts.verdicts.add(pair.verdict);
                            if let Some(c) = counts.columns.get_mut(column) {
                                c.add(pair.verdict);
                            }
                            if let Some(r) = counts.reasons.get_mut(pair.reason) {
                                *r += 1;
                            }
                        }
                    }
                    counts
                },
            )
            .reduce(|| Counts::new(width, codes.len()), Counts::merge);
        let hosts = counts
            .columns
            .into_iter()
            .enumerate()
            .map(|(column, counts)| HostSummary {
                host: fleet
                    .column_host(column)
                    .map(|h| h.name.clone())
                    .unwrap_or_default(),
                zones_it_can_take: counts.movable(),
                evaluated: counts.total(),
                verdicts: counts,
            })
            .collect();
        let by_code: BTreeMap<&'static str, usize> = codes
            .iter()
            .zip(&counts.reasons)
            .filter(|(_, pairs)| **pairs > 0)
            .map(|(code, pairs)| (*code, *pairs))
            .collect();
        let mut reasons: Vec<ReasonCount> = by_code
            .into_iter()
            .map(|(code, pairs)| ReasonCount {
                code,
                pairs,
                summary: reason_summary(code),
            })
            .collect();
        // The map iterates by code, and the sort is stable: ties stay in code order.
        reasons.sort_by_key(|r| std::cmp::Reverse(r.pairs));
        let verdicts = counts.verdicts;
        FleetSummary {
            pairs: verdicts.total(),
            verdicts,
            zones,
            hosts,
            reasons,
        }
    }
}

/// The finding that blocks a pair: its first error, else its first "could not check"
/// finding. `None` for a pair that can move.
pub fn first_blocking(findings: &[Finding]) -> Option<&Finding> {
    findings
        .iter()
        .find(|f| f.severity == Severity::Error)
        .or_else(|| findings.iter().find(|f| f.severity == Severity::Unknown))
}

/// The one reason a pair is counted under: [`MOVABLE`] when its zone can move, otherwise
/// the code of its first blocking finding (for `fail` its first error, for `unknown` its
/// first "could not check" finding).
pub fn primary_reason(verdict: Verdict, findings: &[Finding]) -> &'static str {
    if verdict.is_movable() {
        return MOVABLE;
    }
    let wanted = match verdict {
        Verdict::Fail => Severity::Error,
        _ => Severity::Unknown,
    };
    findings
        .iter()
        .find(|f| f.severity == wanted)
        .or_else(|| first_blocking(findings))
        .map_or(UNEXPLAINED, |f| f.code)
}

/// The one-line summary of a reason code.
pub fn reason_summary(code: &str) -> &'static str {
    match code {
        MOVABLE => "the zone can move there (ok, warn or update)",
        UNEXPLAINED => "cannot move, and no finding says why",
        _ => find_rule(code)
            .map(|r| r.summary)
            .or_else(|| find_unknown_code(code).map(|c| c.summary))
            .unwrap_or(""),
    }
}

/// The number of findings of one severity.
pub fn count_severity(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

#[cfg(test)]
mod tests;
