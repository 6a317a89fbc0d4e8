//! Builders for rule tests: a target host and a manifest made in code, and a runner that
//! evaluates one rule on them.

use super::{Finding, Findings, NotRun, Pair, PairCache, Ran, Rule};
use crate::facts::HostFacts;
use crate::manifest::{Manifest, Network, ZoneProps};

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

/// Runs one rule on a pair.
pub fn run_rule(
    rule: &'static Rule,
    manifest: &Manifest,
    target: &HostFacts,
    source: Option<&HostFacts>,
) -> (Result<Ran, NotRun>, Vec<Finding>) {
    let cache = PairCache::default();
    let pair = Pair {
        zone: &manifest.zone.name,
        manifest,
        zone_entire: None,
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
