//! ZM110: an IPS zone cannot attach to a global zone older than the zone (domain.md §2.5).

use super::is_ips_brand;
use crate::collect::FactId;
use crate::rules::{Findings, NotRun, Pair, Ran, rule};
use crate::software::ips::{EntireRelation, compare_entire};
use crate::version::ips::Fmri;

rule! {
    code: "ZM110",
    name: "ips-entire-older",
    severity: Error,
    scope: Class,
    origin: "ipkg/solaris brand attach (entire comparison)",
    summary: "the target's `entire` is older than the zone's: the zone would need a downgrade",
    explanation: "\
What it checks: for IPS-branded zones (ipkg, lipkg, solaris), the version of the zone
image's entire incorporation against the target global zone's.

Why it matters: the IPS brands' attach -n validates nothing, but a real attach compares
the zone with the global zone and can only update the zone, never downgrade it. Solaris
prints \"Evaluation: Packages in zone ... are out of sync with the global zone\" and the
attach fails.

How to fix: update the target to at least the zone's entire version, or pick a newer
target.",
    check: check,
}

/// The zone's and the target's `entire`, for IPS-branded zones.
pub(super) fn entire_pair<'a>(pair: &Pair<'a>) -> Result<Option<(&'a Fmri, &'a Fmri)>, NotRun> {
    if !is_ips_brand(&pair.brand()?) {
        return Ok(None);
    }
    let zone = match pair.zone_entire {
        Some(fact) => Pair::need(fact)?,
        None => {
            return Err(NotRun::Unavailable {
                host: pair.source.map(|s| s.name.clone()).unwrap_or_default(),
                fact: FactId::IpsEntire,
                reason: format!("the entire version of zone {} was not collected", pair.zone),
            });
        }
    };
    let target = Pair::need(&pair.target.ips_entire)?;
    // An OmniOS `entire` and a Solaris one are different incorporations: no order applies
    // (the brand and release checks tell the real story).
    if zone.publisher.is_some() && target.publisher.is_some() && zone.publisher != target.publisher
    {
        return Ok(None);
    }
    Ok(Some((zone, target)))
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let Some((zone, target)) = entire_pair(pair)? else {
        return Ok(Ran::NotApplicable);
    };
    if compare_entire(zone, target) == EntireRelation::TargetOlder {
        out.push_with(
            format!(
                "Evaluation: Packages in zone {} are out of sync with the global zone: the target's entire is older than the zone's",
                pair.zone
            ),
            format!("zone: {}\ntarget: {}", fmri_text(zone), fmri_text(target)),
        );
    }
    Ok(Ran::Checked)
}

pub(super) fn fmri_text(f: &Fmri) -> String {
    match &f.version {
        Some(v) => format!("{}@{}", f.name, v.text),
        None => f.name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    fn run(zone: &str, target: &str) -> Vec<String> {
        run_entire(&RULE, zone, target)
    }

    #[test]
    fn fires_when_target_older() {
        assert_eq!(run(NEW, OLD).len(), 1);
    }

    #[test]
    fn passes_when_same_or_newer_and_skips_native() {
        assert!(run(NEW, NEW).is_empty());
        assert!(run(OLD, NEW).is_empty());
        let mut m = manifest();
        m.zone.brand = Some("native".into());
        assert_eq!(run_rule(&RULE, &m, &host(), None).0, Ok(Ran::NotApplicable));
    }
}
