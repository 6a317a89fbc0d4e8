//! ZM011: advisory, a zone cannot move between instruction set architectures.

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM011",
    name: "isa-differs",
    severity: Error,
    scope: Class,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_across_architectures() {
        let src = platform("a", "5.11", "sun4v", "sparc", U11);
        let dst = platform("b", "5.11", "i86pc", "i386", U11);
        assert_eq!(messages(&RULE, &manifest(), &dst, Some(&src)).len(), 1);
    }

    #[test]
    fn passes_within_one_architecture() {
        let src = platform("a", "5.11", "sun4u", "sparc", U11);
        let dst = platform("b", "5.11", "sun4v", "sparc", U11);
        assert!(messages(&RULE, &manifest(), &dst, Some(&src)).is_empty());
    }
}
