//! Loading a snapshot for the fleet matrix: every host read and parsed once, in parallel;
//! every zone's manifest parsed once; outputs and inventories that hosts and zones share
//! parsed once in all ([`Parsers`]). A host or zone that cannot be read becomes a problem
//! attached to it, never an abort.

use std::path::Path;

use rayon::prelude::*;

use super::fleet::{FleetHost, FleetZone, Roles, SnapshotInfo};
use crate::collect::{IndexError, RawHost, SnapshotIndex};
use crate::facts::{Fact, HostFacts, Parsers, zone_entire};
use crate::manifest::Manifest;
use crate::version::ips::Fmri;

/// A zone with its parsed manifest.
#[derive(Debug, Clone)]
pub struct LoadedZone {
    pub info: FleetZone,
    /// The manifest, or why there is none.
    pub manifest: Result<Manifest, String>,
    /// The zone image's `entire` (IPS brands), when recorded.
    pub entire: Option<Fact<Fmri>>,
}

/// A host with its parsed facts and zones.
#[derive(Debug, Clone)]
pub struct LoadedHost {
    pub info: FleetHost,
    pub facts: HostFacts,
    /// Zones found on the host (installed or further), sorted by name.
    pub zones: Vec<LoadedZone>,
}

/// A whole snapshot, parsed.
#[derive(Debug, Clone)]
pub struct LoadedSnapshot {
    pub info: SnapshotInfo,
    /// Sorted by name.
    pub hosts: Vec<LoadedHost>,
}

/// Reads and parses every host of the snapshot at `dir`, in parallel.
pub fn load_snapshot(dir: &Path) -> Result<LoadedSnapshot, IndexError> {
    let index = SnapshotIndex::read(dir)?;
    let parsers = Parsers::default();
    let hosts = index
        .hosts
        .par_iter()
        .map(|name| load_host(&dir.join("hosts").join(name), name, &parsers))
        .collect();
    Ok(LoadedSnapshot {
        info: SnapshotInfo {
            path: dir.display().to_string(),
            created: index.created,
            tool: index.tool,
        },
        hosts,
    })
}

/// Reads one host directory, sharing parsed outputs with the other hosts loaded with
/// `parsers`; a directory that cannot be read gives a host whose every fact is
/// unavailable, with the reason.
fn load_host(dir: &Path, name: &str, parsers: &Parsers) -> LoadedHost {
    match RawHost::read(dir) {
        Ok(raw) => from_raw(&raw, parsers),
        Err(e) => {
            let facts = HostFacts::empty(name);
            LoadedHost {
                info: FleetHost {
                    name: name.to_string(),
                    roles: Roles::BOTH,
                    problems: vec![e.to_string()],
                    unreachable: true,
                    ..FleetHost::default()
                },
                facts,
                zones: Vec::new(),
            }
        }
    }
}

/// A host of which no command succeeded and no zone is known: every pair with it is
/// `unknown`. The collector's summary and the reports use this one rule.
pub fn nothing_collected(fact_exits: impl IntoIterator<Item = i32>, has_zones: bool) -> bool {
    !has_zones && fact_exits.into_iter().all(|exit| exit != 0)
}

/// Parses a host read from a snapshot, sharing parsed outputs with the other hosts
/// parsed with `parsers`.
fn from_raw(raw: &RawHost, parsers: &Parsers) -> LoadedHost {
    let facts = HostFacts::from_raw_shared(raw, parsers);
    let roles = Roles::from_names(&raw.meta.roles);
    let release = match (&facts.uname, &facts.release) {
        (Ok(u), Ok(r)) => Some(format!("{} ({})", u.release, r.line)),
        (Ok(u), Err(_)) => Some(u.release.clone()),
        _ => None,
    };
    let problems: Vec<String> = raw
        .errors
        .iter()
        .map(|e| match (&e.fact, &e.zone) {
            (Some(f), _) => format!("{f}: {}", e.message),
            (None, Some(z)) => format!("zone {z}: {}", e.message),
            (None, None) => e.message.clone(),
        })
        .collect();
    let info = FleetHost {
        name: raw.name.clone(),
        roles,
        tags: raw.meta.tags.clone(),
        release,
        collected_at: raw.meta.collected_at.clone(),
        problems,
        unreachable: nothing_collected(raw.facts.values().map(|f| f.exit), !raw.zones.is_empty()),
        collection_ms: raw.meta.command_ms,
    };
    let zones = zones_of(raw, &facts, parsers);
    LoadedHost { info, facts, zones }
}

