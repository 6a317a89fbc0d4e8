//! The inventory as the rest of zonescan sees it: checked, with defaults applied and paths
//! resolved. [`super::load`] builds it from `inventories/*.yaml`; `inventories/example.yaml`
//! documents every key.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::select::ZoneSelection;
use super::yaml::Position;
use crate::engine::Roles;
use crate::rules::Severity;

/// The inventory file: who is in the fleet, how to reach them, what to look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inventory {
    /// The file it was read from, as given.
    pub path: PathBuf,
    /// The recorded snapshot that `transport: replay` hosts read from, resolved against the
    /// inventory file's directory.
    pub snapshot: Option<PathBuf>,
    pub defaults: Defaults,
    /// In file order; names are unique.
    pub hosts: Vec<InventoryHost>,
    pub zones: ZoneSelection,
    pub policy: Policy,
}

impl Inventory {
    pub fn host(&self, name: &str) -> Option<&InventoryHost> {
        self.hosts.iter().find(|h| h.name == name)
    }

    /// Every host with its effective settings, in file order.
    pub fn host_settings(&self) -> impl Iterator<Item = HostSettings> + '_ {
        self.hosts.iter().map(|h| h.effective(&self.defaults))
    }

    /// An error at a position of this inventory file, for problems found after loading
    /// (a replay directory that does not exist, a host that refuses the user): it prints
    /// as `inventories/x.yaml:12:11: message`.
    pub fn error_at(&self, at: Position, message: impl Into<String>) -> super::InventoryError {
        super::InventoryError::new(&self.path, at, message)
    }
}

/// How zonescan reaches a host.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    /// OpenSSH, with the host key checked against known_hosts.
    #[default]
    Ssh,
    /// Commands run on this machine (zonescan runs in the global zone of the host).
    Local,
    /// Nothing runs: the host's recorded directory of a snapshot is read instead.
    Replay,
}

impl Transport {
    pub fn as_str(self) -> &'static str {
        match self {
            Transport::Ssh => "ssh",
            Transport::Local => "local",
            Transport::Replay => "replay",
        }
    }
}

/// The prefix of commands that need privilege (`zoneadm detach -n` omits device
/// permissions unless it runs as root).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Become {
    /// No prefix: log in as a user that has what it needs, or accept the gaps.
    #[default]
    None,
    /// `pfexec` (a role or profile that grants the zone management rights).
    Pfexec,
    /// `sudo -n` (never prompts; a password prompt fails the command).
    Sudo,
}

impl Become {
    pub fn as_str(self) -> &'static str {
        match self {
            Become::None => "none",
            Become::Pfexec => "pfexec",
            Become::Sudo => "sudo",
        }
    }
}

/// How an SSH host key that is not in known_hosts is treated. There is deliberately no
/// "accept any key": a scan with credentials must not talk to an impostor.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum KnownHosts {
    /// The key must already be in known_hosts.
    #[default]
    Strict,
    /// A host seen for the first time is trusted and its key recorded; a changed key is
    /// still refused (OpenSSH `StrictHostKeyChecking=accept-new`).
    AcceptNew,
}

impl KnownHosts {
    pub fn as_str(self) -> &'static str {
        match self {
            KnownHosts::Strict => "strict",
            KnownHosts::AcceptNew => "accept-new",
        }
    }
}

/// A role of a host in the inventory: `source` hosts have zones to move, `candidate`
/// hosts may receive them (a host can be both).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Source,
    Candidate,
}

/// `defaults:` with every value filled in: what a host gets when it does not say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Defaults {
    /// SSH port (22).
    pub port: u16,
    /// Login user; `None`: the SSH client's own default.
    pub user: Option<String>,
    /// Private key; relative paths are resolved against the inventory file's directory,
    /// a leading `~/` is left for the SSH transport to expand.
    pub identity_file: Option<PathBuf>,
    pub known_hosts_file: Option<PathBuf>,
    pub ssh_config: Option<PathBuf>,
    pub transport: Transport,
    pub become_: Become,
    pub known_hosts: KnownHosts,
    /// Seconds to establish a connection (10), 1..=3600.
    pub connect_timeout_s: u32,
    /// Seconds for one remote command (120), 1..=86400.
    pub command_timeout_s: u32,
    /// Further attempts after a failed connection (2), 0..=10.
    pub retries: u32,
    /// Hosts collected at the same time (32), 1..=1024.
    pub hosts_in_flight: u32,
    /// Commands run at the same time on one host (4), 1..=10: sshd's `MaxSessions`
    /// defaults to 10.
    pub channels_per_host: u32,
}

impl Default for Defaults {
    fn default() -> Self {
        Defaults {
            port: 22,
            user: None,
            identity_file: None,
            known_hosts_file: None,
            ssh_config: None,
            transport: Transport::Ssh,
            become_: Become::None,
            known_hosts: KnownHosts::Strict,
            connect_timeout_s: 10,
            command_timeout_s: 120,
            retries: 2,
            hosts_in_flight: 32,
            channels_per_host: 4,
        }
    }
}

