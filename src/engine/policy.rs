//! The operator's policy: per-code severity overrides and ignored codes, applied to each
//! pair's findings before its verdict is decided.

use std::collections::{BTreeMap, BTreeSet};

use super::{PairResult, Verdict};
use crate::rules::Severity;

/// Severity overrides and ignored codes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    pub severity: BTreeMap<String, Severity>,
    pub ignore: BTreeSet<String>,
}

impl Policy {
    pub fn is_empty(&self) -> bool {
        self.severity.is_empty() && self.ignore.is_empty()
    }

    /// Drops ignored findings, re-grades overridden ones and recomputes the verdict.
    pub fn apply(&self, result: &mut PairResult) {
        if self.is_empty() {
            return;
        }
        result.findings.retain(|f| !self.ignore.contains(f.code));
        for f in &mut result.findings {
            if let Some(&severity) = self.severity.get(f.code) {
                f.severity = severity;
            }
        }
        result.verdict = Verdict::from_findings(&result.findings);
    }
}
