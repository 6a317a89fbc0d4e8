//! Builders for rule tests: a target host and a manifest made in code, and a runner that
//! evaluates one rule on them.

use std::collections::{BTreeMap, BTreeSet};

use super::{Finding, Findings, NotRun, Pair, PairCache, Ran, Rule};
use crate::facts::dladm::Datalink;
use crate::facts::ifconfig::{Family, Interface};
use crate::facts::paths::{PathEntry, PathKind, Paths};
use crate::facts::rctladm::{RctlFlags, Rctls};
use crate::facts::release::Release;
use crate::facts::svr4::{InstalledPatch, PkgInfo, Svr4Db};
use crate::facts::uname::Uname;
use crate::facts::zfs::{Dataset, DatasetKind, ZfsList};
use crate::facts::zoneadm_list::{IpType, ZoneEntry};
use crate::facts::{Fact, HostFacts};
use crate::manifest::{Filesystem, Manifest, Network, Rctl, RctlValue, ZoneProps};
use crate::software::{InvElement, Inventory};
use crate::version::ips::Fmri;
use crate::version::patch::PatchId;

/// A manifest of a shared-IP zone `web01` at `/zones/web01`, with nothing else.
pub fn manifest() -> Manifest {
    Manifest {
        zone: ZoneProps {
            name: "web01".into(),
            zonepath: "/zones/web01".into(),
            autoboot: "true".into(),
            ..ZoneProps::default()
        },
        ..Manifest::default()
    }
}

pub fn net(address: Option<&str>, physical: &str) -> Network {
    Network {
        address: address.map(str::to_string),
        physical: physical.into(),
        ..Network::default()
    }
}

/// A host named `target` of which nothing is known yet.
pub fn host() -> HostFacts {
    HostFacts::empty("target")
}

