//! ZM106: `attach -u` exists only from Solaris 10 10/08 (update 6).

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

/// Solaris 10 10/08 is update 6, the first with `zoneadm attach -u`.
const FIRST_UPDATE_WITH_ATTACH_U: u32 = 6;

rule! {
    code: "ZM106",
    name: "update-on-attach-unsupported",
    severity: Error,
    scope: Class,
    origin: "zoneadm attach -u availability (S10 10/08)",
    summary: "the software differs and the target's Solaris 10 update predates attach -u",
    explanation: "\
What it checks: when a native zone's inventory differs from the target's but nothing would
be downgraded (so the verdict would be \"update\"), whether the target can do attach -u at
all: the option appeared in Solaris 10 10/08 (update 6). The update comes from the target's
/etc/release (s10s_uNN... build tag).

Why it matters: on an older update, the only attach is the exact-match one, which fails.

How to fix: update the target to Solaris 10 10/08 or later, or pick a target whose software
matches the zone's exactly.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let Some(native) = pair.native_software()? else {
        return Ok(Ran::NotApplicable);
    };
    if native.diff.is_empty() || !native.downgrades.is_empty() {
        return Ok(Ran::NotApplicable);
    }
    let release = Pair::need(&pair.target.release)?;
    if let Some(update) = release.s10_update
        && update < FIRST_UPDATE_WITH_ATTACH_U
    {
        out.push_with(
            format!(
                "the software differs, and attach -u needs Solaris 10 10/08 or later; the target is update {update}"
            ),
            release.line.clone(),
        );
    }
    Ok(Ran::Checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    use crate::facts::release::Release;

    fn with_update(update: u32) -> (crate::manifest::Manifest, crate::facts::HostFacts) {
        let (m, mut t) = native(
            &[("SUNWcsr", "1", &[])],
            &[("SUNWcsr", "1", &["150400-59"])],
        );
        t.release = Ok(Release {
            line: format!("Solaris 10 s10s_u{update}wos_01 SPARC"),
            s10_update: Some(update),
        });
        (m, t)
    }

    #[test]
    fn fires_before_10_08() {
        let (m, t) = with_update(5);
        assert_eq!(messages(&RULE, &m, &t, None).len(), 1);
    }

    #[test]
    fn passes_from_10_08_and_when_nothing_differs() {
        let (m, t) = with_update(6);
        assert!(messages(&RULE, &m, &t, None).is_empty());
        let (same, t) = native(&[("SUNWcsr", "1", &[])], &[("SUNWcsr", "1", &[])]);
        assert_eq!(run_rule(&RULE, &same, &t, None).0, Ok(Ran::NotApplicable));
    }
}
