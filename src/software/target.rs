//! The target's inventory for a zone: `sw_inventory` run against the target's SVR4
//! database with the manifest's inherited-pkg-dirs and fs entries (domain.md §1.4).
//!
//! [`target_inventory`] is a pure function of the host's database and the zone's layout, so
//! a caller comparing many zones against many hosts computes it once per distinct
//! `(host, ZoneLayout)` and shares the result (sparse zones of one fleet mostly share one
//! layout). Its cost is one pass over the contents-file directory lines plus one pass over
//! the packages.
//!
//! Rules, in the order `sw_inventory` applies them to each package of the database:
//!
//! 1. packages listed in `gz-only-packages` are skipped;
//! 2. packages with `SUNW_PKG_THISZONE=true` are skipped;
//! 3. a package is included when it has `SUNW_PKG_ALLZONES=true`, or when it delivers a
//!    directory at or under an inherited-pkg-dir that is not at or under an fs mount point;
//! 4. before an included package come its `P` dependencies, recursively, each once; rules 1
//!    and 2 are not applied to dependencies (`add_dependents` does not check them), and a
//!    dependency without a pkginfo is left out;
//! 5. each package carries its installed patches: per base id the highest revision, minus
//!    the base ids obsoleted by any patch read so far (this package's included), in base
//!    id order.
//!
//! Paths are matched literally: the C code uses `fnmatch`, which only differs for
//! directories with glob characters in their names.

use std::collections::{BTreeMap, HashSet};

use super::{InvPackage, InvPatch, Inventory, ZoneLayout};
use crate::facts::svr4::{InstalledPatch, PkgInfo, Svr4Db};

/// Computes what the target would record for a zone with this layout.
pub fn target_inventory(db: &Svr4Db, layout: &ZoneLayout) -> Inventory {
    let dir_packages = inherited_dir_packages(db, layout);
    let mut walk = Walk {
        db,
        seen: HashSet::new(),
        obsoleted: HashSet::new(),
        inventory: Inventory::default(),
    };
    for pkg in db.packages.iter() {
        if db.gz_only.contains(&pkg.name) || pkg.thiszone {
            continue;
        }
        if !(pkg.allzones || dir_packages.contains(pkg.name.as_str())) {
            continue;
        }
        if !walk.seen.insert(&pkg.name) {
            continue;
        }
        walk.add_with_dependents(pkg);
    }
    walk.inventory
}

/// Whether `path` is `dir` or beneath it (`fnmatch(dir)` or `fnmatch(dir + "/*")`).
fn at_or_under(path: &str, dir: &str) -> bool {
    path.strip_prefix(dir)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// `get_ipd_pkgs`: the packages delivering a directory inside an inherited-pkg-dir and
/// outside every fs mount point. Whole-root zones (no ipd) get none.
fn inherited_dir_packages<'a>(db: &'a Svr4Db, layout: &ZoneLayout) -> HashSet<&'a str> {
    let mut packages = HashSet::new();
    if layout.inherited_pkg_dirs.is_empty() {
        return packages;
    }
    for dir in db.dirs.iter() {
        let inherited = layout
            .inherited_pkg_dirs
            .iter()
            .any(|ipd| at_or_under(&dir.path, ipd));
        if !inherited {
            continue;
        }
        if layout.fs_dirs.iter().any(|fs| at_or_under(&dir.path, fs)) {
            continue;
        }
        packages.extend(dir.packages.iter().map(String::as_str));
    }
    packages
}

struct Walk<'a> {
    db: &'a Svr4Db,
    /// `saw_pkgs`: packages already added, or already looked at as a dependency.
    seen: HashSet<&'a str>,
    /// `obs_patches`: every base id obsoleted by a patch read so far.
    obsoleted: HashSet<&'a str>,
    inventory: Inventory,
}

