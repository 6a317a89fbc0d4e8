//! ZM012: advisory, the machine class must be the same (sun4u to sun4v is ZM013).

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM012",
    name: "machine-class-differs",
    severity: Error,
    origin: "advisory (migration documentation)",
    summary: "the target has another machine class (uname -m)",
    explanation: "\
What it checks: `uname -m` of the source and the target, within one instruction set.

Why it matters: the documentation requires the same machine class on both sides. The one
supported change is sun4u to sun4v, with attach -u (ZM013); anything else, such as sun4v
to sun4u, leaves the zone with platform packages for the wrong machine.

How to fix: choose a target with the source's machine class.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let (src, dst) = super::machine_classes(pair)?;
    let supported_upgrade = src.machine == "sun4u" && dst.machine == "sun4v";
    if src.isa == dst.isa && src.machine != dst.machine && !supported_upgrade {
        out.push(format!(
            "the zone comes from a {} machine; the target is {}",
            src.machine, dst.machine
        ));
    }
    Ok(Ran::Checked)
}
