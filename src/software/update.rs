//! `sw_up_to_date`: what `attach -u` refuses, namely downgrades (domain.md §2.4).
//!
//! This follows the native brand's `sw_support.c` (2009+), which reports every downgrade
//! instead of stopping at the first, and lists the source's patches when the target's copy
//! of a package has none (`.  Patches:` then `\t<id>-<rev>` lines). For each source package
//! in name order that the target also has:
//!
//! - a source version newer than the target's is a downgrade (nothing else is checked for
//!   that package);
//! - at equal versions, each source patch (base id order) must be on the target's package
//!   at the same or a higher revision, unless a patch of the target's package obsoletes it.
//!
//! Packages only on the source are removed by the update and packages newer or only on the
//! target are installed: neither is a downgrade. Revisions are compared as numbers (zoneadm
//! uses `strcmp` on the zero-padded strings, which agrees on every real patch id).

use std::cmp::Ordering;
use std::fmt;

use super::{Inventory, PkgView};
use crate::version::patch::PatchId;
use crate::version::svr4::pkg_vers_cmp;

/// One downgrade `attach -u` refuses.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Downgrade {
    /// `ERROR: attempt to downgrade package %s %s to version %s`
    Package {
        name: String,
        source_version: String,
        target_version: String,
    },
    /// `ERROR: attempt to downgrade package %s, the source had patches but this system does
    /// not.  Patches:` followed by one `\t<id>-<rev>` line per source patch.
    PatchesMissing {
        package: String,
        patches: Vec<PatchId>,
    },
    /// `ERROR: attempt to downgrade package %s, the source had patch %s-%s which is not
    /// installed on this system`
    PatchMissing { package: String, patch: PatchId },
    /// `ERROR: attempt to downgrade package %s, the source had patch %s-%s but this system
    /// only has %s-%s`
    PatchOlder {
        package: String,
        source: PatchId,
        target: PatchId,
    },
}

impl fmt::Display for Downgrade {
    /// The message as zoneadm prints it, without the `zone 'NAME': ` prefix and without a
    /// trailing newline. `PatchesMissing` spans several lines.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Downgrade::Package {
                name,
                source_version,
                target_version,
            } => write!(
                f,
                "ERROR: attempt to downgrade package {name} {source_version} to version {target_version}"
            ),
            Downgrade::PatchesMissing { package, patches } => {
                write!(
                    f,
                    "ERROR: attempt to downgrade package {package}, the source had patches but this system does not.  Patches:"
                )?;
                for id in patches {
                    write!(f, "\n\t{id}")?;
                }
                Ok(())
            }
            Downgrade::PatchMissing { package, patch } => write!(
                f,
                "ERROR: attempt to downgrade package {package}, the source had patch {patch} which is not installed on this system"
            ),
            Downgrade::PatchOlder {
                package,
                source,
                target,
            } => write!(
                f,
                "ERROR: attempt to downgrade package {package}, the source had patch {source} but this system only has {target}"
            ),
        }
    }
}

/// Every downgrade, in the order zoneadm reports them. Empty: `-u` would succeed.
pub fn downgrade_list(source: &Inventory, target: &Inventory) -> Vec<Downgrade> {
    let src = PkgView::new(source);
    let dst = PkgView::new(target);
    let mut out = Vec::new();
    for (name, sp) in &src.packages {
        let Some(dp) = dst.packages.get(name) else {
            continue;
        };
        match pkg_vers_cmp(sp.version, dp.version) {
            Ordering::Greater => {
                out.push(Downgrade::Package {
                    name: sp.name.to_string(),
                    source_version: sp.version.to_string(),
                    target_version: dp.version.to_string(),
                });
                continue;
            }
            Ordering::Less => continue,
            Ordering::Equal => {}
        }
        if sp.patches.is_empty() {
            continue;
        }
        if dp.patches.is_empty() {
            out.push(Downgrade::PatchesMissing {
                package: sp.name.to_string(),
                patches: sp.patches.values().map(|p| p.id.clone()).collect(),
            });
            continue;
        }
        for (base, spatch) in &sp.patches {
            match dp.patches.get(base) {
                None => {
                    if !dp.obsoletes(base) {
                        out.push(Downgrade::PatchMissing {
                            package: sp.name.to_string(),
                            patch: spatch.id.clone(),
                        });
                    }
                }
                Some(dpatch) if spatch.id.rev > dpatch.id.rev => {
                    if !dp.obsoletes(base) {
                        out.push(Downgrade::PatchOlder {
                            package: sp.name.to_string(),
                            source: spatch.id.clone(),
                            target: dpatch.id.clone(),
                        });
                    }
                }
                Some(_) => {}
            }
        }
    }
    out
}

