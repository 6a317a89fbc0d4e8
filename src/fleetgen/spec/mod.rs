//! The fleet spec: what `zonescan gen-fleet SPEC.yaml OUT` reads.
//!
//! The YAML schema is documented for users in the header of `inventories/demo-spec.yaml`;
//! the doc comments here say what each field means to the generator. Unknown fields are
//! refused everywhere, so that a typo does not silently generate a different fleet.

use std::collections::BTreeMap;
use std::fmt;
use std::net::Ipv4Addr;

use serde::Deserialize;

use crate::inventory::Become;

mod zone;

pub use zone::*;

/// The spec format this generator reads.
pub const SPEC_VERSION: u32 = 1;

/// A whole fleet spec.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// Always [`SPEC_VERSION`].
    pub version: u32,
    /// Fleet name: the default inventory file is `OUT/../<name>.yaml`.
    pub name: String,
    /// Every random choice derives from it: same spec and seed, same bytes.
    pub seed: u64,
    /// When the snapshot was "taken" (RFC 3339, UTC, `Z`).
    #[serde(default = "default_created")]
    pub created: String,
    /// SVR4 software of the Solaris 10 hosts.
    #[serde(default)]
    pub families: Vec<FamilySpec>,
    pub hosts: Vec<HostGroup>,
    #[serde(default)]
    pub zones: Vec<ZoneGroup>,
}

fn default_created() -> String {
    "2026-11-25T02:00:00Z".to_string()
}

fn one() -> u32 {
    1
}

/// A patch-level family: one Solaris 10 release and architecture, its packages, and the
/// patches of each of its levels (level 1 is the oldest; each level raises some patch
/// revisions, adds patches and upgrades a few packages).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilySpec {
    pub name: String,
    /// A Solaris 10 release key, `s10u3` .. `s10u11`.
    pub os: Os,
    pub arch: Arch,
    /// Packages in the global zone, the ~45 core packages included.
    pub packages: usize,
    /// Patches installed at level 1, the kernel patch chain included.
    pub patches: usize,
    #[serde(default = "one")]
    pub levels: u32,
}

/// An operating system release the generator can imitate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(try_from = "String")]
pub enum Os {
    /// Solaris 10, update 1 (1/06) to 11 (1/13).
    S10(u8),
    /// Oracle Solaris 11.4.
    S11_4,
    OmniOs,
}

impl Os {
    pub fn is_s10(self) -> bool {
        matches!(self, Os::S10(_))
    }

    /// The Solaris 10 update, 0 for other releases.
    pub fn s10_update(self) -> u8 {
        match self {
            Os::S10(u) => u,
            _ => 0,
        }
    }
}

impl TryFrom<String> for Os {
    type Error = String;

    fn try_from(s: String) -> Result<Os, String> {
        match s.as_str() {
            "s11.4" => return Ok(Os::S11_4),
            "omnios" => return Ok(Os::OmniOs),
            _ => {}
        }
        let update = s
            .strip_prefix("s10u")
            .and_then(|u| u.parse::<u8>().ok())
            .filter(|u| (1..=11).contains(u));
        update
            .map(Os::S10)
            .ok_or_else(|| format!("unknown os {s:?}: expected s10u1 .. s10u11, s11.4 or omnios"))
    }
}

impl fmt::Display for Os {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Os::S10(u) => write!(f, "s10u{u}"),
            Os::S11_4 => f.write_str("s11.4"),
            Os::OmniOs => f.write_str("omnios"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Arch {
    Sparc,
    I386,
}

impl Arch {
    pub fn as_str(self) -> &'static str {
        match self {
            Arch::Sparc => "sparc",
            Arch::I386 => "i386",
        }
    }
}

/// `uname -m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Machine {
    Sun4u,
    Sun4v,
    I86pc,
}

impl Machine {
    pub fn as_str(self) -> &'static str {
        match self {
            Machine::Sun4u => "sun4u",
            Machine::Sun4v => "sun4v",
            Machine::I86pc => "i86pc",
        }
    }

    pub fn arch(self) -> Arch {
        match self {
            Machine::Sun4u | Machine::Sun4v => Arch::Sparc,
            Machine::I86pc => Arch::I386,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Source,
    Candidate,
}

/// What goes wrong with one fact of a host, to produce `unknown` verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FactFault {
    /// No file and no record: never collected.
    Missing,
    /// No file; `host.json` records `timed out after 60 s`.
    Timeout,
    /// The command exited 1 with a message on stderr.
    Failed,
    /// A login banner got into stdout ahead of the output.
    Garbled,
}

