//! ZM101: `sw_cmp` section 1 (zoneadm checks 21 and 22).

use super::Section;
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM101",
    name: "packages-inconsistent",
    severity: Update,
    scope: Class,
    origin: "zoneadm attach checks 21-22 (sw_cmp)",
    summary: "packages installed on the source differ from the target's (not installed, or another version)",
    explanation: include_str!("packages_inconsistent.md"),
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    super::report_section(pair, out, Section::PkgInconsistent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_missing_or_other_version() {
        let (m, t) = native(
            &[
                ("SUNWcsr", "11.10.0,REV=1", &[]),
                ("SUNWzoner", "11.10.0", &[]),
            ],
            &[("SUNWcsr", "11.10.0,REV=2", &[])],
        );
        let (result, findings) = run_rule(&RULE, &m, &t, None);
        assert_eq!(result, Ok(Ran::Checked));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, crate::rules::Severity::Update);
        assert_eq!(
            findings[0].message,
            "These packages installed on the source system are inconsistent with this system (2)"
        );
        assert_eq!(
            findings[0].evidence.as_deref(),
            Some(
                "These packages installed on the source system are inconsistent with this system:\n\tSUNWcsr: version mismatch\n\t\t(11.10.0,REV=1)\n\t\t(11.10.0,REV=2)\n\tSUNWzoner: not installed\n\t\t(11.10.0)\n"
            )
        );
    }

    #[test]
    fn passes_on_equal_inventories_and_skips_ips_zones() {
        let (m, t) = native(
            &[("SUNWcsr", "11.10.0", &["147147-26"])],
            &[("SUNWcsr", "11.10.0", &["147147-26"])],
        );
        assert!(messages(&RULE, &m, &t, None).is_empty());
        assert_eq!(
            run_rule(&RULE, &manifest(), &t, None).0,
            Ok(Ran::NotApplicable)
        );
    }
}
