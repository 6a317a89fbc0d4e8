//! `sw_cmp`: the exact-match comparison of `zoneadm attach` without `-u` (domain.md §2.3).
//!
//! Both inventories are read as `zonecfg_getpkgdata` reads them (packages keyed by name,
//! patches by base id within their package, first duplicate wins), then four passes build
//! the four sections zoneadm prints, each in `strcmp` order:
//!
//! 1. source packages missing on the target or at another version ([`pkg_vers_cmp`] not
//!    equal, older or newer);
//! 2. target packages the source does not have;
//! 3. source patches (unique by base id over all packages) missing on the target or at
//!    another revision; a source patch that a patch of the *target's copy of the same
//!    package* obsoletes is left out;
//! 4. target patches (unique by base id) the source does not have.
//!
//! Revisions are compared as the strings zoneadm compares (`03` against `03`).
//! [`SwDiff::render_solaris`] prints the result byte for byte as the 2008+ zoneadm does.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::{Inventory, PkgView};
use crate::version::patch::PatchId;
use crate::version::svr4::pkg_vers_cmp;

/// Header of section 1.
pub const HEADER_SOURCE_PACKAGES: &str =
    "These packages installed on the source system are inconsistent with this system:";
/// Header of section 2.
pub const HEADER_TARGET_PACKAGES: &str =
    "These packages installed on this system were not installed on the source system:";
/// Header of section 3.
pub const HEADER_SOURCE_PATCHES: &str =
    "These patches installed on the source system are inconsistent with this system:";
/// Header of section 4.
pub const HEADER_TARGET_PATCHES: &str =
    "These patches installed on this system were not installed on the source system:";

/// A source package the target does not match (section 1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PackageProblem {
    /// `\t<pkg>: not installed\n\t\t(<srcver>)\n`
    NotInstalled {
        name: String,
        source_version: String,
    },
    /// `\t<pkg>: version mismatch\n\t\t(<srcver>)\n\t\t(<dstver>)\n`
    VersionMismatch {
        name: String,
        source_version: String,
        target_version: String,
        /// `pkg_vers_cmp(source, target)`: `Greater` means the target is older (attaching
        /// would be a downgrade), `Less` that it is newer.
        order: Ordering,
    },
}

impl PackageProblem {
    pub fn name(&self) -> &str {
        match self {
            PackageProblem::NotInstalled { name, .. }
            | PackageProblem::VersionMismatch { name, .. } => name,
        }
    }
}

/// A target package the source does not have (section 2): `\t<pkg> (<dstver>)\n`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExtraPackage {
    pub name: String,
    pub version: String,
}

/// A source patch the target does not match (section 3).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PatchProblem {
    /// `\t<id>-<rev>: not installed\n`
    NotInstalled { id: PatchId },
    /// `\t<id>: version mismatch\n\t\t(<srcrev>) (<dstrev>)\n`
    VersionMismatch { source: PatchId, target: PatchId },
}

/// What `sw_cmp` would print, section by section. Empty: the software matches.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SwDiff {
    /// Section 1, in package name order.
    pub inconsistent_packages: Vec<PackageProblem>,
    /// Section 2, in package name order.
    pub extra_packages: Vec<ExtraPackage>,
    /// Section 3, in base id order.
    pub inconsistent_patches: Vec<PatchProblem>,
    /// Section 4 (patches on the target only), in base id order.
    pub extra_patches: Vec<PatchId>,
}

impl SwDiff {
    /// Whether `sw_cmp` finds nothing: `attach` would accept the software.
    pub fn is_empty(&self) -> bool {
        self.inconsistent_packages.is_empty()
            && self.extra_packages.is_empty()
            && self.inconsistent_patches.is_empty()
            && self.extra_patches.is_empty()
    }

