//! Evaluates (zone, host) pairs: runs every rule, turns what could not run into
//! "could not check" findings, and decides the verdict.

pub mod fleet;
pub mod load;
pub mod matrix;
pub mod policy;
mod verdict;

pub use fleet::{Cell, FleetHost, FleetResult, FleetZone, Roles, SnapshotInfo};
pub use load::{LoadedHost, LoadedSnapshot, LoadedZone, load_snapshot};
pub use matrix::{MatrixOptions, evaluate_matrix};
pub use policy::apply_policy;
pub use verdict::Verdict;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use serde::Serialize;

use crate::collect::FactId;
use crate::facts::{Fact, HostFacts};
use crate::manifest::Manifest;
use crate::rules::unknown::{FACT_UNAVAILABLE, INTERNAL_ERROR, MANIFEST_UNREADABLE};
use crate::rules::{
    Finding, Findings, NotRun, Pair, PairCache, RULES, Ran, Severity, SharedNative,
};
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

/// Evaluates one pair with every rule.
pub fn evaluate_pair(
    zone: &ZoneSubject<'_>,
    target: &HostFacts,
    source: Option<&HostFacts>,
) -> PairResult {
    evaluate_pair_shared(zone, target, source, None)
}

/// Evaluates one pair, sharing the native software comparison with the other pairs of
/// the same software class and target through `shared`.
pub fn evaluate_pair_shared(
    zone: &ZoneSubject<'_>,
    target: &HostFacts,
    source: Option<&HostFacts>,
    shared: Option<SharedNative<'_>>,
) -> PairResult {
    let manifest = match zone.manifest {
        Ok(m) => m,
        Err(reason) => return unreadable(zone.name, &target.name, reason),
    };
    let cache = PairCache::default();
    let pair = Pair {
        zone: zone.name,
        manifest,
        zone_entire: zone.entire,
        target,
        source,
        cache: &cache,
        shared,
    };
    let mut findings = Vec::new();
    let mut coverage = Vec::with_capacity(RULES.len());
    // (host, fact) -> (reason, codes), so one missing fact gives one finding.
    let mut unavailable: BTreeMap<(String, FactId), (String, Vec<&'static str>)> = BTreeMap::new();
    let mut internal = Vec::new();
    for rule in RULES {
        let mut out = Findings::new(rule);
        let result = catch_unwind(AssertUnwindSafe(|| (rule.check)(&pair, &mut out)));
        let status = match result {
            Ok(Ok(Ran::Checked)) => CheckStatus::Ran,
            Ok(Ok(Ran::NotApplicable)) => CheckStatus::NotApplicable,
            Ok(Err(NotRun::Skipped { reason })) => CheckStatus::Skipped { reason },
            Ok(Err(NotRun::Unavailable { host, fact, reason })) => {
                unavailable
                    .entry((host, fact))
                    .or_insert_with(|| (reason.clone(), Vec::new()))
                    .1
                    .push(rule.code);
                CheckStatus::NotRun { reason }
            }
            Err(_) => {
                internal.push(rule.code);
                CheckStatus::NotRun {
                    reason: "the check failed internally".into(),
                }
            }
        };
        // A check that could not finish may have produced partial findings; keep them
        // only when it completed.
        if matches!(status, CheckStatus::Ran) {
            findings.extend(out.into_vec());
        }
        coverage.push(CheckCoverage {
            code: rule.code,
            status,
        });
    }
    for (_, (reason, codes)) in unavailable {
        findings.push(Finding {
            code: FACT_UNAVAILABLE.code,
            severity: Severity::Unknown,
            message: format!("could not run {}: {reason}", codes.join(", ")),
            evidence: None,
        });
    }
    if !internal.is_empty() {
        findings.push(Finding {
            code: INTERNAL_ERROR.code,
            severity: Severity::Unknown,
            message: format!("internal error in {}", internal.join(", ")),
            evidence: None,
        });
    }
    PairResult {
        zone: zone.name.to_string(),
        host: target.name.clone(),
        verdict: Verdict::from_findings(&findings),
        findings,
        coverage,
    }
}

fn unreadable(zone: &str, host: &str, reason: &str) -> PairResult {
    let findings = vec![Finding {
        code: MANIFEST_UNREADABLE.code,
        severity: Severity::Unknown,
        message: format!("manifest of zone {zone}: {reason}"),
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
    PairResult {
        zone: zone.to_string(),
        host: host.to_string(),
        verdict: Verdict::Unknown,
        findings,
        coverage,
    }
}
