//! Properties of the SVR4 fact parsers and the software comparisons, and an end-to-end
//! run from raw fact text to the text zoneadm would print.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use proptest::prelude::*;
use zonescan::collect::RawFact;
use zonescan::facts::svr4::{
    Svr4Db, parse_contents_dirs, parse_depend, parse_gz_only, parse_pkginfo,
};
use zonescan::software::cmp::sw_cmp;
use zonescan::software::target::target_inventory;
use zonescan::software::update::downgrades;
use zonescan::software::{InvElement, InvPackage, InvPatch, Inventory, ZoneLayout};
use zonescan::version::patch::PatchId;

fn raw(stdout: &str) -> RawFact {
    RawFact {
        stdout: stdout.to_string(),
        ..RawFact::default()
    }
}

/// Text that looks like the dumps often enough to reach the interesting branches.
fn dumpish() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("==> /var/sadm/pkg/SUNWcsr/pkginfo".to_string()),
        Just("==> /var/sadm/pkg/SUNWcsu/install/depend".to_string()),
        "==> [ -~]{0,30}",
        "VERSION=[ -~]{0,20}",
        Just("SUNW_PKG_ALLZONES=true".to_string()),
        "PATCH_INFO_[0-9]{6}-[0-9]{2}=Installed: [ -~]{0,40}",
        "PATCH_INFO_[ -~]{0,20}=[ -~]{0,40}",
        "P[ \t]{0,2}[ -~]{0,20}",
        "/[a-z/]{0,10} d [ -~]{0,40}",
        any::<String>(),
    ];
    prop::collection::vec(line, 0..12).prop_map(|l| l.join("\n"))
}

proptest! {
    #[test]
    fn svr4_parsers_never_panic(text in dumpish(), exit in 0i32..3) {
        let fact = RawFact { stdout: text, stderr: String::new(), exit };
        let _ = parse_pkginfo(&fact);
        let _ = parse_depend(&fact);
        let _ = parse_contents_dirs(&fact);
        let _ = parse_gz_only(&fact);
        let _ = zonescan::facts::ips::parse(&fact);
    }

    #[test]
    fn parse_errors_name_a_line_of_the_input(text in dumpish()) {
        let lines = text.lines().count();
        for err in [
            parse_pkginfo(&raw(&text)).err(),
            parse_depend(&raw(&text)).err(),
            parse_contents_dirs(&raw(&text)).err(),
        ]
        .into_iter()
        .flatten()
        {
            prop_assert!(err.line >= 1 && err.line <= lines, "line {} of {}", err.line, lines);
        }
    }

    #[test]
    fn an_inventory_matches_itself(inv in inventory().prop_map(without_sibling_obsoletes)) {
        let diff = sw_cmp(&inv, &inv);
        prop_assert!(diff.is_empty(), "{}", diff.render_solaris());
        prop_assert!(downgrades(&inv, &inv).is_empty());
    }

    #[test]
    fn package_sections_mirror_each_other(a in inventory(), b in inventory()) {
        use zonescan::software::cmp::PackageProblem;
        let ab = sw_cmp(&a, &b);
        let ba = sw_cmp(&b, &a);
        let missing: BTreeSet<&str> = ab
            .inconsistent_packages
            .iter()
            .filter(|p| matches!(p, PackageProblem::NotInstalled { .. }))
            .map(PackageProblem::name)
            .collect();
        let extra: BTreeSet<&str> = ba.extra_packages.iter().map(|p| p.name.as_str()).collect();
        prop_assert_eq!(missing, extra);
        prop_assert_eq!(ab.is_empty(), ab.render_solaris().is_empty());
    }

    #[test]
    fn target_inventory_lists_each_package_once(db in svr4_db(), ipd in any::<bool>()) {
        let layout = if ipd {
            ZoneLayout { inherited_pkg_dirs: vec!["/usr".into()], fs_dirs: vec!["/usr/local".into()] }
        } else {
            ZoneLayout::default()
        };
        let inv = target_inventory(&db, &layout);
        let mut seen = BTreeSet::new();
        for p in &inv.packages {
            prop_assert!(seen.insert(p.name.clone()), "{} twice", p.name);
            prop_assert!(db.package(&p.name).is_some());
            let mut bases = BTreeSet::new();
            for patch in &p.patches {
                prop_assert!(bases.insert(patch.id.base.clone()));
            }
        }
        // Pure: the same input gives the same output.
        prop_assert_eq!(inv, target_inventory(&db, &layout));
    }
}

