//! ZM201: a shared-IP `net` address must be an IPv4 address, an IPv6 address with a
//! prefix length, or a host name (zoneadm check 4).

use super::parse_net_address;
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM201",
    name: "net-address-invalid",
    severity: Error,
    scope: Zone,
    origin: "zoneadm attach check 4",
    summary: "a shared-IP net resource has an address Solaris cannot use",
    explanation: "\
What it checks: the address property of every net resource of a shared-IP zone, parsed as
libzonecfg does: an IPv4 address with an optional prefix length, an IPv6 address with a
required prefix length, or a host name.

Why it matters: zoneadm verify (and the S10 attach) stops with \"could not verify net
address=... physical=...: Neither an IPv4 nor an IPv6 address nor a host name\" (or \"IPv6
address missing required prefix length\"), and the zone cannot boot with it.

How to fix: correct the address with zonecfg (select net address=...; set address=...).
A host name must resolve on the target to an IPv4 address; zonescan checks its syntax only.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    if pair.manifest.zone.is_exclusive_ip() || pair.manifest.networks.is_empty() {
        return Ok(Ran::NotApplicable);
    }
    for net in &pair.manifest.networks {
        let Some(address) = net.address.as_deref() else {
            continue;
        };
        if let Err(reason) = parse_net_address(address) {
            out.push(format!(
                "could not verify net address={address} physical={}: {reason}",
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

    #[test]
    fn fires_on_bogus_address() {
        let mut m = manifest();
        m.networks = vec![
            net(Some("192.168.1.300/24"), "e1000g0"),
            net(Some("2001:db8::1"), "e1000g0"),
        ];
        assert_eq!(
            messages(&RULE, &m, &host(), None),
            vec![
                "could not verify net address=192.168.1.300/24 physical=e1000g0: Neither an IPv4 nor an IPv6 address nor a host name",
                "could not verify net address=2001:db8::1 physical=e1000g0: IPv6 address missing required prefix length",
            ]
        );
    }

    #[test]
    fn passes_on_good_addresses_and_ignores_exclusive() {
        let mut m = manifest();
        m.networks = vec![
            net(Some("192.168.1.30/24"), "e1000g0"),
            net(Some("web01"), "e1000g0"),
        ];
        assert!(messages(&RULE, &m, &host(), None).is_empty());
        m.zone.ip_type = Some("exclusive".into());
        assert_eq!(run_rule(&RULE, &m, &host(), None).0, Ok(Ran::NotApplicable));
    }
}
