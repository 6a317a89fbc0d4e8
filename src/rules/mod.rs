//! The rule set: one file per check, each with a stable code, a default severity that
//! follows Solaris (an error makes attach fail, a warning does not), its message in
//! Solaris' own wording where Solaris has one, and an explanation.
//!
//! Code families: ZM0xx platform and DTD, ZM1xx software, ZM2xx network, ZM3xx storage,
//! ZM4xx resources, ZM5xx clashes with what is already on the target. "Could not check"
//! has its own family, ZU, in [`unknown`]. Codes are never reused.

mod context;
pub mod link_users;
pub mod registry;
#[cfg(test)]
mod testing;
pub mod unknown;

mod clashes;
pub mod network;
mod platform;
mod resources;
pub mod software_rules;
pub mod storage;

pub use context::{
    Finding, Findings, HostZone, IpInterface, NativeComparison, NotRun, Pair, PairCache, Ran,
    TargetIndex,
};
pub use registry::{RULES, find_rule};

use std::fmt;

use serde::Serialize;

/// How much a finding matters for the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Attach fails.
    Error,
    /// A check that applies could not run ("could not check" codes only).
    Unknown,
    /// Attach succeeds only with `zoneadm attach -u` (the target is newer).
    Update,
    /// Attach succeeds; something will not work as configured.
    Warning,
    /// For the record; does not change the verdict.
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Unknown => "unknown",
            Severity::Update => "update",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a check's result depends on, which decides how often the engine runs it for a
/// fleet. A check must read nothing outside its scope: the engine shows it only that much
/// (see `engine::classes`), and `--no-dedup` runs every check on every pair to compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The zone's software, platform and resource settings (not its name, paths, networks
    /// or datasets) against the same kind of facts of the target and source hosts: run
    /// once per class of equal zones and hosts.
    Class,
    /// The whole zone against the target's zonecfg DTD only: run once per zone and DTD.
    Zone,
    /// The whole zone against the whole target (names, addresses, paths, datasets, the
    /// zones already there): run for every pair.
    Pair,
}

impl Scope {
    /// How often the check runs in a fleet, for `zonescan explain`.
    pub fn describe(self) -> &'static str {
        match self {
            Scope::Class => "runs once per class of zones and hosts",
            Scope::Zone => "runs once per zone and target DTD",
            Scope::Pair => "runs for every pair",
        }
    }
}

/// A check: returns whether it applied to this manifest, or why it could not run.
pub type CheckFn = fn(&Pair<'_>, &mut Findings) -> Result<Ran, NotRun>;

/// Everything known about one rule.
#[derive(Debug)]
pub struct Rule {
    pub code: &'static str,
    /// Kebab-case name, e.g. `dtd-invalid`.
    pub name: &'static str,
    pub severity: Severity,
    pub scope: Scope,
    /// One line, for `zonescan rules`.
    pub summary: &'static str,
    /// What it checks, why it matters, how to fix it (`zonescan explain`).
    pub explanation: &'static str,
    /// Where the check comes from: a zoneadm check number of domain.md §2.2, or advisory.
    pub origin: &'static str,
    pub check: CheckFn,
}

/// Declares a rule as a `pub static RULE` next to its check function.
macro_rules! rule {
    (
        code: $code:literal,
        name: $name:literal,
        severity: $sev:ident,
        scope: $scope:ident,
        origin: $origin:literal,
        summary: $summary:literal,
        explanation: $explanation:expr,
        check: $check:path $(,)?
    ) => {
        pub static RULE: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            name: $name,
            severity: $crate::rules::Severity::$sev,
            scope: $crate::rules::Scope::$scope,
            summary: $summary,
            explanation: $explanation,
            origin: $origin,
            check: $check,
        };
    };
}
pub(crate) use rule;
