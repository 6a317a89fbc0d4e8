//! ZM013: sun4u to sun4v is allowed, but only with `zoneadm attach -u`.

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM013",
    name: "sun4u-to-sun4v",
    severity: Update,
    scope: Class,
    origin: "advisory (migration documentation)",
    summary: "a sun4u zone moves to a sun4v host: attach only with -u",
    explanation: "\
What it checks: a zone from a sun4u host whose target is sun4v.

Why it matters: this is the one machine-class change the documentation supports, and only
with zoneadm attach -u, which updates the zone's platform packages to the target's.

How to fix: attach with -u; nothing else is needed.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let (src, dst) = super::machine_classes(pair)?;
    if src.machine == "sun4u" && dst.machine == "sun4v" {
        out.push("zone moves from sun4u to sun4v: attach with zoneadm attach -u");
    }
    Ok(Ran::Checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_sun4u_to_sun4v() {
        let src = platform("a", "5.10", "sun4u", "sparc", U11);
        let dst = platform("b", "5.10", "sun4v", "sparc", U11);
        assert_eq!(messages(&RULE, &manifest(), &dst, Some(&src)).len(), 1);
    }

    #[test]
    fn passes_otherwise() {
        let src = platform("a", "5.10", "sun4v", "sparc", U11);
        let dst = platform("b", "5.10", "sun4v", "sparc", U11);
        assert!(messages(&RULE, &manifest(), &dst, Some(&src)).is_empty());
    }
}
