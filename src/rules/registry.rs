//! The code table: every rule, in code order. Codes are never reused; a retired rule
//! keeps its code out of circulation.

use super::{Rule, clashes, network, platform, resources, software_rules, storage};

/// Every rule, sorted by code.
pub static RULES: &[&Rule] = &[
    &platform::dtd_invalid::RULE,
    &platform::brand_missing::RULE,
    &platform::release_differs::RULE,
    &platform::isa_differs::RULE,
    &platform::machine_class_differs::RULE,
    &platform::sun4u_to_sun4v::RULE,
    &software_rules::packages_inconsistent::RULE,
    &software_rules::packages_extra::RULE,
    &software_rules::patches_inconsistent::RULE,
    &software_rules::patches_extra::RULE,
    &software_rules::downgrade::RULE,
    &software_rules::update_unsupported::RULE,
    &software_rules::ips_entire_older::RULE,
    &software_rules::ips_entire_newer::RULE,
    &network::net_address_invalid::RULE,
    &network::net_interface_absent::RULE,
    &network::excl_link_in_global::RULE,
    &network::excl_link_missing::RULE,
    &network::excl_link_busy::RULE,
    &storage::fs_type_not_allowed::RULE,
    &storage::fs_type_unsupported::RULE,
    &storage::fs_raw_fsck::RULE,
    &storage::fs_special_missing::RULE,
    &storage::fs_zfs_not_legacy::RULE,
    &storage::fs_raw_missing::RULE,
    &storage::ipd_missing::RULE,
    &storage::dataset_invalid::RULE,
    &resources::rctl_unknown::RULE,
    &resources::rctl_value_invalid::RULE,
    &resources::pool_unavailable::RULE,
    &resources::limitpriv_unknown::RULE,
    &resources::dedicated_cpu_exceeds::RULE,
    &resources::capped_memory_exceeds::RULE,
    &resources::scheduling_class_unknown::RULE,
    &clashes::zone_name_taken::RULE,
    &clashes::zonepath_overlap::RULE,
    &clashes::address_in_use::RULE,
    &clashes::datalink_in_use::RULE,
];

/// Looks a rule up by code (case-insensitive) or by name.
pub fn find_rule(key: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(key) || r.name == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_are_unique_sorted_and_well_formed() {
        let mut seen = BTreeSet::new();
        for pair in RULES.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} before {}",
                pair[0].code,
                pair[1].code
            );
        }
        for rule in RULES {
            assert!(seen.insert(rule.code), "duplicate {}", rule.code);
            assert!(
                rule.code.starts_with("ZM") && rule.code.len() == 5,
                "{}",
                rule.code
            );
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
            );
            for heading in ["What it checks:", "Why it matters:", "How to fix:"] {
                assert!(
                    rule.explanation.contains(heading),
                    "{} lacks {heading}",
                    rule.code
                );
            }
        }
    }

    #[test]
    fn finds_by_code_and_name() {
        assert_eq!(find_rule("zm001").map(|r| r.name), Some("dtd-invalid"));
        assert_eq!(find_rule("zonepath-overlap").map(|r| r.code), Some("ZM502"));
        assert!(find_rule("ZM999").is_none());
    }
}
