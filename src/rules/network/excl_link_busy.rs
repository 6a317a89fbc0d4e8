//! ZM205: an exclusive-IP zone's datalink must not belong to another running zone
//! (zoneadm check 8).

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM205",
    name: "excl-link-busy",
    severity: Warning,
    scope: Pair,
    origin: "zoneadm attach check 8",
    summary: "an exclusive-IP zone's datalink is used by a running zone on the target",
    explanation: "\
What it checks: for an exclusive-IP zone, whether a zone running on the target already
owns one of its datalinks (from the target's zone list and the configurations of its
zones, or the zone column of dladm where the release prints it).

Why it matters: a datalink can belong to one exclusive-IP zone at a time. Solaris skips it
(\"WARNING: skipping network interface '...' which is used by the non-global zone '...'.\")
and the zone boots without that network.

How to fix: give the zone another datalink, or move the other zone first.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    if !pair.manifest.zone.is_exclusive_ip() || pair.manifest.networks.is_empty() {
        return Ok(Ran::NotApplicable);
    }
    pair.with_link_users(|users| {
        for net in &pair.manifest.networks {
            // The zone column of dladm first, then the configurations of running zones.
            let owner = users.dladm_owner(&net.physical, pair.zone).or_else(|| {
                users
                    .configured(&net.physical, pair.zone, true)
                    .map(|z| z.name.as_str())
            });
            if let Some(owner) = owner {
                out.push(format!(
                    "WARNING: skipping network interface '{}' which is used by the non-global zone '{owner}'.",
                    net.physical
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
        with_exclusive_neighbour(links(&[("net1", None)]), state)
    }

    #[test]
    fn fires_when_running_zone_owns_link() {
        assert_eq!(
            messages(&RULE, &exclusive("net1"), &with_zone("running"), None),
            vec![
                "WARNING: skipping network interface 'net1' which is used by the non-global zone 'db01'."
            ]
        );
    }

    #[test]
    fn passes_when_owner_is_not_running() {
        assert!(messages(&RULE, &exclusive("net1"), &with_zone("installed"), None).is_empty());
    }
}
