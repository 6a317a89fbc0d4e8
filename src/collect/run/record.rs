//! What collection keeps of one host: each command's output, or why it failed, filed
//! where [`RemoteCommand::record`] says it belongs.

use std::collections::BTreeMap;

use crate::collect::catalogue::{CATALOGUE, FactId};
use crate::collect::command::{RecordAt, RemoteCommand, ZoneRecord};
use crate::collect::transport::{Output, TransportError};
use crate::engine::Roles;
use crate::engine::load::nothing_collected;

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

impl ZoneRecords {
    pub fn get(&self, what: ZoneRecord) -> Option<&Record> {
        match what {
            ZoneRecord::Manifest => self.manifest.as_ref(),
            ZoneRecord::Config => self.config.as_ref(),
            ZoneRecord::Entire => self.entire.as_ref(),
        }
    }

    fn get_mut(&mut self, what: ZoneRecord) -> &mut Option<Record> {
        match what {
            ZoneRecord::Manifest => &mut self.manifest,
            ZoneRecord::Config => &mut self.config,
            ZoneRecord::Entire => &mut self.entire,
        }
    }
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
    /// Whether nothing at all could be run there (connection refused, bad key...), as
    /// the reports will read the host.
    pub fn unreachable(&self) -> bool {
        nothing_collected(
            self.facts.values().map(|r| r.output.exit),
            !self.zones.is_empty(),
        )
    }
}

/// Host failures first, then facts in catalogue order, then zones as listed.
pub(super) fn sort_failures(failures: &mut [Failure]) {
    let position = |name: &str| CATALOGUE.iter().position(|s| s.name == name);
    failures.sort_by_key(|f| match (&f.fact, &f.zone) {
        (None, None) => (0, 0),
        (Some(fact), None) => (1, position(fact).unwrap_or(usize::MAX)),
        (_, Some(_)) => (2, 0),
    });
}

/// Files a command's result where [`RemoteCommand::record`] says it belongs.
pub(super) fn keep(
    host: &mut CollectedHost,
    command: &RemoteCommand,
    result: Result<Record, TransportError>,
) {
    // `attach -n -` is `--confirm`'s, never part of a host's record.
    let Some(at) = command.record() else {
        return;
    };
    match (at, result) {
        (RecordAt::Fact(id), Ok(r)) => {
            host.facts.insert(id, r);
        }
        (RecordAt::Zone(zone, what), Ok(r)) => {
            *host
                .zones
                .entry(zone.to_string())
                .or_default()
                .get_mut(what) = Some(r);
        }
        (at, Err(e)) => {
            let (fact, zone) = at.failure_names();
            keep_failure(host, fact, zone, e);
        }
    }
}

pub(super) fn keep_failure(
    host: &mut CollectedHost,
    fact: Option<&str>,
    zone: Option<&str>,
    e: TransportError,
) {
    // A replay that never recorded a command is not a failure of the host: the fact is
    // simply absent (and unknown to the checks).
    if e == TransportError::NotRecorded {
        return;
    }
    host.failures.push(Failure {
        fact: fact.map(str::to_string),
        zone: zone.map(str::to_string),
        message: e.to_string(),
    });
}

/// A host that could not be reached: the reason once for the host, and every fact
/// marked as not attempted, so that each check names why it could not run.
pub(super) fn not_attempted(host: &mut CollectedHost, e: &TransportError) {
    if *e == TransportError::NotRecorded {
        return;
    }
    host.failures.push(Failure {
        fact: None,
        zone: None,
        message: e.to_string(),
    });
    let reason = format!("not attempted: no connection to {}", host.address);
    for spec in CATALOGUE {
        host.failures.push(Failure {
            fact: Some(spec.name.to_string()),
            zone: None,
            message: reason.clone(),
        });
    }
}
