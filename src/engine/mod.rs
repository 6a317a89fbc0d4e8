//! Evaluates (zone, host) pairs: runs every rule, turns what could not run into
//! "could not check" findings, and decides the verdict.

pub mod classes;
pub mod fleet;
mod interner;
pub mod load;
pub mod matrix;
mod pair_groups;
pub mod policy;
pub mod stage;
mod verdict;

pub use fleet::{Cell, FleetHost, FleetResult, FleetZone, PairView, Roles, SnapshotInfo};
pub use load::{LoadedHost, LoadedSnapshot, LoadedZone, load_snapshot};
pub use matrix::{MatrixOptions, Timings, evaluate_matrix, evaluate_matrix_timed};
pub use policy::apply_policy;
pub use verdict::Verdict;

use serde::Serialize;

use crate::facts::{Fact, HostFacts};
use crate::manifest::Manifest;
use crate::rules::unknown::MANIFEST_UNREADABLE;
use crate::rules::{Finding, Pair, PairCache, RULES, Severity};
use crate::version::ips::Fmri;

/// A zone as the engine needs it: its manifest (or why there is none) and zone-level facts.
#[derive(Debug, Clone, Copy)]
pub struct ZoneSubject<'a> {
    pub name: &'a str,
    pub manifest: Result<&'a Manifest, &'a str>,
    /// The zone image's `entire`, for IPS brands.
    pub entire: Option<&'a Fact<Fmri>>,
}

/// What happened to one check for one pair.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum CheckStatus {
    /// The check ran (it may or may not have found something).
    Ran,
    /// Nothing in the manifest for this check to look at.
    NotApplicable,
    /// Data it needs is unavailable; the verdict is at best `unknown`.
    NotRun { reason: String },
    /// Not asked for; the verdict does not depend on it.
    Skipped { reason: String },
}

/// One line of a pair's coverage.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct CheckCoverage {
    pub code: &'static str,
    #[serde(flatten)]
    pub status: CheckStatus,
}

/// The evaluation of one (zone, host) pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PairResult {
    pub zone: String,
    pub host: String,
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
    pub coverage: Vec<CheckCoverage>,
}

/// The evaluation of one pair without its names: what a matrix cell points to. Its texts
/// may hold name placeholders ([`classes::render`] fills them in).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Outcome {
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
    /// Shared: a fleet's outcomes have few distinct coverage lists.
    pub coverage: std::sync::Arc<[CheckCoverage]>,
}

impl Outcome {
    /// The outcome with its placeholders filled in, for one pair.
    pub fn rendered(&self, names: &classes::Names<'_>) -> PairResult {
        let text = |t: &str| classes::render(t, names).into_owned();
        PairResult {
            zone: names.zone.to_string(),
            host: names.target.to_string(),
            verdict: self.verdict,
            findings: self
                .findings
                .iter()
                .map(|f| Finding {
                    message: text(&f.message),
                    evidence: f
                        .evidence
                        .as_ref()
                        .map(|e| match classes::render(e, names) {
                            std::borrow::Cow::Borrowed(_) => e.clone(),
                            std::borrow::Cow::Owned(o) => o.into(),
                        }),
                    ..f.clone()
                })
                .collect(),
            coverage: self
                .coverage
                .iter()
                .map(|c| CheckCoverage {
                    code: c.code,
                    status: match &c.status {
                        CheckStatus::NotRun { reason } => CheckStatus::NotRun {
                            reason: text(reason),
                        },
                        CheckStatus::Skipped { reason } => CheckStatus::Skipped {
                            reason: text(reason),
                        },
                        other => other.clone(),
                    },
                })
                .collect(),
        }
    }
}

impl From<PairResult> for Outcome {
    fn from(r: PairResult) -> Outcome {
        Outcome {
            verdict: r.verdict,
            findings: r.findings,
            coverage: r.coverage.into(),
        }
    }
}

/// Evaluates one pair with every rule, from scratch.
pub fn evaluate_pair(
    zone: &ZoneSubject<'_>,
    target: &HostFacts,
    source: Option<&HostFacts>,
) -> PairResult {
    let names = classes::Names {
        zone: zone.name,
        target: &target.name,
        source: source.map_or("", |s| s.name.as_str()),
    };
    outcome_from_scratch(zone, target, source, &names).rendered(&names)
}

/// Every rule on one pair, from scratch (no class views, no target index): what
/// `evaluate_pair` and `--no-dedup` give.
pub(crate) fn outcome_from_scratch(
    zone: &ZoneSubject<'_>,
    target: &HostFacts,
    source: Option<&HostFacts>,
    names: &classes::Names<'_>,
) -> Outcome {
    match zone.manifest {
        Ok(manifest) => {
            let cache = PairCache::default();
            let pair = Pair {
                zone: zone.name,
                manifest,
                zone_entire: zone.entire,
                target,
                source,
                cache: &cache,
                index: None,
            };
            stage::assemble(&[&stage::Stage::run(&pair, None)], names)
        }
        Err(reason) => unreadable(reason),
    }
}

/// The outcome of every pair of a zone whose manifest could not be read.
pub(crate) fn unreadable(reason: &str) -> Outcome {
    let findings = vec![Finding {
        code: MANIFEST_UNREADABLE.code,
        severity: Severity::Unknown,
        message: format!("manifest of zone {}: {reason}", classes::ZONE),
        evidence: None,
    }];
    let coverage = RULES
        .iter()
        .map(|r| CheckCoverage {
            code: r.code,
            status: CheckStatus::NotRun {
                reason: "the zone's manifest could not be read".into(),
            },
        })
        .collect();
    Outcome {
        verdict: Verdict::Unknown,
        findings,
        coverage,
    }
}