/// A package for [`native`]: name, version, patch ids.
pub type Pkg<'a> = (&'a str, &'a str, &'a [&'a str]);

fn patch(id: &str) -> PatchId {
    PatchId::parse(id).unwrap_or_else(|e| panic!("{e}"))
}

/// A whole-root native zone whose inventory is `source`, and a target whose SVR4
/// database holds `target` (every package `SUNW_PKG_ALLZONES=true`).
pub fn native(source: &[Pkg<'_>], target: &[Pkg<'_>]) -> (Manifest, HostFacts) {
    let mut m = manifest();
    m.zone.brand = Some("native".into());
    m.inventory = std::sync::Arc::new(Inventory::from_elements(source.iter().flat_map(
        |(name, version, patches)| {
            std::iter::once(InvElement::Package {
                name: name.to_string(),
                version: version.to_string(),
            })
            .chain(patches.iter().map(|p| InvElement::Patch {
                id: patch(p),
                obsoletes: vec![],
            }))
        },
    )));
    let packages = target
        .iter()
        .map(|(name, version, patches)| PkgInfo {
            name: name.to_string(),
            version: version.to_string(),
            allzones: true,
            thiszone: false,
            patches: patches
                .iter()
                .map(|p| InstalledPatch {
                    id: patch(p),
                    obsoletes: vec![],
                })
                .collect(),
        })
        .collect();
    let mut h = host();
    h.svr4 = Ok(Svr4Db::new(
        packages,
        BTreeMap::new(),
        vec![],
        BTreeSet::new(),
    ));
    (m, h)
}

/// Runs one rule on a pair.
pub fn run_rule(
    rule: &'static Rule,
    manifest: &Manifest,
    target: &HostFacts,
    source: Option<&HostFacts>,
) -> (Result<Ran, NotRun>, Vec<Finding>) {
    run_rule_with_entire(rule, manifest, None, target, source)
}

/// Runs one rule on a pair whose zone image has an `entire` fact.
pub fn run_rule_with_entire(
    rule: &'static Rule,
    manifest: &Manifest,
    zone_entire: Option<&Fact<Fmri>>,
    target: &HostFacts,
    source: Option<&HostFacts>,
) -> (Result<Ran, NotRun>, Vec<Finding>) {
    let cache = PairCache::default();
    let pair = Pair {
        zone: &manifest.zone.name,
        manifest,
        zone_entire,
        target,
        source,
        cache: &cache,
        index: None,
    };
    let mut out = Findings::new(rule);
    let result = (rule.check)(&pair, &mut out);
    (result, out.into_vec())
}

/// The messages a rule produced, asserting that it ran.
pub fn messages(
    rule: &'static Rule,
    manifest: &Manifest,
    target: &HostFacts,
    source: Option<&HostFacts>,
) -> Vec<String> {
    let (result, findings) = run_rule(rule, manifest, target, source);
    assert_eq!(result, Ok(Ran::Checked), "{} did not run", rule.code);
    findings.into_iter().map(|f| f.message).collect()
}

// Builders shared by the rule tests.

pub const U11: &str = "Oracle Solaris 10 1/13 s10s_u11wos_24a SPARC";

pub fn platform(
    name: &str,
    release: &str,
    machine: &str,
    isa: &str,
    line: &str,
) -> crate::facts::HostFacts {
    let mut h = crate::facts::HostFacts::empty(name);
    h.uname = Ok(Uname {
        node: name.into(),
        release: release.into(),
        version: "Generic_150400-59".into(),
        machine: machine.into(),
        isa: isa.into(),
        platform: "SUNW,SPARC-Enterprise".into(),
    });
    h.release = Ok(Release {
        line: line.into(),
        s10_update: None,
    });
    h
}

pub fn s10_with(ifs: &[(&str, Family, &str, Option<&str>)]) -> crate::facts::HostFacts {
    let mut h = host();
    h.uname = Ok(Uname {
        node: "t".into(),
        release: "5.10".into(),
        version: "Generic".into(),
        machine: "sun4v".into(),
        isa: "sparc".into(),
        platform: "x".into(),
    });
    h.ifconfig = Ok(ifs
        .iter()
        .map(|(name, family, addr, zone)| Interface {
            name: name.to_string(),
            physical: name.split(':').next().unwrap_or_default().to_string(),
            family: *family,
            flags: vec![],
            address: Some(addr.to_string()),
            zone: zone.map(str::to_string),
        })
        .collect());
    h
}

pub fn links(names: &[(&str, Option<&str>)]) -> crate::facts::HostFacts {
    let mut h = host();
    h.dladm = Ok(names
        .iter()
        .map(|(n, zone)| Datalink {
            name: n.to_string(),
            class: Some("phys".into()),
            mtu: Some(1500),
            state: Some("up".into()),
            over: vec![],
            zone: zone.map(str::to_string),
        })
        .collect());
    h
}

pub fn exclusive(link: &str) -> crate::manifest::Manifest {
    let mut m = manifest();
    m.zone.ip_type = Some("exclusive".into());
    m.networks = vec![net(None, link)];
    m
}

pub fn entry(name: &str, state: &str, zonepath: &str) -> ZoneEntry {
    ZoneEntry {
        id: None,
        name: name.into(),
        state: state.into(),
        zonepath: zonepath.into(),
        uuid: None,
        brand: Some("native".into()),
        ip_type: Some(IpType::Shared),
    }
}

pub fn probed(present: &[(&str, PathKind)], missing: &[&str]) -> crate::facts::HostFacts {
    let mut h = host();
    h.paths = Ok(Paths {
        present: present
            .iter()
            .map(|(p, kind)| {
                (
                    p.to_string(),
                    PathEntry {
                        kind: *kind,
                        mode: String::new(),
                        owner: "root".into(),
                        group: "root".into(),
                    },
                )
            })
            .collect(),
        missing: missing.iter().map(|p| p.to_string()).collect(),
        inaccessible: Default::default(),
    });
    h
}

pub fn fs(fs_type: &str, special: &str, raw: Option<&str>) -> crate::manifest::Manifest {
    let mut m = manifest();
    m.filesystems = vec![Filesystem {
        special: special.into(),
        raw: raw.map(str::to_string),
        directory: "/data".into(),
        fs_type: fs_type.into(),
        options: vec![],
    }];
    m
}

pub fn pool(entries: &[(&str, DatasetKind, &str)]) -> crate::facts::HostFacts {
    let mut h = host();
    h.zfs = Ok(ZfsList {
        datasets: entries
            .iter()
            .map(|(n, kind, mp)| {
                (
                    n.to_string(),
                    Dataset {
                        kind: *kind,
                        mountpoint: mp.to_string(),
                        zoned: false,
                    },
                )
            })
            .collect(),
    });
    h
}

pub fn known(entries: &[(&str, &[&str])]) -> crate::facts::HostFacts {
    let mut h = host();
    h.rctls = Ok(Rctls {
        by_name: entries
            .iter()
            .map(|(n, f)| {
                (
                    n.to_string(),
                    RctlFlags {
                        flags: f.iter().map(|s| s.to_string()).collect(),
                    },
                )
            })
            .collect(),
    });
    h
}

pub fn with_rctl(
    name: &str,
    privilege: &str,
    limit: &str,
    action: &str,
) -> crate::manifest::Manifest {
    let mut m = manifest();
    m.rctls = vec![Rctl {
        name: name.into(),
        values: vec![RctlValue {
            privilege: privilege.into(),
            limit: limit.into(),
            action: action.into(),
        }],
    }];
    m
}

pub const OLD: &str = "pkg://solaris/entire@11.4-11.4.30.0.1.88.3:20210128T175617Z";
pub const NEW: &str = "pkg://solaris/entire@11.4-11.4.42.0.1.111.0:20220223T100004Z";

fn fmri(s: &str) -> Fmri {
    Fmri::parse(s).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs an IPS rule for a `solaris` zone whose image has entire `zone` on a target with
/// entire `target`; the messages it produced.
pub fn run_entire(rule: &'static Rule, zone: &str, target: &str) -> Vec<String> {
    let mut m = manifest();
    m.zone.brand = Some("solaris".into());
    let mut t = host();
    t.ips_entire = Ok(fmri(target));
    let entire = Ok(fmri(zone));
    let (result, findings) = run_rule_with_entire(rule, &m, Some(&entire), &t, None);
    assert_eq!(result, Ok(Ran::Checked));
    findings.into_iter().map(|f| f.message).collect()
}

/// `t` with a zone db01 in `state` whose exclusive-IP configuration uses datalink net1.
pub fn with_exclusive_neighbour(mut t: HostFacts, state: &str) -> HostFacts {
    t.zones = Ok(vec![
        entry("global", "running", "/"),
        entry("db01", state, "/zones/db01"),
    ]);
    let mut other = exclusive("net1");
    other.zone.name = "db01".into();
    t.zone_configs.insert("db01".into(), Ok(other));
    t
}
