//! The only commands zonescan ever sends to a host, as a closed set of typed values. Text
//! is built here and nowhere else: fixed catalogue text, zone names that passed the
//! Solaris name rule, and single-quoted paths. `zoneadm` appears only as `list`,
//! `detach -n` and (for `--confirm`, the manifest on stdin) `attach -n -`.

use std::fmt;

use super::catalogue::FactId;
use crate::inventory::Become;
use crate::inventory::names::{NameError, validate_zone_name};

/// A zone name that passed `ZONENAME_REGEXP` (no shell metacharacters by construction).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ZoneName(String);

impl ZoneName {
    pub fn new(name: &str) -> Result<ZoneName, NameError> {
        validate_zone_name(name)?;
        Ok(ZoneName(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ZoneName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A path that may be sent to a host: absolute, without NUL or newline.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RemotePath(String);

/// Why a path is not sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    #[error("path {0:?} is not absolute")]
    NotAbsolute(String),
    #[error("path {0:?} contains a NUL or newline")]
    BadChar(String),
    #[error("path of {0} bytes is longer than MAXPATHLEN (1024)")]
    TooLong(usize),
}

impl RemotePath {
    pub fn new(path: &str) -> Result<RemotePath, PathError> {
        if !path.starts_with('/') {
            return Err(PathError::NotAbsolute(path.to_string()));
        }
        if path.contains(['\0', '\n', '\r']) {
            return Err(PathError::BadChar(path.to_string()));
        }
        if path.len() > 1024 {
            return Err(PathError::TooLong(path.len()));
        }
        Ok(RemotePath(path.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Single-quoted for a POSIX or Bourne shell: `'` becomes `'\''`.
    pub fn quoted(&self) -> String {
        format!("'{}'", self.0.replace('\'', r"'\''"))
    }
}

/// The text a privileged command is prefixed with.
fn become_prefix(escalation: Become) -> &'static str {
    match escalation {
        Become::None => "",
        Become::Pfexec => "/usr/bin/pfexec ",
        Become::Sudo => "/usr/bin/sudo -n ",
    }
}

/// One command of the closed set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteCommand {
    /// A host fact of the catalogue (`paths` has its own variant).
    Fact(FactId),
    /// `ls -ldL -- 'p1' 'p2' ...`
    Paths(Vec<RemotePath>),
    /// `zoneadm -z ZONE detach -n` (privileged: without root the dev-perms are missing).
    Detach(ZoneName),
    /// `cat /etc/zones/ZONE.xml`
    ZoneConfig(ZoneName),
    /// `pkg -R 'ZONEPATH/root' list -H -v entire` (privileged: the zonepath is 0700).
    ZoneEntire {
        zone: ZoneName,
        zonepath: RemotePath,
    },
    /// `zoneadm attach -n -`: the target's own dry run of a manifest given on stdin
    /// (privileged; without `-z`, so the zone need not be configured on the target).
    AttachDryRun,
}

impl RemoteCommand {
    /// Whether the command needs the inventory's `become` prefix.
    pub fn privileged(&self) -> bool {
        matches!(
            self,
            RemoteCommand::Detach(_)
                | RemoteCommand::ZoneEntire { .. }
                | RemoteCommand::AttachDryRun
        )
    }

    /// The exact text sent to the host's shell.
    pub fn text(&self, escalation: Become) -> String {
        let prefix = if self.privileged() {
            become_prefix(escalation)
        } else {
            ""
        };
        let body = match self {
            RemoteCommand::Fact(id) => id.spec().command.to_string(),
            RemoteCommand::Paths(paths) => {
                let quoted: Vec<String> = paths.iter().map(RemotePath::quoted).collect();
                format!("{} {}", FactId::Paths.spec().command, quoted.join(" "))
            }
            RemoteCommand::Detach(zone) => format!("/usr/sbin/zoneadm -z {zone} detach -n"),
            RemoteCommand::ZoneConfig(zone) => format!("/usr/bin/cat /etc/zones/{zone}.xml"),
            RemoteCommand::ZoneEntire { zonepath, .. } => {
                let root = RemotePath(format!("{}/root", zonepath.as_str().trim_end_matches('/')));
                format!("/usr/bin/pkg -R {} list -H -v entire", root.quoted())
            }
            RemoteCommand::AttachDryRun => "/usr/sbin/zoneadm attach -n -".to_string(),
        };
        format!("LC_ALL=C {prefix}{body}")
    }
}

/// One of the records kept per zone (snapshot-format.md, `zones/<zone>/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ZoneRecord {
    /// `detach -n`: `manifest.xml`.
    Manifest,
    /// `/etc/zones/<zone>.xml`: `config.xml`.
    Config,
    /// The zone's `entire` incorporation: `ips-entire.out`.
    Entire,
}

impl ZoneRecord {
    pub const ALL: [ZoneRecord; 3] = [ZoneRecord::Manifest, ZoneRecord::Config, ZoneRecord::Entire];

    /// Its key under the zone in `host.json`.
    pub fn key(self) -> &'static str {
        match self {
            ZoneRecord::Manifest => "manifest",
            ZoneRecord::Config => "config",
            ZoneRecord::Entire => FactId::IpsEntire.name(),
        }
    }

    /// Its stdout file under `zones/<zone>/`; stderr goes to `<key>.err`. The writer
    /// names the two XML records after their content, facts `<id>.out`.
    pub fn file(self) -> &'static str {
        match self {
            ZoneRecord::Manifest => "manifest.xml",
            ZoneRecord::Config => "config.xml",
            ZoneRecord::Entire => "ips-entire.out",
        }
    }

    /// The fact a failure of it is recorded under, besides the zone: `ips-entire` is a
    /// fact of the catalogue; a zone's manifest and configuration are not.
    pub fn fact(self) -> Option<FactId> {
        match self {
            ZoneRecord::Entire => Some(FactId::IpsEntire),
            ZoneRecord::Manifest | ZoneRecord::Config => None,
        }
    }
}

/// Where a command's result is kept in a host's record and its snapshot directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordAt<'a> {
    /// A host fact: `facts/<id>.out`.
    Fact(FactId),
    /// One of a zone's records.
    Zone(&'a ZoneName, ZoneRecord),
}

impl<'a> RecordAt<'a> {
    /// The `fact` and `zone` a failure of the command is recorded under in `host.json`.
    pub fn failure_names(self) -> (Option<&'static str>, Option<&'a str>) {
        match self {
            RecordAt::Fact(id) => (Some(id.name()), None),
            RecordAt::Zone(zone, what) => (what.fact().map(FactId::name), Some(zone.as_str())),
        }
    }
}

impl RemoteCommand {
    /// Where the command's result is kept; `None` for `attach -n -`, whose answer no
    /// snapshot holds.
    pub fn record(&self) -> Option<RecordAt<'_>> {
        Some(match self {
            RemoteCommand::Fact(id) => RecordAt::Fact(*id),
            RemoteCommand::Paths(_) => RecordAt::Fact(FactId::Paths),
            RemoteCommand::Detach(zone) => RecordAt::Zone(zone, ZoneRecord::Manifest),
            RemoteCommand::ZoneConfig(zone) => RecordAt::Zone(zone, ZoneRecord::Config),
            RemoteCommand::ZoneEntire { zone, .. } => RecordAt::Zone(zone, ZoneRecord::Entire),
            RemoteCommand::AttachDryRun => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_paths_are_checked_before_use() {
        assert!(ZoneName::new("web01").is_ok());
        assert!(ZoneName::new("web01;reboot").is_err());
        assert!(ZoneName::new("$(halt)").is_err());
        assert!(RemotePath::new("relative").is_err());
        assert!(RemotePath::new("/a\nb").is_err());
    }

    #[test]
    fn quoting_survives_hostile_paths() {
        let p = RemotePath::new("/zones/it's; rm -rf /").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.quoted(), r"'/zones/it'\''s; rm -rf /'");
    }

    #[test]
    fn command_texts_are_fixed() {
        let zone = ZoneName::new("web01").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            RemoteCommand::Detach(zone.clone()).text(Become::Pfexec),
            "LC_ALL=C /usr/bin/pfexec /usr/sbin/zoneadm -z web01 detach -n"
        );
        assert_eq!(
            RemoteCommand::ZoneConfig(zone.clone()).text(Become::Sudo),
            "LC_ALL=C /usr/bin/cat /etc/zones/web01.xml"
        );
        let zonepath = RemotePath::new("/zones/a b").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            RemoteCommand::ZoneEntire { zone, zonepath }.text(Become::Sudo),
            "LC_ALL=C /usr/bin/sudo -n /usr/bin/pkg -R '/zones/a b/root' list -H -v entire"
        );
        assert_eq!(
            RemoteCommand::Fact(FactId::UnameA).text(Become::Pfexec),
            "LC_ALL=C /usr/bin/uname -a"
        );
    }

