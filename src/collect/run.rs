//! Collection: runs the catalogue on every host through its transport, in two passes
//! (host facts, zone lists and manifests; then the paths the manifests reference), and
//! keeps what came back, failures included, for the snapshot writer. Hosts are collected
//! concurrently up to `hosts_in_flight`, commands on one host up to its channel limit;
//! a host that fails becomes failures in its record, never an error of the whole run.
//! A candidate's connection stays open from pass 1 to its pass 2, so between the passes
//! more connections than `hosts_in_flight` may be open, though idle.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use futures_util::stream::{self, StreamExt};
use rayon::prelude::*;

use super::RawFact;
use super::catalogue::{CATALOGUE, FactId, RunAs};
use super::command::{RecordAt, RemoteCommand, RemotePath, ZoneName, ZoneRecord};
use super::local::Local;
use super::progress::Progress;
use super::replay::Replay;
use super::ssh::SshTarget;
use super::transport::{Call, Output, Transport, TransportError};
use crate::engine::Roles;
use crate::facts::zoneadm_list;
use crate::inventory::{self, Become};
use crate::manifest::parse_manifest;
use crate::rules::software_rules::is_ips_brand;
use crate::rules::storage::paths_to_probe;

/// How a host is reached.
#[derive(Debug, Clone)]
pub enum Access {
    /// Answers from a recorded snapshot host directory.
    Replay(PathBuf),
    /// Runs on this machine.
    Local {
        command_timeout: Duration,
    },
    Ssh(SshTarget),
}

impl Access {
    pub fn name(&self) -> &'static str {
        match self {
            Access::Replay(_) => inventory::Transport::Replay,
            Access::Local { .. } => inventory::Transport::Local,
            Access::Ssh(_) => inventory::Transport::Ssh,
        }
        .as_str()
    }
}

/// One host to collect from.
#[derive(Debug, Clone)]
pub struct HostPlan {
    pub name: String,
    pub address: String,
    pub roles: Roles,
    pub tags: BTreeMap<String, String>,
    pub escalation: Become,
    pub access: Access,
    /// Commands in flight on this host at most (sshd refuses channels past MaxSessions).
    pub channels: usize,
    /// Whether commands run as root there: `RunAs::NeverRoot` facts are then skipped.
    pub login_is_root: bool,
}

/// Fleet-wide settings of one collection.
pub struct CollectOptions<'a> {
    pub hosts_in_flight: usize,
    /// A short, private directory for the SSH control sockets.
    pub control_dir: PathBuf,
    pub progress: &'a Progress,
    /// The clock stamped into `collected_at` of live hosts (replays keep their own).
    pub now: &'a (dyn Fn() -> String + Sync),
}

mod record;
pub use record::{CollectedHost, Failure, Record, ZoneRecords};
use record::{keep, not_attempted, sort_failures};

/// A host's transport, kept open from pass 1 for pass 2.
type Kept = Option<Box<dyn Transport>>;

/// Collects every host: pass 1 on all hosts, then pass 2 (`paths`) on candidates.
pub async fn collect(plans: &[HostPlan], options: &CollectOptions<'_>) -> Vec<CollectedHost> {
    let in_flight = options.hosts_in_flight.max(1);
    options.progress.start(plans.len());
    let mut pass1: Vec<(usize, CollectedHost, Kept)> = stream::iter(plans.iter().enumerate())
        .map(|(i, plan)| async move {
            let (host, kept) = collect_host(plan, options).await;
            (i, host, kept)
        })
        .buffer_unordered(in_flight)
        .collect()
        .await;
    pass1.sort_by_key(|(i, _, _)| *i);
    let (mut hosts, mut kept): (Vec<CollectedHost>, Vec<Kept>) =
        pass1.into_iter().map(|(_, h, t)| (h, t)).unzip();
    // Pass 2 needs the manifests of every source host, so it waits for all of pass 1.
    let paths = referenced_paths(&hosts);
    let candidates: Vec<(usize, Kept)> = (0..plans.len())
        // A live host that could not be reached already says `paths` was not attempted;
        // a replay answers as recorded.
        .filter(|&i| {
            plans[i].roles.candidate
                && (matches!(plans[i].access, Access::Replay(_)) || !hosts[i].unreachable())
        })
        .map(|i| (i, kept[i].take()))
        .collect();
    // Connections kept for hosts that get no pass 2 (nothing could be run there).
    stream::iter(kept.into_iter().flatten())
        .for_each_concurrent(in_flight, |t| t.close())
        .await;
    options.progress.start_paths(candidates.len());
    let paths = &RemoteCommand::Paths(paths);
    let probes: Vec<(usize, Result<Record, TransportError>)> = stream::iter(candidates)
        .map(|(i, kept)| async move { (i, probe_paths(&plans[i], kept, paths, options).await) })
        .buffer_unordered(in_flight)
        .collect()
        .await;
    for (i, probe) in probes {
        keep(&mut hosts[i], paths, probe);
    }
    hosts
}

