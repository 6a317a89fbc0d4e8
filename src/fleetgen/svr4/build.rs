//! Generation of a family's package databases, level by level.

use std::collections::{BTreeSet, HashSet};

use super::core::{CORE, GZ_ONLY, KERNEL_PATCHES};
use super::fillers::{Candidate, stem_of};
use crate::fleetgen::clock::{DAY, civil, days_from_civil};
use crate::fleetgen::rng::Rng;
use crate::fleetgen::spec::{Arch, FamilySpec, Os};

/// One installed patch revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patch {
    pub base: u32,
    pub rev: u32,
    /// (base, rev) of the patches it obsoletes.
    pub obsoletes: Vec<(u32, u32)>,
    pub requires: Vec<(u32, u32)>,
    /// When `patchadd` ran (seconds since the epoch).
    pub installed: i64,
}

impl Patch {
    pub fn id(&self) -> String {
        patch_id(self.base, self.rev)
    }
}

pub fn patch_id(base: u32, rev: u32) -> String {
    format!("{base:06}-{rev:02}")
}

/// One installed package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pkg {
    pub name: String,
    pub desc: String,
    pub version: String,
    pub allzones: bool,
    pub thiszone: bool,
    pub deps: Vec<String>,
    /// Directories it delivers (with `@M@`/`@ISA64@` placeholders).
    pub dirs: Vec<String>,
    /// Indexes into [`Level::patches`], in installation order.
    pub applied: Vec<usize>,
    /// Patch ids whose `PATCH_INFO` says `backed out`.
    pub backed_out: Vec<String>,
    /// Patched by the kernel patch chain.
    pub kernel: bool,
}

/// The package database of one patch level.
#[derive(Debug, Clone)]
pub struct Level {
    /// In installation order (core first); renderers sort by name where Solaris does.
    pub packages: Vec<Pkg>,
    /// Every patch revision ever installed, in installation order.
    pub patches: Vec<Patch>,
    /// The running kernel patch (`uname -v` `Generic_<base>-<rev>`).
    pub kernel: (u32, u32),
    pub gz_only: Vec<String>,
    /// `From:` of the PATCH_INFO lines.
    pub from: String,
}

#[derive(Debug, Clone)]
pub struct Family {
    pub name: String,
    pub os: Os,
    pub arch: Arch,
    pub levels: Vec<Level>,
}

impl Family {
    /// Level `n` (1-based).
    pub fn level(&self, n: u32) -> Option<&Level> {
        self.levels.get((n as usize).checked_sub(1)?)
    }
}

/// Release date of a Solaris 10 update (approximate; only the order matters).
pub(super) fn release_day(update: u8) -> i64 {
    let (y, m) = match update {
        1 => (2006, 1),
        2 => (2006, 6),
        3 => (2006, 11),
        4 => (2007, 8),
        5 => (2008, 5),
        6 => (2008, 10),
        7 => (2009, 5),
        8 => (2009, 10),
        9 => (2010, 9),
        10 => (2011, 8),
        _ => (2013, 1),
    };
    days_from_civil(y, m, 15)
}

pub(super) struct Builder<'a> {
    pub(super) spec: &'a FamilySpec,
    pub(super) rng: Rng,
    pub(super) spare: Vec<Candidate>,
    used_bases: HashSet<u32>,
    /// Time of the last installation so far.
    clock: i64,
    first_level: bool,
}

/// Builds every level of a family.
pub fn build_family(seed: u64, spec: &FamilySpec) -> Family {
    let mut b = Builder {
        spec,
        rng: Rng::new(seed, &format!("family/{}", spec.name)),
        spare: Vec::new(),
        used_bases: KERNEL_PATCHES.iter().flat_map(|k| [k.0, k.1]).collect(),
        clock: release_day(spec.os.s10_update()) * DAY + 30 * DAY,
        first_level: true,
    };
    let first = b.level_one();
    let mut levels = vec![first];
    b.first_level = false;
    for n in 2..=spec.levels.max(1) {
        b.rng = Rng::new(seed, &format!("family/{}/level/{n}", spec.name));
        let Some(prev) = levels.last() else { break };
        let next = b.next_level(prev);
        levels.push(next);
    }
    Family {
        name: spec.name.clone(),
        os: spec.os,
        arch: spec.arch,
        levels,
    }
}

