//! A fleet of emulated Solaris hosts for live SSH tests: one real OpenSSH `sshd` per host on
//! its own 127.0.0.1 port, whose `ForceCommand` is the dispatcher `examples/emudispatch.rs`
//! serving the host's recorded outputs (see `emuhost`). Keys, known_hosts, an ssh_config and the sshd
//! configurations live in a temporary directory; the daemons are killed on drop.
//!
//! Tests that use it fail, never skip, when sshd or ssh-keygen is missing: a silently
//! skipped SSH suite would look green in CI while testing nothing.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

use super::dispatcher::dispatcher;
use super::emuhost::{EmuHostDir, Recorded, Served, become_aliases};
use super::sshd::{Launcher, Setup, Sshd, free_ports, keygen, required, run, write};

/// How a host answers a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    Normal,
    /// No sshd listens on its port: connections are refused.
    Down,
    /// Its authorized_keys holds a key other than the fleet's client key.
    WrongClientKey,
    /// Left out of known_hosts.
    UnknownHostKey,
    /// Presents a host key other than the one known_hosts holds for it.
    ChangedHostKey,
}

/// One emulated host.
#[derive(Debug, Clone)]
pub struct HostSpec {
    /// Inventory name; several hosts may replay the same recording under other names.
    pub name: String,
    /// Recorded snapshot host directory (`<snapshot>/hosts/<host>`).
    pub recorded: PathBuf,
    pub behaviour: Behaviour,
    /// Seconds every answer waits (fractions allowed).
    pub delay: Option<f64>,
    /// Exact command texts that wait this many seconds instead.
    pub slow: Vec<(String, f64)>,
    /// sshd `MaxSessions` (sshd's default, 10, when `None`).
    pub max_sessions: Option<u32>,
    /// A directory of `<zone>.out`, `.err`, `.exit` answering `zoneadm attach -n -`.
    pub attach_reports: Option<PathBuf>,
    /// Lines appended to the served `zoneadm list -cp` output.
    pub zone_list_extra: Vec<String>,
    /// Privilege prefixes (`"/usr/bin/pfexec "`, `"/usr/bin/sudo -n "`) under which
    /// recorded privileged commands are also served, whatever prefix they were recorded with.
    pub become_aliases: Vec<String>,
    /// Further commands served, ahead of the recorded ones.
    pub extra: Vec<Served>,
}

impl HostSpec {
    /// A host replaying `recorded` under `name`: `Down` if it was unreachable when
    /// recorded, else `Normal`.
    pub fn new(name: &str, recorded: impl Into<PathBuf>) -> HostSpec {
        let recorded = recorded.into();
        let down = Recorded::unreachable(&recorded);
        HostSpec {
            name: name.to_string(),
            recorded,
            behaviour: if down {
                Behaviour::Down
            } else {
                Behaviour::Normal
            },
            delay: None,
            slow: Vec::new(),
            max_sessions: None,
            attach_reports: None,
            zone_list_extra: Vec::new(),
            become_aliases: Vec::new(),
            extra: Vec::new(),
        }
    }

    /// Every host of a snapshot directory under its recorded name, in name order.
    pub fn all_of(snapshot: &Path) -> Vec<HostSpec> {
        let hosts = snapshot.join("hosts");
        let mut names: Vec<String> = fs::read_dir(&hosts)
            .unwrap_or_else(|e| panic!("reading {}: {e}", hosts.display()))
            .map(|e| {
                let e = e.unwrap_or_else(|e| panic!("{}: {e}", hosts.display()));
                e.file_name().to_string_lossy().into_owned()
            })
            .collect();
        names.sort();
        names
            .iter()
            .map(|n| HostSpec::new(n, hosts.join(n)))
            .collect()
    }
}

/// A running emulated fleet. Its daemons are killed and its directory removed on drop.
pub struct EmulatedFleet {
    // Declared before `dir`: the daemons stop before their files go.
    hosts: BTreeMap<String, Host>,
    dir: TempDir,
    user: String,
    client_key: PathBuf,
    known_hosts: PathBuf,
    ssh_config: PathBuf,
}

struct Host {
    port: u16,
    behaviour: Behaviour,
    roles: Vec<String>,
    tags: BTreeMap<String, String>,
    emu: EmuHostDir,
    max_sessions: Option<u32>,
    sshd: Option<Sshd>,
}