/// A group of hosts with the same configuration, numbered from `first`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostGroup {
    /// Name pattern: `{n}` or `{n:02}` is the host's number.
    pub name: String,
    #[serde(default = "one")]
    pub count: u32,
    #[serde(default = "one")]
    pub first: u32,
    pub os: Os,
    pub machine: Machine,
    /// Platform name (`uname -i`, prtconf banner); a default per machine and release.
    #[serde(default)]
    pub model: Option<String>,
    /// Solaris 10: the patch-level family and level.
    #[serde(default)]
    pub family: Option<String>,
    #[serde(default = "one")]
    pub level: u32,
    /// Solaris 11 / OmniOS: the `entire` version (`11.4-11.4.42.0.1.111.0:20220223T100004Z`).
    #[serde(default)]
    pub entire: Option<String>,
    /// Default: source and candidate.
    #[serde(default)]
    pub roles: Option<Vec<Role>>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// Address used to reach the host (inventory, host.json); default: the first
    /// interface's. Incremented by one per host of the group.
    #[serde(default)]
    pub address: Option<Ipv4Addr>,
    /// Datalinks (`dladm show-link`); a default per machine and release.
    #[serde(default)]
    pub links: Option<Vec<String>>,
    /// Interfaces plumbed in the global zone, each address incremented per host.
    #[serde(default)]
    pub interfaces: Vec<InterfaceSpec>,
    #[serde(default = "default_cpus")]
    pub cpus: u32,
    #[serde(default = "default_memory")]
    pub memory_gb: u32,
    /// Resource pools besides `pool_default`; absent: the pools facility is not active.
    #[serde(default)]
    pub pools: Option<Vec<String>>,
    /// Whether the FSS scheduling class is configured; default: not on S10 before 8/07.
    #[serde(default)]
    pub fss: Option<bool>,
    /// File system types with a mount program besides the release's own (e.g. `vxfs`).
    #[serde(default)]
    pub fs_types: Vec<String>,
    /// Directories that exist on the host besides the system ones.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Extra ZFS datasets; a listed name overrides a generated one.
    #[serde(default)]
    pub datasets: Vec<DatasetSpec>,
    /// Hosts whose zones' storage (fs specials, raw devices, datasets) exists here too.
    #[serde(default)]
    pub replica_of: Vec<String>,
    /// Facts that fail to collect, by fact id.
    #[serde(default)]
    pub faults: BTreeMap<String, FactFault>,
    /// No fact at all: the SSH connection timed out.
    #[serde(default)]
    pub unreachable: bool,
    /// Privilege prefix of `detach -n` and `pkg -R` (`none`, `pfexec`, `sudo`), as the
    /// inventory's `become` gives it.
    #[serde(default = "default_become", rename = "become")]
    pub escalation: Become,
}

fn default_cpus() -> u32 {
    8
}

fn default_memory() -> u32 {
    16
}

fn default_become() -> Become {
    Become::Pfexec
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterfaceSpec {
    pub link: String,
    /// `a.b.c.d/len`.
    pub address: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetSpec {
    pub name: String,
    #[serde(default)]
    pub volume: bool,
    /// Default `/<name>`.
    #[serde(default)]
    pub mountpoint: Option<String>,
}

/// Reads a spec from YAML text.
pub fn parse_spec(text: &str) -> Result<Spec, String> {
    let spec: Spec = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
    if spec.version != SPEC_VERSION {
        return Err(format!(
            "spec version {} is not supported (expected {SPEC_VERSION})",
            spec.version
        ));
    }
    Ok(spec)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    const MINIMAL: &str = "\
version: 1
name: tiny
seed: 1
hosts:
  - name: h{n:02}
    os: s11.4
    machine: sun4v
";

    #[test]
    fn minimal_spec_gets_defaults() {
        let spec = parse_spec(MINIMAL).unwrap();
        assert_eq!(spec.created, "2026-11-25T02:00:00Z");
        let h = &spec.hosts[0];
        assert_eq!((h.count, h.first, h.level, h.cpus), (1, 1, 1, 8));
        assert_eq!(h.os, Os::S11_4);
        assert_eq!(h.escalation, Become::Pfexec);
    }

    #[test]
    fn typos_and_unknown_values_are_refused() {
        let typo = MINIMAL.replace("machine:", "machnie:");
        assert!(parse_spec(&typo).unwrap_err().contains("machnie"));
        let os = MINIMAL.replace("s11.4", "s10u12");
        assert!(parse_spec(&os).unwrap_err().contains("s10u12"));
        let version = MINIMAL.replace("version: 1", "version: 2");
        assert!(parse_spec(&version).unwrap_err().contains("version 2"));
    }

    #[test]
    fn os_keys_round_trip() {
        for key in ["s10u3", "s10u11", "s11.4", "omnios"] {
            assert_eq!(Os::try_from(key.to_string()).unwrap().to_string(), key);
        }
    }
}
