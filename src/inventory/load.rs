//! Reading `inventories/*.yaml` into an [`Inventory`].
//!
//! Two passes. serde-saphyr deserializes the file into the `Raw*` types below, which mirror
//! the YAML and keep every value's position ([`Spanned`]); it refuses syntax errors,
//! unknown keys, duplicate keys, wrong types and unknown enum values with their position.
//! Then a checking pass validates what parses but is wrong (names, ranges, duplicate hosts,
//! code shapes) in file order, and builds the model with defaults and paths resolved.
//! Loading reads nothing but the inventory file: whether a replay directory exists is for
//! the transport to find out (with [`Inventory::error_at`] and [`InventoryHost::at`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::InventoryError;
use super::model::{
    Become, Defaults, Inventory, InventoryHost, KnownHosts, Policy, Role, Transport,
};
use super::names::validate_host_name;
use super::select::{Glob, ZoneSelection};
use super::yaml::{self, OneOrMany, Position, SpannedMap};
use crate::engine::Roles;
use crate::rules::{Severity, find_rule, unknown::find_unknown_code};

/// The inventory format this zonescan reads.
pub const INVENTORY_VERSION: u32 = 1;

type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInventory {
    version: S<u32>,
    snapshot: Option<S<String>>,
    defaults: Option<RawDefaults>,
    hosts: S<Vec<RawHost>>,
    zones: Option<RawZones>,
    policy: Option<RawPolicy>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDefaults {
    port: Option<S<u16>>,
    user: Option<S<String>>,
    identity_file: Option<S<String>>,
    known_hosts_file: Option<S<String>>,
    ssh_config: Option<S<String>>,
    transport: Option<Transport>,
    #[serde(rename = "become")]
    become_: Option<Become>,
    known_hosts: Option<KnownHosts>,
    connect_timeout_s: Option<S<u32>>,
    command_timeout_s: Option<S<u32>>,
    retries: Option<S<u32>>,
    hosts_in_flight: Option<S<u32>>,
    channels_per_host: Option<S<u32>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHost {
    name: S<String>,
    address: Option<S<String>>,
    roles: S<Vec<S<Role>>>,
    tags: Option<SpannedMap<String, String>>,
    port: Option<S<u16>>,
    user: Option<S<String>>,
    identity_file: Option<S<String>>,
    known_hosts_file: Option<S<String>>,
    ssh_config: Option<S<String>>,
    transport: Option<Transport>,
    #[serde(rename = "become")]
    become_: Option<Become>,
    known_hosts: Option<KnownHosts>,
    replay: Option<S<String>>,
    connect_timeout_s: Option<S<u32>>,
    command_timeout_s: Option<S<u32>>,
    retries: Option<S<u32>>,
    channels_per_host: Option<S<u32>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawZones {
    include: Option<S<Vec<S<String>>>>,
    exclude: Option<Vec<S<String>>>,
    include_host_tags: Option<SpannedMap<String, OneOrMany>>,
    exclude_host_tags: Option<SpannedMap<String, OneOrMany>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    severity: Option<SpannedMap<String, PolicySeverity>>,
    ignore: Option<Vec<S<String>>>,
}

/// The severities an operator may give a code (`unknown` is not one: it is what "could
/// not check" means, not a weight).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum PolicySeverity {
    Error,
    Warning,
    Update,
    Info,
}

impl From<PolicySeverity> for Severity {
    fn from(s: PolicySeverity) -> Self {
        match s {
            PolicySeverity::Error => Severity::Error,
            PolicySeverity::Warning => Severity::Warning,
            PolicySeverity::Update => Severity::Update,
            PolicySeverity::Info => Severity::Info,
        }
    }
}

impl Inventory {
    /// Reads and checks an inventory file.
    pub fn load(path: &Path) -> Result<Inventory, InventoryError> {
        let text = yaml::read_text(path)?;
        Self::parse(&text, path)
    }

    /// Checks inventory text; `path` names the file in errors, and relative paths in it
    /// are resolved against `path`'s directory.
    pub fn parse(text: &str, path: &Path) -> Result<Inventory, InventoryError> {
        let raw: RawInventory = yaml::parse_yaml(text, path)?;
        Checker { path }.check(raw)
    }
}

/// Inclusive bounds of a numeric setting.
struct Range {
    key: &'static str,
    min: u32,
    max: u32,
}

const CONNECT_TIMEOUT: Range = Range {
    key: "connect_timeout_s",
    min: 1,
    max: 3600,
};
const COMMAND_TIMEOUT: Range = Range {
    key: "command_timeout_s",
    min: 1,
    max: 86_400,
};
const RETRIES: Range = Range {
    key: "retries",
    min: 0,
    max: 10,
};
const HOSTS_IN_FLIGHT: Range = Range {
    key: "hosts_in_flight",
    min: 1,
    max: 1024,
};
const CHANNELS_PER_HOST: Range = Range {
    key: "channels_per_host",
    min: 1,
    max: 10,
};

struct Checker<'a> {
    path: &'a Path,
}

impl Checker<'_> {
    fn err<T>(&self, value: &S<T>, message: impl Into<String>) -> InventoryError {
        InventoryError::new(self.path, Position::of(value), message)
    }

    fn check(&self, raw: RawInventory) -> Result<Inventory, InventoryError> {
        if raw.version.value != INVENTORY_VERSION {
            return Err(self.err(
                &raw.version,
                format!(
                    "inventory version {} is not supported; this zonescan reads version {INVENTORY_VERSION}",
                    raw.version.value
                ),
            ));
        }
        let base = yaml::base_dir(self.path);
        let snapshot = raw
            .snapshot
            .as_ref()
            .map(|s| self.path_value(s, "snapshot").map(|p| base.join(p)))
            .transpose()?;
        let defaults = self.defaults(raw.defaults.unwrap_or_default(), base)?;
        let hosts = self.hosts(raw.hosts, &defaults, snapshot.as_deref(), base)?;
        let zones = match raw.zones {
            Some(z) => self.zones(z)?,
            None => ZoneSelection::default(),
        };
        let policy = match raw.policy {
            Some(p) => self.policy(p)?,
            None => Policy::default(),
        };
        Ok(Inventory {
            path: self.path.to_path_buf(),
            snapshot,
            defaults,
            hosts,
            zones,
            policy,
        })
    }

    fn defaults(&self, raw: RawDefaults, base: &Path) -> Result<Defaults, InventoryError> {
        let d = Defaults::default();
        Ok(Defaults {
            port: self.port(raw.port.as_ref())?.unwrap_or(d.port),
            user: raw.user.as_ref().map(|u| self.user(u)).transpose()?,
            identity_file: raw
                .identity_file
                .as_ref()
                .map(|p| self.ssh_path(p, "identity_file", base))
                .transpose()?,
            known_hosts_file: raw
                .known_hosts_file
                .as_ref()
                .map(|p| self.ssh_path(p, "known_hosts_file", base))
                .transpose()?,
            ssh_config: raw
                .ssh_config
                .as_ref()
                .map(|p| self.ssh_path(p, "ssh_config", base))
                .transpose()?,
            transport: raw.transport.unwrap_or(d.transport),
            become_: raw.become_.unwrap_or(d.become_),
            known_hosts: raw.known_hosts.unwrap_or(d.known_hosts),
            connect_timeout_s: self
                .ranged(raw.connect_timeout_s.as_ref(), &CONNECT_TIMEOUT)?
                .unwrap_or(d.connect_timeout_s),
            command_timeout_s: self
                .ranged(raw.command_timeout_s.as_ref(), &COMMAND_TIMEOUT)?
                .unwrap_or(d.command_timeout_s),
            retries: self
                .ranged(raw.retries.as_ref(), &RETRIES)?
                .unwrap_or(d.retries),
            hosts_in_flight: self
                .ranged(raw.hosts_in_flight.as_ref(), &HOSTS_IN_FLIGHT)?
                .unwrap_or(d.hosts_in_flight),
            channels_per_host: self
                .ranged(raw.channels_per_host.as_ref(), &CHANNELS_PER_HOST)?
                .unwrap_or(d.channels_per_host),
        })
    }

    fn hosts(
        &self,
        raw: S<Vec<RawHost>>,
        defaults: &Defaults,
        snapshot: Option<&Path>,
        base: &Path,
    ) -> Result<Vec<InventoryHost>, InventoryError> {
        if raw.value.is_empty() {
            return Err(self.err(&raw, "no hosts: list at least one host under `hosts:`"));
        }
        let mut first_seen: HashMap<String, Position> = HashMap::new();
        let mut hosts = Vec::with_capacity(raw.value.len());
        for h in raw.value {
            let name = &h.name;
            validate_host_name(&name.value)
                .map_err(|e| self.err(name, format!("invalid host name {:?}: {e}", name.value)))?;
            // Case-insensitive: host names are, and they become directory names.
            let key = name.value.to_ascii_lowercase();
            if let Some(first) = first_seen.get(&key) {
                return Err(self.err(
                    name,
                    format!(
                        "duplicate host name {:?} (first at line {})",
                        name.value, first.line
                    ),
                ));
            }
            first_seen.insert(key, Position::of(name));
            hosts.push(self.host(h, defaults, snapshot, base)?);
        }
        Ok(hosts)
    }

    fn host(
        &self,
        h: RawHost,
        defaults: &Defaults,
        snapshot: Option<&Path>,
        base: &Path,
    ) -> Result<InventoryHost, InventoryError> {
        let name = h.name.value.clone();
        let address = match &h.address {
            Some(a) => self.address(a)?,
            None => name.clone(),
        };
        let roles = self.roles(&h.roles)?;
        let mut tags = BTreeMap::new();
        for (key, value) in h.tags.unwrap_or_default().0 {
            self.tag_key(&key)?;
            if value.value.chars().any(char::is_control) {
                return Err(self.err(&value, "tag values cannot contain control characters"));
            }
            tags.insert(key.value, value.value);
        }
        let replay = match &h.replay {
            Some(r) => Some(base.join(self.path_value(r, "replay")?)),
            None => snapshot.map(|s| s.join("hosts").join(&name)),
        };
        let transport = h.transport;
        if transport.unwrap_or(defaults.transport) == Transport::Replay && replay.is_none() {
            return Err(self.err(
                &h.name,
                format!(
                    "host {name:?} uses transport replay but no recording: give it `replay:` \
                     or give the inventory a `snapshot:` directory"
                ),
            ));
        }
        Ok(InventoryHost {
            address,
            roles,
            tags,
            port: self.port(h.port.as_ref())?,
            user: h.user.as_ref().map(|u| self.user(u)).transpose()?,
            identity_file: h
                .identity_file
                .as_ref()
                .map(|p| self.ssh_path(p, "identity_file", base))
                .transpose()?,
            known_hosts_file: h
                .known_hosts_file
                .as_ref()
                .map(|p| self.ssh_path(p, "known_hosts_file", base))
                .transpose()?,
            ssh_config: h
                .ssh_config
                .as_ref()
                .map(|p| self.ssh_path(p, "ssh_config", base))
                .transpose()?,
            transport,
            become_: h.become_,
            known_hosts: h.known_hosts,
            replay,
            connect_timeout_s: self.ranged(h.connect_timeout_s.as_ref(), &CONNECT_TIMEOUT)?,
            command_timeout_s: self.ranged(h.command_timeout_s.as_ref(), &COMMAND_TIMEOUT)?,
            retries: self.ranged(h.retries.as_ref(), &RETRIES)?,
            channels_per_host: self.ranged(h.channels_per_host.as_ref(), &CHANNELS_PER_HOST)?,
            at: Position::of(&h.name),
            name,
        })
    }

    fn roles(&self, raw: &S<Vec<S<Role>>>) -> Result<Roles, InventoryError> {
        if raw.value.is_empty() {
            return Err(self.err(
                raw,
                "roles is empty: give source, candidate or both (a source host has zones \
                 to move, a candidate host may receive them)",
            ));
        }
        let mut roles = Roles::default();
        for role in &raw.value {
            let slot = match role.value {
                Role::Source => &mut roles.source,
                Role::Candidate => &mut roles.candidate,
            };
            if *slot {
                return Err(self.err(role, "role listed twice"));
            }
            *slot = true;
        }
        Ok(roles)
    }

    fn port(&self, raw: Option<&S<u16>>) -> Result<Option<u16>, InventoryError> {
        match raw {
            Some(p) if p.value == 0 => Err(self.err(p, "port must be 1 to 65535")),
            Some(p) => Ok(Some(p.value)),
            None => Ok(None),
        }
    }

    fn ranged(&self, raw: Option<&S<u32>>, range: &Range) -> Result<Option<u32>, InventoryError> {
        match raw {
            Some(v) if !(range.min..=range.max).contains(&v.value) => Err(self.err(
                v,
                format!(
                    "{} must be {} to {}, not {}",
                    range.key, range.min, range.max, v.value
                ),
            )),
            Some(v) => Ok(Some(v.value)),
            None => Ok(None),
        }
    }

    /// A login name: it becomes an argument of ssh, so nothing that could read as an
    /// option or need quoting.
    fn user(&self, raw: &S<String>) -> Result<String, InventoryError> {
        let u = &raw.value;
        let ok = !u.is_empty()
            && u.len() <= 64
            && !u.starts_with('-')
            && u.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if ok {
            Ok(u.clone())
        } else {
            Err(self.err(
                raw,
                format!(
                    "invalid user {u:?}: use up to 64 letters, digits, '.', '_' or '-', \
                     not starting with '-'"
                ),
            ))
        }
    }

    /// A host name or IP address (IPv6 with an optional `%zone`): it becomes an argument
    /// of ssh, so nothing that could read as an option or need quoting.
    fn address(&self, raw: &S<String>) -> Result<String, InventoryError> {
        let a = &raw.value;
        let ok = !a.is_empty()
            && a.len() <= 255
            && !a.starts_with('-')
            && a.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ':' | '%'));
        if ok {
            Ok(a.clone())
        } else {
            Err(self.err(
                raw,
                format!(
                    "invalid address {a:?}: give a host name or an IP address \
                     (letters, digits, '.', '-', '_', ':', '%'; not starting with '-')"
                ),
            ))
        }
    }

    fn path_value(&self, raw: &S<String>, key: &str) -> Result<PathBuf, InventoryError> {
        if raw.value.is_empty() {
            return Err(self.err(raw, format!("{key} is an empty path")));
        }
        if raw.value.chars().any(char::is_control) {
            return Err(self.err(raw, format!("{key} contains a control character")));
        }
        Ok(PathBuf::from(&raw.value))
    }

    /// Relative to the inventory's directory, except `~/...`, which the SSH transport
    /// expands.
    fn ssh_path(&self, raw: &S<String>, key: &str, base: &Path) -> Result<PathBuf, InventoryError> {
        let p = self.path_value(raw, key)?;
        Ok(if raw.value.starts_with("~/") {
            p
        } else {
            base.join(p)
        })
    }

    fn tag_key(&self, key: &S<String>) -> Result<(), InventoryError> {
        let k = &key.value;
        let ok = !k.is_empty()
            && k.len() <= 64
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if ok {
            Ok(())
        } else {
            Err(self.err(
                key,
                format!("invalid tag name {k:?}: use up to 64 letters, digits, '.', '_' or '-'"),
            ))
        }
    }

    fn zones(&self, raw: RawZones) -> Result<ZoneSelection, InventoryError> {
        let include = match raw.include {
            None => vec![Glob::any()],
            Some(list) if list.value.is_empty() => {
                return Err(self.err(
                    &list,
                    "include is empty, so no zone would be selected; leave it out to select \
                     every zone",
                ));
            }
            Some(list) => self.globs(&list.value)?,
        };
        let exclude = self.globs(raw.exclude.as_deref().unwrap_or_default())?;
        Ok(ZoneSelection {
            include,
            exclude,
            include_host_tags: self.tag_filter(raw.include_host_tags)?,
            exclude_host_tags: self.tag_filter(raw.exclude_host_tags)?,
        })
    }

    fn globs(&self, raw: &[S<String>]) -> Result<Vec<Glob>, InventoryError> {
        raw.iter()
            .map(|g| {
                Glob::new(&g.value)
                    .map_err(|e| self.err(g, format!("invalid glob {:?}: {e}", g.value)))
            })
            .collect()
    }

    fn tag_filter(
        &self,
        raw: Option<SpannedMap<String, OneOrMany>>,
    ) -> Result<BTreeMap<String, Vec<String>>, InventoryError> {
        let mut filter = BTreeMap::new();
        for (key, values) in raw.unwrap_or_default().0 {
            self.tag_key(&key)?;
            if values.value.0.is_empty() {
                return Err(self.err(&values, format!("no values listed for tag {:?}", key.value)));
            }
            filter.insert(key.value, values.value.0);
        }
        Ok(filter)
    }

    fn policy(&self, raw: RawPolicy) -> Result<Policy, InventoryError> {
        let mut policy = Policy::default();
        for (code, severity) in raw.severity.unwrap_or_default().0 {
            let known = self.code(&code)?;
            let severity = Severity::from(severity.value);
            if known.starts_with("ZU") && severity != Severity::Error {
                return Err(self.err(
                    &code,
                    format!(
                        "{known} marks a check that could not run; its severity can only be \
                         raised to error, never lowered"
                    ),
                ));
            }
            policy.severity.insert(known, severity);
        }
        let mut ignored: BTreeSet<&'static str> = BTreeSet::new();
        for code in raw.ignore.unwrap_or_default() {
            let known = self.code(&code)?;
            if known.starts_with("ZU") {
                return Err(self.err(
                    &code,
                    format!(
                        "{known} cannot be ignored: it marks a check that could not run, and \
                         ignoring it would make an unchecked pair look checked"
                    ),
                ));
            }
            if policy.severity.contains_key(known) {
                return Err(self.err(
                    &code,
                    format!("{known} is given a severity and ignored; keep one of the two"),
                ));
            }
            if !ignored.insert(known) {
                return Err(self.err(&code, format!("{known} is listed twice")));
            }
        }
        policy.ignore = ignored;
        Ok(policy)
    }

    /// A rule code, `ZM` or `ZU` and three digits, that this zonescan knows.
    fn code(&self, raw: &S<String>) -> Result<&'static str, InventoryError> {
        let c = raw.value.as_str();
        let shaped = c.len() == 5
            && (c.starts_with("ZM") || c.starts_with("ZU"))
            && c[2..].bytes().all(|b| b.is_ascii_digit());
        if !shaped {
            return Err(self.err(
                raw,
                format!("{c:?} is not a rule code: codes look like ZM105 or ZU001"),
            ));
        }
        find_rule(c)
            .map(|r| r.code)
            .or_else(|| find_unknown_code(c).map(|u| u.code))
            .ok_or_else(|| {
                self.err(
                    raw,
                    format!("no rule has code {c}; zonescan rules lists them"),
                )
            })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests;