impl Builder<'_> {
    fn level_one(&mut self) -> Level {
        let mut packages: Vec<Pkg> = CORE
            .iter()
            .map(|c| Pkg {
                name: c.name.to_string(),
                desc: c.desc.to_string(),
                version: c.version.to_string(),
                allzones: c.allzones,
                thiszone: c.thiszone,
                deps: c.deps.iter().map(|d| d.to_string()).collect(),
                dirs: c.dirs.iter().map(|d| d.to_string()).collect(),
                applied: Vec::new(),
                backed_out: Vec::new(),
                kernel: c.kernel,
            })
            .collect();
        self.spare = self.candidates();
        let fillers = self.spec.packages.saturating_sub(packages.len());
        for _ in 0..fillers {
            if let Some(pkg) = self.take_filler(&packages) {
                packages.push(pkg);
            }
        }
        let from = self
            .rng
            .pick(&["mum", "jumpstart", "patchsvr01", "/var/tmp/10_Recommended"])
            .map_or("mum", |s| *s)
            .to_string();
        let mut level = Level {
            packages,
            patches: Vec::new(),
            kernel: (0, 0),
            gz_only: GZ_ONLY.iter().map(|s| s.to_string()).collect(),
            from,
        };
        self.install_kernel_chain(&mut level);
        let others = self.spec.patches.saturating_sub(level.patches.len());
        // Older patches have lower ids: install them in id order, like a patch cluster.
        let mut bases: Vec<u32> = (0..others).map(|_| self.fresh_base()).collect();
        bases.sort_unstable();
        for base in bases {
            let rev = self.first_rev();
            self.install_patch(&mut level, base, rev);
        }
        level
    }

    fn fresh_base(&mut self) -> u32 {
        loop {
            let base = self.rng.range(119_000, 152_999) as u32;
            if self.used_bases.insert(base) {
                return base;
            }
        }
    }

    fn first_rev(&mut self) -> u32 {
        if self.rng.chance(80) {
            self.rng.range(1, 12) as u32
        } else {
            self.rng.range(13, 35) as u32
        }
    }

    /// The next installation time: a level's patches go in over about two years.
    fn tick(&mut self) -> i64 {
        let spread = (2 * 730 * DAY as u64) / (self.spec.patches.max(1) as u64);
        self.clock += self.rng.range(60, spread.max(120)) as i64;
        self.clock
    }

    /// Kernel patches of the release: the first one of Solaris 10 at its last revision,
    /// those of the two updates before the family's at theirs, and the update's own at the
    /// revision it shipped with, which is the running kernel.
    fn install_kernel_chain(&mut self, level: &mut Level) {
        let update = self.spec.os.s10_update();
        let chain: Vec<&(u32, u32, u8, u32, u32)> = KERNEL_PATCHES
            .iter()
            .enumerate()
            .filter(|(i, k)| k.2 <= update && (*i == 0 || k.2 + 2 >= update))
            .map(|(_, k)| k)
            .collect();
        let last = chain.len().saturating_sub(1);
        for (i, k) in chain.into_iter().enumerate() {
            let rev = if i == last { k.3 } else { k.4 };
            let base = self.kernel_base(k);
            self.install_kernel(level, base, rev);
        }
    }

    fn kernel_base(&self, k: &(u32, u32, u8, u32, u32)) -> u32 {
        match self.spec.arch {
            Arch::Sparc => k.0,
            Arch::I386 => k.1,
        }
    }

    fn install_kernel(&mut self, level: &mut Level, base: u32, rev: u32) {
        let installed = self.tick();
        // Each kernel patch obsoletes the earlier ones but the first, which it requires
        // (or a patch never installed here, when there is no earlier one).
        let base_ku = KERNEL_PATCHES.first().map(|k| self.kernel_base(k));
        let mut obsoletes: Vec<(u32, u32)> = level
            .patches
            .iter()
            .filter(|p| self.is_kernel(p.base) && p.base != base && Some(p.base) != base_ku)
            .map(|p| (p.base, p.rev))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .rev()
            .collect();
        if obsoletes.is_empty() {
            obsoletes.push((self.ghost_base(base), self.rng.range(1, 30) as u32));
        }
        let mut requires = Vec::new();
        if let Some(first) = level.patches.iter().find(|p| self.is_kernel(p.base))
            && first.base != base
        {
            requires.push((first.base, first.rev));
        }
        let patch = Patch {
            base,
            rev,
            obsoletes,
            requires,
            installed,
        };
        let index = level.patches.len();
        level.patches.push(patch);
        for pkg in level.packages.iter_mut().filter(|p| p.kernel) {
            pkg.applied.push(index);
        }
        level.kernel = (base, rev);
    }

    fn is_kernel(&self, base: u32) -> bool {
        KERNEL_PATCHES.iter().any(|k| self.kernel_base(k) == base)
    }

    /// A base id below `below` that is not installed: the target of an `Obsoletes:`.
    fn ghost_base(&mut self, below: u32) -> u32 {
        let hi = u64::from(below.max(100_002) - 1);
        loop {
            let base = self.rng.range(100_000, hi) as u32;
            // Taken for good: an obsoleted patch is never installed later.
            if self.used_bases.insert(base) {
                return base;
            }
        }
    }

    /// Installs a new patch on one package and, usually, its siblings.
    fn install_patch(&mut self, level: &mut Level, base: u32, rev: u32) {
        let installed = self.tick();
        let targets = self.patch_targets(level);
        let mut obsoletes = Vec::new();
        if self.rng.chance(30) {
            for _ in 0..self.rng.range(1, 2) {
                obsoletes.push((self.ghost_base(base), self.rng.range(1, 12) as u32));
            }
        }
        if self.first_level && self.rng.chance(4) {
            // Obsoletes an earlier patch that is installed: later packages lose it. Only
            // within level 1, so that a higher level never takes a patch away.
            let earlier: Vec<(u32, u32)> = level
                .patches
                .iter()
                .filter(|p| p.base < base && !self.is_kernel(p.base))
                .map(|p| (p.base, p.rev))
                .collect();
            if let Some(&old) = self.rng.pick(&earlier) {
                obsoletes.push(old);
            }
        }
        let mut requires = Vec::new();
        if self.rng.chance(50) {
            requires.push(level.kernel);
        }
        if self.rng.chance(20)
            && let Some(p) = self.rng.pick(&level.patches)
            && p.base != base
        {
            requires.push((p.base, p.rev));
        }
        let index = level.patches.len();
        level.patches.push(Patch {
            base,
            rev,
            obsoletes,
            requires,
            installed,
        });
        for t in targets {
            if let Some(pkg) = level.packages.get_mut(t) {
                pkg.applied.push(index);
            }
        }
    }

    /// Packages a new patch applies to: a few core ones, or a filler and its siblings.
    fn patch_targets(&mut self, level: &Level) -> Vec<usize> {
        let n = level.packages.len();
        if n == 0 {
            return Vec::new();
        }
        if self.rng.chance(30) || n <= CORE.len() {
            let count = self.rng.range(1, 4) as usize;
            let mut t: Vec<usize> = (0..count)
                .map(|_| self.rng.below(CORE.len().min(n)))
                .collect();
            t.sort_unstable();
            t.dedup();
            return t;
        }
        let first = CORE.len() + self.rng.below(n - CORE.len());
        let stem = stem_of(&level.packages[first].name);
        let mut t = vec![first];
        for (i, p) in level.packages.iter().enumerate() {
            if i != first && stem_of(&p.name) == stem && self.rng.chance(60) {
                t.push(i);
            }
        }
        t.sort_unstable();
        t
    }

    fn next_level(&mut self, prev: &Level) -> Level {
        let mut level = prev.clone();
        self.clock += self.rng.range(150, 400) as i64 * DAY;
        // A newer kernel patch, or a newer revision of the current one.
        let current = level.kernel;
        let next_ku = KERNEL_PATCHES
            .iter()
            .position(|k| self.kernel_base(k) == current.0)
            .and_then(|i| KERNEL_PATCHES.get(i + 1))
            .map(|k| (self.kernel_base(k), k.3));
        match next_ku {
            Some((base, rev)) => self.install_kernel(&mut level, base, rev),
            None => {
                let rev = current.1 + self.rng.range(3, 12) as u32;
                self.install_kernel(&mut level, current.0, rev);
            }
        }
        // Newer revisions of a quarter of the other patches.
        let latest: Vec<usize> = latest_revisions(&level)
            .into_iter()
            .filter(|&i| !self.is_kernel(level.patches[i].base))
            .collect();
        for i in latest {
            if !self.rng.chance(25) {
                continue;
            }
            let old = level.patches[i].clone();
            let mut patch = old.clone();
            patch.rev = old.rev + self.rng.range(1, 6) as u32;
            patch.installed = self.tick();
            let index = level.patches.len();
            level.patches.push(patch);
            let replace = self.rng.chance(50);
            for pkg in &mut level.packages {
                if let Some(pos) = pkg.applied.iter().position(|&a| a == i) {
                    if replace {
                        pkg.applied.remove(pos);
                    }
                    pkg.applied.push(index);
                }
            }
        }
        for _ in 0..(self.spec.patches / 12).max(1) {
            let base = self.fresh_base();
            let rev = self.first_rev();
            self.install_patch(&mut level, base, rev);
        }
        // A few packages upgraded to newer versions, and a few added.
        let n = level.packages.len();
        let day = self.clock / DAY;
        if n > CORE.len() {
            for _ in 0..(self.spec.packages / 80).max(1) {
                let i = CORE.len() + self.rng.below(n - CORE.len());
                // The same release, rebuilt later: a newer version by `pkg_vers_cmp`.
                let rev = civil(day * DAY + self.rng.range(0, DAY as u64 - 1) as i64).pkg_rev();
                if let Some(pkg) = level.packages.get_mut(i) {
                    let main = pkg
                        .version
                        .split(',')
                        .next()
                        .unwrap_or("11.10.0")
                        .to_string();
                    pkg.version = format!("{main},REV={rev}");
                }
            }
        }
        for _ in 0..(self.spec.packages / 150).max(1) {
            if let Some(pkg) = self.take_filler(&level.packages) {
                level.packages.push(pkg);
            }
        }
        // One patch that was backed out again.
        let i = self.rng.below(level.packages.len());
        let ghost = patch_id(self.ghost_base(152_000), 1);
        if let Some(pkg) = level.packages.get_mut(i) {
            pkg.backed_out.push(ghost);
        }
        level
    }
}

