//! ZM105: what `zoneadm attach -u` refuses, namely downgrades (domain.md §2.4).

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM105",
    name: "downgrade",
    severity: Error,
    scope: Class,
    origin: "zoneadm attach -u (sw_up_to_date)",
    summary: "attaching would downgrade a package or patch: even attach -u fails",
    explanation: "\
What it checks: for a native (SVR4) zone whose inventory differs from the target's, whether
zoneadm attach -u could bring the zone to the target's level: every package on the target
must be the same or newer, and every patch of the source must be on the target at the same
or a higher revision (or obsoleted by a patch of the target's same package).

Why it matters: attach -u only updates. A package older on the target, or a source patch
missing or older on the target, makes it fail with \"ERROR: attempt to downgrade package
...\". IDRs cannot be reasoned about by -u unless they are backed out with -b.

How to fix: patch or upgrade the target to at least the source's level, or pick a target
that is ahead of the source.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let Some(native) = pair.native_software()? else {
        return Ok(Ran::NotApplicable);
    };
    // One finding with every ERROR line as evidence: a patch level apart gives dozens.
    if let Some(first) = native.downgrades.first() {
        let more = native.downgrades.len() - 1;
        let message = match more {
            0 => first.clone(),
            1 => format!("{first} (and 1 more)"),
            n => format!("{first} (and {n} more)"),
        };
        if let Some(text) = &native.downgrade_text {
            out.push_with(message, text.clone());
        }
    }
    Ok(Ran::Checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_when_target_is_older() {
        let (m, t) = native(
            &[("SUNWcsr", "11.10.0,REV=2", &["147147-26"])],
            &[("SUNWcsr", "11.10.0,REV=1", &["147147-26"])],
        );
        let got = messages(&RULE, &m, &t, None);
        assert_eq!(
            got,
            vec![
                "ERROR: attempt to downgrade package SUNWcsr 11.10.0,REV=2 to version 11.10.0,REV=1"
            ]
        );
    }

    #[test]
    fn passes_when_target_is_newer() {
        let (m, t) = native(
            &[("SUNWcsr", "11.10.0,REV=1", &["147147-26"])],
            &[("SUNWcsr", "11.10.0,REV=2", &["147147-30"])],
        );
        assert!(messages(&RULE, &m, &t, None).is_empty());
    }
}