    /// Exactly what zoneadm writes to stderr for this difference (the 2008+ layout, with
    /// patch revisions); empty when there is no difference.
    pub fn render_solaris(&self) -> String {
        let mut out = String::new();
        let mut section = |header: &str, items: &mut dyn Iterator<Item = String>| {
            let mut first = true;
            for item in items {
                if first {
                    out.push_str(header);
                    out.push('\n');
                    first = false;
                }
                out.push_str(&item);
            }
        };
        section(
            HEADER_SOURCE_PACKAGES,
            &mut self.inconsistent_packages.iter().map(|p| match p {
                PackageProblem::NotInstalled {
                    name,
                    source_version,
                } => format!("\t{name}: not installed\n\t\t({source_version})\n"),
                PackageProblem::VersionMismatch {
                    name,
                    source_version,
                    target_version,
                    ..
                } => format!(
                    "\t{name}: version mismatch\n\t\t({source_version})\n\t\t({target_version})\n"
                ),
            }),
        );
        section(
            HEADER_TARGET_PACKAGES,
            &mut self
                .extra_packages
                .iter()
                .map(|p| format!("\t{} ({})\n", p.name, p.version)),
        );
        section(
            HEADER_SOURCE_PATCHES,
            &mut self.inconsistent_patches.iter().map(|p| match p {
                PatchProblem::NotInstalled { id } => format!("\t{id}: not installed\n"),
                PatchProblem::VersionMismatch { source, target } => format!(
                    "\t{}: version mismatch\n\t\t({}) ({})\n",
                    source.base, source.rev_text, target.rev_text
                ),
            }),
        );
        section(
            HEADER_TARGET_PATCHES,
            &mut self.extra_patches.iter().map(|id| format!("\t{id}\n")),
        );
        out
    }

    /// A one-line summary for reports: the count of items per non-empty section.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        let counts = [
            (
                self.inconsistent_packages.len(),
                "source package(s) missing or at another version",
            ),
            (self.extra_packages.len(), "extra target package(s)"),
            (
                self.inconsistent_patches.len(),
                "source patch(es) missing or at another revision",
            ),
            (self.extra_patches.len(), "extra target patch(es)"),
        ];
        for (n, what) in counts {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        parts.join(", ")
    }
}

