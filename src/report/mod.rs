//! Renders results for people and programs. Every renderer returns bytes (a `String`) or
//! streams them into an `impl Write`; writing them out is the caller's business, except for
//! the fleet reports, which [`write`](mod@write) puts into the output directory atomically.
//!
//! The fleet reports (`zonescan` over a whole snapshot):
//!
//! - [`csv`]: `matrix.csv`, `pairs.csv`, `findings.csv`, streamed through `csv::Writer`;
//!   the last two a row per pair or, for large fleets, grouped by outcome ([`LongForm`]);
//! - [`json`]: `report.json`, with its wire types in [`json_types`];
//! - [`html`]: `report.html`, one self-contained interactive page;
//! - [`summary`]: the aggregates every report shares ([`summary::FleetSummary`]);
//! - [`terminal`]: the summary printed at the end of a run;
//! - [`write`](mod@write): atomic writes (temporary file, then rename) and [`write::write_all`],
//!   which writes the five side by side, with what they derive from the outcomes (evidence
//!   excerpts, say) computed once.
//!
//! Every fleet report is deterministic: it depends only on the [`FleetResult`](crate::engine::FleetResult) (already
//! sorted), the [`ReportInput`] and nothing else (no clock, no hash order, no thread count).

pub mod check;
pub mod csv;
pub mod html;
pub mod json;
pub mod json_types;
mod parallel;
pub mod rules;
mod shared;
pub mod summary;
pub mod terminal;
pub mod time;
pub mod write;

#[cfg(test)]
mod test_fleet;

#[cfg(test)]
mod evidence_tests {
    use super::{EVIDENCE_LINES, evidence_excerpt};

    #[test]
    fn short_evidence_is_kept_whole_and_long_evidence_is_cut() {
        assert_eq!(evidence_excerpt("a\nb\n"), "a\nb\n");
        let long: String = (0..EVIDENCE_LINES + 5)
            .map(|i| format!("line {i}\n"))
            .collect();
        let cut = evidence_excerpt(&long);
        assert_eq!(cut.lines().count(), EVIDENCE_LINES + 1);
        assert!(
            cut.ends_with("... 5 more lines (zonescan check --format text prints them all)"),
            "{cut}"
        );
    }

    #[test]
    fn auto_groups_only_large_matrices() {
        use super::{AUTO_GROUPED_ABOVE, LongForm};
        assert_eq!(LongForm::auto(0), LongForm::All);
        assert_eq!(LongForm::auto(AUTO_GROUPED_ABOVE), LongForm::All);
        assert_eq!(LongForm::auto(AUTO_GROUPED_ABOVE + 1), LongForm::Grouped);
        assert_eq!(LongForm::auto(9_990_000).as_str(), "grouped");
    }
}

use std::collections::BTreeMap;

use crate::engine::Verdict;
use crate::gate::{Direction, PairChange, RequirementResult};

/// Lines of evidence a fleet report keeps per finding. A software report can run to a
/// thousand lines per pair, which a spreadsheet cell cannot show and which would make the
/// fleet reports grow with packages times pairs; `zonescan check` prints it whole.
pub const EVIDENCE_LINES: usize = 20;

/// The evidence as fleet reports keep it: the first [`EVIDENCE_LINES`] lines, then a line
/// saying how many more there are and where to see them.
pub fn evidence_excerpt(evidence: &str) -> std::borrow::Cow<'_, str> {
    let mut lines = evidence.split_inclusive('\n');
    let kept: usize = lines.by_ref().take(EVIDENCE_LINES).map(str::len).sum();
    let more = lines.count();
    if more == 0 {
        return std::borrow::Cow::Borrowed(evidence);
    }
    let head = evidence
        .get(..kept)
        .unwrap_or(evidence)
        .trim_end_matches('\n');
    std::borrow::Cow::Owned(format!(
        "{head}\n... {more} more lines (zonescan check --format text prints them all)"
    ))
}

/// Which pairs the long-form reports (`pairs.csv`, `findings.csv`) list, and how. The
/// matrix, and `report.json`'s cells and outcomes, always cover every pair.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LongForm {
    /// Every evaluated pair, a row each.
    #[default]
    All,
    /// Only pairs whose verdict is not `ok`, a row each.
    NonOk,
    /// Only pairs whose verdict is not `ok`, grouped: `pairs.csv` has a row per (zone,
    /// outcome, change) listing its hosts, and `findings.csv` a row per finding of each
    /// distinct outcome ([`csv`] describes both). Their size follows the problems rather
    /// than the pairs, which the other forms cannot at millions of pairs: most pairs of a
    /// large fleet fail (across releases) with the same few findings.
    Grouped,
}

/// [`LongForm::auto`] lists every pair up to this many pairs, and groups them above.
pub const AUTO_GROUPED_ABOVE: usize = 250_000;

impl LongForm {
    /// The name recorded in `report.json` (`options.long_form`) and the terminal summary.
    pub fn as_str(self) -> &'static str {
        match self {
            LongForm::All => "all",
            LongForm::NonOk => "non_ok",
            LongForm::Grouped => "grouped",
        }
    }

    /// The form for a matrix of `pairs` evaluated pairs when none was asked for: [`All`]
    /// up to [`AUTO_GROUPED_ABOVE`] pairs (a row per pair is what a spreadsheet wants),
    /// [`Grouped`] above (a row per pair would run to gigabytes).
    ///
    /// [`All`]: LongForm::All
    /// [`Grouped`]: LongForm::Grouped
    pub fn auto(pairs: usize) -> LongForm {
        if pairs > AUTO_GROUPED_ABOVE {
            LongForm::Grouped
        } else {
            LongForm::All
        }
    }

    /// Whether a pair with this verdict is listed.
    pub fn includes(self, verdict: Verdict) -> bool {
        match self {
            LongForm::All => true,
            LongForm::NonOk | LongForm::Grouped => verdict != Verdict::Ok,
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
    /// Whether a baseline was given: then `changes` is its comparison, possibly empty.
    pub baseline: bool,
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

/// The baseline change of each pair, looked up by (zone, source host, host).
#[derive(Debug, Default)]
pub(crate) struct ChangeIndex<'a> {
    map: BTreeMap<(&'a str, &'a str, &'a str), Direction>,
}

impl<'a> ChangeIndex<'a> {
    /// A pair listed twice counts as `worse` if either says so, whatever their order.
    pub(crate) fn new(changes: &'a [PairChange]) -> Self {
        let mut map: BTreeMap<_, Direction> = BTreeMap::new();
        for c in changes {
            map.entry((c.zone.as_str(), c.source_host.as_str(), c.host.as_str()))
                .and_modify(|d| *d = (*d).min(c.direction))
                .or_insert(c.direction);
        }
        ChangeIndex { map }
    }

    /// The change of a pair, `None` when it did not change (or there is no baseline).
    pub(crate) fn get(&self, zone: &str, source_host: &str, host: &str) -> Option<Direction> {
        if self.map.is_empty() {
            return None;
        }
        self.map.get(&(zone, source_host, host)).copied()
    }
}

/// `worse` or `better`.
pub fn direction_str(direction: Direction) -> &'static str {
    match direction {
        Direction::Worse => "worse",
        Direction::Better => "better",
    }
}
