//! Synthetic fleets: `zonescan gen-fleet SPEC.yaml OUT` writes a snapshot (and its
//! inventory) that reads exactly like one collected from real hosts, from a small YAML
//! spec and a seed. It makes the bundled demo fleet and the large fleets benchmarks run on.
//!
//! Every fact is in the byte-exact format of its release (domain.md §3, the hand-made
//! reference snapshot's texts); native zones' manifests carry exactly the inventory their
//! host's package database gives them; the same spec and seed give the same bytes.
//!
//! - [`spec`]: the YAML model; [`plan`]: the spec expanded into hosts and zones, with
//!   `pattern`'s names, addresses and globs.
//! - [`svr4`]: patch-level families of Solaris 10 package databases.
//! - `os`, `platform`, `network`, `storage`: the facts of a host.
//! - `zonexml`: zone configurations and `detach -n` manifests.
//! - `software`, `host`, `write`: putting it on disk, identical files once.

mod clock;
mod host;
mod network;
mod os;
mod pattern;
pub mod plan;
mod platform;
mod rng;
mod software;
pub mod spec;
mod storage;
pub mod svr4;
mod write;
mod zonexml;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub use spec::{Spec, parse_spec};
pub use write::WriteStats;

/// Why a fleet could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum GenError {
    #[error("{path}: {message}")]
    Spec { path: PathBuf, message: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{path} exists and is not empty (use --force to replace the snapshot in it)")]
    NotEmpty { path: PathBuf },
    #[error("generator bug: {0}")]
    Internal(String),
}

/// What was generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub hosts: usize,
    pub zones: usize,
    /// Zones with a recorded `detach -n`.
    pub manifests: usize,
    pub inventory: PathBuf,
    pub stats: WriteStats,
}

/// Where the inventory goes when not given: `OUT/../<name>.yaml`.
pub fn default_inventory(spec: &Spec, out: &Path) -> PathBuf {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    parent.join(format!("{}.yaml", spec.name))
}

/// Reads a spec file.
pub fn load_spec(path: &Path) -> Result<Spec, GenError> {
    let text = fs::read_to_string(path).map_err(|source| GenError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_spec(&text).map_err(|message| GenError::Spec {
        path: path.to_path_buf(),
        message,
    })
}

/// Makes `out` ready: refuses a non-empty directory unless `force`, in which case only
/// what a generation writes (`hosts/`, `snapshot.json`) is removed.
fn prepare(out: &Path, force: bool) -> Result<(), GenError> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| GenError::Io { path, source }
    };
    match fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                if !force {
                    return Err(GenError::NotEmpty {
                        path: out.to_path_buf(),
                    });
                }
                let hosts = out.join("hosts");
                if hosts.exists() {
                    fs::remove_dir_all(&hosts).map_err(io_err(&hosts))?;
                }
                let snapshot = out.join("snapshot.json");
                if snapshot.exists() {
                    fs::remove_file(&snapshot).map_err(io_err(&snapshot))?;
                }
            }
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(out).map_err(io_err(out))
        }
        Err(e) => Err(GenError::Io {
            path: out.to_path_buf(),
            source: e,
        }),
    }
}

/// Generates the fleet of `spec` into `out`, and its inventory into `inventory`.
pub fn generate(
    spec: &Spec,
    out: &Path,
    inventory: &Path,
    force: bool,
) -> Result<Summary, GenError> {
    let spec_err = |message: String| GenError::Spec {
        path: PathBuf::from(&spec.name),
        message,
    };
    let created = clock::parse_rfc3339(&spec.created).ok_or_else(|| {
        spec_err(format!(
            "created: {:?} is not YYYY-MM-DDTHH:MM:SSZ",
            spec.created
        ))
    })?;
    let plan = plan::plan(spec).map_err(spec_err)?;
    let families: Vec<svr4::Family> = spec
        .families
        .iter()
        .map(|f| svr4::build_family(spec.seed, f))
        .collect();
    prepare(out, force)?;
    let probed = storage::probed_paths(&plan);
    let mut fleet = host::Fleet {
        seed: spec.seed,
        created,
        plan: &plan,
        probed: &probed,
        software: software::Software::new(&families),
        writer: write::Writer::default(),
    };
    // Host by host: nothing of a host is kept once it is written.
    for index in 0..plan.hosts.len() {
        fleet.write_host(out, index)?;
    }
    let created_text = clock::civil(created).rfc3339();
    let names: Vec<&str> = plan.hosts.iter().map(|h| h.name.as_str()).collect();
    let snapshot = write::snapshot_json(&created_text, names)?;
    fleet
        .writer
        .file(&out.join("snapshot.json"), &snapshot, None)?;

    let base = match inventory.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let relative = write::relative(out, &base)?;
    let hosts: Vec<write::InventoryHost<'_>> = plan
        .hosts
        .iter()
        .map(|h| write::InventoryHost {
            name: &h.name,
            address: h.address.map(|a| a.to_string()),
            roles: [(h.source, "source"), (h.candidate, "candidate")]
                .into_iter()
                .filter(|(on, _)| *on)
                .map(|(_, r)| r)
                .collect(),
            tags: &h.tags,
        })
        .collect();
    let yaml = write::inventory_yaml(&spec.name, &relative, &hosts);
    fs::create_dir_all(&base).map_err(|source| GenError::Io {
        path: base.clone(),
        source,
    })?;
    fs::write(inventory, yaml).map_err(|source| GenError::Io {
        path: inventory.to_path_buf(),
        source,
    })?;
    Ok(Summary {
        hosts: plan.hosts.len(),
        zones: plan.zones.len(),
        manifests: plan.zones.iter().filter(|z| plan.has_manifest(z)).count(),
        inventory: inventory.to_path_buf(),
        stats: fleet.writer.stats,
    })
}
