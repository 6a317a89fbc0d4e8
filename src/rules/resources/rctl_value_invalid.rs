//! ZM402: rctl values must be valid for the target (zoneadm check 16).

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM402",
    name: "rctl-value-invalid",
    severity: Error,
    scope: Class,
    origin: "zoneadm attach check 16",
    summary: "a resource control value is not valid on the target",
    explanation: "\
What it checks: every rctl-value of a resource control the target knows: the privilege must
be privileged, the limit a non-negative integer, and the action none or deny, within the
control's global flags on the target (rctladm -l): deny where the control has no-deny is
refused, and so is none where it must deny.

Why it matters: zoneadm stops with \"(priv=...,limit=...,action=...) is not a valid value
for rctl '...'\". Solaris also compares the limit with the target's system value, which
zonescan does not collect.

How to fix: correct the value with zonecfg (select rctl name=...; remove/add value).",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    if pair.manifest.rctls.is_empty() {
        return Ok(Ran::NotApplicable);
    }
    let known = Pair::need(&pair.target.rctls)?;
    for rctl in &pair.manifest.rctls {
        let Some(flags) = known.by_name.get(&rctl.name) else {
            continue; // ZM401
        };
        for v in &rctl.values {
            let action_ok = match v.action.as_str() {
                "none" => !flags.has("deny"),
                "deny" => !flags.has("no-deny"),
                _ => false,
            };
            let limit_ok = !v.limit.is_empty() && v.limit.bytes().all(|b| b.is_ascii_digit());
            if v.privilege != "privileged" || !action_ok || !limit_ok {
                out.push_with(
                    format!(
                        "(priv={},limit={},action={}) is not a valid value for rctl '{}'",
                        v.privilege, v.limit, v.action, rctl.name
                    ),
                    format!("target flags: [ {} ]", flags.flags.join(" ")),
                );
            }
        }
    }
    Ok(Ran::Checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_bad_priv_action_or_limit() {
        let t = known(&[(
            "zone.cpu-shares",
            &["no-basic", "no-deny", "no-signal", "no-syslog", "count"],
        )]);
        assert_eq!(
            messages(
                &RULE,
                &with_rctl("zone.cpu-shares", "privileged", "10", "deny"),
                &t,
                None
            ),
            vec![
                "(priv=privileged,limit=10,action=deny) is not a valid value for rctl 'zone.cpu-shares'"
            ]
        );
        assert_eq!(
            messages(
                &RULE,
                &with_rctl("zone.cpu-shares", "basic", "10", "none"),
                &t,
                None
            )
            .len(),
            1
        );
        assert_eq!(
            messages(
                &RULE,
                &with_rctl("zone.cpu-shares", "privileged", "ten", "none"),
                &t,
                None
            )
            .len(),
            1
        );
    }

    #[test]
    fn passes_on_valid_values() {
        let t = known(&[
            ("zone.cpu-shares", &["no-basic", "no-deny", "count"]),
            ("zone.max-lwps", &["no-basic", "count"]),
        ]);
        assert!(
            messages(
                &RULE,
                &with_rctl("zone.cpu-shares", "privileged", "10", "none"),
                &t,
                None
            )
            .is_empty()
        );
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