/// Opens the host's transport (for SSH: connects, with retries).
pub async fn open_transport(
    plan: &HostPlan,
    options: &CollectOptions<'_>,
) -> Result<Box<dyn Transport>, TransportError> {
    open(plan, options).await.map(|(t, _)| t)
}

/// Opens the host's transport (for SSH: connects, with retries), with when its data
/// was collected: a replay's recorded time (if any), else now.
async fn open(
    plan: &HostPlan,
    options: &CollectOptions<'_>,
) -> Result<(Box<dyn Transport>, Option<String>), TransportError> {
    match &plan.access {
        Access::Replay(dir) => {
            let replay = Replay::open(dir);
            let at = replay.collected_at().map(str::to_string);
            Ok((Box::new(replay), at))
        }
        Access::Local { command_timeout } => Ok((
            Box::new(Local::new(*command_timeout)),
            Some((options.now)()),
        )),
        Access::Ssh(target) => {
            let ssh = target.connect(&options.control_dir).await?;
            Ok((Box::new(ssh), Some((options.now)())))
        }
    }
}

/// Runs one command on an open transport.
async fn run(
    transport: &dyn Transport,
    escalation: Become,
    command: &RemoteCommand,
) -> Result<Record, TransportError> {
    let text = command.text(escalation);
    let output: Output = transport
        .run(Call {
            command,
            text: &text,
            stdin: None,
        })
        .await?;
    Ok(Record {
        command: text,
        output,
    })
}

/// Pass 1 for one host: the zone list first (the zone commands depend on it), then every
/// other catalogue fact but `paths` and each zone's manifest, configuration and (IPS
/// brands) `entire`, up to the host's channel limit at once. A candidate's transport is
/// returned open for pass 2: a second SSH connection per host costs both ends more CPU
/// than the whole `paths` command.
async fn collect_host(plan: &HostPlan, options: &CollectOptions<'_>) -> (CollectedHost, Kept) {
    let mut host = CollectedHost {
        name: plan.name.clone(),
        address: plan.address.clone(),
        roles: plan.roles,
        tags: plan.tags.clone(),
        transport: plan.access.name().to_string(),
        collected_at: None,
        ..CollectedHost::default()
    };
    let transport = match open(plan, options).await {
        Ok((transport, at)) => {
            host.collected_at = at;
            transport
        }
        Err(e) => {
            options.progress.host_failed();
            host.collected_at = Some((options.now)());
            not_attempted(&mut host, &e);
            return (host, None);
        }
    };
    options.progress.host_connected();
    let list = RemoteCommand::Fact(FactId::ZoneadmList);
    let listing = run(transport.as_ref(), plan.escalation, &list).await;
    options.progress.fact_done();
    let mut calls: Vec<RemoteCommand> = Vec::new();
    match listing {
        Ok(record) => {
            let zones = zone_calls(&mut host, &record);
            let detaches = zones
                .iter()
                .filter(|c| matches!(c, RemoteCommand::Detach(_)))
                .count();
            options.progress.zones_found(detaches);
            calls.extend(zones);
            host.facts.insert(FactId::ZoneadmList, record);
        }
        Err(e) => keep(&mut host, &list, Err(e)),
    }
    for spec in CATALOGUE
        .iter()
        .filter(|s| !matches!(s.id, FactId::Paths | FactId::ZoneadmList))
    {
        if spec.run_as == RunAs::NeverRoot && plan.login_is_root {
            options.progress.fact_done();
            host.failures.push(Failure {
                fact: Some(spec.name.to_string()),
                zone: None,
                message: format!(
                    "not run: `{}` run by root rewrites the host's configuration; collect as a non-root user",
                    spec.command
                ),
            });
            continue;
        }
        calls.push(RemoteCommand::Fact(spec.id));
    }
    let transport_ref = transport.as_ref();
    let mut results: Vec<(usize, RemoteCommand, Result<Record, TransportError>)> =
        stream::iter(calls.into_iter().enumerate())
            .map(|(i, command)| async move {
                let result = run(transport_ref, plan.escalation, &command).await;
                match command {
                    RemoteCommand::Fact(_) => options.progress.fact_done(),
                    RemoteCommand::Detach(_) => options.progress.zone_done(),
                    _ => {}
                }
                (i, command, result)
            })
            .buffer_unordered(plan.channels.max(1))
            .collect()
            .await;
    let kept = if plan.roles.candidate {
        Some(transport)
    } else {
        transport.close().await;
        None
    };
    // Completion order is the network's; the record's order must not be.
    results.sort_by_key(|(i, _, _)| *i);
    for (_, command, result) in results {
        keep(&mut host, &command, result);
    }
    sort_failures(&mut host.failures);
    (host, kept)
}