fn patch_id() -> impl Strategy<Value = PatchId> {
    (100000u32..100006, 1u32..4).prop_map(|(b, r)| PatchId::parse(&format!("{b}-{r:02}")).unwrap())
}

fn inventory() -> impl Strategy<Value = Inventory> {
    let patch =
        (patch_id(), prop::collection::vec(100000u32..100006, 0..2)).prop_map(|(id, obs)| {
            InvPatch {
                id,
                obsoletes: obs.iter().map(u32::to_string).collect(),
            }
        });
    let package = (
        "[A-E]",
        prop_oneof![Just("1.0"), Just("1.1"), Just("1.0,REV=2005.01.01")],
        prop::collection::vec(patch, 0..3),
    )
        .prop_map(|(name, version, patches)| InvPackage {
            name: format!("SUNW{name}"),
            version: version.to_string(),
            patches,
        });
    prop::collection::vec(package, 0..5).prop_map(|packages| Inventory { packages })
}

/// What `sw_inventory` writes never has a patch obsoleted by another patch of the same
/// package (it drops obsoleted patches). Inventories that do are not equal to themselves
/// for zoneadm, see `a_self_obsoleting_inventory_differs_from_itself`.
fn without_sibling_obsoletes(mut inv: Inventory) -> Inventory {
    for pkg in &mut inv.packages {
        let bases: BTreeSet<String> = pkg.patches.iter().map(|p| p.id.base.clone()).collect();
        for patch in &mut pkg.patches {
            patch.obsoletes.retain(|o| !bases.contains(o));
        }
    }
    inv
}

#[test]
fn a_self_obsoleting_inventory_differs_from_itself() {
    // The source copy is skipped (the target's same package obsoletes it) while the target
    // copy is listed: zoneadm reports it as a patch only on this system.
    let inv = Inventory {
        packages: vec![InvPackage {
            name: "SUNWA".into(),
            version: "1.0".into(),
            patches: vec![InvPatch {
                id: PatchId::parse("100003-01").unwrap(),
                obsoletes: vec!["100003".into()],
            }],
        }],
    };
    assert_eq!(
        sw_cmp(&inv, &inv).render_solaris(),
        "These patches installed on this system were not installed on the source system:\n\t100003-01\n"
    );
}

fn svr4_db() -> impl Strategy<Value = Svr4Db> {
    let names = ["A", "B", "C", "D", "E", "F"];
    let pkg = (
        0..names.len(),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(
            (patch_id(), prop::collection::vec(100000u32..100006, 0..2)),
            0..3,
        ),
    );
    (
        prop::collection::vec(pkg, 0..8),
        prop::collection::vec(
            (0..names.len(), prop::collection::vec(0..names.len(), 0..3)),
            0..6,
        ),
        prop::collection::vec(
            (
                prop_oneof![
                    Just("/usr"),
                    Just("/usr/bin"),
                    Just("/usr/local/x"),
                    Just("/opt")
                ],
                0..names.len(),
            ),
            0..6,
        ),
        prop::collection::vec(0..names.len(), 0..2),
    )
        .prop_map(move |(pkgs, deps, dirs, gz)| {
            let packages = pkgs
                .into_iter()
                .map(
                    |(n, allzones, thiszone, patches)| zonescan::facts::svr4::PkgInfo {
                        name: names[n].to_string(),
                        version: "1.0".into(),
                        allzones,
                        thiszone,
                        patches: patches
                            .into_iter()
                            .map(|(id, obs)| zonescan::facts::svr4::InstalledPatch {
                                id,
                                obsoletes: obs.iter().map(u32::to_string).collect(),
                            })
                            .collect(),
                    },
                )
                .collect();
            let depends = deps
                .into_iter()
                .map(|(p, d)| {
                    (
                        names[p].to_string(),
                        d.into_iter().map(|i| names[i].to_string()).collect(),
                    )
                })
                .collect();
            let dirs = dirs
                .into_iter()
                .map(|(path, p)| zonescan::facts::svr4::DirOwners {
                    path: path.to_string(),
                    packages: vec![names[p].to_string()],
                })
                .collect();
            let gz_only = gz.into_iter().map(|i| names[i].to_string()).collect();
            Svr4Db::new(packages, depends, dirs, gz_only)
        })
}

