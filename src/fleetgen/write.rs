//! Writing the snapshot: files (identical fact files written once and hard-linked),
//! `host.json`, `snapshot.json` and the inventory.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::GenError;
use super::rng::fnv1a;

/// Counts of what was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files written with their content.
    pub files: usize,
    /// Files that are hard links (or, where links fail, copies) of an identical one.
    pub links: usize,
    /// Bytes of the files written with content.
    pub bytes: u64,
}

/// Writes files under the snapshot directory, sharing identical ones.
#[derive(Debug, Default)]
pub struct Writer {
    /// Share key -> (first path written, length, content hash). The key names what
    /// decides the content (`svr4-pkginfo/<family>/<level>`); length and hash guard
    /// against a key that does not.
    shared: HashMap<String, (PathBuf, usize, u64)>,
    pub stats: WriteStats,
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> GenError + '_ {
    move |source| GenError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl Writer {
    /// Writes `content` to `path`; with a `key`, a later file of the same key becomes a
    /// hard link to the first.
    pub fn file(&mut self, path: &Path, content: &[u8], key: Option<&str>) -> Result<(), GenError> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        let Some(key) = key else {
            return self.write(path, content);
        };
        let hash = fnv1a(content);
        if let Some((first, len, h)) = self.shared.get(key) {
            if *len != content.len() || *h != hash {
                return Err(GenError::Internal(format!(
                    "share key {key} names two different contents"
                )));
            }
            if fs::hard_link(first, path).is_err() {
                fs::copy(first, path).map_err(io_error(path))?;
            }
            self.stats.links += 1;
            return Ok(());
        }
        self.write(path, content)?;
        self.shared
            .insert(key.to_string(), (path.to_path_buf(), content.len(), hash));
        Ok(())
    }

    fn write(&mut self, path: &Path, content: &[u8]) -> Result<(), GenError> {
        fs::write(path, content).map_err(io_error(path))?;
        self.stats.files += 1;
        self.stats.bytes += content.len() as u64;
        Ok(())
    }
}

/// A JSON object whose keys keep their order (catalogue order, spec order).
#[derive(Debug)]
pub struct Ordered<T>(pub Vec<(String, T)>);

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// One command as `host.json` records it.
#[derive(Debug, Serialize)]
pub struct Record {
    pub command: String,
    pub exit: i32,
    pub ms: u64,
}

/// A collection failure.
#[derive(Debug, Serialize)]
pub struct ErrorRecord {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    pub message: String,
}

/// `hosts/<host>/host.json` (snapshot-format.md).
#[derive(Debug, Serialize)]
pub struct HostJson<'a> {
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub roles: Vec<&'static str>,
    pub tags: &'a BTreeMap<String, String>,
    pub collected_at: String,
    pub transport: &'static str,
    pub facts: Ordered<Record>,
    pub zones: Ordered<Ordered<Record>>,
    pub errors: Vec<ErrorRecord>,
}

#[derive(Debug, Serialize)]
struct SnapshotJson<'a> {
    format: &'static str,
    version: u32,
    created: &'a str,
    tool: &'static str,
    hosts: Vec<&'a str>,
}

/// Pretty JSON with a final newline, as the reference snapshot has it.
pub fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>, GenError> {
    let mut bytes =
        serde_json::to_vec_pretty(value).map_err(|e| GenError::Internal(e.to_string()))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// `snapshot.json`.
pub fn snapshot_json(created: &str, hosts: Vec<&str>) -> Result<Vec<u8>, GenError> {
    to_json(&SnapshotJson {
        format: "zonescan-snapshot",
        version: 1,
        created,
        tool: "zonescan gen-fleet",
        hosts,
    })
}

/// A host of the inventory file.
pub struct InventoryHost<'a> {
    pub name: &'a str,
    pub address: Option<String>,
    pub roles: Vec<&'static str>,
    pub tags: &'a BTreeMap<String, String>,
}

/// A YAML scalar: plain when it cannot be read as anything but this string.
fn yaml_scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._/-".contains(c))
        && s.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '/')
        && s.parse::<f64>().is_err()
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
    }
}

/// The fleet inventory (the schema `zonescan validate` reads).
pub fn inventory_yaml(name: &str, snapshot: &str, hosts: &[InventoryHost<'_>]) -> String {
    let mut out = format!(
        "# Fleet {}, generated by `zonescan gen-fleet` from its spec: regenerate, do not edit.\n\
         version: 1\nsnapshot: {}          # relative to this file\ndefaults:\n  transport: replay\nhosts:\n",
        yaml_scalar(name),
        yaml_scalar(snapshot)
    );
    for h in hosts {
        out.push_str(&format!("  - name: {}\n", yaml_scalar(h.name)));
        if let Some(a) = &h.address {
            out.push_str(&format!("    address: {}\n", yaml_scalar(a)));
        }
        out.push_str(&format!("    roles: [{}]\n", h.roles.join(", ")));
        if !h.tags.is_empty() {
            let tags: Vec<String> = h
                .tags
                .iter()
                .map(|(k, v)| format!("{}: {}", yaml_scalar(k), yaml_scalar(v)))
                .collect();
            out.push_str(&format!("    tags: {{{}}}\n", tags.join(", ")));
        }
    }
    out
}

/// `path` made absolute and without `.`/`..`, without touching the file system (the
/// snapshot may not exist yet).
fn normalized(path: &Path) -> Result<PathBuf, GenError> {
    let abs = std::path::absolute(path).map_err(io_error(path))?;
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(out)
}

/// `target` relative to directory `base`, with `/` separators.
pub fn relative(target: &Path, base: &Path) -> Result<String, GenError> {
    let (t, b) = (normalized(target)?, normalized(base)?);
    let tc: Vec<Component> = t.components().collect();
    let bc: Vec<Component> = b.components().collect();
    let common = tc.iter().zip(&bc).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); bc.len() - common];
    parts.extend(
        tc[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Ok(if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let r = |t: &str, b: &str| relative(Path::new(t), Path::new(b)).unwrap_or_default();
        assert_eq!(r("/a/inv/demo/snapshot", "/a/inv"), "demo/snapshot");
        assert_eq!(r("/a/x/snap", "/a/inv"), "../x/snap");
        assert_eq!(r("/a/inv/./demo/../demo", "/a/inv/"), "demo");
        assert_eq!(r("/a", "/a"), ".");
    }

    #[test]
    fn yaml_scalars() {
        assert_eq!(yaml_scalar("s10-fra-01"), "s10-fra-01");
        assert_eq!(yaml_scalar("10.20.0.11"), "10.20.0.11");
        assert_eq!(yaml_scalar("1"), "\"1\"");
        assert_eq!(yaml_scalar("yes"), "\"yes\"");
        assert_eq!(yaml_scalar("a b"), "\"a b\"");
        assert_eq!(yaml_scalar(""), "\"\"");
    }
}