/// The zone commands for a zone list; refused names and paths become failures.
fn zone_calls(host: &mut CollectedHost, listing: &Record) -> Vec<RemoteCommand> {
    let mut calls = Vec::new();
    if listing.output.exit != 0 {
        return calls;
    }
    let raw = RawFact::from_stdout(String::from_utf8_lossy(&listing.output.stdout));
    let zones = match zoneadm_list::parse(&raw) {
        Ok(zones) => zones,
        Err(e) => {
            host.failures.push(Failure {
                fact: Some(FactId::ZoneadmList.name().into()),
                zone: None,
                message: format!("zone list unreadable, zones not collected: {e}"),
            });
            return calls;
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
        let name = zone.to_string();
        host.zones.entry(name.clone()).or_default();
        // `detach -n` of a zone that is only configured has nothing to print.
        if entry.is_installed() {
            calls.push(RemoteCommand::Detach(zone.clone()));
        }
        calls.push(RemoteCommand::ZoneConfig(zone.clone()));
        if entry.is_installed() && entry.brand.as_deref().is_some_and(is_ips_brand) {
            match RemotePath::new(&entry.zonepath) {
                Ok(zonepath) => calls.push(RemoteCommand::ZoneEntire { zone, zonepath }),
                Err(e) => {
                    let (fact, _) = RecordAt::Zone(&zone, ZoneRecord::Entire).failure_names();
                    host.failures.push(Failure {
                        fact: fact.map(str::to_string),
                        zone: Some(name),
                        message: format!("zonepath refused, nothing run for it: {e}"),
                    });
                }
            }
        }
    }
    calls
}

/// Pass 2 for one candidate: the paths the fleet's manifests reference, over the
/// transport pass 1 kept when it is still up, and the transport closed after.
async fn probe_paths(
    plan: &HostPlan,
    kept: Kept,
    paths: &RemoteCommand,
    options: &CollectOptions<'_>,
) -> Result<Record, TransportError> {
    let transport = match kept {
        Some(t) if t.alive().await => t,
        // An SSH master idle past its ControlPersist limit (a long pass 1 elsewhere in
        // the fleet) has exited by itself: connect again.
        stale => {
            if let Some(t) = stale {
                t.close().await;
            }
            open(plan, options).await?.0
        }
    };
    let result = run(transport.as_ref(), plan.escalation, paths).await;
    transport.close().await;
    options.progress.paths_done();
    result
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

#[cfg(test)]
mod tests;
