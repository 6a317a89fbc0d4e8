//! ZM503: a shared-IP address of the zone must not already be in use on the target.

use super::other_zones;
use crate::rules::network::bare_address;
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM503",
    name: "address-in-use",
    severity: Error,
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
    let others = other_zones(pair)?;
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
