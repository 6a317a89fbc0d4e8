//! Reading one host directory of a snapshot (snapshot-format.md): raw fact output, the
//! per-fact exit status from `host.json`, and per-zone files. Nothing is parsed here;
//! parsing belongs to [`crate::facts`] and [`crate::manifest`].

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::catalogue::FactId;
use super::command::{RecordAt, ZoneRecord};
use crate::inventory::names::{validate_host_name, validate_zone_name};

/// Largest fact file read into memory (contents of a big S10 host stay well below this).
pub const MAX_FACT_BYTES: u64 = 256 * 1024 * 1024;

/// A problem with the snapshot itself, as opposed to a fact within it.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{path}: not a host directory (expected facts/ or zones/ inside)")]
    NotAHostDir { path: PathBuf },
    #[error("{path}: line {line}, column {column}: {message}")]
    BadJson {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {size} bytes is larger than the {max}-byte limit")]
    TooLarge { path: PathBuf, size: u64, max: u64 },
}

/// The raw output of one command, as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawFact {
    pub stdout: String,
    pub stderr: String,
    /// Exit status from `host.json`; a hand-assembled snapshot without it means 0.
    pub exit: i32,
}

impl RawFact {
    /// A fact that printed `stdout` and exited 0 (hand-assembled snapshots, tests).
    pub fn from_stdout(stdout: impl Into<String>) -> RawFact {
        RawFact {
            stdout: stdout.into(),
            ..RawFact::default()
        }
    }
}

/// Raw files of one zone directory.
#[derive(Debug, Clone, Default)]
pub struct RawZone {
    /// `manifest.xml`: `zoneadm -z Z detach -n` (bytes: the XML parser checks the encoding).
    pub manifest: Option<Vec<u8>>,
    /// Exit status of `detach -n` from `host.json` (0 when not recorded).
    pub manifest_exit: i32,
    /// `config.xml`: `/etc/zones/Z.xml` of a zone already on a candidate host.
    pub config: Option<Vec<u8>>,
    /// Per-zone facts such as `ips-entire`.
    pub facts: BTreeMap<FactId, RawFact>,
}

/// Everything recorded for one host.
#[derive(Debug, Clone, Default)]
pub struct RawHost {
    pub name: String,
    pub dir: PathBuf,
    pub facts: BTreeMap<FactId, RawFact>,
    pub zones: BTreeMap<String, RawZone>,
    /// Collection errors recorded in `host.json` (`{"fact": ..., "message": ...}`).
    pub errors: Vec<CollectionError>,
    /// Files that were present but ignored, with the reason (unknown fact ids, bad names).
    pub ignored: Vec<(PathBuf, String)>,
    /// What `host.json` says about the host besides its facts.
    pub meta: HostMeta,
}

/// The descriptive part of `host.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostMeta {
    pub address: Option<String>,
    /// `source`, `candidate`; empty when not recorded.
    pub roles: Vec<String>,
    pub tags: BTreeMap<String, String>,
    pub collected_at: Option<String>,
    pub transport: Option<String>,
    /// The sum of the recorded command times (`ms`), when any was recorded.
    pub command_ms: Option<u64>,
}

/// A failure recorded by the collector.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct CollectionError {
    #[serde(default)]
    pub fact: Option<String>,
    #[serde(default)]
    pub zone: Option<String>,
    pub message: String,
}

#[derive(Debug, Default, Deserialize)]
struct HostJson {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    address: Option<String>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    tags: BTreeMap<String, String>,
    #[serde(default)]
    collected_at: Option<String>,
    #[serde(default)]
    transport: Option<String>,
    #[serde(default)]
    facts: BTreeMap<String, CommandRecord>,
    #[serde(default)]
    zones: BTreeMap<String, BTreeMap<String, CommandRecord>>,
    #[serde(default)]
    errors: Vec<CollectionError>,
}

#[derive(Debug, Default, Deserialize)]
struct CommandRecord {
    #[serde(default)]
    exit: Option<i32>,
    #[serde(default)]
    ms: Option<u64>,
}

