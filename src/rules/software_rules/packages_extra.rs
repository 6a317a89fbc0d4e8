//! ZM102: `sw_cmp` section 2 (zoneadm checks 21 and 22).

use super::Section;
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM102",
    name: "packages-extra",
    severity: Update,
    origin: "zoneadm attach checks 21-22 (sw_cmp)",
    summary: "the target has packages the source does not have",
    explanation: include_str!("packages_extra.md"),
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    super::report_section(pair, out, Section::PkgExtra)
}