    #[test]
    fn each_command_has_one_place_in_the_record() {
        let zone = ZoneName::new("web01").unwrap_or_else(|e| panic!("{e}"));
        let zonepath = RemotePath::new("/zones/web01").unwrap_or_else(|e| panic!("{e}"));
        let entire = RemoteCommand::ZoneEntire {
            zone: zone.clone(),
            zonepath,
        };
        assert_eq!(
            RemoteCommand::Paths(Vec::new()).record(),
            Some(RecordAt::Fact(FactId::Paths))
        );
        let detach = RemoteCommand::Detach(zone.clone());
        let at = detach.record();
        assert_eq!(at, Some(RecordAt::Zone(&zone, ZoneRecord::Manifest)));
        assert_eq!(at.map(RecordAt::failure_names), Some((None, Some("web01"))));
        assert_eq!(
            entire.record().map(RecordAt::failure_names),
            Some((Some("ips-entire"), Some("web01")))
        );
        assert_eq!(RemoteCommand::AttachDryRun.record(), None);
    }

    #[test]
    fn zoneadm_only_lists_and_dry_runs() {
        // Every zoneadm invocation the set can produce.
        let zone = ZoneName::new("z").unwrap_or_else(|e| panic!("{e}"));
        let texts = [
            RemoteCommand::Fact(FactId::ZoneadmList).text(Become::None),
            RemoteCommand::Detach(zone).text(Become::None),
            RemoteCommand::AttachDryRun.text(Become::Sudo),
        ];
        for t in texts {
            let after = t.split("zoneadm").nth(1).unwrap_or_default();
            assert!(
                after.contains(" list -cp")
                    || after.ends_with(" detach -n")
                    || after == " attach -n -",
                "{t}"
            );
        }
    }
}
