//! ZM204: an exclusive-IP zone's datalink must exist on the target (zoneadm check 7).

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM204",
    name: "excl-link-missing",
    severity: Warning,
    scope: Pair,
    origin: "zoneadm attach check 7",
    summary: "an exclusive-IP zone's datalink does not exist on the target",
    explanation: "\
What it checks: for an exclusive-IP zone, that every net physical names a datalink of the
target (dladm show-link).

Why it matters: Solaris cannot open the link (\"WARNING: skipping network interface '...':
object not found\"; on Solaris 10 \"... which cannot be opened: dlpi error\") and the zone
boots without that network.

How to fix: create the link on the target (for example dladm create-vnic) before booting
the zone, or change the zone's net physical to an existing link.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    if !pair.manifest.zone.is_exclusive_ip() || pair.manifest.networks.is_empty() {
        return Ok(Ran::NotApplicable);
    }
    let links = Pair::need(&pair.target.dladm)?;
    for net in &pair.manifest.networks {
        if !links.iter().any(|l| l.name == net.physical) {
            out.push(format!(
                "WARNING: skipping network interface '{}': object not found",
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
    fn fires_when_link_absent() {
        assert_eq!(
            messages(&RULE, &exclusive("vnic9"), &links(&[("net0", None)]), None),
            vec!["WARNING: skipping network interface 'vnic9': object not found"]
        );
    }

    #[test]
    fn passes_when_link_exists() {
        assert!(messages(&RULE, &exclusive("net0"), &links(&[("net0", None)]), None).is_empty());
    }
}