/// Solaris' `ERROR: attempt to downgrade ...` lines, in order. Empty: `-u` would succeed.
///
/// Each entry is one message as [`Downgrade`]'s `Display` renders it (the "had patches but
/// this system does not" message carries its patch list on following lines).
pub fn downgrades(source: &Inventory, target: &Inventory) -> Vec<String> {
    downgrade_list(source, target)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may panic on bad input.
mod tests {
    use super::*;
    use crate::software::test_support::*;

    #[test]
    fn newer_or_extra_target_software_is_no_downgrade() {
        let src = inv(vec![
            p("A", "1.0", &[("100000-01", &[])]),
            p("B", "1.0", &[]),
            p("Gone", "1.0", &[]),
        ]);
        let dst = inv(vec![
            p("A", "1.1", &[]),
            p("B", "1.0", &[("200000-01", &[])]),
            p("New", "1.0", &[]),
        ]);
        assert!(downgrades(&src, &dst).is_empty());
    }

    #[test]
    fn package_downgrade() {
        let src = inv(vec![p(
            "SUNWcsu",
            "11.10.0,REV=2006.01.01",
            &[("100000-01", &[])],
        )]);
        let dst = inv(vec![p("SUNWcsu", "11.10.0,REV=2005.01.01", &[])]);
        assert_eq!(
            downgrades(&src, &dst),
            [
                "ERROR: attempt to downgrade package SUNWcsu 11.10.0,REV=2006.01.01 to version 11.10.0,REV=2005.01.01"
            ]
        );
    }

    #[test]
    fn source_patches_target_none() {
        let src = inv(vec![p(
            "SUNWcsr",
            "1",
            &[("148027-03", &[]), ("147147-26", &[])],
        )]);
        let dst = inv(vec![p("SUNWcsr", "1", &[])]);
        assert_eq!(
            downgrades(&src, &dst),
            [
                "ERROR: attempt to downgrade package SUNWcsr, the source had patches but this system does not.  Patches:\n\t147147-26\n\t148027-03"
            ]
        );
    }

    #[test]
    fn patch_missing_or_older() {
        let src = inv(vec![p(
            "SUNWcsr",
            "1",
            &[
                ("100000-02", &[]),
                ("110000-05", &[]),
                ("120000-01", &[]),
                ("130000-09", &[]),
            ],
        )]);
        let dst = inv(vec![p(
            "SUNWcsr",
            "1",
            &[("110000-04", &[]), ("130000-10", &[]), ("140000-01", &[])],
        )]);
        assert_eq!(
            downgrades(&src, &dst),
            [
                "ERROR: attempt to downgrade package SUNWcsr, the source had patch 100000-02 which is not installed on this system",
                "ERROR: attempt to downgrade package SUNWcsr, the source had patch 110000-05 but this system only has 110000-04",
                "ERROR: attempt to downgrade package SUNWcsr, the source had patch 120000-01 which is not installed on this system",
            ]
        );
    }

    #[test]
    fn obsoleted_source_patches_are_no_downgrade() {
        let src = inv(vec![p("A", "1", &[("100000-05", &[]), ("110000-05", &[])])]);
        let dst = inv(vec![p(
            "A",
            "1",
            &[("110000-01", &[]), ("200000-01", &["100000", "110000"])],
        )]);
        assert!(downgrade_list(&src, &dst).is_empty());
    }

    #[test]
    fn obsoleting_patch_on_another_package_does_not_count() {
        let src = inv(vec![p("A", "1", &[("100000-05", &[])]), p("B", "1", &[])]);
        let dst = inv(vec![
            p("A", "1", &[("300000-01", &[])]),
            p("B", "1", &[("200000-01", &["100000"])]),
        ]);
        assert_eq!(
            downgrade_list(&src, &dst),
            [Downgrade::PatchMissing {
                package: "A".into(),
                patch: pid("100000-05")
            }]
        );
    }

    #[test]
    fn all_downgrades_in_package_name_order() {
        let src = inv(vec![p("B", "2", &[]), p("A", "2", &[])]);
        let dst = inv(vec![p("A", "1", &[]), p("B", "1", &[])]);
        let list = downgrades(&src, &dst);
        assert_eq!(list.len(), 2);
        assert!(list[0].contains("package A 2 to version 1"));
        assert!(list[1].contains("package B 2 to version 1"));
    }

    #[test]
    fn revisions_compare_numerically() {
        let src = inv(vec![p("A", "1", &[("100000-9", &[])])]);
        let dst = inv(vec![p("A", "1", &[("100000-10", &[])])]);
        assert!(downgrades(&src, &dst).is_empty());
    }
}
