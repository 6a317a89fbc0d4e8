//! What a check sees ([`Pair`]) and what it produces ([`Findings`], [`Ran`], [`NotRun`]).

use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::Arc;

use serde::Serialize;

use super::link_users::LinkUsers;
use super::{Rule, Severity};
use crate::collect::FactId;
use crate::facts::ifconfig::Family;
use crate::facts::svr4::Svr4Db;
use crate::facts::zoneadm_list::ZoneEntry;
use crate::facts::{Fact, FactError, HostFacts};
use crate::manifest::Manifest;
use crate::software::cmp::{SwDiff, sw_cmp};
use crate::software::target::target_inventory;
use crate::software::update::downgrades;
use crate::version::ips::Fmri;

/// One (zone, candidate host) pair under evaluation.
#[derive(Debug, Clone, Copy)]
pub struct Pair<'a> {
    /// The zone's name (from the snapshot, validated).
    pub zone: &'a str,
    pub manifest: &'a Manifest,
    /// The zone image's `entire` (IPS brands), when collected.
    pub zone_entire: Option<&'a Fact<Fmri>>,
    pub target: &'a HostFacts,
    /// The host the zone lives on, for the advisory release and platform checks.
    pub source: Option<&'a HostFacts>,
    /// Results shared by several checks of this pair.
    pub cache: &'a PairCache,
    /// What the checks look up on the target, built once per host when the target is
    /// checked against many zones; built per call when `None`.
    pub index: Option<&'a TargetIndex<'a>>,
}

/// A non-global zone of a host with its configuration (`config.xml`), when recorded.
pub type HostZone<'a> = (&'a ZoneEntry, Option<&'a Manifest>);

/// The lookups the `Pair` checks make on a target, made once per host: its IP interfaces,
/// its non-global zones with their configurations, and who uses each datalink.
#[derive(Debug)]
pub struct TargetIndex<'a> {
    ip_interfaces: Result<Vec<IpInterface<'a>>, NotRun>,
    zones: Result<Vec<HostZone<'a>>, NotRun>,
    link_users: Result<LinkUsers<'a>, NotRun>,
}

impl<'a> TargetIndex<'a> {
    pub fn new(target: &'a HostFacts) -> Self {
        let zones = zones_of(target);
        let link_users = match &zones {
            Ok(zones) => Ok(link_users_of(target, zones)),
            Err(e) => Err(e.clone()),
        };
        TargetIndex {
            ip_interfaces: ip_interfaces_of(target),
            zones,
            link_users,
        }
    }

    /// The target's IP interfaces, as the checks see them.
    pub fn interfaces(&self) -> Result<&[IpInterface<'a>], &NotRun> {
        self.ip_interfaces.as_deref()
    }

    /// Who uses each of the target's datalinks, as the checks see it.
    pub fn link_users(&self) -> Result<&LinkUsers<'a>, &NotRun> {
        self.link_users.as_ref()
    }
}

/// The host's non-global zones, each with its `config.xml` when recorded.
fn zones_of(target: &HostFacts) -> Result<Vec<HostZone<'_>>, NotRun> {
    let zones = Pair::need(&target.zones)?;
    Ok(zones
        .iter()
        .filter(|z| !z.is_global())
        .map(|z| {
            let config = target
                .zone_configs
                .get(&z.name)
                .and_then(|c| c.as_ref().ok());
            (z, config)
        })
        .collect())
}

fn link_users_of<'a>(target: &'a HostFacts, zones: &[HostZone<'a>]) -> LinkUsers<'a> {
    LinkUsers::new(zones, target.dladm.as_ref().ok().map(Vec::as_slice))
}

/// The target's IP interfaces, from the tool its release has: `ifconfig -a` on Solaris
/// 10, `ipadm show-addr` on later releases (falling back to `ifconfig -a`, which they
/// still have).
fn ip_interfaces_of(target: &HostFacts) -> Result<Vec<IpInterface<'_>>, NotRun> {
    let from_ifconfig = || -> Result<Vec<IpInterface<'_>>, NotRun> {
        let ifs = Pair::need(&target.ifconfig)?;
        Ok(ifs
            .iter()
            .map(|i| IpInterface {
                physical: &i.physical,
                family: i.family,
                address: i.address.as_deref().unwrap_or(""),
                zone: i.zone.as_deref(),
            })
            .collect())
    };
    let from_ipadm = || -> Result<Vec<IpInterface<'_>>, NotRun> {
        let addrs = Pair::need(&target.ipadm)?;
        Ok(addrs
            .iter()
            .map(|a| IpInterface {
                physical: &a.ifname,
                family: a.family,
                address: &a.address,
                zone: None,
            })
            .collect())
    };
    match target.is_solaris10() {
        Some(true) => from_ifconfig(),
        _ => from_ipadm().or_else(|ipadm_err| from_ifconfig().map_err(|_| ipadm_err)),
    }
}