/// A small host, from fact text to what `zoneadm attach -n` would print for a manifest.
#[test]
fn end_to_end_from_fact_text() {
    let pkginfo = "\
==> /var/sadm/pkg/SUNWcar/pkginfo
VERSION=11.10.0,REV=2005.01.21.15.53
==> /var/sadm/pkg/SUNWcsr/pkginfo
VERSION=11.10.0,REV=2005.01.21.15.53
SUNW_PKG_ALLZONES=true
PATCH_INFO_148027-03=Installed: Tue Aug 09 10:12:45 PDT 2011 From: mum Obsoletes: Requires: Incompatibles:
==> /var/sadm/pkg/SUNWcsu/pkginfo
VERSION=11.10.0,REV=2005.01.21.15.53
PATCH_INFO_147147-26=Installed: Tue Aug 09 10:12:45 PDT 2011 From: mum Obsoletes: 144500-19 Requires: Incompatibles:
PATCH_INFO_147147-24=Installed: Mon Aug 01 10:12:45 PDT 2011 From: mum Obsoletes: Requires: Incompatibles:
==> /var/sadm/pkg/SUNWgzonly/pkginfo
VERSION=1.0
SUNW_PKG_ALLZONES=true
==> /var/sadm/pkg/SUNWlocal/pkginfo
VERSION=1.0
";
    let depend = "\
==> /var/sadm/pkg/SUNWcsr/install/depend
P SUNWcar\tCore Architecture, (Root)
";
    let contents = "\
/usr d none 0755 root sys SUNWcsr SUNWcsu
/usr/local d none 0755 root sys SUNWlocal
";
    let db = Svr4Db::new(
        parse_pkginfo(&raw(pkginfo)).unwrap(),
        parse_depend(&raw(depend)).unwrap(),
        parse_contents_dirs(&raw(contents)).unwrap(),
        parse_gz_only(&raw("SUNWgzonly\n")).unwrap(),
    );
    let layout = ZoneLayout {
        inherited_pkg_dirs: vec![
            "/lib".into(),
            "/platform".into(),
            "/sbin".into(),
            "/usr".into(),
        ],
        fs_dirs: vec!["/usr/local".into()],
    };
    let target = target_inventory(&db, &layout);
    let names: Vec<&str> = target.packages.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["SUNWcar", "SUNWcsr", "SUNWcsu"]);
    assert_eq!(target.packages[2].patches.len(), 1);
    assert_eq!(target.packages[2].patches[0].id.to_string(), "147147-26");
    assert_eq!(target.packages[2].patches[0].obsoletes, vec!["144500"]);

    let pid = |s: &str| PatchId::parse(s).unwrap();
    let source = Inventory::from_elements([
        InvElement::Package {
            name: "SUNWcar".into(),
            version: "11.10.0,REV=2005.01.21.15.53".into(),
        },
        InvElement::Package {
            name: "SUNWcsr".into(),
            version: "11.10.0,REV=2005.01.21.15.53".into(),
        },
        InvElement::Patch {
            id: pid("148027-03"),
            obsoletes: vec![],
        },
        InvElement::Package {
            name: "SUNWcsu".into(),
            version: "11.10.0,REV=2005.01.21.15.53".into(),
        },
        InvElement::Patch {
            id: pid("147147-27"),
            obsoletes: vec!["144500".into()],
        },
        InvElement::Patch {
            id: pid("144500-19"),
            obsoletes: vec![],
        },
    ]);
    let diff = sw_cmp(&source, &target);
    // 144500 is obsoleted by the target's SUNWcsu patch, so only 147147 differs.
    assert_eq!(
        diff.render_solaris(),
        "These patches installed on the source system are inconsistent with this system:\n\
         \t147147: version mismatch\n\
         \t\t(27) (26)\n"
    );
    assert_eq!(
        downgrades(&source, &target),
        [
            "ERROR: attempt to downgrade package SUNWcsu, the source had patch 147147-27 but this system only has 147147-26"
        ]
    );
}
