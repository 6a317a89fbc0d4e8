//! ZM503: a shared-IP address of the zone must not already be in use on the target.

use crate::rules::network::bare_address;
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM503",
    name: "address-in-use",
    severity: Error,
    scope: Pair,
    origin: "clash with the target",
    summary: "an IP address of the zone is already used on the target",
    explanation: "\
What it checks: every address of the zone's shared-IP net resources against the addresses
plumbed on the target (its global zone and the zones it runs) and the addresses configured
for the target's other zones.

Why it matters: zoneadm does not check this on attach. At boot, Solaris finds the address
in use: the interface does not come up (duplicate address detection), or worse, two zones
answer for one address.

How to fix: give the zone another address, or retire the zone that holds it.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let ours: Vec<&str> = pair
        .manifest
        .networks
        .iter()
        .filter_map(|n| n.address.as_deref())
        .map(bare_address)
        .filter(|a| !a.is_empty())
        .collect();
    if ours.is_empty() {
        return Ok(Ran::NotApplicable);
    }
    let interfaces = pair.ip_interfaces()?;
    let others = pair.other_zones()?;
    for addr in ours {
        if let Some(i) = interfaces.iter().find(|i| i.address == addr) {
            let holder = i
                .zone
                .map_or("the global zone".to_string(), |z| format!("zone {z}"));
            out.push_with(
                format!("address {addr} is already plumbed on the target, by {holder}"),
                format!("interface {}", i.physical),
            );
            continue;
        }
        let configured = others.iter().find(|(_, config)| {
            config.is_some_and(|m| {
                m.networks
                    .iter()
                    .any(|n| n.address.as_deref().map(bare_address) == Some(addr))
            })
        });
        if let Some((zone, _)) = configured {
            out.push(format!(
                "address {addr} is configured for zone {} on the target",
                zone.name
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
    fn fires_when_address_plumbed_or_configured() {
        let mut m = manifest();
        m.networks = vec![
            net(Some("10.0.0.21/24"), "e1000g0"),
            net(Some("10.0.0.22/24"), "e1000g0"),
        ];
        let mut t = s10_with(&[("e1000g0:1", Family::V4, "10.0.0.21", Some("app1"))]);
        t.zones = Ok(vec![entry("app2", "installed", "/zones/app2")]);
        let mut other = manifest();
        other.zone.name = "app2".into();
        other.networks = vec![net(Some("10.0.0.22"), "e1000g0")];
        t.zone_configs.insert("app2".into(), Ok(other));
        assert_eq!(
            messages(&RULE, &m, &t, None),
            vec![
                "address 10.0.0.21 is already plumbed on the target, by zone app1",
                "address 10.0.0.22 is configured for zone app2 on the target",
            ]
        );
    }

    #[test]
    fn passes_when_addresses_are_free() {
        let mut m = manifest();
        m.networks = vec![net(Some("10.0.0.21/24"), "e1000g0")];
        let mut t = s10_with(&[("e1000g0", Family::V4, "10.0.0.1", None)]);
        t.zones = Ok(vec![entry("global", "running", "/")]);
        assert!(messages(&RULE, &m, &t, None).is_empty());
    }
}