impl<'a> Walk<'a> {
    /// `add_dependents` then `zonecfg_add_pkg`, depth first. An explicit stack instead of
    /// recursion, so that a long dependency chain cannot exhaust the thread's stack.
    fn add_with_dependents(&mut self, root: &'a PkgInfo) {
        let mut stack: Vec<(&'a PkgInfo, usize)> = vec![(root, 0)];
        while let Some((pkg, next)) = stack.last_mut() {
            let pkg: &'a PkgInfo = pkg;
            let deps = self
                .db
                .depends
                .get(&pkg.name)
                .map_or(&[][..], Vec::as_slice);
            if let Some(dep) = deps.get(*next) {
                *next += 1;
                // Marked as seen before the pkginfo is looked up, as in the C code.
                if !self.seen.insert(dep) {
                    continue;
                }
                if let Some(dep_info) = self.db.package(dep) {
                    stack.push((dep_info, 0));
                }
            } else {
                stack.pop();
                self.add_package(pkg);
            }
        }
    }

    fn add_package(&mut self, pkg: &'a PkgInfo) {
        let patches = self.patches_of(pkg);
        self.inventory.packages.push(InvPackage {
            name: pkg.name.clone(),
            version: pkg.version.clone(),
            patches,
        });
    }

    /// `add_patches`: `parse_info`/`save_patch` over the package's entries, then the walk
    /// of `avl_add_patch`.
    fn patches_of(&mut self, pkg: &'a PkgInfo) -> Vec<InvPatch> {
        let mut highest: BTreeMap<&'a str, &'a InstalledPatch> = BTreeMap::new();
        for patch in &pkg.patches {
            if let Some(existing) = highest.get(patch.id.base.as_str())
                && patch.id.rev <= existing.id.rev
            {
                // An older or equal revision: ignored, its obsoletes too.
                continue;
            }
            highest.insert(&patch.id.base, patch);
            // Obsoletes of a revision that a later entry replaces stay recorded, as in C.
            self.obsoleted
                .extend(patch.obsoletes.iter().map(String::as_str));
        }
        highest
            .into_iter()
            .filter(|(base, _)| !self.obsoleted.contains(base))
            .map(|(_, patch)| InvPatch {
                id: patch.id.clone(),
                obsoletes: patch.obsoletes.clone(),
            })
            .collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may panic on bad input.
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::facts::svr4::DirOwners;
    use crate::version::patch::PatchId;

    fn pkg(name: &str) -> PkgInfo {
        PkgInfo {
            name: name.into(),
            version: format!("{name}-1"),
            allzones: false,
            thiszone: false,
            patches: vec![],
        }
    }

    fn allzones(name: &str) -> PkgInfo {
        PkgInfo {
            allzones: true,
            ..pkg(name)
        }
    }

    fn patch(id: &str, obsoletes: &[&str]) -> InstalledPatch {
        InstalledPatch {
            id: PatchId::parse(id).unwrap(),
            obsoletes: obsoletes.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn dir(path: &str, packages: &[&str]) -> DirOwners {
        DirOwners {
            path: path.into(),
            packages: packages.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn deps(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        pairs
            .iter()
            .map(|(p, d)| (p.to_string(), d.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    fn sparse() -> ZoneLayout {
        ZoneLayout {
            inherited_pkg_dirs: vec![
                "/lib".into(),
                "/platform".into(),
                "/sbin".into(),
                "/usr".into(),
            ],
            fs_dirs: vec![],
        }
    }

    fn names(inv: &Inventory) -> Vec<&str> {
        inv.packages.iter().map(|p| p.name.as_str()).collect()
    }

    fn patch_ids(p: &InvPackage) -> Vec<String> {
        p.patches.iter().map(|p| p.id.to_string()).collect()
    }

    #[test]
    fn whole_root_zones_get_allzones_packages_only() {
        let db = Svr4Db::new(
            vec![allzones("SUNWcsr"), pkg("SUNWcsu"), allzones("SUNWzoneu")],
            BTreeMap::new(),
            vec![dir("/usr", &["SUNWcsu"])],
            BTreeSet::new(),
        );
        let inv = target_inventory(&db, &ZoneLayout::default());
        assert_eq!(names(&inv), ["SUNWcsr", "SUNWzoneu"]);
        assert_eq!(inv.packages[0].version, "SUNWcsr-1");
    }

    #[test]
    fn sparse_zones_add_packages_delivering_inherited_dirs() {
        let db = Svr4Db::new(
            vec![
                pkg("SUNWcsu"),
                pkg("SUNWman"),
                pkg("SUNWusrlocal"),
                pkg("SUNWopt"),
                pkg("SUNWusrx"),
            ],
            BTreeMap::new(),
            vec![
                dir("/usr/bin", &["SUNWcsu"]),
                dir("/usr/share/man", &["SUNWman"]),
                dir("/usr/local", &["SUNWusrlocal"]),
                dir("/usr/local/bin", &["SUNWusrlocal"]),
                dir("/opt/x", &["SUNWopt"]),
                dir("/usrx", &["SUNWusrx"]),
            ],
            BTreeSet::new(),
        );
        let layout = ZoneLayout {
            fs_dirs: vec!["/usr/local".into()],
            ..sparse()
        };
        let inv = target_inventory(&db, &layout);
        // /usr/local is an fs mount point (itself included); /usrx is not under /usr.
        assert_eq!(names(&inv), ["SUNWcsu", "SUNWman"]);
    }

    #[test]
    fn the_ipd_itself_counts() {
        let db = Svr4Db::new(
            vec![pkg("SUNWcsr")],
            BTreeMap::new(),
            vec![dir("/usr", &["SUNWcsr"])],
            BTreeSet::new(),
        );
        assert_eq!(names(&target_inventory(&db, &sparse())), ["SUNWcsr"]);
    }

    #[test]
    fn gz_only_and_thiszone_are_skipped() {
        let mut thiszone = allzones("SUNWthis");
        thiszone.thiszone = true;
        let db = Svr4Db::new(
            vec![allzones("SUNWgz"), thiszone, allzones("SUNWok")],
            BTreeMap::new(),
            vec![],
            BTreeSet::from(["SUNWgz".to_string()]),
        );
        assert_eq!(names(&target_inventory(&db, &sparse())), ["SUNWok"]);
    }

    #[test]
    fn dependencies_come_first_recursively_and_once() {
        let mut thiszone = pkg("SUNWdepthis");
        thiszone.thiszone = true;
        let db = Svr4Db::new(
            vec![
                pkg("SUNWcar"),
                allzones("SUNWcsu"),
                pkg("SUNWcsr"),
                pkg("SUNWgzdep"),
                thiszone,
                allzones("SUNWlast"),
            ],
            deps(&[
                (
                    "SUNWcsu",
                    &["SUNWcsr", "SUNWmissing", "SUNWgzdep", "SUNWdepthis"],
                ),
                ("SUNWcsr", &["SUNWcar", "SUNWcsu"]),
                ("SUNWlast", &["SUNWcar", "SUNWcsr"]),
            ]),
            vec![],
            BTreeSet::from(["SUNWgzdep".to_string()]),
        );
        let inv = target_inventory(&db, &ZoneLayout::default());
        // gz-only and THISZONE are not checked for dependencies; a cycle back to SUNWcsu
        // and the missing package are skipped; SUNWlast's dependencies are already there.
        assert_eq!(
            names(&inv),
            [
                "SUNWcar",
                "SUNWcsr",
                "SUNWgzdep",
                "SUNWdepthis",
                "SUNWcsu",
                "SUNWlast"
            ]
        );
    }

    #[test]
    fn an_included_dependency_is_not_added_again() {
        let db = Svr4Db::new(
            vec![allzones("A"), allzones("B")],
            deps(&[("B", &["A"])]),
            vec![],
            BTreeSet::new(),
        );
        assert_eq!(
            names(&target_inventory(&db, &ZoneLayout::default())),
            ["A", "B"]
        );
    }

    #[test]
    fn long_dependency_chains_do_not_recurse() {
        let n = 50_000;
        let mut pkgs: Vec<PkgInfo> = (0..n).map(|i| pkg(&format!("P{i}"))).collect();
        pkgs[0].allzones = true;
        let depends = (0..n - 1)
            .map(|i| (format!("P{i}"), vec![format!("P{}", i + 1)]))
            .collect();
        let db = Svr4Db::new(pkgs, depends, vec![], BTreeSet::new());
        let inv = target_inventory(&db, &ZoneLayout::default());
        assert_eq!(inv.packages.len(), n);
        assert_eq!(inv.packages[0].name, format!("P{}", n - 1));
        assert_eq!(inv.packages[n - 1].name, "P0");
    }

    #[test]
    fn highest_revision_per_base_id_in_base_order() {
        let mut a = allzones("A");
        a.patches = vec![
            patch("200000-02", &["070000"]),
            patch("100000-05", &["090000"]),
            patch("200000-10", &["080000"]),
            patch("200000-03", &["050000"]),
            patch("100000-04", &["060000"]),
        ];
        let mut b = allzones("B");
        b.patches = vec![
            patch("090000-01", &[]),
            patch("080000-01", &[]),
            patch("070000-01", &[]),
            patch("060000-01", &[]),
            patch("050000-01", &[]),
        ];
        let db = Svr4Db::new(vec![a, b], BTreeMap::new(), vec![], BTreeSet::new());
        let inv = target_inventory(&db, &ZoneLayout::default());
        assert_eq!(patch_ids(&inv.packages[0]), ["100000-05", "200000-10"]);
        assert_eq!(inv.packages[0].patches[1].obsoletes, vec!["080000"]);
        // 090000 and 080000 are obsoleted by A's kept patches, 070000 by a revision that a
        // higher one replaced (still recorded, as in C); the obsoletes of entries ignored
        // as older (050000, 060000) are not recorded.
        assert_eq!(patch_ids(&inv.packages[1]), ["050000-01", "060000-01"]);
    }

    #[test]
    fn patches_obsoleted_later_in_the_same_package_are_dropped() {
        let mut a = allzones("A");
        a.patches = vec![patch("100000-01", &[]), patch("200000-01", &["100000"])];
        let db = Svr4Db::new(vec![a], BTreeMap::new(), vec![], BTreeSet::new());
        let inv = target_inventory(&db, &ZoneLayout::default());
        assert_eq!(patch_ids(&inv.packages[0]), ["200000-01"]);
    }

    #[test]
    fn obsoletes_only_reach_packages_read_later() {
        // A patch that appears in two packages: under the first it is still listed; the
        // obsoleting patch comes between.
        let mut a = allzones("A");
        a.patches = vec![patch("100000-01", &[])];
        let mut b = allzones("B");
        b.patches = vec![patch("200000-01", &["100000"])];
        let mut c = allzones("C");
        c.patches = vec![patch("100000-01", &[])];
        let db = Svr4Db::new(vec![a, b, c], BTreeMap::new(), vec![], BTreeSet::new());
        let inv = target_inventory(&db, &ZoneLayout::default());
        assert_eq!(patch_ids(&inv.packages[0]), ["100000-01"]);
        assert_eq!(patch_ids(&inv.packages[1]), ["200000-01"]);
        assert!(inv.packages[2].patches.is_empty());
    }

    #[test]
    fn patches_of_dependencies_are_kept() {
        let mut a = pkg("A");
        a.patches = vec![patch("100000-01", &[])];
        let db = Svr4Db::new(
            vec![a, allzones("B")],
            deps(&[("B", &["A"])]),
            vec![],
            BTreeSet::new(),
        );
        let inv = target_inventory(&db, &ZoneLayout::default());
        assert_eq!(patch_ids(&inv.packages[0]), ["100000-01"]);
    }

    #[test]
    fn at_or_under_is_a_path_prefix_test() {
        assert!(at_or_under("/usr", "/usr"));
        assert!(at_or_under("/usr/bin", "/usr"));
        assert!(!at_or_under("/usrx", "/usr"));
        assert!(!at_or_under("/us", "/usr"));
        assert!(!at_or_under("/usr/bin", "/usr/"));
    }
}