/// Quoted for a YAML flow scalar (JSON strings are YAML).
fn yaml(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

impl EmulatedFleet {
    /// Starts every host of `specs` and waits until each sshd listens. Panics with a clear
    /// message when sshd or ssh-keygen is missing or a daemon does not come up.
    pub fn start(specs: Vec<HostSpec>) -> EmulatedFleet {
        EmulatedFleet::start_with_sshd(Path::new("/usr/sbin/sshd"), specs)
    }

    /// [`EmulatedFleet::start`] with another sshd binary (sshd re-executes itself, so the
    /// path must be absolute).
    pub fn start_with_sshd(sshd: &Path, specs: Vec<HostSpec>) -> EmulatedFleet {
        let sshd = required(sshd, "openssh-server");
        let dispatch = dispatcher();
        if run(Command::new("id").arg("-u")) == "0" {
            // sshd started as root insists on its privilege-separation directory.
            fs::create_dir_all("/run/sshd").unwrap_or_else(|e| panic!("creating /run/sshd: {e}"));
        }
        let dir = tempfile::Builder::new()
            .prefix("zonescan-fleet-")
            .tempdir()
            .unwrap_or_else(|e| panic!("creating the fleet's temporary directory: {e}"));
        let d = dir.path().to_path_buf();
        let launcher = Launcher {
            dir: d.clone(),
            sshd,
            dispatch,
            host_key: d.join("host_ed25519"),
            changed_host_key: d.join("changed_host_ed25519"),
            authorized_keys: d.join("authorized_keys"),
            wrong_authorized_keys: d.join("authorized_keys.wrong"),
        };
        let needs = |b: Behaviour| specs.iter().any(|s| s.behaviour == b);
        let host_pub = keygen(&launcher.host_key);
        let client_key = d.join("client_ed25519");
        write(
            &launcher.authorized_keys,
            &format!("{}\n", keygen(&client_key)),
        );
        if needs(Behaviour::ChangedHostKey) {
            keygen(&launcher.changed_host_key);
        }
        if needs(Behaviour::WrongClientKey) {
            let other = keygen(&d.join("other_client_ed25519"));
            write(&launcher.wrong_authorized_keys, &format!("{other}\n"));
        }
        let mut hosts = BTreeMap::new();
        for spec in &specs {
            let host = prepare_host(&d, spec);
            assert!(
                hosts.insert(spec.name.clone(), host).is_none(),
                "host {} given twice",
                spec.name
            );
        }
        let up: Vec<Setup> = hosts
            .iter()
            .filter(|(_, h)| h.behaviour != Behaviour::Down)
            .map(|(name, h)| Setup {
                name,
                behaviour: h.behaviour,
                emu_dir: &h.emu.dir,
                max_sessions: h.max_sessions,
            })
            .collect();
        let names: Vec<String> = up.iter().map(|s| s.name.to_string()).collect();
        let daemons = launcher.start_all(&up);
        for (name, daemon) in names.iter().zip(daemons) {
            if let Some(host) = hosts.get_mut(name) {
                host.port = daemon.port;
                host.sshd = Some(daemon);
            }
        }
        // Down hosts: nothing listens on their ports, so connections are refused at once.
        let mut down: Vec<&mut Host> = hosts.values_mut().filter(|h| h.sshd.is_none()).collect();
        let ports = free_ports(down.len());
        for (host, port) in down.iter_mut().zip(ports) {
            host.port = port;
        }
        let fleet = EmulatedFleet {
            user: run(Command::new("id").arg("-un")),
            hosts,
            client_key,
            known_hosts: d.join("known_hosts"),
            ssh_config: d.join("ssh_config"),
            dir,
        };
        fleet.write_client_files(&host_pub);
        fleet
    }

    fn write_client_files(&self, host_pub: &str) {
        let mut known = String::new();
        for host in self.hosts.values() {
            if host.behaviour != Behaviour::UnknownHostKey {
                known.push_str(&format!("[127.0.0.1]:{} {host_pub}\n", host.port));
            }
        }
        write(&self.known_hosts, &known);
        // Given with -F, this replaces ~/.ssh/config and /etc/ssh/ssh_config. It sets no
        // identity or known_hosts file: those must come from the inventory under test.
        write(
            &self.ssh_config,
            "# zonescan emulated fleet: keeps the operator's ssh configuration out of tests\n\
             GlobalKnownHostsFile /dev/null\n\
             UpdateHostKeys no\n\
             CheckHostIP no\n\
             IdentityAgent none\n\
             ForwardAgent no\n\
             ForwardX11 no\n",
        );
    }

    fn host(&self, name: &str) -> &Host {
        self.hosts
            .get(name)
            .unwrap_or_else(|| panic!("no emulated host {name}"))
    }

    /// The fleet's temporary directory.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The user every host accepts (the one running the tests).
    pub fn user(&self) -> &str {
        &self.user
    }

    /// Host names, in order.
    pub fn names(&self) -> Vec<String> {
        self.hosts.keys().cloned().collect()
    }

    pub fn port(&self, host: &str) -> u16 {
        self.host(host).port
    }

    pub fn client_key(&self) -> &Path {
        &self.client_key
    }

    pub fn known_hosts(&self) -> &Path {
        &self.known_hosts
    }

    pub fn ssh_config(&self) -> &Path {
        &self.ssh_config
    }

    /// The directory the host's dispatcher serves from.
    pub fn emu(&self, host: &str) -> &EmuHostDir {
        &self.host(host).emu
    }

    /// Every command the host received, in order.
    pub fn commands(&self, host: &str) -> Vec<String> {
        self.emu(host).commands()
    }

    /// Appends a line to the host's served `zoneadm list -cp` output from now on.
    pub fn add_zone_listing_line(&self, host: &str, line: &str) {
        self.emu(host).add_zone_listing_line(line);
    }

    /// Sets or clears the delay of every answer of `host` from now on.
    pub fn set_delay(&self, host: &str, delay: Option<f64>) {
        self.emu(host).set_delay(delay);
    }

    /// What the host's sshd logged so far (for failure messages; empty for a Down host).
    pub fn sshd_log(&self, host: &str) -> String {
        let sshd = self.host(host).sshd.as_ref();
        sshd.and_then(|s| fs::read_to_string(&s.log).ok())
            .unwrap_or_default()
    }

    /// How many SSH connections the host has accepted so far (sshd logs each login).
    pub fn connections(&self, host: &str) -> usize {
        self.sshd_log(host)
            .matches("Accepted publickey for ")
            .count()
    }

    /// A zonescan inventory for the fleet: transport ssh to 127.0.0.1 on each host's port
    /// as the current user with the fleet's key, known_hosts and ssh_config, roles and tags
    /// as recorded. `extra_defaults` (YAML lines, indented or not) goes into `defaults:`
    /// and must not repeat the keys set there.
    pub fn inventory_yaml(&self, extra_defaults: &str) -> String {
        let path = |p: &Path| yaml(&p.to_string_lossy());
        let mut y = format!(
            "version: 1\ndefaults:\n  transport: ssh\n  user: {}\n  identity_file: {}\n  \
             known_hosts_file: {}\n  ssh_config: {}\n",
            yaml(&self.user),
            path(&self.client_key),
            path(&self.known_hosts),
            path(&self.ssh_config),
        );
        for line in extra_defaults.lines().filter(|l| !l.trim().is_empty()) {
            y.push_str(&format!("  {}\n", line.trim_start()));
        }
        y.push_str("hosts:\n");
        for (name, host) in &self.hosts {
            let roles: Vec<String> = host.roles.iter().map(|r| yaml(r)).collect();
            let tags: Vec<String> = host
                .tags
                .iter()
                .map(|(k, v)| format!("{}: {}", yaml(k), yaml(v)))
                .collect();
            y.push_str(&format!(
                "  - name: {}\n    address: 127.0.0.1\n    port: {}\n    roles: [{}]\n    tags: {{{}}}\n",
                yaml(name),
                host.port,
                roles.join(", "),
                tags.join(", "),
            ));
        }
        y
    }
}

/// The host's served directory and everything but its sshd.
fn prepare_host(d: &Path, spec: &HostSpec) -> Host {
    let recorded = Recorded::read(&spec.recorded);
    let mut served = spec.extra.clone();
    served.extend(recorded.served.iter().cloned());
    served.extend(become_aliases(&recorded.served, &spec.become_aliases));
    for (command, secs) in &spec.slow {
        let hits = served.iter_mut().filter(|s| &s.command == command);
        let n = hits.map(|s| s.delay = Some(*secs)).count();
        assert!(
            n > 0,
            "{}: slow command is not served: {command}",
            spec.name
        );
    }
    let emu = EmuHostDir::create(&d.join("hosts").join(&spec.name), &served, spec.delay);
    for line in &spec.zone_list_extra {
        emu.add_zone_listing_line(line);
    }
    if let Some(reports) = &spec.attach_reports {
        emu.copy_attach_reports(reports);
    }
    Host {
        port: 0,
        behaviour: spec.behaviour,
        roles: recorded.roles,
        tags: recorded.tags,
        emu,
        max_sessions: spec.max_sessions,
        sshd: None,
    }
}
