//! ZM111: an IPS zone attaches to a newer global zone only with `attach -u`.

use super::ips_entire_older::{entire_pair, fmri_text};
use crate::rules::{Findings, NotRun, Pair, Ran, rule};
use crate::software::ips::{EntireRelation, compare_entire};

rule! {
    code: "ZM111",
    name: "ips-entire-newer",
    severity: Update,
    scope: Class,
    origin: "ipkg/solaris brand attach (entire comparison)",
    summary: "the target's `entire` is newer than the zone's: attach only with -u",
    explanation: "\
What it checks: for IPS-branded zones, whether the target global zone's entire
incorporation is newer than the zone image's.

Why it matters: without -u the attach runs pkg install -n of the global zone's
incorporation in the zone image, finds work to do, and fails with \"Packages in zone ... are
out of sync with the global zone. To proceed, retry with the -u flag.\" With -u the zone is
updated to the target's level.

How to fix: attach with zoneadm attach -u.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let Some((zone, target)) = entire_pair(pair)? else {
        return Ok(Ran::NotApplicable);
    };
    if compare_entire(zone, target) == EntireRelation::TargetNewer {
        out.push_with(
            format!(
                "Packages in zone {} are out of sync with the global zone. To proceed, retry with the -u flag.",
                pair.zone
            ),
            format!("zone: {}\ntarget: {}", fmri_text(zone), fmri_text(target)),
        );
    }
    Ok(Ran::Checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    fn run(zone: &str, target: &str) -> Vec<String> {
        run_entire(&RULE, zone, target)
    }

    #[test]
    fn fires_when_target_newer() {
        assert_eq!(
            run(OLD, NEW),
            vec![
                "Packages in zone web01 are out of sync with the global zone. To proceed, retry with the -u flag."
            ]
        );
    }

    #[test]
    fn passes_when_same_or_older() {
        assert!(run(NEW, NEW).is_empty());
        assert!(run(NEW, OLD).is_empty());
    }
}
