//! ZM3xx: file systems, inherited-pkg-dirs and delegated datasets (zoneadm checks 9-14, 19).

pub mod dataset_invalid;
pub mod fs_raw_fsck;
pub mod fs_raw_missing;
pub mod fs_special_missing;
pub mod fs_type_not_allowed;
pub mod fs_type_unsupported;
pub mod fs_zfs_not_legacy;
pub mod ipd_missing;

use crate::collect::FactId;
use crate::facts::paths::PathEntry;
use crate::rules::{NotRun, Pair};

/// File system types zoneadm refuses for `add fs`.
pub fn type_not_allowed(fs_type: &str) -> bool {
    matches!(fs_type, "proc" | "mntfs" | "autofs" | "cachefs") || fs_type.starts_with("nfs")
}

/// The fs resources zoneadm checks through the file system's own programs: not ZFS
/// (ZM305) and not a type refused outright (ZM301).
pub fn mountable(
    manifest: &crate::manifest::Manifest,
) -> impl Iterator<Item = &crate::manifest::Filesystem> {
    manifest
        .filesystems
        .iter()
        .filter(|fs| fs.fs_type != "zfs" && !type_not_allowed(&fs.fs_type))
}

/// `Checked` when there was something to check, else `NotApplicable`.
pub fn ran_if(applies: bool) -> crate::rules::Ran {
    if applies {
        crate::rules::Ran::Checked
    } else {
        crate::rules::Ran::NotApplicable
    }
}

/// What the target's `paths` probe saw at `path`: `Some` present, `None` absent.
/// A path that was not probed makes the check unable to run.
pub fn probe<'a>(pair: &Pair<'a>, path: &str) -> Result<Option<&'a PathEntry>, NotRun> {
    let paths = Pair::need(&pair.target.paths)?;
    if let Some(entry) = paths.present.get(path) {
        return Ok(Some(entry));
    }
    if paths.missing.contains(path) {
        return Ok(None);
    }
    let why = match paths.inaccessible.get(path) {
        Some(reason) => format!("ls could not examine {path}: {reason}"),
        None => format!("{path} was not probed"),
    };
    Err(NotRun::Unavailable {
        host: pair.target.name.clone(),
        fact: FactId::Paths,
        reason: format!("host {}: fact paths: {why}", pair.target.name),
    })
}

/// Every path the storage checks look up on a target for this manifest: what the
/// collector's `paths` probe must cover.
pub fn paths_to_probe(manifest: &crate::manifest::Manifest) -> Vec<String> {
    let mut paths: Vec<String> = manifest.inherited_pkg_dirs.clone();
    for fs in mountable(manifest) {
        paths.push(fs_program(&fs.fs_type, "mount"));
        paths.push(fs_program(&fs.fs_type, "fsck"));
        paths.push(fs.special.clone());
        if let Some(raw) = fs.raw.as_deref().filter(|r| !r.is_empty()) {
            paths.push(raw.to_string());
        }
    }
    paths.sort();
    paths.dedup();
    paths
}

/// The `/usr/lib/fs/<type>/<program>` path zoneadm looks at.
pub fn fs_program(fs_type: &str, program: &str) -> String {
    format!("/usr/lib/fs/{fs_type}/{program}")
}
