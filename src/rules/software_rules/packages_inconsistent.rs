//! ZM101: `sw_cmp` section 1 (zoneadm checks 21 and 22).

use super::Section;
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM101",
    name: "packages-inconsistent",
    severity: Update,
    origin: "zoneadm attach checks 21-22 (sw_cmp)",
    summary: "packages installed on the source differ from the target's (not installed, or another version)",
    explanation: include_str!("packages_inconsistent.md"),
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    super::report_section(pair, out, Section::PkgInconsistent)
}
