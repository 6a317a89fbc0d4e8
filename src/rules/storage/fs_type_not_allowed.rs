//! ZM301: some file system types cannot be added to a zone (zoneadm check 9).

use super::type_not_allowed;
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM301",
    name: "fs-type-not-allowed",
    severity: Error,
    scope: Zone,
    origin: "zoneadm attach check 9",
    summary: "an fs resource has a type zones may not mount (proc, mntfs, autofs, nfs, cachefs)",
    explanation: "\
What it checks: the type of every fs resource against the types zoneadm refuses: proc,
mntfs, autofs, cachefs and nfs (any version).

Why it matters: zoneadm stops with \"cannot verify fs ...: type ... is not allowed.\"; such
file systems are provided inside the zone by other means (the zone's own automounter or
NFS client).

How to fix: remove the fs resource and mount the file system from inside the zone.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    if pair.manifest.filesystems.is_empty() {
        return Ok(Ran::NotApplicable);
    }
    for fs in &pair.manifest.filesystems {
        if type_not_allowed(&fs.fs_type) {
            out.push(format!(
                "cannot verify fs {}: type {} is not allowed.",
                fs.directory, fs.fs_type
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
    fn fires_on_forbidden_types() {
        for t in ["nfs", "nfs4", "autofs", "proc", "mntfs", "cachefs"] {
            assert_eq!(
                messages(&RULE, &fs(t, "s", None), &host(), None),
                vec![format!("cannot verify fs /data: type {t} is not allowed.")]
            );
        }
    }

    #[test]
    fn passes_on_lofs() {
        assert!(messages(&RULE, &fs("lofs", "s", None), &host(), None).is_empty());
        assert_eq!(
            run_rule(&RULE, &manifest(), &host(), None).0,
            Ok(Ran::NotApplicable)
        );
    }
}
