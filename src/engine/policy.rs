//! Applies the operator's policy (per-code severity overrides and ignored codes, from the
//! inventory) to a pair's findings before its verdict is decided.

use super::{Outcome, Verdict};
use crate::inventory::Policy;

/// Drops ignored findings, re-grades overridden ones and recomputes the verdict.
pub fn apply_policy(policy: &Policy, result: &mut Outcome) {
    if policy.is_empty() {
        return;
    }
    result
        .findings
        .retain_mut(|f| match policy.apply(f.code, f.severity) {
            Some(severity) => {
                f.severity = severity;
                true
            }
            None => false,
        });
    result.verdict = Verdict::from_findings(&result.findings);
}
