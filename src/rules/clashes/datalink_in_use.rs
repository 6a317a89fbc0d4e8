//! ZM504: an exclusive-IP zone's datalink should not be configured for another zone there.

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM504",
    name: "datalink-in-use",
    severity: Warning,
    scope: Pair,
    origin: "clash with the target",
    summary: "an exclusive-IP zone's datalink is configured for another (not running) zone there",
    explanation: "\
What it checks: for an exclusive-IP zone, whether a zone on the target that is not running
has one of its datalinks in its configuration. A running owner is ZM205.

Why it matters: whichever of the two zones boots first gets the link; the other boots
without that network.

How to fix: give one of the zones another datalink (a VNIC on Solaris 11/illumos).",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    if !pair.manifest.zone.is_exclusive_ip() || pair.manifest.networks.is_empty() {
        return Ok(Ran::NotApplicable);
    }
    pair.with_link_users(|users| {
        for net in &pair.manifest.networks {
            if let Some(zone) = users.configured(&net.physical, pair.zone, false) {
                out.push(format!(
                    "datalink {} is configured for zone {} ({}) on the target",
                    net.physical, zone.name, zone.state
                ));
            }
        }
    })?;
    Ok(Ran::Checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    fn with_zone(state: &str) -> crate::facts::HostFacts {
        with_exclusive_neighbour(host(), state)
    }

    #[test]
    fn fires_when_stopped_zone_has_link() {
        assert_eq!(
            messages(&RULE, &exclusive("net1"), &with_zone("installed"), None),
            vec!["datalink net1 is configured for zone db01 (installed) on the target"]
        );
    }

    #[test]
    fn passes_when_owner_runs_or_link_differs() {
        assert!(messages(&RULE, &exclusive("net1"), &with_zone("running"), None).is_empty());
        assert!(messages(&RULE, &exclusive("net2"), &with_zone("installed"), None).is_empty());
    }
}
