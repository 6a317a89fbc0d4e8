//! What zonescan expects a target's `zoneadm attach -n` to say about a manifest, from the
//! pair's findings: which of zoneadm's checks the dry run makes on that target's release
//! (domain.md §2.1–2.2) and which of them the findings say fail.

use std::collections::BTreeSet;

use serde::Serialize;

use super::attach_report::SwSection;
use crate::engine::PairResult;
use crate::engine::Verdict;
use crate::facts::HostFacts;
use crate::rules::{Severity, find_rule};

/// The expected outcome of the dry run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "outcome")]
pub enum Prediction {
    Pass,
    /// Exit non-zero, with these `sw_cmp` sections and these codes behind it.
    Fail {
        sections: BTreeSet<SwSection>,
        codes: Vec<&'static str>,
    },
    /// `solaris10` brand on a later release: exit 254, nothing checked.
    NotImplemented,
    /// zonescan could not decide the checks the dry run makes.
    Undecided {
        reason: String,
    },
}

impl Prediction {
    pub fn label(&self) -> &'static str {
        match self {
            Prediction::Pass => "pass",
            Prediction::Fail { .. } => "fail",
            Prediction::NotImplemented => "not-implemented",
            Prediction::Undecided { .. } => "undecided",
        }
    }
}

/// zoneadm check numbers a rule stands for, read from its `origin`
/// ("zoneadm attach check 12", "checks 2 and 3", "checks 21-22 (sw_cmp)").
fn zoneadm_checks(origin: &str) -> Vec<u32> {
    let Some(rest) = origin.strip_prefix("zoneadm attach check") else {
        return Vec::new();
    };
    let rest = rest.trim_start_matches('s');
    let spec = rest.split('(').next().unwrap_or_default();
    let mut checks = Vec::new();
    for part in spec.split(|c: char| c == ',' || c.is_whitespace()) {
        match part.split_once('-') {
            Some((a, b)) => {
                if let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>()) {
                    checks.extend(a..=b);
                }
            }
            None => checks.extend(part.parse::<u32>().ok()),
        }
    }
    checks
}

/// Which dry run the target performs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DryRun {
    /// Solaris 10's `dryrun_attach`: checks 1–22.
    Solaris10,
    /// OpenSolaris 2009 and later: checks 1–3 and 18, then the brand's hook.
    BrandHook,
}

fn checks_made(dry_run: DryRun, brand: &str, check: u32) -> bool {
    match dry_run {
        DryRun::Solaris10 => (1..=22).contains(&check),
        DryRun::BrandHook => {
            matches!(check, 1..=3 | 18) || (brand == "native" && matches!(check, 21 | 22))
        }
    }
}

fn section_of(code: &str) -> Option<SwSection> {
    Some(match code {
        "ZM101" => SwSection::PackagesInconsistent,
        "ZM102" => SwSection::PackagesExtra,
        "ZM103" => SwSection::PatchesInconsistent,
        "ZM104" => SwSection::PatchesExtra,
        _ => return None,
    })
}

/// The expected outcome of `zoneadm attach -n` of this pair's manifest on its target,
/// from findings before any policy (Solaris knows none).
pub fn predict(pair: &PairResult, brand: &str, target: &HostFacts) -> Prediction {
    let dry_run = match target.uname.as_ref().map(|u| u.release.as_str()) {
        Ok("5.10") => DryRun::Solaris10,
        Ok(_) => DryRun::BrandHook,
        Err(e) => {
            return Prediction::Undecided {
                reason: format!("the target's release is unknown: {e}"),
            };
        }
    };
    let mut sections = BTreeSet::new();
    let mut codes = Vec::new();
    let mut sw_codes = Vec::new();
    for finding in &pair.findings {
        let Some(rule) = find_rule(finding.code) else {
            continue;
        };
        let made = zoneadm_checks(rule.origin)
            .into_iter()
            .any(|c| checks_made(dry_run, brand, c));
        if !made {
            continue;
        }
        // sw_cmp fails on any item, whatever the section (`-n` cannot update).
        if let Some(section) = section_of(finding.code) {
            sections.insert(section);
            sw_codes.push(finding.code);
        } else if finding.severity == Severity::Error {
            codes.push(finding.code);
        }
    }
    codes.dedup();
    sw_codes.dedup();
    // Every other check comes before the inventory comparison: a failure there ends the
    // dry run before sw_cmp prints anything.
    if !codes.is_empty() {
        return Prediction::Fail {
            sections: BTreeSet::new(),
            codes,
        };
    }
    if !sw_codes.is_empty() {
        return Prediction::Fail {
            sections,
            codes: sw_codes,
        };
    }
    if dry_run == DryRun::BrandHook && brand == "solaris10" {
        return Prediction::NotImplemented;
    }
    if pair.verdict == Verdict::Unknown {
        let reason = pair
            .findings
            .iter()
            .find(|f| f.severity == Severity::Unknown)
            .map_or_else(
                || "some checks could not run".to_string(),
                |f| f.message.clone(),
            );
        return Prediction::Undecided { reason };
    }
    Prediction::Pass
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_name_their_checks() {
        assert_eq!(zoneadm_checks("zoneadm attach check 12"), vec![12]);
        assert_eq!(zoneadm_checks("zoneadm attach checks 2 and 3"), vec![2, 3]);
        assert_eq!(
            zoneadm_checks("zoneadm attach checks 21-22 (sw_cmp)"),
            vec![21, 22]
        );
        assert!(zoneadm_checks("advisory (capacity)").is_empty());
        assert!(zoneadm_checks("zoneadm attach -u (sw_up_to_date)").is_empty());
    }

    #[test]
    fn every_rule_origin_is_read() {
        // A rule whose origin names zoneadm must yield its check numbers.
        for rule in crate::rules::RULES {
            if rule.origin.starts_with("zoneadm attach check") {
                assert!(!zoneadm_checks(rule.origin).is_empty(), "{}", rule.code);
            }
        }
    }

    #[test]
    fn later_releases_check_less() {
        assert!(checks_made(DryRun::Solaris10, "native", 15));
        assert!(!checks_made(DryRun::BrandHook, "native", 15));
        assert!(checks_made(DryRun::BrandHook, "native", 21));
        assert!(!checks_made(DryRun::BrandHook, "ipkg", 21));
        assert!(checks_made(DryRun::BrandHook, "ipkg", 1));
    }
}
