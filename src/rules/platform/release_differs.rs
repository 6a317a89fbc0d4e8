//! ZM010: advisory, the target should run the same OS release and update as the source.

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM010",
    name: "release-differs",
    severity: Warning,
    scope: Class,
    origin: "advisory (migration documentation)",
    summary: "the target runs another OS release or update than the source",
    explanation: "\
What it checks: the source's and the target's `uname -r` release, kernel version and the
first line of /etc/release (which names the Solaris 10 update).

Why it matters: zoneadm itself does not compare releases, but the zone migration
documentation requires the same release on both sides: for native zones the package and
patch checks catch most differences (see ZM101-ZM106); for other brands a different release
is the most common reason why a zone that attached does not boot or behaves differently.

How to fix: nothing, if the software checks pass and the difference is intended (for
example a move to a newer update with attach -u). Otherwise pick a target at the source's
release and update.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let source = pair.source()?;
    let (src, dst) = (Pair::need(&source.uname)?, Pair::need(&pair.target.uname)?);
    let (src_rel, dst_rel) = (
        Pair::need(&source.release)?,
        Pair::need(&pair.target.release)?,
    );
    if src.release != dst.release || src_rel.line != dst_rel.line {
        out.push_with(
            format!(
                "source {} runs {} ({}), target {} runs {} ({})",
                source.name, src.release, src_rel.line, pair.target.name, dst.release, dst_rel.line
            ),
            format!(
                "kernel versions: source {}, target {}",
                src.version, dst.version
            ),
        );
    }
    Ok(Ran::Checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_other_update() {
        let src = platform("a", "5.10", "sun4v", "sparc", U11);
        let dst = platform(
            "b",
            "5.10",
            "sun4v",
            "sparc",
            "Oracle Solaris 10 9/10 s10s_u9wos_14a SPARC",
        );
        let got = messages(&RULE, &manifest(), &dst, Some(&src));
        assert_eq!(got.len(), 1);
        assert!(got[0].contains("s10s_u9wos_14a"), "{got:?}");
    }

    #[test]
    fn passes_on_same_release_and_skips_without_source() {
        let src = platform("a", "5.10", "sun4v", "sparc", U11);
        let dst = platform("b", "5.10", "sun4u", "sparc", U11);
        assert!(messages(&RULE, &manifest(), &dst, Some(&src)).is_empty());
        let (result, _) = run_rule(&RULE, &manifest(), &dst, None);
        assert!(matches!(result, Err(NotRun::Skipped { .. })));
    }
}
