//! ZM103: `sw_cmp` section 3 (zoneadm checks 21 and 22).

use super::Section;
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM103",
    name: "patches-inconsistent",
    severity: Update,
    origin: "zoneadm attach checks 21-22 (sw_cmp)",
    summary: "patches installed on the source differ from the target's (not installed, or another revision)",
    explanation: include_str!("patches_inconsistent.md"),
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    super::report_section(pair, out, Section::PatchInconsistent)
}
