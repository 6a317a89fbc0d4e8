//! ZM306: the `raw` device of an fs resource must exist on the target (zoneadm check 13).

use super::{probe, ran_if};
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM306",
    name: "fs-raw-missing",
    severity: Error,
    scope: Pair,
    origin: "zoneadm attach check 13",
    summary: "an fs resource's raw device does not exist on the target",
    explanation: "\
What it checks: for every fs resource with a raw property, that the raw device exists on
the target.

Why it matters: zoneadm stops with \"could not verify fs ...: could not access ...: No such
file or directory\"; the file system cannot be checked and mounted at boot.

How to fix: make the device available on the target with the same path, or change the fs
resource's raw and special properties.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let mut applies = false;
    for fs in &pair.manifest.filesystems {
        let Some(raw) = fs.raw.as_deref().filter(|r| !r.is_empty()) else {
            continue;
        };
        applies = true;
        if probe(pair, raw)?.is_none() {
            out.push(format!(
                "could not verify fs {}: could not access {raw}: No such file or directory",
                fs.directory
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
    fn fires_when_raw_absent() {
        let t = probed(&[], &["/dev/rdsk/c1t0d0s6"]);
        assert_eq!(
            messages(
                &RULE,
                &fs("ufs", "/dev/dsk/c1t0d0s6", Some("/dev/rdsk/c1t0d0s6")),
                &t,
                None
            ),
            vec![
                "could not verify fs /data: could not access /dev/rdsk/c1t0d0s6: No such file or directory"
            ]
        );
    }

    #[test]
    fn passes_when_present_or_absent_from_manifest() {
        let t = probed(&[("/dev/rdsk/c1t0d0s6", PathKind::CharDevice)], &[]);
        assert!(
            messages(
                &RULE,
                &fs("ufs", "/dev/dsk/c1t0d0s6", Some("/dev/rdsk/c1t0d0s6")),
                &t,
                None
            )
            .is_empty()
        );
        assert_eq!(
            run_rule(&RULE, &fs("lofs", "/x", None), &t, None).0,
            Ok(Ran::NotApplicable)
        );
    }
}
