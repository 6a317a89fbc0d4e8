//! The native software comparison (domain.md §1.4, §2.3, §2.4) and the IPS `entire`
//! comparison (§2.5).
//!
//! [`Inventory`] is the shared currency: the manifest carries the source's, and
//! [`target::target_inventory`] computes the target's for the manifest's layout.
//! [`cmp::sw_cmp`] is `zoneadm attach` without `-u`, [`update::downgrades`] is what
//! `attach -u` refuses, and [`ips::compare_entire`] approximates an IPS attach.

pub mod cmp;
pub mod ips;
pub mod target;
pub mod update;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::version::patch::PatchId;

/// A patch in an inventory, applied to the package it follows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InvPatch {
    pub id: PatchId,
    /// Base ids this patch obsoletes.
    pub obsoletes: Vec<String>,
}

/// A package in an inventory.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InvPackage {
    pub name: String,
    pub version: String,
    pub patches: Vec<InvPatch>,
}

/// A zone's SVR4 software inventory: packages in document order, each with its patches.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Inventory {
    pub packages: Vec<InvPackage>,
}

/// One inventory element of a manifest, in document order, for [`Inventory::from_elements`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum InvElement {
    /// `<package name= version=>`.
    Package { name: String, version: String },
    /// `<patch id=>` with the ids of its `<obsoletes>` children.
    Patch { id: PatchId, obsoletes: Vec<String> },
}

impl Inventory {
    /// Builds an inventory from a manifest's `<package>`/`<patch>` elements the way
    /// `zonecfg_getpkgdata` reads them:
    ///
    /// - a `<patch>` belongs to the most recent `<package>` before it (the elements are
    ///   siblings in the DTD); a patch before any package is ignored;
    /// - a `<package>` whose name was already seen is dropped, and so are the patches that
    ///   follow it until the next package (zoneadm hangs them on the entry it has just
    ///   freed, so they are never compared);
    /// - a `<patch>` whose base id the package already has is dropped, obsoletes and all.
    ///
    /// Obsoletes are kept as given (the comparisons treat them as sets).
    pub fn from_elements(elements: impl IntoIterator<Item = InvElement>) -> Inventory {
        let mut inventory = Inventory::default();
        // Names seen so far: `push_package` alone would rescan the list for every package.
        let mut seen: HashSet<String> = HashSet::new();
        let mut attach = false;
        for element in elements {
            match element {
                InvElement::Package { name, version } => {
                    attach = seen.insert(name.clone());
                    if attach {
                        inventory.packages.push(InvPackage {
                            name,
                            version,
                            patches: Vec::new(),
                        });
                    }
                }
                InvElement::Patch { id, obsoletes } => {
                    if attach {
                        inventory.push_patch(id, obsoletes);
                    }
                }
            }
        }
        inventory
    }

    /// Appends a package unless one of that name is already there; `false` when it was
    /// dropped.
    ///
    /// When this returns `false`, the caller must not push the patches that follow the
    /// dropped package in the document. [`Inventory::from_elements`] does this bookkeeping,
    /// and is the faster way to build a large inventory (this method scans the packages).
    pub fn push_package(&mut self, name: impl Into<String>, version: impl Into<String>) -> bool {
        let name = name.into();
        if self.packages.iter().any(|p| p.name == name) {
            return false;
        }
        self.packages.push(InvPackage {
            name,
            version: version.into(),
            patches: Vec::new(),
        });
        true
    }

    /// Attaches a patch to the last package; `false` when there is no package yet or the
    /// package already has a patch with this base id (the patch is then dropped).
    pub fn push_patch(&mut self, id: PatchId, obsoletes: Vec<String>) -> bool {
        let Some(package) = self.packages.last_mut() else {
            return false;
        };
        if package.patches.iter().any(|p| p.id.base == id.base) {
            return false;
        }
        package.patches.push(InvPatch { id, obsoletes });
        true
    }

    /// Whether the inventory has no package.
    pub fn is_empty(&self) -> bool {
        self.packages.is_empty()
    }
}

/// The parts of a zone's configuration that decide its target inventory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ZoneLayout {
    /// `inherited-pkg-dir` directories.
    pub inherited_pkg_dirs: Vec<String>,
    /// `fs` mount points (`directory` of each `filesystem`).
    pub fs_dirs: Vec<String>,
}

/// An inventory as the comparisons see it (`zonecfg_getpkgdata` into AVL trees): packages
/// by name, patches by base id within their package, obsoletes as sets; the first of any
/// duplicates wins. Iteration is in `strcmp` order, which is byte order.
pub(crate) struct PkgView<'a> {
    pub packages: BTreeMap<&'a str, PkgEntry<'a>>,
}

pub(crate) struct PkgEntry<'a> {
    pub name: &'a str,
    pub version: &'a str,
    pub patches: BTreeMap<&'a str, PatchEntry<'a>>,
}

pub(crate) struct PatchEntry<'a> {
    pub id: &'a PatchId,
    pub obsoletes: BTreeSet<&'a str>,
}

