//! What one emulated host serves, and its directory for the dispatcher
//! (`examples/emudispatch.rs`):
//! `index` (lines `<n><TAB><command>`), `out/<n>.{out,err,exit,delay}`, `delay`,
//! `attach/<zone>.{out,err,exit}`, and the `commands.log` the dispatcher appends to.
//!
//! What is served comes from a recorded snapshot host directory (snapshot-format.md): the
//! exact `command` text of every fact and zone record in `host.json` maps to the recorded
//! stdout, stderr and exit status. The recording itself is never modified.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// One command text and what the host answers to it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Served {
    pub command: String,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub exit: i32,
    /// Seconds to sleep before answering; overrides the host's delay.
    pub delay: Option<f64>,
}

/// The part of a recorded host directory the emulator needs.
#[derive(Debug, Clone, Default)]
pub struct Recorded {
    pub roles: Vec<String>,
    pub tags: BTreeMap<String, String>,
    /// Every recorded command: facts in id order, then zones in name and key order.
    pub served: Vec<Served>,
    /// The host could not be reached when it was recorded (an error naming no fact or zone).
    pub unreachable: bool,
}

#[derive(Deserialize)]
struct HostJson {
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    tags: BTreeMap<String, String>,
    #[serde(default)]
    facts: BTreeMap<String, Record>,
    #[serde(default)]
    zones: BTreeMap<String, BTreeMap<String, Record>>,
    #[serde(default)]
    errors: Vec<ErrorJson>,
}

#[derive(Deserialize)]
struct Record {
    #[serde(default)]
    command: Option<String>,
    #[serde(default)]
    exit: Option<i32>,
}

#[derive(Deserialize)]
struct ErrorJson {
    #[serde(default)]
    fact: Option<String>,
    #[serde(default)]
    zone: Option<String>,
}

/// The text zonescan sends for `zoneadm list -cp`, served from the time a line is injected
/// into the listing of a host whose recording has none.
pub const ZONE_LIST_COMMAND: &str = "LC_ALL=C /usr/sbin/zoneadm list -cp";

/// The privilege prefixes a recorded command may carry after `LC_ALL=C `.
const BECOME_PREFIXES: [&str; 4] = [
    "/usr/bin/pfexec ",
    "/usr/bin/sudo -n ",
    "pfexec ",
    "sudo -n ",
];

fn read_or_empty(path: &Path) -> Vec<u8> {
    match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => panic!("reading {}: {e}", path.display()),
    }
}

impl Recorded {
    /// Reads `host.json` and the output files of a recorded host directory. A record
    /// without a `command` (hand-assembled snapshots) cannot be served and is left out; a
    /// record whose output file is absent printed nothing.
    pub fn read(dir: &Path) -> Recorded {
        let json = host_json(dir);
        let mut served = Vec::new();
        let mut add = |rec: &Record, out: PathBuf, err: PathBuf| {
            if let Some(command) = &rec.command {
                served.push(Served {
                    command: command.clone(),
                    stdout: read_or_empty(&out),
                    stderr: read_or_empty(&err),
                    exit: rec.exit.unwrap_or(0),
                    delay: None,
                });
            }
        };
        for (id, rec) in &json.facts {
            let facts = dir.join("facts");
            add(
                rec,
                facts.join(format!("{id}.out")),
                facts.join(format!("{id}.err")),
            );
        }
        for (zone, records) in &json.zones {
            let zdir = dir.join("zones").join(zone);
            for (key, rec) in records {
                // The writer names these two after their content, the rest `<id>.out`.
                let out = match key.as_str() {
                    "manifest" => zdir.join("manifest.xml"),
                    "config" => zdir.join("config.xml"),
                    _ => zdir.join(format!("{key}.out")),
                };
                add(rec, out, zdir.join(format!("{key}.err")));
            }
        }
        Recorded {
            unreachable: unreachable(&json),
            roles: json.roles,
            tags: json.tags,
            served,
        }
    }

    /// Whether the host could not be reached when recorded (reads `host.json` only).
    pub fn unreachable(dir: &Path) -> bool {
        unreachable(&host_json(dir))
    }
}

