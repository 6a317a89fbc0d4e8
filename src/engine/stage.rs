//! Running rules in stages and putting their results together: a pair's result is the
//! checks of its class, of its zone and of the pair itself, assembled in code order as if
//! every rule had run on the pair at once.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::classes::{Names, render};
use super::{CheckCoverage, CheckStatus, Outcome, Verdict};
use crate::collect::FactId;
use crate::rules::unknown::{FACT_UNAVAILABLE, INTERNAL_ERROR};
use crate::rules::{Finding, Findings, NotRun, Pair, RULES, Ran, Scope, Severity};

/// What one rule gave for one pair (or class).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CheckResult {
    /// Index into [`RULES`].
    pub rule: u8,
    pub status: CheckStatus,
    /// Kept only when the check ran to the end.
    pub findings: Vec<Finding>,
    /// The host and fact it lacked, when it could not run for want of one.
    pub unavailable: Option<(String, FactId)>,
    /// It panicked.
    pub internal: bool,
}

/// The results of the rules of one scope (or of all rules), in code order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Stage {
    pub checks: Vec<CheckResult>,
}

impl Stage {
    /// Runs every rule of `scope` (every rule when `None`) on `pair`.
    pub fn run(pair: &Pair<'_>, scope: Option<Scope>) -> Stage {
        let checks = RULES
            .iter()
            .enumerate()
            .filter(|(_, rule)| scope.is_none_or(|s| rule.scope == s))
            .map(|(index, rule)| {
                let mut out = Findings::new(rule);
                let result = catch_unwind(AssertUnwindSafe(|| (rule.check)(pair, &mut out)));
                let mut check = CheckResult {
                    rule: u8::try_from(index).unwrap_or(u8::MAX),
                    status: CheckStatus::Ran,
                    findings: Vec::new(),
                    unavailable: None,
                    internal: false,
                };
                match result {
                    // A check that could not finish may have produced partial findings;
                    // they are kept only when it completed.
                    Ok(Ok(Ran::Checked)) => check.findings = out.into_vec(),
                    Ok(Ok(Ran::NotApplicable)) => check.status = CheckStatus::NotApplicable,
                    Ok(Err(NotRun::Skipped { reason })) => {
                        check.status = CheckStatus::Skipped { reason }
                    }
                    Ok(Err(NotRun::Unavailable { host, fact, reason })) => {
                        check.unavailable = Some((host, fact));
                        check.status = CheckStatus::NotRun { reason };
                    }
                    Err(_) => {
                        check.internal = true;
                        check.status = CheckStatus::NotRun {
                            reason: "the check failed internally".into(),
                        };
                    }
                }
                check
            })
            .collect();
        Stage { checks }
    }
}

/// Puts stages together into a pair's outcome. `names` are the pair's names, needed
/// only to order and group the "could not run" findings as a whole-pair run would
/// (they are grouped by host and fact, hosts by name); the outcome's texts keep any
/// placeholders the stages hold.
pub fn assemble(stages: &[&Stage], names: &Names<'_>) -> Outcome {
    let mut checks: Vec<&CheckResult> = stages.iter().flat_map(|s| &s.checks).collect();
    checks.sort_by_key(|c| c.rule);
    let mut findings = Vec::new();
    let mut coverage = Vec::with_capacity(checks.len());
    // (host, fact) -> (reason, codes), so one missing fact gives one finding.
    let mut unavailable: BTreeMap<(String, FactId), (&str, Vec<&'static str>)> = BTreeMap::new();
    let mut internal = Vec::new();
    for check in checks {
        let code = RULES[usize::from(check.rule)].code;
        findings.extend(check.findings.iter().cloned());
        if let (Some((host, fact)), CheckStatus::NotRun { reason }) =
            (&check.unavailable, &check.status)
        {
            let host = render(host, names).into_owned();
            unavailable
                .entry((host, *fact))
                .or_insert_with(|| (reason, Vec::new()))
                .1
                .push(code);
        }
        if check.internal {
            internal.push(code);
        }
        coverage.push(CheckCoverage {
            code,
            status: check.status.clone(),
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
    Outcome {
        verdict: Verdict::from_findings(&findings),
        findings,
        coverage: coverage.into(),
    }
}