impl HostJson {
    fn command_ms(&self) -> Option<u64> {
        let zone_records = self.zones.values().flat_map(BTreeMap::values);
        self.facts
            .values()
            .chain(zone_records)
            .filter_map(|r| r.ms)
            .reduce(u64::saturating_add)
    }
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> SnapshotError + '_ {
    move |source| SnapshotError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, SnapshotError> {
    let size = fs::metadata(path).map_err(io_err(path))?.len();
    if size > MAX_FACT_BYTES {
        return Err(SnapshotError::TooLarge {
            path: path.to_path_buf(),
            size,
            max: MAX_FACT_BYTES,
        });
    }
    fs::read(path).map_err(io_err(path))
}

/// The file's bytes, or `None` when it (or its directory) does not exist.
fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, SnapshotError> {
    match read_bounded(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(SnapshotError::Io { source, .. })
            if matches!(
                source.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

fn read_text(path: &Path) -> Result<Option<String>, SnapshotError> {
    // Valid UTF-8 (nearly always) is taken as it is, without a copy.
    Ok(read_optional(path)?.map(|bytes| {
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }))
}

/// A recorded host directory's `host.json`, with which one command at a time can be
/// answered from its own files (the replay transport) instead of reading every file.
#[derive(Debug)]
pub struct HostRecords {
    dir: PathBuf,
    json: HostJson,
}

/// One command's recorded output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordedOutput {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub exit: i32,
    pub ms: Option<u64>,
}

impl HostRecords {
    /// Checks that `dir` is a host directory and reads its `host.json` (a hand-assembled
    /// one may have none).
    pub fn read(dir: &Path) -> Result<HostRecords, SnapshotError> {
        if !dir.join("facts").is_dir() && !dir.join("zones").is_dir() {
            return Err(SnapshotError::NotAHostDir {
                path: dir.to_path_buf(),
            });
        }
        let path = dir.join("host.json");
        let json = match read_text(&path)? {
            Some(text) => {
                serde_json::from_str::<HostJson>(&text).map_err(|e| SnapshotError::BadJson {
                    path: path.clone(),
                    line: e.line(),
                    column: e.column(),
                    message: e.to_string(),
                })?
            }
            None => HostJson::default(),
        };
        Ok(HostRecords {
            dir: dir.to_path_buf(),
            json,
        })
    }

    pub fn collected_at(&self) -> Option<&str> {
        self.json.collected_at.as_deref()
    }

    /// What the command kept at `at` printed, as recorded: `None` when its output file
    /// is absent. A stored exit status or time missing from `host.json` reads 0 / `None`.
    pub fn output(&self, at: RecordAt<'_>) -> Result<Option<RecordedOutput>, SnapshotError> {
        let (dir, out, key, record) = match at {
            RecordAt::Fact(id) => (
                self.dir.join("facts"),
                format!("{id}.out"),
                id.name(),
                self.json.facts.get(id.name()),
            ),
            RecordAt::Zone(zone, what) => (
                self.dir.join("zones").join(zone.as_str()),
                what.file().to_string(),
                what.key(),
                self.json
                    .zones
                    .get(zone.as_str())
                    .and_then(|z| z.get(what.key())),
            ),
        };
        let Some(stdout) = read_optional(&dir.join(out))? else {
            return Ok(None);
        };
        let stderr = read_optional(&dir.join(format!("{key}.err")))?.unwrap_or_default();
        Ok(Some(RecordedOutput {
            stdout,
            stderr,
            exit: record.and_then(|r| r.exit).unwrap_or(0),
            ms: record.and_then(|r| r.ms),
        }))
    }

    /// The failure recorded for the command kept at `at`, if any.
    pub fn error(&self, at: RecordAt<'_>) -> Option<&CollectionError> {
        let (fact, zone) = at.failure_names();
        self.json
            .errors
            .iter()
            .find(|e| e.fact.as_deref() == fact && e.zone.as_deref() == zone)
    }
}

impl RawHost {
    /// Reads `hosts/<name>/`. The host name is the directory name unless `host.json`
    /// says otherwise.
    pub fn read(dir: &Path) -> Result<RawHost, SnapshotError> {
        let host_json = HostRecords::read(dir)?.json;
        let facts_dir = dir.join("facts");
        let zones_dir = dir.join("zones");
        let dir_name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut host = RawHost {
            name: host_json.name.clone().unwrap_or(dir_name),
            dir: dir.to_path_buf(),
            errors: host_json.errors.clone(),
            meta: HostMeta {
                address: host_json.address.clone(),
                roles: host_json.roles.clone(),
                tags: host_json.tags.clone(),
                collected_at: host_json.collected_at.clone(),
                transport: host_json.transport.clone(),
                command_ms: host_json.command_ms(),
            },
            ..RawHost::default()
        };
        if facts_dir.is_dir() {
            host.facts = read_fact_dir(&facts_dir, &host_json.facts, &mut host.ignored)?;
        }
        if zones_dir.is_dir() {
            for entry in sorted_entries(&zones_dir)? {
                let name = entry.file_name().to_string_lossy().into_owned();
                if let Err(e) = validate_zone_name(&name) {
                    host.ignored.push((entry.path(), format!("zone name: {e}")));
                    continue;
                }
                let path = entry.path();
                if !path.is_dir() {
                    continue;
                }
                let records = host_json.zones.get(&name);
                let zone = read_zone_dir(&path, records, &mut host.ignored)?;
                host.zones.insert(name, zone);
            }
        }
        if let Err(e) = validate_host_name(&host.name) {
            host.ignored
                .push((dir.to_path_buf(), format!("host name: {e}")));
        }
        Ok(host)
    }

    /// The raw output of a fact, if it was collected.
    pub fn fact(&self, id: FactId) -> Option<&RawFact> {
        self.facts.get(&id)
    }
}

fn sorted_entries(dir: &Path) -> Result<Vec<fs::DirEntry>, SnapshotError> {
    let mut entries = fs::read_dir(dir)
        .map_err(io_err(dir))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(io_err(dir))?;
    // Directory order differs between file systems; reports must not.
    entries.sort_by_cached_key(|e| e.file_name());
    Ok(entries)
}

/// The names of sorted entries, in their order.
fn file_names(entries: &[fs::DirEntry]) -> Vec<OsString> {
    entries.iter().map(fs::DirEntry::file_name).collect()
}

/// The `.err` file kept next to an output, empty when there is none. Most outputs have
/// none, and the directory listing says so without a failed open each.
fn read_stderr(dir: &Path, names: &[OsString], stem: &str) -> Result<String, SnapshotError> {
    let file = format!("{stem}.err");
    if names
        .binary_search_by(|n| n.as_os_str().cmp(OsStr::new(&file)))
        .is_err()
    {
        return Ok(String::new());
    }
    Ok(read_text(&dir.join(file))?.unwrap_or_default())
}

fn read_fact_dir(
    dir: &Path,
    records: &BTreeMap<String, CommandRecord>,
    ignored: &mut Vec<(PathBuf, String)>,
) -> Result<BTreeMap<FactId, RawFact>, SnapshotError> {
    let mut facts = BTreeMap::new();
    let entries = sorted_entries(dir)?;
    let names = file_names(&entries);
    for entry in entries {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = file.strip_suffix(".out") else {
            if !file.ends_with(".err") {
                ignored.push((entry.path(), "not a .out or .err file".into()));
            }
            continue;
        };
        let Ok(id) = stem.parse::<FactId>() else {
            ignored.push((entry.path(), format!("unknown fact id {stem:?}")));
            continue;
        };
        let stdout = read_text(&entry.path())?.unwrap_or_default();
        let stderr = read_stderr(dir, &names, stem)?;
        let exit = records.get(stem).and_then(|r| r.exit).unwrap_or(0);
        facts.insert(
            id,
            RawFact {
                stdout,
                stderr,
                exit,
            },
        );
    }
    Ok(facts)
}

fn read_zone_dir(
    dir: &Path,
    records: Option<&BTreeMap<String, CommandRecord>>,
    ignored: &mut Vec<(PathBuf, String)>,
) -> Result<RawZone, SnapshotError> {
    let empty = BTreeMap::new();
    let records = records.unwrap_or(&empty);
    let (manifest, config) = (ZoneRecord::Manifest, ZoneRecord::Config);
    let mut zone = RawZone {
        manifest: read_optional(&dir.join(manifest.file()))?,
        manifest_exit: records
            .get(manifest.key())
            .and_then(|r| r.exit)
            .unwrap_or(0),
        config: read_optional(&dir.join(config.file()))?,
        facts: BTreeMap::new(),
    };
    let entries = sorted_entries(dir)?;
    let names = file_names(&entries);
    for entry in entries {
        let file = entry.file_name().to_string_lossy().into_owned();
        if file == manifest.file() || file == config.file() || file.ends_with(".err") {
            continue;
        }
        let Some(stem) = file.strip_suffix(".out") else {
            ignored.push((entry.path(), "not a zone file".into()));
            continue;
        };
        let Ok(id) = stem.parse::<FactId>() else {
            ignored.push((entry.path(), format!("unknown fact id {stem:?}")));
            continue;
        };
        let stdout = read_text(&entry.path())?.unwrap_or_default();
        let stderr = read_stderr(dir, &names, stem)?;
        let exit = records.get(stem).and_then(|r| r.exit).unwrap_or(0);
        zone.facts.insert(
            id,
            RawFact {
                stdout,
                stderr,
                exit,
            },
        );
    }
    Ok(zone)
}
