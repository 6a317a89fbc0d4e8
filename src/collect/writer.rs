//! Writes collected hosts as a snapshot directory (snapshot-format.md). The snapshot is
//! assembled in a temporary directory beside the target and renamed into place, so a
//! reader never sees half a snapshot.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::command::ZoneRecord;
use super::index::SnapshotIndex;
use super::run::{CollectedHost, Record};

/// A snapshot that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("writing snapshot {path}: {source}")]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

#[derive(Serialize)]
struct CommandJson<'a> {
    command: &'a str,
    exit: i32,
    ms: u64,
}

#[derive(Serialize)]
struct ErrorJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    fact: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    zone: Option<&'a str>,
    message: &'a str,
}

#[derive(Serialize)]
struct HostJson<'a> {
    name: &'a str,
    address: &'a str,
    roles: Vec<&'static str>,
    tags: &'a BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    collected_at: Option<&'a str>,
    transport: &'a str,
    facts: BTreeMap<&'a str, CommandJson<'a>>,
    zones: BTreeMap<&'a str, BTreeMap<&'a str, CommandJson<'a>>>,
    errors: Vec<ErrorJson<'a>>,
}

fn command_json(r: &Record) -> CommandJson<'_> {
    CommandJson {
        command: &r.command,
        exit: r.output.exit,
        ms: r.output.ms,
    }
}

/// Writes `hosts` as the snapshot `dir`, replacing any snapshot there.
pub fn write_snapshot(
    dir: &Path,
    created: &str,
    hosts: &[CollectedHost],
) -> Result<(), WriteError> {
    let parent = dir.parent().unwrap_or(Path::new("."));
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    refuse_foreign(dir)?;
    let result = write_into(&tmp, created, hosts).and_then(|()| {
        if dir.exists() {
            fs::remove_dir_all(dir).map_err(|source| WriteError {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        fs::rename(&tmp, dir).map_err(|source| WriteError {
            path: dir.to_path_buf(),
            source,
        })
    });
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result
}

/// A directory that is neither absent, empty nor a snapshot is somebody's data: it is
/// never replaced.
fn refuse_foreign(dir: &Path) -> Result<(), WriteError> {
    let Ok(mut entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    if entries.next().is_none() || dir.join("snapshot.json").is_file() {
        return Ok(());
    }
    Err(WriteError {
        path: dir.to_path_buf(),
        source: io::Error::new(
            io::ErrorKind::AlreadyExists,
            "the directory exists and is not a zonescan snapshot (no snapshot.json); \
             refusing to replace it",
        ),
    })
}

fn write_into(dir: &Path, created: &str, hosts: &[CollectedHost]) -> Result<(), WriteError> {
    let err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WriteError { path, source }
    };
    let write = |path: &Path, bytes: &[u8]| fs::write(path, bytes).map_err(err(path));
    let mkdir = |path: &Path| fs::create_dir_all(path).map_err(err(path));
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(err(dir))?;
    }
    mkdir(dir)?;
    for host in hosts {
        let host_dir = dir.join("hosts").join(&host.name);
        let facts_dir = host_dir.join("facts");
        mkdir(&facts_dir)?;
        for (id, rec) in &host.facts {
            write(&facts_dir.join(format!("{id}.out")), &rec.output.stdout)?;
            if !rec.output.stderr.is_empty() {
                write(&facts_dir.join(format!("{id}.err")), &rec.output.stderr)?;
            }
        }
        let mut zones_json = BTreeMap::new();
        for (zone, recs) in &host.zones {
            let zone_dir = host_dir.join("zones").join(zone);
            mkdir(&zone_dir)?;
            let mut entry = BTreeMap::new();
            for what in ZoneRecord::ALL {
                if let Some(rec) = recs.get(what) {
                    write(&zone_dir.join(what.file()), &rec.output.stdout)?;
                    if !rec.output.stderr.is_empty() {
                        let err = format!("{}.err", what.key());
                        write(&zone_dir.join(err), &rec.output.stderr)?;
                    }
                    entry.insert(what.key(), command_json(rec));
                }
            }
            zones_json.insert(zone.as_str(), entry);
        }
        let json = HostJson {
            name: &host.name,
            address: &host.address,
            roles: host.roles.names(),
            tags: &host.tags,
            collected_at: host.collected_at.as_deref(),
            transport: &host.transport,
            facts: host
                .facts
                .iter()
                .map(|(id, r)| (id.name(), command_json(r)))
                .collect(),
            zones: zones_json,
            errors: host
                .failures
                .iter()
                .map(|f| ErrorJson {
                    fact: f.fact.as_deref(),
                    zone: f.zone.as_deref(),
                    message: &f.message,
                })
                .collect(),
        };
        let text = serde_json::to_string_pretty(&json).map_err(|e| WriteError {
            path: host_dir.join("host.json"),
            source: io::Error::other(e),
        })?;
        write(&host_dir.join("host.json"), format!("{text}\n").as_bytes())?;
    }
    let mut names: Vec<String> = hosts.iter().map(|h| h.name.clone()).collect();
    names.sort();
    let index = SnapshotIndex::new(created.to_string(), names);
    let text = serde_json::to_string_pretty(&index).map_err(|e| WriteError {
        path: dir.join("snapshot.json"),
        source: io::Error::other(e),
    })?;
    write(&dir.join("snapshot.json"), format!("{text}\n").as_bytes())
}
