//! Collection: runs the catalogue on every host through its transport, in two passes
//! (host facts, zone lists and manifests; then the paths the manifests reference), and
//! keeps what came back, failures included, for the snapshot writer.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::RawFact;
use super::catalogue::{CATALOGUE, FactId};
use super::command::{RemoteCommand, RemotePath, ZoneName};
use super::transport::{Output, Transport, TransportError};
use crate::engine::Roles;
use crate::facts::zoneadm_list;
use crate::inventory::Become;
use crate::manifest::parse_manifest;
use crate::rules::software_rules::is_ips_brand;
use crate::rules::storage::paths_to_probe;

/// One host to collect from.
pub struct HostPlan<'a> {
    pub name: String,
    pub address: String,
    pub roles: Roles,
    pub tags: BTreeMap<String, String>,
    /// `ssh`, `local` or `replay`, recorded in `host.json`.
    pub transport_name: String,
    pub escalation: Become,
    pub transport: &'a dyn Transport,
    /// When the data was collected; `None` means now (the caller's clock).
    pub collected_at: Option<String>,
}

/// A command and what it printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub command: String,
    pub output: Output,
}

/// Everything collected for one zone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ZoneRecords {
    pub manifest: Option<Record>,
    pub config: Option<Record>,
    pub entire: Option<Record>,
}

/// A failure recorded for `host.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub fact: Option<String>,
    pub zone: Option<String>,
    pub message: String,
}

/// What one host gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CollectedHost {
    pub name: String,
    pub address: String,
    pub roles: Roles,
    pub tags: BTreeMap<String, String>,
    pub transport: String,
    pub collected_at: Option<String>,
    pub facts: BTreeMap<FactId, Record>,
    pub zones: BTreeMap<String, ZoneRecords>,
    pub failures: Vec<Failure>,
}

impl CollectedHost {
    /// Total command time, for the slowest-hosts list.
    pub fn total_ms(&self) -> u64 {
        let zone_ms = self
            .zones
            .values()
            .flat_map(|z| [&z.manifest, &z.config, &z.entire]);
        self.facts
            .values()
            .map(|r| r.output.ms)
            .chain(zone_ms.flatten().map(|r| r.output.ms))
            .sum()
    }
}

