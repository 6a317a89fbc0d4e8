//! ZM305: a `zfs` fs resource needs an existing file system dataset with
//! `mountpoint=legacy` (zoneadm check 12, ZFS branch).

use crate::facts::zfs::DatasetKind;
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM305",
    name: "fs-zfs-not-legacy",
    severity: Error,
    scope: Pair,
    origin: "zoneadm attach check 12",
    summary: "a zfs fs resource's dataset is missing, not a file system, or not mountpoint=legacy",
    explanation: "\
What it checks: for every fs resource of type zfs, that its special names a dataset of
the target (zfs list) that is a file system and has mountpoint=legacy.

Why it matters: zoneadm mounts such datasets itself into the zone and stops with \"could
not verify fs ...: could not access zfs dataset '...'\", \"... is not a file system\" or
\"... zfs '...' mountpoint is not \\\"legacy\\\"\". The pool holding the dataset has to be
moved (zpool export/import) with the zone.

How to fix: import the pool on the target, or create the dataset there, and set
mountpoint=legacy.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let zfs_fs: Vec<_> = pair
        .manifest
        .filesystems
        .iter()
        .filter(|f| f.fs_type == "zfs")
        .collect();
    if zfs_fs.is_empty() {
        return Ok(Ran::NotApplicable);
    }
    let list = Pair::need(&pair.target.zfs)?;
    for fs in zfs_fs {
        let dir = &fs.directory;
        let ds = &fs.special;
        match list.datasets.get(ds) {
            None => out.push(format!(
                "could not verify fs {dir}: could not access zfs dataset '{ds}'"
            )),
            Some(d) if d.kind != DatasetKind::Filesystem => out.push(format!(
                "could not verify fs {dir}: '{ds}' is not a file system"
            )),
            Some(d) if d.mountpoint != "legacy" => out.push_with(
                format!("could not verify fs {dir}: zfs '{ds}' mountpoint is not \"legacy\""),
                format!("mountpoint={}", d.mountpoint),
            ),
            Some(_) => {}
        }
    }
    Ok(Ran::Checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    use crate::facts::zfs::DatasetKind;
    use crate::manifest::Filesystem;

    fn zfs_fs(special: &str) -> crate::manifest::Manifest {
        let mut m = manifest();
        m.filesystems = vec![Filesystem {
            special: special.into(),
            raw: None,
            directory: "/data".into(),
            fs_type: "zfs".into(),
            options: vec![],
        }];
        m
    }

    #[test]
    fn fires_on_missing_volume_or_mounted_dataset() {
        let t = pool(&[
            ("tank/vol", DatasetKind::Volume, "-"),
            ("tank/fs", DatasetKind::Filesystem, "/tank/fs"),
        ]);
        assert_eq!(
            messages(&RULE, &zfs_fs("tank/none"), &t, None),
            vec!["could not verify fs /data: could not access zfs dataset 'tank/none'"]
        );
        assert_eq!(
            messages(&RULE, &zfs_fs("tank/vol"), &t, None),
            vec!["could not verify fs /data: 'tank/vol' is not a file system"]
        );
        assert_eq!(
            messages(&RULE, &zfs_fs("tank/fs"), &t, None),
            vec!["could not verify fs /data: zfs 'tank/fs' mountpoint is not \"legacy\""]
        );
    }

    #[test]
    fn passes_on_legacy_filesystem() {
        let t = pool(&[("tank/fs", DatasetKind::Filesystem, "legacy")]);
        assert!(messages(&RULE, &zfs_fs("tank/fs"), &t, None).is_empty());
    }
}
