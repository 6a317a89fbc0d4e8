//! The aggregates every fleet report shares: per zone how many hosts can take it and the
//! best ones, per host how many zones it can take, verdict counts, and the fleet's blocking
//! reasons, one per pair, so that their counts add up to the number of pairs.

use std::collections::BTreeMap;

use crate::engine::{FleetResult, PairView, Verdict};
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

impl FleetSummary {
    pub fn new(fleet: &FleetResult) -> FleetSummary {
        let width = fleet.columns.len();
        let mut verdicts = VerdictCounts::default();
        let mut host_verdicts = vec![VerdictCounts::default(); width];
        let mut reasons: BTreeMap<&'static str, usize> = BTreeMap::new();
        let mut zones = Vec::with_capacity(fleet.zones.len());
        for (row, zone) in fleet.zones.iter().enumerate() {
            let mut movable: Vec<PairView<'_>> = Vec::new();
            let mut evaluated = 0;
            for column in 0..width {
                let Some(pair) = fleet.pair(row, column) else {
                    continue;
                };
                evaluated += 1;
                verdicts.add(pair.verdict());
                if let Some(counts) = host_verdicts.get_mut(column) {
                    counts.add(pair.verdict());
                }
                *reasons
                    .entry(primary_reason(pair.verdict(), pair.findings()))
                    .or_default() += 1;
                if pair.verdict().is_movable() {
                    movable.push(pair);
                }
            }
            let movable_count = movable.len();
            let mut best: Vec<BestHost> = movable
                .into_iter()
                .map(|p| BestHost {
                    host: p.host().to_string(),
                    verdict: p.verdict(),
                    warnings: count_severity(p.findings(), Severity::Warning),
                })
                .collect();
            best.sort_by(|a, b| {
                (a.verdict, a.warnings, &a.host).cmp(&(b.verdict, b.warnings, &b.host))
            });
            best.truncate(BEST_HOSTS);
            zones.push(ZoneSummary {
                zone: zone.name.clone(),
                host: zone.host.clone(),
                movable_count,
                evaluated,
                best,
            });
        }
        let hosts = host_verdicts
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
        let mut reasons: Vec<ReasonCount> = reasons
            .into_iter()
            .map(|(code, pairs)| ReasonCount {
                code,
                pairs,
                summary: reason_summary(code),
            })
            .collect();
        // The map iterates by code, and the sort is stable: ties stay in code order.
        reasons.sort_by_key(|r| std::cmp::Reverse(r.pairs));
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
mod tests {
    use super::*;
    use crate::report::test_fleet::{big_fleet, fleet};

    #[test]
    fn small_fleet() {
        let s = FleetSummary::new(&fleet());
        assert_eq!(s.pairs, 6);
        assert_eq!(
            s.verdicts,
            VerdictCounts {
                ok: 1,
                warn: 1,
                update: 1,
                unknown: 1,
                fail: 2
            }
        );
        let zones: Vec<_> = s
            .zones
            .iter()
            .map(|z| {
                let best: Vec<_> = z
                    .best
                    .iter()
                    .map(|b| format!("{}:{}", b.host, b.verdict))
                    .collect();
                (
                    z.zone.as_str(),
                    z.movable_count,
                    z.evaluated,
                    best.join(" "),
                )
            })
            .collect();
        assert_eq!(
            zones,
            [
                ("app01", 2, 2, "s10-b:ok s10-c:warn".to_string()),
                ("db01", 0, 2, String::new()),
                ("web01", 1, 2, "s10-a:update".to_string()),
            ]
        );
        let hosts: Vec<_> = s
            .hosts
            .iter()
            .map(|h| (h.host.as_str(), h.zones_it_can_take, h.evaluated))
            .collect();
        assert_eq!(hosts, [("s10-a", 1, 1), ("s10-b", 1, 2), ("s10-c", 1, 3)]);
        let reasons: Vec<_> = s.reasons.iter().map(|r| (r.code, r.pairs)).collect();
        assert_eq!(
            reasons,
            [(MOVABLE, 3), ("ZM105", 1), ("ZM503", 1), ("ZU001", 1)]
        );
        assert_eq!(
            s.reasons[1].summary,
            crate::rules::find_rule("ZM105").map_or("", |r| r.summary)
        );
        assert_eq!(
            s.reasons[3].summary,
            crate::rules::unknown::FACT_UNAVAILABLE.summary
        );
    }

    #[test]
    fn reasons_add_up_to_the_pairs() {
        for f in [fleet(), big_fleet(40, 9), FleetResult::default()] {
            let s = FleetSummary::new(&f);
            assert_eq!(s.pairs, f.pair_count());
            assert_eq!(s.reasons.iter().map(|r| r.pairs).sum::<usize>(), s.pairs);
            assert_eq!(s.verdicts.total(), s.pairs);
            assert_eq!(
                s.zones.iter().map(|z| z.evaluated).sum::<usize>(),
                s.pairs,
                "every pair belongs to one zone"
            );
            assert_eq!(
                s.hosts.iter().map(|h| h.evaluated).sum::<usize>(),
                s.pairs,
                "every pair belongs to one host"
            );
            let movable = s.reasons.iter().find(|r| r.code == MOVABLE);
            assert_eq!(movable.map_or(0, |r| r.pairs), s.verdicts.movable());
            for w in s.reasons.windows(2) {
                assert!(
                    (w[0].pairs, w[1].code) >= (w[1].pairs, w[0].code),
                    "ranked by count, then code"
                );
            }
        }
    }

    #[test]
    fn best_hosts_ranked_by_verdict_warnings_and_name() {
        use crate::engine::{FleetHost, FleetZone};
        use crate::report::test_fleet::{finding, pair};
        let names = ["h1", "h2", "h3", "h4", "h5"];
        let mut f = FleetResult {
            hosts: names
                .iter()
                .map(|n| FleetHost {
                    name: (*n).into(),
                    ..FleetHost::default()
                })
                .collect(),
            zones: vec![FleetZone {
                name: "z".into(),
                host: "src".into(),
                ..FleetZone::default()
            }],
            columns: (0..names.len()).collect(),
            ..FleetResult::default()
        };
        let warn = |n| {
            (0..n)
                .map(|_| finding("ZM010", Severity::Warning, "release differs"))
                .collect::<Vec<_>>()
        };
        let mut upd = warn(0);
        upd.push(finding("ZM101", Severity::Update, "update"));
        f.set_cells(vec![
            Some(pair("z", "h1", Verdict::Update, upd)),
            Some(pair("z", "h2", Verdict::Warn, warn(2))),
            Some(pair("z", "h3", Verdict::Warn, warn(1))),
            Some(pair("z", "h4", Verdict::Warn, warn(1))),
            Some(pair("z", "h5", Verdict::Fail, Vec::new())),
        ]);
        let s = FleetSummary::new(&f);
        let best: Vec<_> = s.zones[0].best.iter().map(|b| b.host.as_str()).collect();
        assert_eq!(best, ["h3", "h4", "h2"]);
        assert_eq!(s.zones[0].movable_count, 4);
        // A fail pair without an error finding still counts once.
        assert!(
            s.reasons
                .iter()
                .any(|r| r.code == UNEXPLAINED && r.pairs == 1)
        );
    }

    #[test]
    fn first_blocking_prefers_errors_over_unknowns() {
        use crate::report::test_fleet::{finding, pair};
        let p = pair(
            "z",
            "h",
            Verdict::Fail,
            vec![
                finding("ZM010", Severity::Warning, "w"),
                finding("ZU001", Severity::Unknown, "u"),
                finding("ZM503", Severity::Error, "e"),
            ],
        );
        assert_eq!(first_blocking(&p.findings).map(|f| f.code), Some("ZM503"));
        assert_eq!(primary_reason(p.verdict, &p.findings), "ZM503");
        let ok = pair(
            "z",
            "h",
            Verdict::Warn,
            vec![finding("ZM010", Severity::Warning, "w")],
        );
        assert_eq!(first_blocking(&ok.findings).map(|f| f.code), None);
        assert_eq!(primary_reason(ok.verdict, &ok.findings), MOVABLE);
    }
}
