//! The SVR4 facts of one level, byte for byte as the catalogue's commands print them
//! (domain.md §3.4): the pkginfo and depend dumps in `/var/sadm/pkg/*` glob order, the
//! directory lines of the contents file sorted by path, gz-only-packages, `showrev -p`.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use super::build::{Level, Patch, Pkg, patch_id};
use super::core::dir_attrs;
use crate::fleetgen::clock::Civil;
use crate::fleetgen::spec::{Arch, Machine};

/// Packages in the order the shell expands `/var/sadm/pkg/*` (byte order under `LC_ALL=C`).
fn sorted(level: &Level) -> Vec<&Pkg> {
    let mut pkgs: Vec<&Pkg> = level.packages.iter().collect();
    pkgs.sort_by(|a, b| a.name.cmp(&b.name));
    pkgs
}

fn ids(list: &[(u32, u32)]) -> Vec<String> {
    list.iter().map(|&(b, r)| patch_id(b, r)).collect()
}

fn patch_info(p: &Patch, from: &str) -> String {
    format!(
        "Installed: {} From: {from} Obsoletes: {} Requires: {} Incompatibles:",
        Civil::patch_date(p.installed),
        ids(&p.obsoletes).join(" "),
        ids(&p.requires).join(" ")
    )
}

/// `svr4-pkginfo`.
pub fn pkginfo(level: &Level) -> String {
    let mut out = String::new();
    for pkg in sorted(level) {
        let _ = writeln!(out, "==> /var/sadm/pkg/{}/pkginfo", pkg.name);
        let _ = writeln!(out, "VERSION={}", pkg.version);
        let _ = writeln!(out, "SUNW_PKG_ALLZONES={}", pkg.allzones);
        let _ = writeln!(out, "SUNW_PKG_THISZONE={}", pkg.thiszone);
        let applied: Vec<&Patch> = pkg
            .applied
            .iter()
            .filter_map(|&i| level.patches.get(i))
            .collect();
        if !applied.is_empty() {
            let list: Vec<String> = applied.iter().map(|p| p.id()).collect();
            let _ = writeln!(out, "PATCHLIST={}", list.join(" "));
        }
        for p in &applied {
            let _ = writeln!(out, "PATCH_INFO_{}={}", p.id(), patch_info(p, &level.from));
        }
        for id in &pkg.backed_out {
            let _ = writeln!(out, "PATCH_INFO_{id}=backed out");
        }
    }
    out
}

/// `svr4-depend`: packages without dependencies have no depend file to list.
pub fn depend(level: &Level) -> String {
    let desc: HashMap<&str, &str> = level
        .packages
        .iter()
        .map(|p| (p.name.as_str(), p.desc.as_str()))
        .collect();
    let mut out = String::new();
    for pkg in sorted(level).into_iter().filter(|p| !p.deps.is_empty()) {
        let _ = writeln!(out, "==> /var/sadm/pkg/{}/install/depend", pkg.name);
        for dep in &pkg.deps {
            let what = desc.get(dep.as_str()).copied().unwrap_or("(not installed)");
            let _ = writeln!(out, "P {dep}\t{what}");
        }
    }
    out
}

/// A directory path with the machine and ISA placeholders filled in.
pub fn resolve_dir(dir: &str, machine: Machine, arch: Arch) -> String {
    let isa64 = match arch {
        Arch::Sparc => "sparcv9",
        Arch::I386 => "amd64",
    };
    dir.replace("@M@", machine.as_str())
        .replace("@ISA64@", isa64)
}

/// `svr4-contents-dirs`: one line per directory, its packages in installation order.
pub fn contents_dirs(level: &Level, machine: Machine, arch: Arch) -> String {
    let mut dirs: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for pkg in &level.packages {
        for dir in &pkg.dirs {
            let owners = dirs.entry(resolve_dir(dir, machine, arch)).or_default();
            if !owners.contains(&pkg.name.as_str()) {
                owners.push(&pkg.name);
            }
        }
    }
    let mut out = String::new();
    for (path, owners) in dirs {
        let _ = writeln!(
            out,
            "{path} d none {} {}",
            dir_attrs(&path),
            owners.join(" ")
        );
    }
    out
}

/// `svr4-gz-only`.
pub fn gz_only(level: &Level) -> String {
    level.gz_only.iter().map(|p| format!("{p}\n")).collect()
}

/// `showrev -p`: one line per installed patch revision, by id.
pub fn showrev(level: &Level) -> String {
    let mut packages: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for pkg in &level.packages {
        for &i in &pkg.applied {
            packages.entry(i).or_default().push(&pkg.name);
        }
    }
    let mut lines: Vec<(u32, u32, String)> = packages
        .into_iter()
        .filter_map(|(i, mut names)| {
            let p = level.patches.get(i)?;
            names.sort_unstable();
            Some((
                p.base,
                p.rev,
                format!(
                    "Patch: {} Obsoletes: {} Requires: {} Incompatibles:  Packages: {}\n",
                    p.id(),
                    ids(&p.obsoletes).join(", "),
                    ids(&p.requires).join(", "),
                    names.join(", ")
                ),
            ))
        })
        .collect();
    lines.sort();
    lines.into_iter().map(|(_, _, l)| l).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::collect::RawFact;
    use crate::facts::{showrev as showrev_fact, svr4};
    use crate::fleetgen::spec::{FamilySpec, Os};
    use crate::fleetgen::svr4::build_family;

    #[test]
    fn every_fact_parses_back() {
        let spec = FamilySpec {
            name: "t".into(),
            os: Os::S10(9),
            arch: Arch::I386,
            packages: 200,
            patches: 50,
            levels: 2,
        };
        let family = build_family(3, &spec);
        let level = family.level(2).unwrap();
        let raw = RawFact::from_stdout;
        let pkgs = svr4::parse_pkginfo(&raw(pkginfo(level))).unwrap();
        assert_eq!(pkgs.len(), level.packages.len());
        let deps = svr4::parse_depend(&raw(depend(level))).unwrap();
        assert_eq!(deps["SUNWcsu"][0], "SUNWcar");
        let dirs =
            svr4::parse_contents_dirs(&raw(contents_dirs(level, Machine::I86pc, Arch::I386)))
                .unwrap();
        assert!(dirs.iter().any(|d| d.path == "/platform/i86pc"));
        assert!(dirs.iter().any(|d| d.path == "/lib/amd64"));
        let gz = svr4::parse_gz_only(&raw(gz_only(level))).unwrap();
        assert!(gz.contains("SUNWexplo"));
        let patches = showrev_fact::parse(&raw(showrev(level))).unwrap();
        assert!(patches.len() >= 50);
    }
}
