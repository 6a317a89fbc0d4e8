//! ZM401: every rctl must be known to the target (zoneadm check 15).

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM401",
    name: "rctl-unknown",
    severity: Warning,
    scope: Class,
    origin: "zoneadm attach check 15",
    summary: "the zone sets a resource control the target does not know",
    explanation: "\
What it checks: the name of every rctl resource (including aliases such as max-lwps, stored
as zone.max-lwps) against the target's rctladm -l.

Why it matters: Solaris ignores it (\"WARNING: Ignoring unrecognized rctl '...'.\"): the zone
attaches and boots without that limit, which matters when the limit protects the other
zones (zone.max-swap, zone.cpu-cap).

How to fix: pick a target whose release knows the control, or accept running without it.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    if pair.manifest.rctls.is_empty() {
        return Ok(Ran::NotApplicable);
    }
    let known = Pair::need(&pair.target.rctls)?;
    for rctl in &pair.manifest.rctls {
        if !known.by_name.contains_key(&rctl.name) {
            out.push(format!(
                "WARNING: Ignoring unrecognized rctl '{}'.",
                rctl.name
            ));
        }
    }
    Ok(Ran::Checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_unknown_rctl() {
        let t = known(&[("zone.max-lwps", &["no-basic", "count"])]);
        assert_eq!(
            messages(
                &RULE,
                &with_rctl("zone.max-swap", "privileged", "1073741824", "deny"),
                &t,
                None
            ),
            vec!["WARNING: Ignoring unrecognized rctl 'zone.max-swap'."]
        );
    }

    #[test]
    fn passes_on_known_rctl() {
        let t = known(&[("zone.max-lwps", &["no-basic", "count"])]);
        assert!(
            messages(
                &RULE,
                &with_rctl("zone.max-lwps", "privileged", "2000", "deny"),
                &t,
                None
            )
            .is_empty()
        );
    }
}