/// Work done once per pair and shared by the checks that need it.
#[derive(Debug, Default)]
pub struct PairCache {
    native: OnceCell<Result<NativeComparison, NotRun>>,
}

/// The native software comparison of a pair: `sw_cmp`, and what `attach -u` would refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NativeComparison {
    pub diff: SwDiff,
    /// `ERROR: attempt to downgrade ...` lines; empty when `attach -u` would succeed.
    pub downgrades: Vec<String>,
    /// Each `sw_cmp` section as zoneadm prints it, with its item count, rendered once
    /// (the findings of every pair sharing this comparison point at the same text).
    pub sections: [Option<(Arc<str>, usize)>; 4],
    /// All downgrade lines, one per line, rendered once.
    pub downgrade_text: Option<Arc<str>>,
}

impl NativeComparison {
    /// Compares the manifest's inventory with the one the target's SVR4 database gives a
    /// zone of the manifest's layout.
    pub fn of(manifest: &Manifest, db: &Svr4Db) -> NativeComparison {
        let target = target_inventory(db, &manifest.layout());
        let source = &manifest.inventory;
        NativeComparison::new(sw_cmp(source, &target), downgrades(source, &target))
    }

    pub fn new(diff: SwDiff, downgrades: Vec<String>) -> NativeComparison {
        let sections = Section::ALL.map(|s| {
            s.render(&diff)
                .map(|(text, count)| (Arc::<str>::from(text), count))
        });
        let downgrade_text =
            (!downgrades.is_empty()).then(|| Arc::<str>::from(downgrades.join("\n")));
        NativeComparison {
            diff,
            downgrades,
            sections,
            downgrade_text,
        }
    }

    /// A section's text and item count; `None` when it is empty.
    pub fn section(&self, section: Section) -> Option<&(Arc<str>, usize)> {
        self.sections[section as usize].as_ref()
    }
}

/// The four sections of `sw_cmp`'s report, in Solaris' order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    PkgInconsistent,
    PkgExtra,
    PatchInconsistent,
    PatchExtra,
}

impl Section {
    pub const ALL: [Section; 4] = [
        Section::PkgInconsistent,
        Section::PkgExtra,
        Section::PatchInconsistent,
        Section::PatchExtra,
    ];

    /// The section as zoneadm prints it and its number of items; `None` when empty.
    fn render(self, diff: &SwDiff) -> Option<(String, usize)> {
        // A diff holding only this section renders exactly that section.
        let mut only = SwDiff::default();
        let count = match self {
            Section::PkgInconsistent => {
                only.inconsistent_packages = diff.inconsistent_packages.clone();
                only.inconsistent_packages.len()
            }
            Section::PkgExtra => {
                only.extra_packages = diff.extra_packages.clone();
                only.extra_packages.len()
            }
            Section::PatchInconsistent => {
                only.inconsistent_patches = diff.inconsistent_patches.clone();
                only.inconsistent_patches.len()
            }
            Section::PatchExtra => {
                only.extra_patches = diff.extra_patches.clone();
                only.extra_patches.len()
            }
        };
        (count > 0).then(|| (only.render_solaris(), count))
    }
}

/// A check that ran, or found that it does not apply to this manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ran {
    Checked,
    NotApplicable,
}

/// Why a check could not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotRun {
    /// Data it needs is unavailable: the pair's verdict cannot be better than `unknown`.
    Unavailable {
        host: String,
        fact: FactId,
        reason: String,
    },
    /// Not asked for (for example no source host was given): recorded in the coverage,
    /// without changing the verdict.
    Skipped { reason: String },
}

impl From<&FactError> for NotRun {
    fn from(e: &FactError) -> Self {
        NotRun::Unavailable {
            host: e.host.clone(),
            fact: e.fact,
            reason: e.to_string(),
        }
    }
}

impl NotRun {
    pub fn reason(&self) -> &str {
        match self {
            NotRun::Unavailable { reason, .. } | NotRun::Skipped { reason } => reason,
        }
    }
}

/// One thing a check found.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The data behind the finding (the fact line, the Solaris report), when useful.
    /// Shared: the same software report stands behind every zone of a class on a target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Arc<str>>,
}

