//! ZM102: `sw_cmp` section 2 (zoneadm checks 21 and 22).

use super::Section;
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM102",
    name: "packages-extra",
    severity: Update,
    scope: Class,
    origin: "zoneadm attach checks 21-22 (sw_cmp)",
    summary: "the target has packages the source does not have",
    explanation: include_str!("packages_extra.md"),
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    super::report_section(pair, out, Section::PkgExtra)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_target_only_package() {
        let (m, t) = native(
            &[("SUNWcsr", "1", &[])],
            &[("SUNWcsr", "1", &[]), ("SUNWbash", "11.10.0", &[])],
        );
        assert_eq!(
            messages(&RULE, &m, &t, None),
            vec![
                "These packages installed on this system were not installed on the source system (1)"
            ]
        );
    }

    #[test]
    fn passes_without_extra_package() {
        let (m, t) = native(&[("SUNWcsr", "1", &[])], &[("SUNWcsr", "1", &[])]);
        assert!(messages(&RULE, &m, &t, None).is_empty());
    }
}