impl<'a> PkgView<'a> {
    pub fn new(inventory: &'a Inventory) -> PkgView<'a> {
        let mut packages = BTreeMap::new();
        for pkg in &inventory.packages {
            packages.entry(pkg.name.as_str()).or_insert_with(|| {
                let mut patches = BTreeMap::new();
                for patch in &pkg.patches {
                    patches
                        .entry(patch.id.base.as_str())
                        .or_insert_with(|| PatchEntry {
                            id: &patch.id,
                            obsoletes: patch.obsoletes.iter().map(String::as_str).collect(),
                        });
                }
                PkgEntry {
                    name: &pkg.name,
                    version: &pkg.version,
                    patches,
                }
            });
        }
        PkgView { packages }
    }
}

impl PkgEntry<'_> {
    /// `is_obsolete`: whether any patch of this package obsoletes `base`.
    pub fn obsoletes(&self, base: &str) -> bool {
        self.patches.values().any(|p| p.obsoletes.contains(base))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may panic on bad input.
mod tests {
    use super::*;

    fn pid(s: &str) -> PatchId {
        PatchId::parse(s).unwrap()
    }

    #[test]
    fn patches_attach_to_the_latest_package() {
        let inv = Inventory::from_elements([
            InvElement::Package {
                name: "SUNWcakr".into(),
                version: "1".into(),
            },
            InvElement::Patch {
                id: pid("147147-26"),
                obsoletes: vec!["144500".into()],
            },
            InvElement::Package {
                name: "SUNWcsr".into(),
                version: "2".into(),
            },
            InvElement::Patch {
                id: pid("148027-03"),
                obsoletes: vec![],
            },
        ]);
        assert_eq!(inv.packages.len(), 2);
        assert_eq!(inv.packages[0].patches[0].id, pid("147147-26"));
        assert_eq!(inv.packages[0].patches[0].obsoletes, vec!["144500"]);
        assert_eq!(inv.packages[1].patches[0].id, pid("148027-03"));
    }

    #[test]
    fn a_patch_before_any_package_is_ignored() {
        let mut inv = Inventory::default();
        assert!(!inv.push_patch(pid("147147-26"), vec![]));
        let inv = Inventory::from_elements([InvElement::Patch {
            id: pid("147147-26"),
            obsoletes: vec![],
        }]);
        assert!(inv.is_empty());
    }

    #[test]
    fn duplicate_packages_and_their_patches_are_dropped() {
        let inv = Inventory::from_elements([
            InvElement::Package {
                name: "A".into(),
                version: "1".into(),
            },
            InvElement::Package {
                name: "A".into(),
                version: "2".into(),
            },
            InvElement::Patch {
                id: pid("100000-01"),
                obsoletes: vec![],
            },
            InvElement::Package {
                name: "B".into(),
                version: "1".into(),
            },
            InvElement::Patch {
                id: pid("100001-01"),
                obsoletes: vec![],
            },
        ]);
        assert_eq!(inv.packages.len(), 2);
        assert_eq!(inv.packages[0].version, "1");
        assert!(inv.packages[0].patches.is_empty());
        assert_eq!(inv.packages[1].patches.len(), 1);
    }

    #[test]
    fn duplicate_patch_base_ids_within_a_package_are_dropped() {
        let mut inv = Inventory::default();
        assert!(inv.push_package("A", "1"));
        assert!(!inv.push_package("A", "1"));
        assert!(inv.push_patch(pid("100000-01"), vec!["1".into()]));
        assert!(!inv.push_patch(pid("100000-02"), vec!["2".into()]));
        assert_eq!(inv.packages[0].patches.len(), 1);
        assert_eq!(inv.packages[0].patches[0].id.rev, 1);
        // The same base id under another package is fine.
        assert!(inv.push_package("B", "1"));
        assert!(inv.push_patch(pid("100000-02"), vec![]));
    }

    #[test]
    fn the_view_keeps_first_duplicates_and_sorts() {
        let inv = Inventory {
            packages: vec![
                InvPackage {
                    name: "b".into(),
                    version: "1".into(),
                    patches: vec![
                        InvPatch {
                            id: pid("200000-01"),
                            obsoletes: vec!["100000".into()],
                        },
                        InvPatch {
                            id: pid("200000-05"),
                            obsoletes: vec![],
                        },
                    ],
                },
                InvPackage {
                    name: "a".into(),
                    version: "1".into(),
                    patches: vec![],
                },
                InvPackage {
                    name: "b".into(),
                    version: "2".into(),
                    patches: vec![],
                },
            ],
        };
        let view = PkgView::new(&inv);
        assert_eq!(
            view.packages.keys().copied().collect::<Vec<_>>(),
            ["a", "b"]
        );
        let b = &view.packages["b"];
        assert_eq!(b.version, "1");
        assert_eq!(b.patches["200000"].id.rev, 1);
        assert!(b.obsoletes("100000"));
        assert!(!b.obsoletes("200000"));
    }
}

/// Builders for the software tests.
#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may panic on bad input.
pub(crate) mod test_support {
    use super::{InvPackage, InvPatch, Inventory};
    use crate::version::patch::PatchId;

    pub fn pid(s: &str) -> PatchId {
        PatchId::parse(s).unwrap()
    }

    pub fn p(name: &str, version: &str, patches: &[(&str, &[&str])]) -> InvPackage {
        InvPackage {
            name: name.into(),
            version: version.into(),
            patches: patches
                .iter()
                .map(|(id, obs)| InvPatch {
                    id: pid(id),
                    obsoletes: obs.iter().map(|s| s.to_string()).collect(),
                })
                .collect(),
        }
    }

    pub fn inv(packages: Vec<InvPackage>) -> Inventory {
        Inventory { packages }
    }
}
