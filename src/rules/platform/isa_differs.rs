//! ZM011: advisory, a zone cannot move between instruction set architectures.

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM011",
    name: "isa-differs",
    severity: Error,
    origin: "advisory (migration documentation)",
    summary: "the target has another instruction set (sparc vs i386)",
    explanation: "\
What it checks: `uname -p` of the source and the target.

Why it matters: the zone's binaries are built for one instruction set. zoneadm does not
compare architectures, so an attach across SPARC and x86 may even succeed for an IPS zone,
but nothing in the zone can run.

How to fix: choose a target of the same architecture, or rebuild the zone there.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let (src, dst) = super::machine_classes(pair)?;
    if src.isa != dst.isa {
        out.push(format!(
            "the zone's binaries are for {}; the target is {}",
            src.isa, dst.isa
        ));
    }
    Ok(Ran::Checked)
}
