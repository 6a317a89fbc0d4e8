//! The verdict of a pair and its precedence.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::rules::{Finding, Severity};

/// What a pair's checks add up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Ok,
    /// Warnings only: attaches, something will not work as configured.
    Warn,
    /// Attaches only with `zoneadm attach -u`.
    Update,
    /// A check that applies could not run, and no error was found.
    Unknown,
    /// At least one error: attach fails.
    Fail,
}

impl Verdict {
    /// `fail` if any error; otherwise `unknown` if a check could not run; otherwise
    /// `update`, `warn`, `ok`.
    pub fn from_findings(findings: &[Finding]) -> Verdict {
        let has = |s: Severity| findings.iter().any(|f| f.severity == s);
        if has(Severity::Error) {
            Verdict::Fail
        } else if has(Severity::Unknown) {
            Verdict::Unknown
        } else if has(Severity::Update) {
            Verdict::Update
        } else if has(Severity::Warning) {
            Verdict::Warn
        } else {
            Verdict::Ok
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Warn => "warn",
            Verdict::Update => "update",
            Verdict::Unknown => "unknown",
            Verdict::Fail => "fail",
        }
    }

    /// Whether the zone can move to the host (possibly with `attach -u`).
    pub fn is_movable(self) -> bool {
        matches!(self, Verdict::Ok | Verdict::Warn | Verdict::Update)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(severity: Severity) -> Finding {
        Finding {
            code: "ZM000",
            severity,
            message: String::new(),
            evidence: None,
        }
    }

    #[test]
    fn precedence() {
        use Severity::*;
        let v = |s: &[Severity]| {
            Verdict::from_findings(&s.iter().map(|&s| finding(s)).collect::<Vec<_>>())
        };
        assert_eq!(v(&[]), Verdict::Ok);
        assert_eq!(v(&[Info]), Verdict::Ok);
        assert_eq!(v(&[Warning]), Verdict::Warn);
        assert_eq!(v(&[Warning, Update]), Verdict::Update);
        assert_eq!(v(&[Update, Unknown]), Verdict::Unknown);
        assert_eq!(v(&[Unknown, Error, Warning]), Verdict::Fail);
    }
}
