//! ZM502: the zonepath must not overlap another zone's (zoneadm check 25).

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
    for (zone, _) in pair.other_zones()? {
        if overlap(ours, &zone.zonepath) {
            out.push(format!(
                "{} zonepath ({ours}) and {} zonepath ({}) overlap.",
                pair.zone, zone.name, zone.zonepath
            ));
        }
    }
    Ok(Ran::Checked)
}

/// Whether one path is the other or under it, as prefixes with a `/` appended (compared
/// without building the appended strings: this runs for every pair and zone).
fn overlap(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim_end_matches('/'), b.trim_end_matches('/'));
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.starts_with(short)
        && (long.len() == short.len() || long.as_bytes().get(short.len()) == Some(&b'/'))
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
    fn overlap_compares_whole_path_components() {
        assert!(overlap("/zones/a", "/zones/a/"));
        assert!(overlap("/zones", "/zones/a"));
        assert!(overlap("/zones/a/b", "/zones/a"));
        assert!(!overlap("/zones/a", "/zones/ab"));
        assert!(overlap("/", "/zones/a"));
        assert!(!overlap("/zones/b", "/zones/a"));
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
