//! ZM202: a shared-IP zone's `physical` must be plumbed in the target's global zone for
//! the address family (zoneadm check 5).

use super::family_of;
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM202",
    name: "net-interface-absent",
    severity: Warning,
    scope: Pair,
    origin: "zoneadm attach check 5",
    summary: "a shared-IP net resource names an interface not plumbed on the target",
    explanation: "\
What it checks: for every net resource of a shared-IP zone, that the target's global zone
has an IP interface named after its physical property for the address's family (IPv4 or
IPv6): from ifconfig -a on Solaris 10, from ipadm show-addr on later releases.

Why it matters: the zone still attaches and boots, but without that address: Solaris
prints \"WARNING: skipping network interface '...' which may not be present/plumbed in the
global zone.\" and the zone's service on it is unreachable. Interface names often differ
between hardware generations (e1000g0, igb0, ixgbe0, net0).

How to fix: plumb the interface on the target, or change the zone's net physical property
to the target's interface name after attaching (zonecfg select net ...; set physical=...).",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    if pair.manifest.zone.is_exclusive_ip() || pair.manifest.networks.is_empty() {
        return Ok(Ran::NotApplicable);
    }
    let interfaces = pair.ip_interfaces()?;
    for net in &pair.manifest.networks {
        let Some(family) = family_of(net) else {
            continue; // ZM201 reports the address itself.
        };
        let plumbed = interfaces
            .iter()
            .any(|i| i.physical == net.physical && i.family == family);
        if !plumbed {
            out.push(format!(
                "WARNING: skipping network interface '{}' which may not be present/plumbed in the global zone.",
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
    fn fires_when_interface_or_family_missing() {
        let mut m = manifest();
        m.networks = vec![
            net(Some("10.0.0.5/24"), "igb0"),
            net(Some("fe80::5/10"), "e1000g0"),
        ];
        let t = s10_with(&[("e1000g0", Family::V4, "10.0.0.1", None)]);
        assert_eq!(
            messages(&RULE, &m, &t, None),
            vec![
                "WARNING: skipping network interface 'igb0' which may not be present/plumbed in the global zone.",
                "WARNING: skipping network interface 'e1000g0' which may not be present/plumbed in the global zone.",
            ]
        );
    }

    #[test]
    fn passes_when_plumbed_and_unknown_without_facts() {
        let mut m = manifest();
        m.networks = vec![net(Some("10.0.0.5/24"), "e1000g0")];
        let t = s10_with(&[("e1000g0", Family::V4, "10.0.0.1", None)]);
        assert!(messages(&RULE, &m, &t, None).is_empty());
        assert!(matches!(
            run_rule(&RULE, &m, &host(), None).0,
            Err(NotRun::Unavailable { .. })
        ));
    }

    #[test]
    fn solaris11_uses_ipadm_and_does_not_need_ifconfig() {
        use crate::facts::ipadm::IpadmAddr;
        let mut m = manifest();
        m.networks = vec![net(Some("10.0.0.5/24"), "net0")];
        let mut t = host();
        t.ipadm = Ok(vec![IpadmAddr {
            addrobj: "net0/v4".into(),
            ifname: "net0".into(),
            kind: "static".into(),
            state: "ok".into(),
            address: "10.0.0.1".into(),
            prefix: Some(24),
            family: Family::V4,
        }]);
        assert!(messages(&RULE, &m, &t, None).is_empty());
    }
}
