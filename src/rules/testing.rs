//! Builders for rule tests: a target host and a manifest made in code, and a runner that
//! evaluates one rule on them.

use std::collections::{BTreeMap, BTreeSet};

use super::{Finding, Findings, NotRun, Pair, PairCache, Ran, Rule};
use crate::facts::svr4::{InstalledPatch, PkgInfo, Svr4Db};
use crate::facts::{Fact, HostFacts};
use crate::manifest::{Manifest, Network, ZoneProps};
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
    m.inventory = Inventory::from_elements(source.iter().flat_map(|(name, version, patches)| {
        std::iter::once(InvElement::Package {
            name: name.to_string(),
            version: version.to_string(),
        })
        .chain(patches.iter().map(|p| InvElement::Patch {
            id: patch(p),
            obsoletes: vec![],
        }))
    }));
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