/// One `hosts:` entry as the file gives it: settings it does not give are `None` and come
/// from [`Defaults`] (see [`InventoryHost::effective`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InventoryHost {
    /// Validated with [`super::names::validate_host_name`]; unique in the inventory.
    pub name: String,
    /// Host name or IP address to connect to; the name when not given.
    pub address: String,
    pub roles: Roles,
    pub tags: BTreeMap<String, String>,
    pub port: Option<u16>,
    pub user: Option<String>,
    pub identity_file: Option<PathBuf>,
    pub known_hosts_file: Option<PathBuf>,
    pub ssh_config: Option<PathBuf>,
    pub transport: Option<Transport>,
    pub become_: Option<Become>,
    pub known_hosts: Option<KnownHosts>,
    /// The recorded host directory for `transport: replay`, resolved: the host's `replay:`
    /// against the inventory's directory, or else `<snapshot>/hosts/<name>` when the
    /// inventory names a snapshot.
    pub replay: Option<PathBuf>,
    pub connect_timeout_s: Option<u32>,
    pub command_timeout_s: Option<u32>,
    pub retries: Option<u32>,
    pub channels_per_host: Option<u32>,
    /// Where the host's `name:` value is in the inventory file.
    pub at: Position,
}

impl InventoryHost {
    /// The settings zonescan uses for this host: its own, else the inventory's defaults.
    pub fn effective(&self, defaults: &Defaults) -> HostSettings {
        HostSettings {
            name: self.name.clone(),
            address: self.address.clone(),
            port: self.port.unwrap_or(defaults.port),
            user: self.user.clone().or_else(|| defaults.user.clone()),
            identity_file: self
                .identity_file
                .clone()
                .or_else(|| defaults.identity_file.clone()),
            known_hosts_file: self
                .known_hosts_file
                .clone()
                .or_else(|| defaults.known_hosts_file.clone()),
            ssh_config: self
                .ssh_config
                .clone()
                .or_else(|| defaults.ssh_config.clone()),
            transport: self.transport.unwrap_or(defaults.transport),
            become_: self.become_.unwrap_or(defaults.become_),
            known_hosts: self.known_hosts.unwrap_or(defaults.known_hosts),
            replay: self.replay.clone(),
            connect_timeout: Duration::from_secs(u64::from(
                self.connect_timeout_s.unwrap_or(defaults.connect_timeout_s),
            )),
            command_timeout: Duration::from_secs(u64::from(
                self.command_timeout_s.unwrap_or(defaults.command_timeout_s),
            )),
            retries: self.retries.unwrap_or(defaults.retries),
            channels: self.channels_per_host.unwrap_or(defaults.channels_per_host),
        }
    }
}

/// Everything needed to reach one host, defaults applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostSettings {
    pub name: String,
    pub address: String,
    pub port: u16,
    pub user: Option<String>,
    pub identity_file: Option<PathBuf>,
    pub known_hosts_file: Option<PathBuf>,
    pub ssh_config: Option<PathBuf>,
    pub transport: Transport,
    pub become_: Become,
    pub known_hosts: KnownHosts,
    /// Always `Some` when `transport` is `replay` (loading refuses it otherwise).
    pub replay: Option<PathBuf>,
    pub connect_timeout: Duration,
    pub command_timeout: Duration,
    pub retries: u32,
    /// Commands run at the same time on this host.
    pub channels: u32,
}

/// `policy:`: how the operator weighs findings, by rule code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    /// A severity other than the rule's own. `ZU` codes ("could not check") may only be
    /// raised to `error`.
    pub severity: BTreeMap<&'static str, Severity>,
    /// Codes whose findings are dropped. `ZU` codes cannot be ignored: an unchecked pair
    /// must not look checked.
    pub ignore: BTreeSet<&'static str>,
}

impl Policy {
    /// The severity a finding of `code` gets under this policy, `None` when it is ignored.
    pub fn apply(&self, code: &str, severity: Severity) -> Option<Severity> {
        if self.ignore.contains(code) {
            return None;
        }
        Some(self.severity.get(code).copied().unwrap_or(severity))
    }

    pub fn is_empty(&self) -> bool {
        self.severity.is_empty() && self.ignore.is_empty()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    fn host() -> InventoryHost {
        InventoryHost {
            name: "s10a".into(),
            address: "s10a".into(),
            roles: Roles {
                source: true,
                candidate: false,
            },
            tags: BTreeMap::new(),
            port: None,
            user: None,
            identity_file: None,
            known_hosts_file: None,
            ssh_config: None,
            transport: None,
            become_: None,
            known_hosts: None,
            replay: None,
            connect_timeout_s: None,
            command_timeout_s: None,
            retries: None,
            channels_per_host: None,
            at: Position::new(3, 11),
        }
    }

    #[test]
    fn effective_settings_take_defaults_for_what_the_host_leaves_out() {
        let defaults = Defaults {
            user: Some("zscan".into()),
            become_: Become::Pfexec,
            ..Defaults::default()
        };
        let h = InventoryHost {
            port: Some(2222),
            command_timeout_s: Some(600),
            become_: Some(Become::Sudo),
            ..host()
        };
        let s = h.effective(&defaults);
        assert_eq!(s.port, 2222);
        assert_eq!(s.user.as_deref(), Some("zscan"));
        assert_eq!(s.become_, Become::Sudo);
        assert_eq!(s.transport, Transport::Ssh);
        assert_eq!(s.known_hosts, KnownHosts::Strict);
        assert_eq!(s.connect_timeout, Duration::from_secs(10));
        assert_eq!(s.command_timeout, Duration::from_secs(600));
        assert_eq!((s.retries, s.channels), (2, 4));
    }

    #[test]
    fn policy_ignores_then_overrides() {
        let policy = Policy {
            severity: [("ZM203", Severity::Error)].into_iter().collect(),
            ignore: ["ZM102"].into_iter().collect(),
        };
        assert_eq!(policy.apply("ZM102", Severity::Warning), None);
        assert_eq!(
            policy.apply("ZM203", Severity::Warning),
            Some(Severity::Error)
        );
        assert_eq!(
            policy.apply("ZM001", Severity::Error),
            Some(Severity::Error)
        );
    }
}