/// Collects the findings of the rule currently running, under that rule's code.
#[derive(Debug)]
pub struct Findings {
    rule: &'static Rule,
    items: Vec<Finding>,
}

impl Findings {
    pub fn new(rule: &'static Rule) -> Self {
        Findings {
            rule,
            items: Vec::new(),
        }
    }

    pub fn push(&mut self, message: impl Into<String>) {
        self.push_finding(message.into(), None);
    }

    pub fn push_with(&mut self, message: impl Into<String>, evidence: impl Into<Arc<str>>) {
        self.push_finding(message.into(), Some(evidence.into()));
    }

    fn push_finding(&mut self, message: String, evidence: Option<Arc<str>>) {
        self.items.push(Finding {
            code: self.rule.code,
            severity: self.rule.severity,
            message,
            evidence,
        });
    }

    pub fn into_vec(self) -> Vec<Finding> {
        self.items
    }
}

/// An IP interface of the target, from `ifconfig -a` or `ipadm show-addr`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpInterface<'a> {
    pub physical: &'a str,
    pub family: Family,
    pub address: &'a str,
    /// The non-global zone the address is lent to (ifconfig's `zone` line).
    pub zone: Option<&'a str>,
}

impl<'a> Pair<'a> {
    /// The value of a fact, or why the check cannot run.
    pub fn need<T>(fact: &'a Fact<T>) -> Result<&'a T, NotRun> {
        fact.as_ref().map_err(NotRun::from)
    }

    /// The native package/patch comparison, computed once per pair. `None`: the manifest
    /// has no SVR4 inventory, so there is nothing to compare.
    pub fn native_software(&self) -> Result<Option<&'a NativeComparison>, NotRun> {
        if !self.manifest.has_inventory() {
            return Ok(None);
        }
        // Without the native brand (Solaris 11, illumos) there is no SVR4 database to
        // compare with; ZM002 reports the missing brand.
        if let Ok(brands) = &self.target.brands
            && !brands.names.contains("native")
        {
            return Ok(None);
        }
        let result = self.cache.native.get_or_init(|| {
            let db = Self::need(&self.target.svr4)?;
            Ok(NativeComparison::of(self.manifest, db))
        });
        result.as_ref().map(Some).map_err(Clone::clone)
    }

    /// The source host, or a skip when the operator did not name one.
    pub fn source(&self) -> Result<&'a HostFacts, NotRun> {
        self.source.ok_or_else(|| NotRun::Skipped {
            reason: "no source host given: release and platform were not compared".into(),
        })
    }

    /// The zone's brand on the target: the one the manifest implies
    /// ([`Manifest::own_brand`]), otherwise the target's default brand.
    pub fn brand(&self) -> Result<String, NotRun> {
        match self.manifest.own_brand() {
            Some(b) => Ok(b.to_string()),
            None => Ok(Self::need(&self.target.default_brand)?.0.clone()),
        }
    }

    /// The target's IP interfaces ([`TargetIndex`]).
    pub fn ip_interfaces(&self) -> Result<Cow<'a, [IpInterface<'a>]>, NotRun> {
        match self.index {
            Some(index) => match &index.ip_interfaces {
                Ok(list) => Ok(Cow::Borrowed(list.as_slice())),
                Err(e) => Err(e.clone()),
            },
            None => ip_interfaces_of(self.target).map(Cow::Owned),
        }
    }

    /// `f` of who uses each of the target's datalinks ([`LinkUsers`]), which needs the
    /// target's zone list.
    pub fn with_link_users<R>(&self, f: impl FnOnce(&LinkUsers<'a>) -> R) -> Result<R, NotRun> {
        match self.index {
            Some(index) => match &index.link_users {
                Ok(users) => Ok(f(users)),
                Err(e) => Err(e.clone()),
            },
            None => Ok(f(&link_users_of(self.target, &zones_of(self.target)?))),
        }
    }

    /// The target's non-global zones other than this one, with their configurations.
    pub fn other_zones(&self) -> Result<Vec<HostZone<'a>>, NotRun> {
        let all = match self.index {
            Some(index) => match &index.zones {
                Ok(list) => Cow::Borrowed(list.as_slice()),
                Err(e) => return Err(e.clone()),
            },
            None => Cow::Owned(zones_of(self.target)?),
        };
        Ok(all
            .iter()
            .filter(|(z, _)| z.name != self.zone)
            .copied()
            .collect())
    }
}
