//! What `report.html` embeds as JSON (`<script type="application/json" id="zs-meta">`):
//! names, tags, summaries, rules, requirements and changes. The per-pair data is packed
//! apart ([`super::pack`]). Strings reach the page only as JSON and are shown with
//! `textContent`, never parsed as markup.

use std::collections::BTreeMap;

use serde::Serialize;

use super::pack::CELL_CODES;
use crate::engine::{FleetResult, Verdict};
use crate::report::json_types::{Host, Reason, Snapshot, Zone};
use crate::report::summary::{FleetSummary, MOVABLE, UNEXPLAINED, reason_summary};
use crate::report::time::age_seconds;
use crate::report::{ReportInput, direction_str};
use crate::rules::RULES;
use crate::rules::unknown::UNKNOWN_CODES;

/// A rule or "could not check" code, for the detail panel and the code filter.
#[derive(Debug, Serialize)]
pub struct Code {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: &'static str,
    pub summary: &'static str,
    pub explanation: &'static str,
}

/// Every code zonescan knows, rules first.
pub fn codes() -> Vec<Code> {
    let rules = RULES.iter().map(|r| Code {
        code: r.code,
        name: r.name,
        severity: r.severity.as_str(),
        summary: r.summary,
        explanation: r.explanation,
    });
    let unknown = UNKNOWN_CODES.iter().map(|c| Code {
        code: c.code,
        name: c.name,
        severity: "unknown",
        summary: c.summary,
        explanation: c.explanation,
    });
    let buckets = [MOVABLE, UNEXPLAINED].into_iter().map(|code| Code {
        code,
        name: "",
        severity: "",
        summary: reason_summary(code),
        explanation: "",
    });
    rules.chain(unknown).chain(buckets).collect()
}

/// One zone's line of the per-zone table.
#[derive(Debug, Serialize)]
pub struct ZoneLine<'a> {
    pub movable: usize,
    pub evaluated: usize,
    /// Up to three best hosts: `[host name, verdict]`.
    pub best: Vec<(&'a str, &'static str)>,
}

/// One candidate host's line of the per-host table.
#[derive(Debug, Serialize)]
pub struct HostLine {
    pub movable: usize,
    pub evaluated: usize,
    /// Pairs per verdict, in [`CELL_CODES`] order (without `self`).
    pub verdicts: [usize; 5],
}

#[derive(Debug, Serialize)]
pub struct Requirement<'a> {
    pub requirement: &'a str,
    pub holds: bool,
    pub explanation: &'a str,
    pub rows: &'a [usize],
    pub columns: &'a [usize],
}

/// A pair changed since the baseline: `[row, column, before|null, after, direction]`.
pub type ChangeLine = (
    usize,
    usize,
    Option<&'static str>,
    &'static str,
    &'static str,
);

/// The JSON document of the page.
#[derive(Debug, Serialize)]
pub struct Meta<'a> {
    pub generated_at: &'a str,
    pub snapshot: Snapshot<'a>,
    pub cell_codes: [&'static str; 6],
    pub glyphs: [&'static str; 6],
    pub hosts: Vec<Host<'a>>,
    pub zones: Vec<Zone<'a>>,
    /// Indexes into `hosts` of the matrix columns.
    pub columns: &'a [usize],
    /// Index into `hosts` of each zone's source host (`null` when unknown).
    pub zone_hosts: Vec<Option<usize>>,
    pub codes: Vec<Code>,
    pub reasons: Vec<Reason<'a>>,
    pub zone_lines: Vec<ZoneLine<'a>>,
    pub host_lines: Vec<HostLine>,
    pub requirements: Vec<Requirement<'a>>,
    /// Whether a baseline was given (then `changes` may still be empty).
    pub baseline: bool,
    pub changes: Vec<ChangeLine>,
    /// `[code, ran, not applicable, not run, skipped]` per check, over every pair.
    pub coverage: Vec<(String, [usize; 4])>,
    /// Every tag key of the hosts, sorted.
    pub tag_keys: Vec<&'a str>,
}

impl<'a> Meta<'a> {
    pub fn new(
        fleet: &'a FleetResult,
        summary: &'a FleetSummary,
        input: &ReportInput<'a>,
        coverage: Vec<(String, [usize; 4])>,
    ) -> Self {
        let now = input.now_epoch();
        let host_index: BTreeMap<&str, usize> = fleet
            .hosts
            .iter()
            .enumerate()
            .map(|(i, h)| (h.name.as_str(), i))
            .collect();
        let row_index: BTreeMap<(&str, &str), usize> = fleet
            .zones
            .iter()
            .enumerate()
            .map(|(r, z)| ((z.name.as_str(), z.host.as_str()), r))
            .collect();
        let column_index: BTreeMap<&str, usize> = (0..fleet.columns.len())
            .filter_map(|c| fleet.column_host(c).map(|h| (h.name.as_str(), c)))
            .collect();
        let changes = input
            .sorted_changes()
            .into_iter()
            .filter_map(|c| {
                let row = *row_index.get(&(c.zone.as_str(), c.source_host.as_str()))?;
                let column = *column_index.get(c.host.as_str())?;
                Some((
                    row,
                    column,
                    c.before.map(Verdict::as_str),
                    c.after.as_str(),
                    direction_str(c.direction),
                ))
            })
            .collect();
        let mut tag_keys: Vec<&str> = fleet
            .hosts
            .iter()
            .flat_map(|h| h.tags.keys().map(String::as_str))
            .collect();
        tag_keys.sort_unstable();
        tag_keys.dedup();
        Meta {
            generated_at: input.generated_at,
            snapshot: Snapshot {
                path: &fleet.snapshot.path,
                created: fleet.snapshot.created.as_deref(),
                tool: fleet.snapshot.tool.as_deref(),
                age_seconds: age_seconds(now, fleet.snapshot.created.as_deref()),
            },
            cell_codes: CELL_CODES,
            glyphs: super::GLYPHS,
            hosts: fleet.hosts.iter().map(|h| Host::new(h, now)).collect(),
            zones: fleet.zones.iter().map(Zone::from).collect(),
            columns: &fleet.columns,
            zone_hosts: fleet
                .zones
                .iter()
                .map(|z| host_index.get(z.host.as_str()).copied())
                .collect(),
            codes: codes(),
            reasons: summary.reasons.iter().map(Reason::from).collect(),
            zone_lines: summary
                .zones
                .iter()
                .map(|z| ZoneLine {
                    movable: z.movable_count,
                    evaluated: z.evaluated,
                    best: z
                        .best
                        .iter()
                        .map(|b| (b.host.as_str(), b.verdict.as_str()))
                        .collect(),
                })
                .collect(),
            host_lines: summary
                .hosts
                .iter()
                .map(|h| HostLine {
                    movable: h.zones_it_can_take,
                    evaluated: h.evaluated,
                    // CELL_CODES order is best to worst too.
                    verdicts: h.verdicts.in_order(),
                })
                .collect(),
            requirements: input
                .requirements
                .iter()
                .map(|r| Requirement {
                    requirement: &r.requirement,
                    holds: r.holds,
                    explanation: &r.explanation,
                    rows: &r.pairs.rows,
                    columns: &r.pairs.columns,
                })
                .collect(),
            baseline: input.baseline,
            changes,
            coverage,
            tag_keys,
        }
    }
}
