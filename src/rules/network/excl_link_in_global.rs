//! ZM203: an exclusive-IP zone's datalink must not be plumbed in the global zone
//! (zoneadm check 6).

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM203",
    name: "excl-link-in-global",
    severity: Warning,
    scope: Pair,
    origin: "zoneadm attach check 6",
    summary: "an exclusive-IP zone's datalink is in use by the target's global zone",
    explanation: "\
What it checks: for an exclusive-IP zone, that none of its net physical datalinks carries
an IP interface of the target's global zone.

Why it matters: an exclusive-IP zone owns its datalink. Solaris skips a link the global
zone uses (\"WARNING: skipping network interface '...' which is used in the global zone.\")
and the zone boots without that network.

How to fix: unplumb the interface in the target's global zone, or give the zone another
datalink (a VNIC on Solaris 11/illumos).",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    if !pair.manifest.zone.is_exclusive_ip() || pair.manifest.networks.is_empty() {
        return Ok(Ran::NotApplicable);
    }
    let interfaces = pair.ip_interfaces()?;
    for net in &pair.manifest.networks {
        let in_global = interfaces
            .iter()
            .any(|i| i.physical == net.physical && i.zone.is_none());
        if in_global {
            out.push(format!(
                "WARNING: skipping network interface '{}' which is used in the global zone.",
                net.physical
            ));
        }
    }
    Ok(Ran::Checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    use crate::facts::ifconfig::Family;

    #[test]
    fn fires_when_global_zone_uses_link() {
        let mut m = manifest();
        m.zone.ip_type = Some("exclusive".into());
        m.networks = vec![net(None, "e1000g1")];
        let t = s10_with(&[("e1000g1", Family::V4, "10.0.0.1", None)]);
        assert_eq!(
            messages(&RULE, &m, &t, None),
            vec!["WARNING: skipping network interface 'e1000g1' which is used in the global zone."]
        );
    }

    #[test]
    fn passes_when_link_is_free() {
        let mut m = manifest();
        m.zone.ip_type = Some("exclusive".into());
        m.networks = vec![net(None, "e1000g1")];
        let t = s10_with(&[("e1000g0", Family::V4, "10.0.0.1", None)]);
        assert!(messages(&RULE, &m, &t, None).is_empty());
    }
}
