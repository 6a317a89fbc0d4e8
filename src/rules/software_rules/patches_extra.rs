//! ZM104: `sw_cmp` section 4 (zoneadm checks 21 and 22).

use super::Section;
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM104",
    name: "patches-extra",
    severity: Update,
    scope: Class,
    origin: "zoneadm attach checks 21-22 (sw_cmp)",
    summary: "the target has patches the source does not have",
    explanation: include_str!("patches_extra.md"),
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    super::report_section(pair, out, Section::PatchExtra)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_target_only_patch() {
        let (m, t) = native(
            &[("SUNWcsr", "1", &[])],
            &[("SUNWcsr", "1", &["150400-59"])],
        );
        let (_, findings) = run_rule(&RULE, &m, &t, None);
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0]
                .evidence
                .as_deref()
                .unwrap_or_default()
                .ends_with("\t150400-59\n")
        );
    }

    #[test]
    fn passes_without_extra_patch() {
        let (m, t) = native(
            &[("SUNWcsr", "1", &["150400-59"])],
            &[("SUNWcsr", "1", &["150400-59"])],
        );
        assert!(messages(&RULE, &m, &t, None).is_empty());
    }
}
