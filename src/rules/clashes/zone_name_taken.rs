//! ZM501: the zone's name must be free on the target (zoneadm check 23).

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM501",
    name: "zone-name-taken",
    severity: Error,
    scope: Pair,
    origin: "zoneadm attach check 23",
    summary: "a zone of the same name is already configured or installed on the target",
    explanation: "\
What it checks: the target's zone list (zoneadm list -cp) for a zone with this zone's name.

Why it matters: before attaching, the zone is configured on the target (zonecfg create -a),
which fails when the name exists; an installed zone of that name makes attach fail with
\"... is already installed.\" A configured zone of the same name is either a leftover of an
earlier move or another zone.

How to fix: remove the stale configuration on the target (zonecfg delete), or rename one
of the zones.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let zones = Pair::need(&pair.target.zones)?;
    if let Some(existing) = zones.iter().find(|z| z.name == pair.zone) {
        let message = if existing.is_installed() {
            format!("zone {} is already installed.", pair.zone)
        } else {
            format!("zone {} is already configured on the target", pair.zone)
        };
        out.push_with(
            message,
            format!("state {}, zonepath {}", existing.state, existing.zonepath),
        );
    }
    Ok(Ran::Checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_when_name_exists() {
        let mut t = host();
        t.zones = Ok(vec![
            entry("global", "running", "/"),
            entry("web01", "installed", "/zones/web01"),
        ]);
        assert_eq!(
            messages(&RULE, &manifest(), &t, None),
            vec!["zone web01 is already installed."]
        );
        t.zones = Ok(vec![entry("web01", "configured", "/zones/web01")]);
        assert_eq!(
            messages(&RULE, &manifest(), &t, None),
            vec!["zone web01 is already configured on the target"]
        );
    }

    #[test]
    fn passes_when_name_is_free() {
        let mut t = host();
        t.zones = Ok(vec![
            entry("global", "running", "/"),
            entry("web02", "installed", "/zones/web02"),
        ]);
        assert!(messages(&RULE, &manifest(), &t, None).is_empty());
    }
}