/// The zones of a host that could move: installed or further in `zoneadm list`, plus any
/// zone directory holding a manifest.
fn zones_of(raw: &RawHost, facts: &HostFacts, parsers: &Parsers) -> Vec<LoadedZone> {
    let listed: Vec<_> = facts
        .zones
        .as_ref()
        .map(|list| {
            list.iter()
                .filter(|z| !z.is_global() && z.is_installed())
                .collect()
        })
        .unwrap_or_default();
    let mut names: Vec<String> = listed.iter().map(|z| z.name.clone()).collect();
    names.extend(
        raw.zones
            .iter()
            .filter(|(_, z)| z.manifest.is_some())
            .map(|(n, _)| n.clone()),
    );
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|n| crate::inventory::names::validate_zone_name(n).is_ok())
        .map(|name| {
            let entry = listed.iter().find(|z| z.name == name);
            let recorded = raw.zones.get(&name);
            let manifest = match recorded {
                None => Err(not_collected(raw, &name)),
                Some(z) if z.manifest_exit != 0 => Err(format!(
                    "zoneadm detach -n exited with status {}",
                    z.manifest_exit
                )),
                Some(z) => match &z.manifest {
                    None => Err(not_collected(raw, &name)),
                    Some(bytes) => parsers
                        .manifests
                        .parse(bytes)
                        .map_err(|e| format!("manifest.xml: {e}")),
                },
            };
            let brand = entry
                .and_then(|e| e.brand.clone())
                .or_else(|| {
                    manifest
                        .as_ref()
                        .ok()
                        .and_then(|m| m.own_brand())
                        .map(str::to_string)
                })
                .unwrap_or_default();
            let entire = recorded
                .filter(|z| z.facts.contains_key(&crate::collect::FactId::IpsEntire))
                .map(|_| zone_entire(raw, &name));
            LoadedZone {
                info: FleetZone {
                    name: name.clone(),
                    host: raw.name.clone(),
                    brand,
                    state: entry.map(|e| e.state.clone()).unwrap_or_default(),
                    problem: manifest.as_ref().err().cloned(),
                },
                manifest,
                entire,
            }
        })
        .collect()
}

fn not_collected(raw: &RawHost, zone: &str) -> String {
    raw.errors
        .iter()
        .find(|e| e.zone.as_deref() == Some(zone))
        .map_or_else(
            || "the zone's manifest was not collected".to_string(),
            |e| format!("the zone's manifest could not be collected: {}", e.message),
        )
}

impl LoadedSnapshot {
    /// Keeps only the inventory's hosts, with the inventory's roles and tags (the
    /// inventory is the operator's word; `host.json` only records what was collected).
    /// Returns the names of snapshot hosts the inventory does not list.
    pub fn restrict_to_inventory(
        &mut self,
        inventory: &crate::inventory::Inventory,
    ) -> Vec<String> {
        let mut dropped = Vec::new();
        self.hosts
            .retain_mut(|h| match inventory.host(&h.info.name) {
                Some(entry) => {
                    h.info.roles = entry.roles;
                    h.info.tags = entry.tags.clone();
                    true
                }
                None => {
                    dropped.push(h.info.name.clone());
                    false
                }
            });
        dropped
    }
}
