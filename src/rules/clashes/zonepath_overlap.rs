//! ZM502: the zonepath must not overlap another zone's (zoneadm check 25).

use super::other_zones;
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM502",
    name: "zonepath-overlap",
    severity: Error,
    scope: Pair,
    origin: "zoneadm attach check 25",
    summary: "the zonepath is inside, or contains, another zone's zonepath on the target",
    explanation: "\
What it checks: the zone's zonepath against the zonepath of every other zone on the
target, comparing them as path prefixes with a / appended (so /zones/a and /zones/ab do not
overlap, /zones/a and /zones/a/b do).

Why it matters: zoneadm stops with \"... zonepath (...) and ... zonepath (...) overlap.\";
one zone's root would be inside the other's.

How to fix: attach under another zonepath (zoneadm attach accepts a new zonepath when the
zone is configured with it), or move the other zone.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let ours = &pair.manifest.zone.zonepath;
    let with_slash = |p: &str| format!("{}/", p.trim_end_matches('/'));
    let ours_slash = with_slash(ours);
    for (zone, _) in other_zones(pair)? {
        let theirs = with_slash(&zone.zonepath);
        if ours_slash.starts_with(&theirs) || theirs.starts_with(&ours_slash) {
            out.push(format!(
                "{} zonepath ({ours}) and {} zonepath ({}) overlap.",
                pair.zone, zone.name, zone.zonepath
            ));
        }
    }
    Ok(Ran::Checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_nested_zonepaths() {
        let mut t = host();
        t.zones = Ok(vec![
            entry("global", "running", "/"),
            entry("big", "installed", "/zones"),
        ]);
        assert_eq!(
            messages(&RULE, &manifest(), &t, None),
            vec!["web01 zonepath (/zones/web01) and big zonepath (/zones) overlap."]
        );
    }

    #[test]
    fn passes_on_sibling_with_common_prefix() {
        let mut t = host();
        t.zones = Ok(vec![
            entry("global", "running", "/"),
            entry("web011", "installed", "/zones/web011"),
        ]);
        assert!(messages(&RULE, &manifest(), &t, None).is_empty());
    }
}
