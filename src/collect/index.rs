//! `snapshot.json`: what a snapshot is and which hosts it holds.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::snapshot::SnapshotError;
use crate::inventory::names::validate_host_name;

/// The only `format` value a snapshot has.
pub const SNAPSHOT_FORMAT: &str = "zonescan-snapshot";
/// The snapshot format version this build reads and writes.
pub const SNAPSHOT_VERSION: u32 = 1;

/// The contents of `snapshot.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotIndex {
    pub format: String,
    pub version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    #[serde(default)]
    pub hosts: Vec<String>,
}

/// Why a snapshot directory cannot be used at all.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    #[error("{path}: not a zonescan snapshot (format {found:?})")]
    NotASnapshot { path: PathBuf, found: String },
    #[error(
        "{path}: snapshot format version {found} is not supported (this zonescan reads version {SNAPSHOT_VERSION})"
    )]
    UnsupportedVersion { path: PathBuf, found: u32 },
    #[error("{path}: host {name:?} listed in snapshot.json: {reason}")]
    BadHostName {
        path: PathBuf,
        name: String,
        reason: String,
    },
}

impl SnapshotIndex {
    /// A fresh index for a snapshot being written now.
    pub fn new(created: String, hosts: Vec<String>) -> SnapshotIndex {
        SnapshotIndex {
            format: SNAPSHOT_FORMAT.into(),
            version: SNAPSHOT_VERSION,
            created: Some(created),
            tool: Some(format!("zonescan {}", env!("CARGO_PKG_VERSION"))),
            hosts,
        }
    }

    /// Reads and checks `<dir>/snapshot.json`. A snapshot without a host list gets the
    /// directories under `hosts/`, sorted.
    pub fn read(dir: &Path) -> Result<SnapshotIndex, IndexError> {
        let path = dir.join("snapshot.json");
        let text = fs::read_to_string(&path).map_err(|source| SnapshotError::Io {
            path: path.clone(),
            source,
        })?;
        let mut index: SnapshotIndex =
            serde_json::from_str(&text).map_err(|e| SnapshotError::BadJson {
                path: path.clone(),
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })?;
        if index.format != SNAPSHOT_FORMAT {
            return Err(IndexError::NotASnapshot {
                path,
                found: index.format,
            });
        }
        if index.version != SNAPSHOT_VERSION {
            return Err(IndexError::UnsupportedVersion {
                path,
                found: index.version,
            });
        }
        if index.hosts.is_empty() {
            index.hosts = list_host_dirs(&dir.join("hosts"))?;
        }
        for name in &index.hosts {
            if let Err(e) = validate_host_name(name) {
                return Err(IndexError::BadHostName {
                    path,
                    name: name.clone(),
                    reason: e.to_string(),
                });
            }
        }
        index.hosts.sort();
        index.hosts.dedup();
        Ok(index)
    }
}

fn list_host_dirs(dir: &Path) -> Result<Vec<String>, SnapshotError> {
    let io = |source| SnapshotError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        if entry.path().is_dir() {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names.sort();
    Ok(names)
}