/// Indexes of the highest revision of each base id that some package has applied.
fn latest_revisions(level: &Level) -> Vec<usize> {
    let applied: BTreeSet<usize> = level
        .packages
        .iter()
        .flat_map(|p| p.applied.iter().copied())
        .collect();
    let mut best: std::collections::BTreeMap<u32, usize> = std::collections::BTreeMap::new();
    for i in applied {
        let p = &level.patches[i];
        match best.get(&p.base) {
            Some(&j) if level.patches[j].rev >= p.rev => {}
            _ => {
                best.insert(p.base, i);
            }
        }
    }
    best.into_values().collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    fn spec(packages: usize, patches: usize, levels: u32) -> FamilySpec {
        FamilySpec {
            name: "f".into(),
            os: Os::S10(11),
            arch: Arch::Sparc,
            packages,
            patches,
            levels,
        }
    }

    #[test]
    fn sizes_and_levels() {
        let f = build_family(1, &spec(300, 60, 3));
        assert_eq!(f.levels.len(), 3);
        let one = f.level(1).unwrap();
        assert_eq!(one.packages.len(), 300);
        assert_eq!(one.patches.len(), 60);
        let names: HashSet<&str> = one.packages.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names.len(), 300, "package names are unique");
        // u11 runs 147147-26 at level 1, then 148888 and 150400.
        assert_eq!(one.kernel, (147147, 26));
        assert_eq!(f.level(2).unwrap().kernel, (148888, 5));
        assert_eq!(f.level(3).unwrap().kernel, (150400, 40));
        assert!(f.level(3).unwrap().packages.len() > 300);
    }

    #[test]
    fn same_seed_same_family() {
        let a = build_family(7, &spec(120, 30, 2));
        let b = build_family(7, &spec(120, 30, 2));
        assert_eq!(a.levels[1].packages, b.levels[1].packages);
        assert_eq!(a.levels[1].patches, b.levels[1].patches);
        let c = build_family(8, &spec(120, 30, 2));
        assert_ne!(a.levels[1].patches, c.levels[1].patches);
    }
}
