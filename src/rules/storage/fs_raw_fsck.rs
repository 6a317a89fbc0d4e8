//! ZM303: `raw` and the type's fsck program must agree (zoneadm check 11).

use super::{fs_program, mountable, probe, ran_if};
use crate::facts::paths::PathKind;
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM303",
    name: "fs-raw-fsck",
    severity: Error,
    scope: Pair,
    origin: "zoneadm attach check 11",
    summary: "an fs resource's raw device and the target's fsck program disagree",
    explanation: "\
What it checks: for every fs resource other than zfs: if it names a raw device, the target
must have /usr/lib/fs/<type>/fsck; if the target has that fsck program, the resource must
name a raw device. Later releases skip this when the special is a regular file (a lofi
image); zonescan does the same when the target's probe shows a regular file.

Why it matters: zoneadm stops with \"could not verify fs ...: 'raw' device specified but no
fsck executable exists for <type>\" or \"... must specify 'raw' device for <type> file
systems\".

How to fix: set or clear the fs resource's raw property to match the file system type.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let mut applies = false;
    for fs in mountable(pair.manifest) {
        applies = true;
        let fsck = probe(pair, &fs_program(&fs.fs_type, "fsck"))?.is_some();
        let has_raw = fs.raw.as_deref().is_some_and(|r| !r.is_empty());
        if has_raw && !fsck {
            out.push(format!(
                "could not verify fs {}: 'raw' device specified but no fsck executable exists for {}",
                fs.directory, fs.fs_type
            ));
        } else if fsck && !has_raw {
            let special_is_file = matches!(
                probe(pair, &fs.special),
                Ok(Some(entry)) if entry.kind == PathKind::File
            );
            if !special_is_file {
                out.push(format!(
                    "could not verify fs {}: must specify 'raw' device for {} file systems",
                    fs.directory, fs.fs_type
                ));
            }
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
    fn fires_both_ways() {
        let no_fsck = probed(&[], &["/usr/lib/fs/lofs/fsck"]);
        assert_eq!(
            messages(
                &RULE,
                &fs("lofs", "/x", Some("/dev/rdsk/c0t0d0s0")),
                &no_fsck,
                None
            ),
            vec![
                "could not verify fs /data: 'raw' device specified but no fsck executable exists for lofs"
            ]
        );
        let ufs = probed(
            &[
                ("/usr/lib/fs/ufs/fsck", PathKind::File),
                ("/dev/dsk/c0t0d0s0", PathKind::BlockDevice),
            ],
            &[],
        );
        assert_eq!(
            messages(&RULE, &fs("ufs", "/dev/dsk/c0t0d0s0", None), &ufs, None),
            vec!["could not verify fs /data: must specify 'raw' device for ufs file systems"]
        );
    }

    #[test]
    fn passes_when_consistent() {
        let ufs = probed(&[("/usr/lib/fs/ufs/fsck", PathKind::File)], &[]);
        assert!(
            messages(
                &RULE,
                &fs("ufs", "/dev/dsk/c0t0d0s0", Some("/dev/rdsk/c0t0d0s0")),
                &ufs,
                None
            )
            .is_empty()
        );
        // A lofi image file needs no raw device.
        let image = probed(
            &[
                ("/usr/lib/fs/ufs/fsck", PathKind::File),
                ("/images/a.img", PathKind::File),
            ],
            &[],
        );
        assert!(messages(&RULE, &fs("ufs", "/images/a.img", None), &image, None).is_empty());
    }
}
