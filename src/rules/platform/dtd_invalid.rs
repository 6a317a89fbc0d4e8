//! ZM001: the manifest must be valid against the target's zonecfg DTD (zoneadm check 1).

use crate::manifest::validate::validate;
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM001",
    name: "dtd-invalid",
    severity: Error,
    scope: Zone,
    origin: "zoneadm attach check 1",
    summary: "the manifest is not valid against the target's zonecfg DTD",
    explanation: "\
What it checks: zoneadm attach validates the manifest against the DTD installed on the
target (/usr/share/lib/xml/dtd/zonecfg.dtd.1) before anything else. zonescan validates the
manifest against the target's recorded DTD: undeclared elements and attributes, missing
required attributes, values outside an enumeration and content that breaks a content model.

Why it matters: Solaris reports any such failure as \"Cannot attach to an earlier release of
the operating system\" and refuses the attach. It happens when a zone configured on a newer
release (S11 resources such as anet, properties such as ip-type or hostid on an old S10
DTD, SmartOS or OmniOS attributes) is moved to an older one.

How to fix: move the zone to a host of the same or a newer release, or remove the
resources and properties that the target's release does not know from the zone's
configuration (zonecfg) before detaching it.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let dtd = Pair::need(&pair.target.dtd)?;
    let violations = validate(pair.manifest, dtd);
    if !violations.is_empty() {
        let evidence = violations
            .iter()
            .map(|v| format!("manifest line {}: {}", v.line, v.message))
            .collect::<Vec<_>>()
            .join("\n");
        out.push_with(
            "Cannot attach to an earlier release of the operating system",
            evidence,
        );
    }
    Ok(Ran::Checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    use crate::facts::dtd::parse_text;
    use crate::manifest::parse_manifest;

    const DTD_2006: &str = include_str!("../../../tests/fixtures/dtd/illumos-2006.dtd");
    const DTD_2010: &str = include_str!("../../../tests/fixtures/dtd/illumos-2010.dtd");

    fn target(dtd: &str) -> crate::facts::HostFacts {
        let mut h = host();
        h.dtd = Ok(parse_text(dtd).unwrap_or_else(|e| panic!("{e}")));
        h
    }

    const EXCLUSIVE: &str = r#"<?xml version="1.0"?>
<!DOCTYPE zone PUBLIC "-//Sun Microsystems Inc//DTD Zones//EN" "file:///usr/share/lib/xml/dtd/zonecfg.dtd.1">
<zone name="db01" zonepath="/zones/db01" autoboot="false" ip-type="exclusive">
  <network physical="e1000g1"/>
</zone>
"#;

    #[test]
    fn fires_against_an_older_dtd() {
        let m = parse_manifest(EXCLUSIVE.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        let (_, findings) = run_rule(&RULE, &m, &target(DTD_2006), None);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "Cannot attach to an earlier release of the operating system"
        );
        let evidence = findings[0].evidence.as_deref().unwrap_or_default();
        assert!(evidence.contains("ip-type"), "{evidence}");
        assert!(evidence.contains("address"), "{evidence}");
    }

    #[test]
    fn passes_against_a_current_dtd() {
        let m = parse_manifest(EXCLUSIVE.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert!(messages(&RULE, &m, &target(DTD_2010), None).is_empty());
    }
}
