//! ZM302: the target must have a mount program for each fs type (zoneadm check 10).

use super::{fs_program, mountable, probe, ran_if};
use crate::facts::paths::PathKind;
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM302",
    name: "fs-type-unsupported",
    severity: Error,
    scope: Pair,
    origin: "zoneadm attach check 10",
    summary: "the target has no mount program for an fs resource's type",
    explanation: "\
What it checks: for every fs resource other than zfs, that /usr/lib/fs/<type>/mount exists
on the target and is a regular file.

Why it matters: zoneadm stops with \"could not verify fs ...: could not access
/usr/lib/fs/<type>/mount: ...\". The type is not supported there (for example a
third-party file system such as vxfs or samfs that is not installed on the target).

How to fix: install the file system's packages on the target, or pick a target that has
them.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let mut applies = false;
    for fs in mountable(pair.manifest) {
        applies = true;
        let program = fs_program(&fs.fs_type, "mount");
        match probe(pair, &program)? {
            Some(entry) if entry.kind == PathKind::File => {}
            Some(_) => out.push(format!(
                "could not verify fs {}: {program} is not a regular file",
                fs.directory
            )),
            None => out.push(format!(
                "could not verify fs {}: could not access {program}: No such file or directory",
                fs.directory
            )),
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
    fn fires_without_mount_program() {
        let t = probed(&[], &["/usr/lib/fs/vxfs/mount"]);
        assert_eq!(
            messages(&RULE, &fs("vxfs", "/dev/vx/dsk/dg/v", None), &t, None),
            vec![
                "could not verify fs /data: could not access /usr/lib/fs/vxfs/mount: No such file or directory"
            ]
        );
    }

    #[test]
    fn passes_with_mount_program_and_is_unknown_when_not_probed() {
        let t = probed(&[("/usr/lib/fs/lofs/mount", PathKind::File)], &[]);
        assert!(messages(&RULE, &fs("lofs", "/export/x", None), &t, None).is_empty());
        let unprobed = probed(&[], &[]);
        assert!(matches!(
            run_rule(&RULE, &fs("lofs", "/x", None), &unprobed, None).0,
            Err(NotRun::Unavailable { .. })
        ));
    }
}
