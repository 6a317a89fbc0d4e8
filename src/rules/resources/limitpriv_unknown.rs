//! ZM404: every privilege in `limitpriv` must exist on the target (zoneadm check 20).

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

/// Set names and keywords `limitpriv` accepts besides privilege names.
const KEYWORDS: &[&str] = &["default", "zone", "all", "none", "basic"];

rule! {
    code: "ZM404",
    name: "limitpriv-unknown",
    severity: Error,
    scope: Class,
    origin: "zoneadm attach check 20",
    summary: "the zone's limitpriv names a privilege the target does not know",
    explanation: "\
What it checks: every privilege named in the zone's limitpriv property (with any ! or -
negation removed, keywords such as default and zone left out) against the target's
ppriv -l.

Why it matters: zoneadm stops with an unknown privilege error; privileges were added in
later releases (for example sys_iptun_config, sys_dl_config) and cannot be granted on an
older one. Brand-specific prohibited and required privileges are in the brand's
config.xml, which zonescan does not collect.

How to fix: remove the privilege from limitpriv (zonecfg set limitpriv=...), or pick a
target of a release that knows it.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let Some(limitpriv) = pair
        .manifest
        .zone
        .limitpriv
        .as_deref()
        .filter(|l| !l.is_empty())
    else {
        return Ok(Ran::NotApplicable);
    };
    let known = Pair::need(&pair.target.privileges)?;
    for token in limitpriv.split(',') {
        let name = token.trim().trim_start_matches(['!', '-']);
        let name = name
            .strip_prefix("priv_")
            .unwrap_or(name)
            .to_ascii_lowercase();
        if name.is_empty() || KEYWORDS.contains(&name.as_str()) || name.contains('*') {
            continue;
        }
        if !known.names.contains(&name) {
            out.push(format!("unknown privilege \"{name}\" in limitpriv"));
        }
    }
    Ok(Ran::Checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    use crate::facts::ppriv::Privileges;

    fn privs(names: &[&str]) -> crate::facts::HostFacts {
        let mut h = host();
        h.privileges = Ok(Privileges {
            names: names.iter().map(|s| s.to_string()).collect(),
        });
        h
    }

    #[test]
    fn fires_on_unknown_privilege() {
        let mut m = manifest();
        m.zone.limitpriv = Some("default,sys_time,!sys_iptun_config".into());
        assert_eq!(
            messages(&RULE, &m, &privs(&["sys_time", "proc_lock_memory"]), None),
            vec!["unknown privilege \"sys_iptun_config\" in limitpriv"]
        );
    }

    #[test]
    fn passes_on_known_privileges_and_keywords() {
        let mut m = manifest();
        m.zone.limitpriv = Some("default,proc_lock_memory,-sys_time".into());
        assert!(messages(&RULE, &m, &privs(&["sys_time", "proc_lock_memory"]), None).is_empty());
    }
}
