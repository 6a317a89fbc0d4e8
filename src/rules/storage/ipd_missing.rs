//! ZM307: every inherited-pkg-dir must exist in the target's global zone (zoneadm check 14).

use super::probe;
use crate::facts::paths::PathKind;
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM307",
    name: "ipd-missing",
    severity: Error,
    scope: Pair,
    origin: "zoneadm attach check 14",
    summary: "an inherited-pkg-dir does not exist as a directory on the target",
    explanation: "\
What it checks: for a sparse-root zone, that each inherited-pkg-dir (usually /lib,
/platform, /sbin, /usr) is a directory in the target's global zone.

Why it matters: zoneadm stops with \"could not verify inherit-pkg-dir ...: ...\"; the zone
shares these directories read-only with the global zone. Solaris also refuses them on
NFS, which zonescan cannot see.

How to fix: a sparse-root zone can only go to a Solaris 10 host with the same directories;
recreate the directory or pick another target.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    if pair.manifest.inherited_pkg_dirs.is_empty() {
        return Ok(Ran::NotApplicable);
    }
    for dir in &pair.manifest.inherited_pkg_dirs {
        match probe(pair, dir)? {
            Some(entry) if entry.kind == PathKind::Directory => {}
            Some(_) => out.push(format!(
                "could not verify inherit-pkg-dir {dir}: Not a directory"
            )),
            None => out.push(format!(
                "could not verify inherit-pkg-dir {dir}: No such file or directory"
            )),
        }
    }
    Ok(Ran::Checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    use crate::facts::paths::PathKind;

    #[test]
    fn fires_when_ipd_absent() {
        let mut m = manifest();
        m.inherited_pkg_dirs = vec!["/lib".into(), "/opt/sfw".into()];
        let t = probed(&[("/lib", PathKind::Directory)], &["/opt/sfw"]);
        assert_eq!(
            messages(&RULE, &m, &t, None),
            vec!["could not verify inherit-pkg-dir /opt/sfw: No such file or directory"]
        );
        let _ = fs("lofs", "/x", None);
    }

    #[test]
    fn passes_when_all_present() {
        let mut m = manifest();
        m.inherited_pkg_dirs = vec!["/lib".into(), "/usr".into()];
        let t = probed(
            &[("/lib", PathKind::Directory), ("/usr", PathKind::Directory)],
            &[],
        );
        assert!(messages(&RULE, &m, &t, None).is_empty());
    }
}
