//! ZM103: `sw_cmp` section 3 (zoneadm checks 21 and 22).

use super::Section;
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM103",
    name: "patches-inconsistent",
    severity: Update,
    scope: Class,
    origin: "zoneadm attach checks 21-22 (sw_cmp)",
    summary: "patches installed on the source differ from the target's (not installed, or another revision)",
    explanation: include_str!("patches_inconsistent.md"),
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    super::report_section(pair, out, Section::PatchInconsistent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_missing_or_other_revision() {
        let (m, t) = native(
            &[("SUNWcsr", "1", &["147147-26", "148027-03"])],
            &[("SUNWcsr", "1", &["147147-30"])],
        );
        let (_, findings) = run_rule(&RULE, &m, &t, None);
        assert_eq!(findings.len(), 1);
        let evidence = findings[0].evidence.as_deref().unwrap_or_default();
        assert!(
            evidence.contains("\t147147: version mismatch\n\t\t(26) (30)\n"),
            "{evidence}"
        );
        assert!(
            evidence.contains("\t148027-03: not installed\n"),
            "{evidence}"
        );
    }

    #[test]
    fn passes_on_same_patches() {
        let (m, t) = native(
            &[("SUNWcsr", "1", &["147147-26"])],
            &[("SUNWcsr", "1", &["147147-26"])],
        );
        assert!(messages(&RULE, &m, &t, None).is_empty());
    }
}
