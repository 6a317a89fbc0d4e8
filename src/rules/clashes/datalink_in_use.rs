//! ZM504: an exclusive-IP zone's datalink should not be configured for another zone there.

use super::other_zones;
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM504",
    name: "datalink-in-use",
    severity: Warning,
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
    let others = other_zones(pair)?;
    for net in &pair.manifest.networks {
        let owner = others.iter().find(|(zone, config)| {
            !zone.is_running()
                && config.is_some_and(|m| {
                    m.zone.is_exclusive_ip()
                        && m.networks.iter().any(|n| n.physical == net.physical)
                })
        });
        if let Some((zone, _)) = owner {
            out.push(format!(
                "datalink {} is configured for zone {} ({}) on the target",
                net.physical, zone.name, zone.state
            ));
        }
    }
    Ok(Ran::Checked)
}
