//! Filler packages: the bulk of a Solaris 10 package database after the core, named
//! from real stems (`SUNW<stem>r`, `SUNW<stem>u`, `SUNW<stem>`, localisation packages
//! `SUNW<stem>-<lang>`), with the flags, dependencies and directories such packages have.

use super::build::{Builder, Pkg, release_day};
use super::core::{LANGS, STEMS};
use crate::fleetgen::clock::{DAY, civil, days_from_civil};

/// A filler package name not used yet, and what kind it is.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    stem: &'static str,
    desc: &'static str,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Root,
    Usr,
    Plain,
    L10n(&'static str),
}

impl Candidate {
    fn name(&self) -> String {
        match self.kind {
            Kind::Root => format!("SUNW{}r", self.stem),
            Kind::Usr => format!("SUNW{}u", self.stem),
            Kind::Plain => format!("SUNW{}", self.stem),
            Kind::L10n(lang) => format!("SUNW{}-{lang}", self.stem),
        }
    }
}

impl Builder<'_> {
    /// Every filler name, shuffled: the family takes the first ones it needs, and its
    /// later levels add the next ones.
    pub(super) fn candidates(&mut self) -> Vec<Candidate> {
        let mut all = Vec::new();
        for &(stem, desc) in STEMS {
            for kind in [Kind::Root, Kind::Usr, Kind::Plain] {
                all.push(Candidate { stem, desc, kind });
            }
        }
        for &lang in LANGS {
            for &(stem, desc) in STEMS {
                all.push(Candidate {
                    stem,
                    desc,
                    kind: Kind::L10n(lang),
                });
            }
        }
        // Fisher-Yates; then the list is consumed from the end.
        for i in (1..all.len()).rev() {
            let j = self.rng.below(i + 1);
            all.swap(i, j);
        }
        all
    }

    pub(super) fn take_filler(&mut self, existing: &[Pkg]) -> Option<Pkg> {
        let c = self.spare.pop()?;
        let name = c.name();
        let has = |n: &str| existing.iter().any(|p| p.name == n);
        let stem = c.stem;
        let first_day = days_from_civil(2004, 11, 1);
        let last_day = release_day(self.spec.os.s10_update()).max(first_day);
        let day = first_day + self.rng.range(0, (last_day - first_day) as u64) as i64;
        let version = self.version(day);
        let mut dirs = Vec::new();
        let mut deps = Vec::new();
        let desc;
        match c.kind {
            Kind::Root => {
                desc = format!("{} (Root)", c.desc);
                deps.push("SUNWcsr".to_string());
                dirs.push(format!("/etc/{stem}"));
                if self.rng.chance(50) {
                    dirs.push(format!("/var/{stem}"));
                }
                if self.rng.chance(15) {
                    dirs.push("/lib/svc/method".to_string());
                }
                if self.rng.chance(30) {
                    dirs.push("/var/svc/manifest/network".to_string());
                }
            }
            Kind::Usr => {
                desc = format!("{} (Usr)", c.desc);
                deps.push("SUNWcsu".to_string());
                let root = format!("SUNW{stem}r");
                if has(&root) {
                    deps.push(root);
                }
                dirs.push(format!("/usr/lib/{stem}"));
                for (percent, dir) in [(50, "/usr/bin"), (20, "/usr/sbin"), (30, "/usr/lib")] {
                    if self.rng.chance(percent) {
                        dirs.push(dir.to_string());
                    }
                }
                if self.rng.chance(30) {
                    dirs.push(format!("/usr/share/{stem}"));
                }
            }
            Kind::Plain => {
                desc = c.desc.to_string();
                deps.extend(["SUNWcsu".to_string(), "SUNWcsl".to_string()]);
                if self.rng.chance(10) {
                    // Unbundled software under /opt: never inherited by sparse zones.
                    dirs.push(format!("/opt/SUNW{stem}"));
                    dirs.push(format!("/opt/SUNW{stem}/bin"));
                } else {
                    dirs.push(format!("/usr/share/{stem}"));
                    if self.rng.chance(40) {
                        dirs.push("/usr/share/man/man1".to_string());
                    }
                    if self.rng.chance(20) {
                        dirs.push(format!("/usr/include/{stem}"));
                    }
                }
            }
            Kind::L10n(lang) => {
                desc = format!("{} localization ({lang})", c.desc);
                let base = [
                    format!("SUNW{stem}u"),
                    format!("SUNW{stem}"),
                    format!("SUNW{stem}r"),
                ]
                .into_iter()
                .find(|n| has(n))
                .unwrap_or_else(|| "SUNWcsu".to_string());
                deps.push(base);
                dirs.push(format!("/usr/share/locale/{lang}"));
                dirs.push(format!("/usr/share/locale/{lang}/LC_MESSAGES"));
            }
        }
        let allzones = matches!(c.kind, Kind::Root | Kind::Usr) && self.rng.chance(25);
        let thiszone = !allzones && self.rng.chance(1);
        Some(Pkg {
            name,
            desc,
            version,
            allzones,
            thiszone,
            deps,
            dirs,
            applied: Vec::new(),
            backed_out: Vec::new(),
            kernel: false,
        })
    }

    pub(super) fn version(&mut self, day: i64) -> String {
        let rev = civil(day * DAY + self.rng.range(0, DAY as u64 - 1) as i64).pkg_rev();
        if self.rng.chance(80) {
            format!("11.10.0,REV={rev}")
        } else {
            let (a, b, c) = (
                self.rng.range(1, 9),
                self.rng.range(0, 20),
                self.rng.range(0, 9),
            );
            format!("{a}.{b}.{c},REV={rev}")
        }
    }
}

/// The name without its `r`/`u` suffix or language: packages of one software.
pub(super) fn stem_of(name: &str) -> &str {
    let name = name.split('-').next().unwrap_or(name);
    name.strip_suffix('r')
        .or_else(|| name.strip_suffix('u'))
        .unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems() {
        assert_eq!(stem_of("SUNWsambar"), "SUNWsamba");
        assert_eq!(stem_of("SUNWsambau"), "SUNWsamba");
        assert_eq!(stem_of("SUNWgnome-panel-de"), "SUNWgnome");
    }
}