fn host_json(dir: &Path) -> HostJson {
    let path = dir.join("host.json");
    let text = fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading recorded host {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

fn unreachable(json: &HostJson) -> bool {
    json.errors
        .iter()
        .any(|e| e.fact.is_none() && e.zone.is_none())
}

/// Every privileged recorded command (`LC_ALL=C <prefix>...` with a pfexec or sudo prefix)
/// also answered under each of `prefixes` (such as `"/usr/bin/pfexec "`): recordings keep
/// the prefix text of the collector that made them.
pub fn become_aliases(served: &[Served], prefixes: &[String]) -> Vec<Served> {
    let mut aliases = Vec::new();
    for s in served {
        let Some(after) = s.command.strip_prefix("LC_ALL=C ") else {
            continue;
        };
        let Some(body) = BECOME_PREFIXES.iter().find_map(|p| after.strip_prefix(p)) else {
            continue;
        };
        for prefix in prefixes {
            let command = format!("LC_ALL=C {prefix}{body}");
            if !served.iter().any(|o| o.command == command) {
                aliases.push(Served {
                    command,
                    ..s.clone()
                });
            }
        }
    }
    aliases
}

/// The directory one dispatcher serves from.
#[derive(Debug, Clone)]
pub struct EmuHostDir {
    pub dir: PathBuf,
}

fn write(path: &Path, bytes: &[u8]) {
    fs::write(path, bytes).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}

impl EmuHostDir {
    /// Writes `served` into `dir`; the first entry with a command text wins.
    pub fn create(dir: &Path, served: &[Served], delay: Option<f64>) -> EmuHostDir {
        let out = dir.join("out");
        fs::create_dir_all(&out).unwrap_or_else(|e| panic!("creating {}: {e}", out.display()));
        let mut index = String::new();
        let mut seen = std::collections::HashSet::new();
        for (n, s) in served.iter().enumerate() {
            assert!(
                !s.command.contains(['\n', '\r']),
                "a served command cannot hold a line break: {:?}",
                s.command
            );
            if !seen.insert(s.command.as_str()) {
                continue;
            }
            index.push_str(&format!("{n}\t{}\n", s.command));
            write_entry(&out.join(n.to_string()), s);
        }
        write(&dir.join("index"), index.as_bytes());
        write(&dir.join("commands.log"), b"");
        let host = EmuHostDir {
            dir: dir.to_path_buf(),
        };
        host.set_delay(delay);
        host
    }

    /// Sets or clears the delay before every answer; takes effect on the next command.
    pub fn set_delay(&self, delay: Option<f64>) {
        let path = self.dir.join("delay");
        match delay {
            Some(secs) => write(&path, format!("{secs}\n").as_bytes()),
            None => {
                let _ = fs::remove_file(path);
            }
        }
    }

    /// Appends a line to the served `zoneadm list -cp` output (the recording is untouched).
    pub fn add_zone_listing_line(&self, line: &str) {
        let n = self.zone_list_entry();
        let path = self.dir.join("out").join(format!("{n}.out"));
        let mut text = read_or_empty(&path);
        if !text.is_empty() && !text.ends_with(b"\n") {
            text.push(b'\n');
        }
        text.extend_from_slice(line.as_bytes());
        text.push(b'\n');
        write(&path, &text);
    }

    /// The `out/<n>` entry answering `zoneadm list -cp`, added (empty, exit 0) if none is.
    fn zone_list_entry(&self) -> String {
        let path = self.dir.join("index");
        let index = String::from_utf8_lossy(&read_or_empty(&path)).into_owned();
        let entries: Vec<(&str, &str)> = index.lines().filter_map(|l| l.split_once('\t')).collect();
        if let Some((n, _)) = entries
            .iter()
            .find(|(_, command)| command.ends_with("/usr/sbin/zoneadm list -cp"))
        {
            return n.to_string();
        }
        let n = entries.len().to_string() + "z";
        write_entry(&self.dir.join("out").join(&n), &Served::default());
        let mut f = fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap_or_else(|e| panic!("opening {}: {e}", path.display()));
        writeln!(f, "{n}\t{ZONE_LIST_COMMAND}")
            .unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        n
    }

    /// Serves `<zone>.out`, `.err` and `.exit` of `reports` for `zoneadm attach -n -`.
    pub fn copy_attach_reports(&self, reports: &Path) {
        let attach = self.dir.join("attach");
        fs::create_dir_all(&attach)
            .unwrap_or_else(|e| panic!("creating {}: {e}", attach.display()));
        let entries = fs::read_dir(reports)
            .unwrap_or_else(|e| panic!("reading attach reports {}: {e}", reports.display()));
        for entry in entries {
            let entry = entry.unwrap_or_else(|e| panic!("{}: {e}", reports.display()));
            fs::copy(entry.path(), attach.join(entry.file_name()))
                .unwrap_or_else(|e| panic!("copying {}: {e}", entry.path().display()));
        }
    }

    /// Serves one `zoneadm attach -n -` answer for `zone`.
    pub fn set_attach_report(&self, zone: &str, stdout: &[u8], stderr: &[u8], exit: i32) {
        let attach = self.dir.join("attach");
        fs::create_dir_all(&attach)
            .unwrap_or_else(|e| panic!("creating {}: {e}", attach.display()));
        write_entry(
            &attach.join(zone),
            &Served {
                stdout: stdout.to_vec(),
                stderr: stderr.to_vec(),
                exit,
                ..Served::default()
            },
        );
    }

    /// Every command the dispatcher received, in order (a line break inside one reads `\n`).
    pub fn commands(&self) -> Vec<String> {
        let log =
            String::from_utf8_lossy(&read_or_empty(&self.dir.join("commands.log"))).into_owned();
        log.lines().map(str::to_string).collect()
    }

    /// The manifest the last `attach -n -` of `zone` received on stdin.
    pub fn attach_received(&self, zone: &str) -> Option<Vec<u8>> {
        fs::read(self.dir.join("attach-received").join(format!("{zone}.xml"))).ok()
    }
}

/// `<stem>.out` and `.err` only when not empty (an absent file is served as empty),
/// `<stem>.exit` always, `<stem>.delay` when set.
fn write_entry(stem: &Path, s: &Served) {
    let with = |ext: &str| PathBuf::from(format!("{}.{ext}", stem.display()));
    if !s.stdout.is_empty() {
        write(&with("out"), &s.stdout);
    }
    if !s.stderr.is_empty() {
        write(&with("err"), &s.stderr);
    }
    // The shell's `exit` takes 0 to 255; a recorded -1 comes back as 255, as from ssh.
    write(
        &with("exit"),
        format!("{}\n", s.exit.rem_euclid(256)).as_bytes(),
    );
    if let Some(secs) = s.delay {
        write(&with("delay"), format!("{secs}\n").as_bytes());
    }
}