/// Collects every host: pass 1 on all hosts, then pass 2 (`paths`) on candidates.
pub fn collect(plans: &[HostPlan<'_>]) -> Vec<CollectedHost> {
    let mut hosts: Vec<CollectedHost> = plans.par_iter().map(collect_host).collect();
    let paths = referenced_paths(&hosts);
    hosts
        .par_iter_mut()
        .zip(plans.par_iter())
        .filter(|(_, plan)| plan.roles.candidate)
        .for_each(|(host, plan)| {
            let command = RemoteCommand::Paths(paths.clone());
            run_into(
                plan,
                &command,
                Some(FactId::Paths.name()),
                None,
                |rec| {
                    host.facts.insert(FactId::Paths, rec);
                },
                &mut host.failures,
            );
        });
    hosts
}

fn run_into(
    plan: &HostPlan<'_>,
    command: &RemoteCommand,
    fact: Option<&str>,
    zone: Option<&str>,
    keep: impl FnOnce(Record),
    failures: &mut Vec<Failure>,
) {
    match plan.transport.run(command) {
        Ok(output) => keep(Record {
            command: command.text(plan.escalation),
            output,
        }),
        // A replay that never recorded a command is not a failure of the host: the fact
        // is simply absent (and unknown to the checks).
        Err(TransportError::NotRecorded) => {}
        Err(e) => failures.push(Failure {
            fact: fact.map(str::to_string),
            zone: zone.map(str::to_string),
            message: e.to_string(),
        }),
    }
}

/// Pass 1 for one host: every catalogue fact but `paths`, then each zone's manifest,
/// configuration and (IPS brands) `entire`.
fn collect_host(plan: &HostPlan<'_>) -> CollectedHost {
    let mut host = CollectedHost {
        name: plan.name.clone(),
        address: plan.address.clone(),
        roles: plan.roles,
        tags: plan.tags.clone(),
        transport: plan.transport_name.clone(),
        collected_at: plan.collected_at.clone(),
        ..CollectedHost::default()
    };
    for spec in CATALOGUE.iter().filter(|s| s.id != FactId::Paths) {
        let mut failures = std::mem::take(&mut host.failures);
        run_into(
            plan,
            &RemoteCommand::Fact(spec.id),
            Some(spec.name),
            None,
            |rec| {
                host.facts.insert(spec.id, rec);
            },
            &mut failures,
        );
        host.failures = failures;
    }
    let Some(listing) = host
        .facts
        .get(&FactId::ZoneadmList)
        .filter(|r| r.output.exit == 0)
    else {
        return host;
    };
    let raw = RawFact::from_stdout(String::from_utf8_lossy(&listing.output.stdout));
    let zones = match zoneadm_list::parse(&raw) {
        Ok(zones) => zones,
        Err(e) => {
            host.failures.push(Failure {
                fact: Some(FactId::ZoneadmList.name().into()),
                zone: None,
                message: format!("zone list unreadable, zones not collected: {e}"),
            });
            return host;
        }
    };
    // Every zone's configuration (clash checks need configured zones too); manifests only
    // of zones that can be detached.
    for entry in zones.iter().filter(|z| !z.is_global()) {
        let zone = match ZoneName::new(&entry.name) {
            Ok(z) => z,
            Err(e) => {
                // Never sent to the host: reported for that zone instead.
                host.failures.push(Failure {
                    fact: None,
                    zone: Some(entry.name.clone()),
                    message: format!("zone name refused, nothing run for it: {e}"),
                });
                continue;
            }
        };
        let mut records = ZoneRecords::default();
        let mut failures = std::mem::take(&mut host.failures);
        run_into(
            plan,
            &RemoteCommand::Detach(zone.clone()),
            None,
            Some(zone.as_str()),
            |r| {
                records.manifest = Some(r);
            },
            &mut failures,
        );
        run_into(
            plan,
            &RemoteCommand::ZoneConfig(zone.clone()),
            None,
            Some(zone.as_str()),
            |r| {
                records.config = Some(r);
            },
            &mut failures,
        );
        if entry.is_installed() && entry.brand.as_deref().is_some_and(is_ips_brand) {
            match RemotePath::new(&entry.zonepath) {
                Ok(zonepath) => {
                    let command = RemoteCommand::ZoneEntire {
                        zone: zone.clone(),
                        zonepath,
                    };
                    run_into(
                        plan,
                        &command,
                        Some(FactId::IpsEntire.name()),
                        Some(zone.as_str()),
                        |r| {
                            records.entire = Some(r);
                        },
                        &mut failures,
                    );
                }
                Err(e) => failures.push(Failure {
                    fact: Some(FactId::IpsEntire.name().into()),
                    zone: Some(zone.to_string()),
                    message: format!("zonepath refused, nothing run for it: {e}"),
                }),
            }
        }
        host.failures = failures;
        host.zones.insert(zone.to_string(), records);
    }
    host
}

/// Paths that the manifests of all source hosts' zones reference, for pass 2.
fn referenced_paths(hosts: &[CollectedHost]) -> Vec<RemotePath> {
    let mut paths: Vec<String> = hosts
        .par_iter()
        .filter(|h| h.roles.source)
        .flat_map_iter(|h| h.zones.values())
        .filter_map(|z| z.manifest.as_ref())
        .filter(|r| r.output.exit == 0)
        .filter_map(|r| parse_manifest(&r.output.stdout).ok())
        .flat_map_iter(|m| paths_to_probe(&m))
        .collect();
    paths.sort();
    paths.dedup();
    // A path that cannot be sent safely is left out; its check reports it as not probed.
    paths
        .iter()
        .filter_map(|p| RemotePath::new(p).ok())
        .collect()
}