/// Compares the source inventory (from the manifest) with the target's.
pub fn sw_cmp(source: &Inventory, target: &Inventory) -> SwDiff {
    let src = PkgView::new(source);
    let dst = PkgView::new(target);
    let mut diff = SwDiff::default();

    // Pass 1, building the source's unique patches on the way.
    let mut src_patches: BTreeMap<&str, &PatchId> = BTreeMap::new();
    for (name, sp) in &src.packages {
        let dp = dst.packages.get(name);
        for (base, patch) in &sp.patches {
            if src_patches.contains_key(base) {
                continue;
            }
            if dp.is_some_and(|dp| dp.obsoletes(base)) {
                continue;
            }
            src_patches.insert(base, patch.id);
        }
        match dp {
            None => diff
                .inconsistent_packages
                .push(PackageProblem::NotInstalled {
                    name: sp.name.to_string(),
                    source_version: sp.version.to_string(),
                }),
            Some(dp) => {
                let order = pkg_vers_cmp(sp.version, dp.version);
                if order != Ordering::Equal {
                    diff.inconsistent_packages
                        .push(PackageProblem::VersionMismatch {
                            name: sp.name.to_string(),
                            source_version: sp.version.to_string(),
                            target_version: dp.version.to_string(),
                            order,
                        });
                }
            }
        }
    }

    // Pass 2, building the target's unique patches (no obsoletes filtering).
    let mut dst_patches: BTreeMap<&str, &PatchId> = BTreeMap::new();
    for (name, dp) in &dst.packages {
        for (base, patch) in &dp.patches {
            dst_patches.entry(base).or_insert(patch.id);
        }
        if !src.packages.contains_key(name) {
            diff.extra_packages.push(ExtraPackage {
                name: dp.name.to_string(),
                version: dp.version.to_string(),
            });
        }
    }

    // Pass 3.
    for (base, sid) in &src_patches {
        match dst_patches.get(base) {
            None => diff
                .inconsistent_patches
                .push(PatchProblem::NotInstalled { id: (*sid).clone() }),
            Some(did) if did.rev_text != sid.rev_text => {
                diff.inconsistent_patches
                    .push(PatchProblem::VersionMismatch {
                        source: (*sid).clone(),
                        target: (*did).clone(),
                    });
            }
            Some(_) => {}
        }
    }

    // Pass 4.
    for (base, did) in &dst_patches {
        if !src_patches.contains_key(base) {
            diff.extra_patches.push((*did).clone());
        }
    }

    diff
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may panic on bad input.
mod tests {
    use super::*;
    use crate::software::test_support::*;

    #[test]
    fn identical_inventories_match() {
        let a = inv(vec![
            p(
                "SUNWcsr",
                "11.10.0,REV=2005.01.21.15.53",
                &[("148027-03", &[])],
            ),
            p(
                "SUNWcakr",
                "11.10.0,REV=2005.08.25.02.12",
                &[("147147-26", &["144500"])],
            ),
        ]);
        let diff = sw_cmp(&a, &a);
        assert!(diff.is_empty());
        assert_eq!(diff.render_solaris(), "");
        assert_eq!(diff.summary(), "");
    }

    #[test]
    fn equal_versions_written_differently_match() {
        let a = inv(vec![p("A", "5.01", &[])]);
        let b = inv(vec![p("A", "5.1", &[])]);
        assert!(sw_cmp(&a, &b).is_empty());
    }

    #[test]
    fn newer_and_older_are_both_mismatches() {
        let src = inv(vec![p("A", "1.0", &[]), p("B", "2.0", &[])]);
        let dst = inv(vec![p("A", "1.1", &[]), p("B", "1.9", &[])]);
        let diff = sw_cmp(&src, &dst);
        assert_eq!(diff.inconsistent_packages.len(), 2);
        assert!(matches!(
            diff.inconsistent_packages[0],
            PackageProblem::VersionMismatch {
                order: Ordering::Less,
                ..
            }
        ));
        assert!(matches!(
            diff.inconsistent_packages[1],
            PackageProblem::VersionMismatch {
                order: Ordering::Greater,
                ..
            }
        ));
    }

    #[test]
    fn golden_all_four_sections() {
        let src = inv(vec![
            p(
                "SUNWzoneu",
                "11.10.0,REV=2005.01.21.15.53",
                &[("120000-01", &[])],
            ),
            p(
                "SUNWcsu",
                "11.10.0,REV=2005.01.21.15.53",
                &[("147147-26", &[]), ("118833-36", &[]), ("119999-02", &[])],
            ),
            p("SUNWcsr", "11.10.0,REV=2005.01.21.15.53", &[]),
        ]);
        let dst = inv(vec![
            p("SUNWcsr", "11.10.0,REV=2005.01.21.15.53", &[]),
            p(
                "SUNWcsu",
                "11.10.0,REV=2006.01.21.15.53",
                &[("147147-24", &[]), ("150000-01", &["119999"])],
            ),
            p("SUNWxyz", "1.0", &[("118833-36", &[]), ("140000-05", &[])]),
        ]);
        let diff = sw_cmp(&src, &dst);
        let expected = "\
These packages installed on the source system are inconsistent with this system:
\tSUNWcsu: version mismatch
\t\t(11.10.0,REV=2005.01.21.15.53)
\t\t(11.10.0,REV=2006.01.21.15.53)
\tSUNWzoneu: not installed
\t\t(11.10.0,REV=2005.01.21.15.53)
These packages installed on this system were not installed on the source system:
\tSUNWxyz (1.0)
These patches installed on the source system are inconsistent with this system:
\t120000-01: not installed
\t147147: version mismatch
\t\t(26) (24)
These patches installed on this system were not installed on the source system:
\t140000-05
\t150000-01
";
        assert_eq!(diff.render_solaris(), expected);
        assert!(!diff.is_empty());
        assert_eq!(
            diff.summary(),
            "2 source package(s) missing or at another version, 1 extra target package(s), \
             2 source patch(es) missing or at another revision, 2 extra target patch(es)"
        );
    }

    #[test]
    fn only_non_empty_sections_get_a_header() {
        let src = inv(vec![p("A", "1", &[])]);
        let dst = inv(vec![p("A", "1", &[]), p("B", "2", &[])]);
        assert_eq!(
            sw_cmp(&src, &dst).render_solaris(),
            format!("{HEADER_TARGET_PACKAGES}\n\tB (2)\n")
        );
    }

    #[test]
    fn obsoletes_only_count_on_the_targets_same_package() {
        // 100000 is obsoleted on the target, but by a patch of another package: it still
        // counts as missing.
        let src = inv(vec![p("A", "1", &[("100000-01", &[])]), p("B", "1", &[])]);
        let dst = inv(vec![
            p("A", "1", &[]),
            p("B", "1", &[("200000-01", &["100000"])]),
        ]);
        let diff = sw_cmp(&src, &dst);
        assert_eq!(
            diff.inconsistent_patches,
            vec![PatchProblem::NotInstalled {
                id: pid("100000-01")
            }]
        );
        assert_eq!(diff.extra_patches, vec![pid("200000-01")]);
    }

    #[test]
    fn source_patches_are_unique_by_base_id_first_package_wins() {
        // The source lists 100000 under two packages with different revisions; the first in
        // name order is compared.
        let src = inv(vec![
            p("B", "1", &[("100000-02", &[])]),
            p("A", "1", &[("100000-01", &[])]),
        ]);
        let dst = inv(vec![p("A", "1", &[("100000-01", &[])]), p("B", "1", &[])]);
        assert!(sw_cmp(&src, &dst).is_empty());
    }

    #[test]
    fn an_obsoleted_first_copy_lets_a_later_one_count() {
        // Under A (first in name order) the target obsoletes 100000, so it is skipped
        // there; under B it is not, so B's copy is the one compared.
        let src = inv(vec![
            p("A", "1", &[("100000-01", &[])]),
            p("B", "1", &[("100000-01", &[])]),
        ]);
        let dst = inv(vec![
            p("A", "1", &[("200000-01", &["100000"])]),
            p("B", "1", &[]),
        ]);
        let diff = sw_cmp(&src, &dst);
        assert_eq!(
            diff.inconsistent_patches,
            vec![PatchProblem::NotInstalled {
                id: pid("100000-01")
            }]
        );
    }

    #[test]
    fn missing_target_package_keeps_all_its_source_patches() {
        let src = inv(vec![p("A", "1", &[("100000-01", &[])])]);
        let dst = inv(vec![]);
        let diff = sw_cmp(&src, &dst);
        assert_eq!(diff.inconsistent_packages.len(), 1);
        assert_eq!(diff.inconsistent_packages[0].name(), "A");
        assert_eq!(diff.inconsistent_patches.len(), 1);
    }

    #[test]
    fn revisions_compare_as_strings() {
        let src = inv(vec![p("A", "1", &[("100000-3", &[])])]);
        let dst = inv(vec![p("A", "1", &[("100000-03", &[])])]);
        assert_eq!(
            sw_cmp(&src, &dst).render_solaris(),
            format!("{HEADER_SOURCE_PATCHES}\n\t100000: version mismatch\n\t\t(3) (03)\n")
        );
    }

    #[test]
    fn duplicates_read_as_zoneadm_reads_them() {
        let src = inv(vec![p("A", "1", &[]), p("A", "2", &[])]);
        let dst = inv(vec![p("A", "1", &[])]);
        assert!(sw_cmp(&src, &dst).is_empty());
    }
}
