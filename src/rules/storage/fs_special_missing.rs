//! ZM304: the `special` of a non-ZFS fs resource must exist on the target (zoneadm check 12).

use super::{mountable, probe, ran_if};
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM304",
    name: "fs-special-missing",
    severity: Error,
    scope: Pair,
    origin: "zoneadm attach check 12",
    summary: "an fs resource's special (device or directory) does not exist on the target",
    explanation: "\
What it checks: for every fs resource other than zfs, that its special (a block device, or
for lofs a directory of the global zone) exists on the target.

Why it matters: zoneadm stops with \"could not verify fs ...: could not access ...: No such
file or directory\". Solaris also refuses a special on NFS; zonescan does not see the
file system type of the special and does not check that.

How to fix: create the directory or make the device available on the target (SAN LUN
zoning, metadevices), or change the fs resource.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let mut applies = false;
    for fs in mountable(pair.manifest) {
        applies = true;
        if probe(pair, &fs.special)?.is_none() {
            out.push(format!(
                "could not verify fs {}: could not access {}: No such file or directory",
                fs.directory, fs.special
            ));
        }
    }
    Ok(ran_if(applies))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    use crate::facts::paths::PathKind;

    #[test]
    fn fires_when_special_absent() {
        let t = probed(&[], &["/export/web01/data"]);
        assert_eq!(
            messages(&RULE, &fs("lofs", "/export/web01/data", None), &t, None),
            vec![
                "could not verify fs /data: could not access /export/web01/data: No such file or directory"
            ]
        );
    }

    #[test]
    fn passes_when_present() {
        let t = probed(&[("/export/web01/data", PathKind::Directory)], &[]);
        assert!(messages(&RULE, &fs("lofs", "/export/web01/data", None), &t, None).is_empty());
    }
}
