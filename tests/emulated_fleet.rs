//! The emulated-host harness itself, driven with the system ssh client: recorded output
//! comes back byte for byte, anything else is refused and logged, and each misbehaving host
//! fails the way a real one would. These tests fail, never skip, when sshd is missing.

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::emuhost::{Recorded, Served};
use common::sshfleet::{Behaviour, EmulatedFleet, HostSpec};

const HANDMADE: &str = "tests/fixtures/snapshots/handmade";
const DEMO: &str = "inventories/demo/snapshot";

fn recorded(snapshot: &str, host: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(snapshot)
        .join("hosts")
        .join(host)
}

fn spec(name: &str, host: &str) -> HostSpec {
    HostSpec::new(name, recorded(HANDMADE, host))
}

/// `ssh` to `host` under strict host-key checking, as zonescan's transport runs it.
fn ssh(fleet: &EmulatedFleet, host: &str, command: &str, stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new("ssh");
    cmd.arg("-F")
        .arg(fleet.ssh_config())
        .arg("-p")
        .arg(fleet.port(host).to_string())
        .arg("-i")
        .arg(fleet.client_key())
        .args(["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes"])
        .args(["-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=10"])
        .arg("-o")
        .arg(format!(
            "UserKnownHostsFile={}",
            fleet.known_hosts().display()
        ))
        .arg(format!("{}@127.0.0.1", fleet.user()))
        .arg("--")
        .arg(command)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("running ssh (apt-get install openssh-client): {e}"));
    if let (Some(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(bytes)
            .unwrap_or_else(|e| panic!("writing ssh stdin: {e}"));
    }
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("waiting for ssh: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn every_recorded_command_comes_back_byte_for_byte() {
    let fleet = EmulatedFleet::start(vec![spec("s10-fra-01", "s10-fra-01")]);
    let served = Recorded::read(&recorded(HANDMADE, "s10-fra-01")).served;
    assert!(served.len() > 20, "{} commands recorded", served.len());
    // `paths` printed to both streams and exited 2: the case most likely to go wrong.
    assert!(
        served
            .iter()
            .any(|s| s.exit == 2 && !s.stdout.is_empty() && !s.stderr.is_empty())
    );
    for s in &served {
        let out = ssh(&fleet, "s10-fra-01", &s.command, None);
        assert_eq!(
            out.status.code(),
            Some(s.exit),
            "{}: {}",
            s.command,
            text(&out.stderr)
        );
        assert!(out.stdout == s.stdout, "stdout of {} differs", s.command);
        assert!(out.stderr == s.stderr, "stderr of {} differs", s.command);
    }
    let sent: Vec<String> = served.iter().map(|s| s.command.clone()).collect();
    assert_eq!(fleet.commands("s10-fra-01"), sent);
}

#[test]
fn anything_else_exits_127_and_is_logged() {
    let fleet = EmulatedFleet::start(vec![spec("h1", "s10-fra-01")]);
    let marker = fleet.dir().join("pwned");
    let hostile = format!("LC_ALL=C /usr/bin/uname -a; touch {}", marker.display());
    for command in ["LC_ALL=C /usr/bin/uname -a ", "uname -a", hostile.as_str()] {
        let out = ssh(&fleet, "h1", command, None);
        assert_eq!(out.status.code(), Some(127), "{command}");
        assert!(out.stdout.is_empty(), "{command}");
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!("zonescan-emulator: command not served: {command}")),
            "{err}"
        );
    }
    assert!(!marker.exists(), "the dispatcher ran a command it was sent");
    assert_eq!(
        fleet.commands("h1"),
        ["LC_ALL=C /usr/bin/uname -a ", "uname -a", hostile.as_str()]
    );
}

#[test]
fn concurrent_sessions_log_whole_lines() {
    let fleet = EmulatedFleet::start(vec![spec("h1", "s10-fra-01")]);
    let commands: Vec<String> = (0..24)
        .map(|i| format!("probe {i} {}", "x".repeat(300)))
        .collect();
    // Eight at a time: more unauthenticated connections than sshd's MaxStartups (10) get
    // dropped at random.
    for chunk in commands.chunks(8) {
        std::thread::scope(|s| {
            for c in chunk {
                let fleet = &fleet;
                s.spawn(move || assert_eq!(ssh(fleet, "h1", c, None).status.code(), Some(127)));
            }
        });
    }
    let mut logged = fleet.commands("h1");
    logged.sort();
    let mut expected = commands.clone();
    expected.sort();
    assert_eq!(logged, expected);
}

#[test]
fn misbehaving_hosts_fail_like_real_ones() {
    let mut wrong_key = spec("wrong-key", "s10-fra-02");
    wrong_key.behaviour = Behaviour::WrongClientKey;
    let mut unknown = spec("unknown-key", "s10-fra-02");
    unknown.behaviour = Behaviour::UnknownHostKey;
    let mut changed = spec("changed-key", "s10-fra-02");
    changed.behaviour = Behaviour::ChangedHostKey;
    let fleet = EmulatedFleet::start(vec![
        spec("s10-down-08", "s10-down-08"),
        wrong_key,
        unknown,
        changed,
        spec("fine", "s10-fra-02"),
    ]);
    let uname = "LC_ALL=C /usr/bin/uname -a";
    let expect = |host: &str, needles: &[&str]| {
        let out = ssh(&fleet, host, uname, None);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(255), "{host}: {err}");
        for needle in needles {
            assert!(err.contains(needle), "{host}: {needle:?} not in {err}");
        }
        assert!(fleet.commands(host).is_empty(), "{host} ran a command");
    };
    let port = fleet.port("s10-down-08");
    expect(
        "s10-down-08",
        &[&format!(
            "ssh: connect to host 127.0.0.1 port {port}: Connection refused"
        )],
    );
    expect("wrong-key", &["Permission denied (publickey)."]);
    expect(
        "unknown-key",
        &[
            "No ED25519 host key is known for [127.0.0.1]:",
            "and you have requested strict checking.",
            "Host key verification failed.",
        ],
    );
    expect(
        "changed-key",
        &[
            "WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!",
            "has changed and you have requested strict checking.",
            "Host key verification failed.",
        ],
    );
    assert!(fleet.sshd_log("wrong-key").contains("Failed publickey for"));
    let out = ssh(&fleet, "fine", uname, None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn delays_hold_answers_back() {
    let uname = "LC_ALL=C /usr/bin/uname -a";
    let psrinfo = "LC_ALL=C /usr/sbin/psrinfo";
    let mut h = spec("h1", "s10-fra-01");
    h.slow = vec![(psrinfo.to_string(), 1.2)];
    let fleet = EmulatedFleet::start(vec![h]);
    let timed = |command: &str| {
        let start = Instant::now();
        let out = ssh(&fleet, "h1", command, None);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        start.elapsed()
    };
    // Only lower bounds: a loaded machine may take any time longer.
    assert!(timed(psrinfo) >= Duration::from_millis(1200));
    fleet.set_delay("h1", Some(0.7));
    assert!(timed(uname) >= Duration::from_millis(700));
    assert!(timed(psrinfo) >= Duration::from_millis(1200));
    fleet.set_delay("h1", None);
    let quick = timed(uname);
    assert!(quick < Duration::from_secs(30), "{quick:?}");
}

#[test]
fn attach_dry_run_reads_the_manifest_from_stdin() {
    let reports = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let report =
        b"These patches installed on the source system are inconsistent with this system:\n";
    fs::write(reports.path().join("web01.out"), report).unwrap_or_else(|e| panic!("{e}"));
    fs::write(reports.path().join("web01.exit"), "1\n").unwrap_or_else(|e| panic!("{e}"));
    let mut h = spec("target", "s10-fra-02");
    h.attach_reports = Some(reports.path().to_path_buf());
    let fleet = EmulatedFleet::start(vec![h]);
    fleet.emu("target").set_attach_report("db01", b"", b"", 0);
    let manifest_path = recorded(HANDMADE, "s10-fra-01").join("zones/web01/manifest.xml");
    let manifest = fs::read(&manifest_path).unwrap_or_else(|e| panic!("{e}"));
    for prefix in ["", "/usr/bin/pfexec ", "/usr/bin/sudo -n "] {
        let command = format!("LC_ALL=C {prefix}/usr/sbin/zoneadm attach -n -");
        let out = ssh(&fleet, "target", &command, Some(&manifest));
        assert_eq!(
            out.status.code(),
            Some(1),
            "{command}: {}",
            text(&out.stderr)
        );
        assert_eq!(out.stdout, report);
        assert_eq!(
            fleet.emu("target").attach_received("web01"),
            Some(manifest.clone())
        );
    }
    let db01 = text(&manifest).replace("name=\"web01\"", "name=\"db01\"");
    let attach = "LC_ALL=C /usr/sbin/zoneadm attach -n -";
    let out = ssh(&fleet, "target", attach, Some(db01.as_bytes()));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // A zone without a report, and input that is no manifest, are not served.
    let other = text(&manifest).replace("name=\"web01\"", "name=\"app09\"");
    for input in [other.as_str(), "no xml here\n"] {
        let out = ssh(&fleet, "target", attach, Some(input.as_bytes()));
        assert_eq!(out.status.code(), Some(127));
        assert!(text(&out.stderr).contains("command not served"));
    }
    assert_eq!(fleet.commands("target").len(), 6);
}

#[test]
fn injected_zone_lines_change_only_the_served_listing() {
    let listing = "LC_ALL=C /usr/sbin/zoneadm list -cp";
    let hostile = "5:web;touch /tmp/pwned:installed:/zones/web:uuid:native:shared";
    let mut h = spec("h1", "s10-fra-01");
    h.zone_list_extra = vec![hostile.to_string()];
    let fleet = EmulatedFleet::start(vec![h, spec("s10-down-08", "s10-down-08")]);
    let recorded_path = recorded(HANDMADE, "s10-fra-01").join("facts/zoneadm-list.out");
    let original = fs::read_to_string(&recorded_path).unwrap_or_else(|e| panic!("{e}"));
    let out = ssh(&fleet, "h1", listing, None);
    assert_eq!(text(&out.stdout), format!("{original}{hostile}\n"));
    fleet.add_zone_listing_line("h1", "6:z2:configured:/zones/z2::native:shared");
    let out = ssh(&fleet, "h1", listing, None);
    assert!(text(&out.stdout).ends_with(&format!(
        "{hostile}\n6:z2:configured:/zones/z2::native:shared\n"
    )));
    assert_eq!(fs::read_to_string(&recorded_path).ok(), Some(original));
    let other = ssh(&fleet, "h1", "LC_ALL=C /usr/bin/uname -a", None);
    assert!(!text(&other.stdout).contains("pwned"));
}

#[test]
fn privileged_commands_answer_under_the_requested_prefixes() {
    let recorded_cmd = "LC_ALL=C pfexec /usr/sbin/zoneadm -z web01 detach -n";
    let mut h = spec("h1", "s10-fra-01");
    h.become_aliases = vec!["/usr/bin/pfexec ".into(), "/usr/bin/sudo -n ".into()];
    h.extra = vec![Served {
        command: "LC_ALL=C /usr/bin/echo hi".into(),
        stdout: b"hi\n".to_vec(),
        exit: 3,
        ..Served::default()
    }];
    let fleet = EmulatedFleet::start(vec![h]);
    let recorded_out = ssh(&fleet, "h1", recorded_cmd, None);
    assert_eq!(recorded_out.status.code(), Some(0));
    for prefix in ["/usr/bin/pfexec ", "/usr/bin/sudo -n "] {
        let alias = recorded_cmd.replace("pfexec ", prefix);
        let out = ssh(&fleet, "h1", &alias, None);
        assert_eq!(out.status.code(), Some(0), "{alias}");
        assert!(out.stdout == recorded_out.stdout, "{alias}");
    }
    let out = ssh(&fleet, "h1", "LC_ALL=C /usr/bin/echo hi", None);
    assert_eq!((out.status.code(), out.stdout), (Some(3), b"hi\n".to_vec()));
}

#[test]
fn inventory_describes_the_fleet() {
    let fleet = EmulatedFleet::start(vec![
        spec("s10-fra-01", "s10-fra-01"),
        spec("s10-down-08", "s10-down-08"),
    ]);
    let yaml = fleet.inventory_yaml("become: pfexec\n  retries: 0");
    let value: serde_json::Value =
        serde_saphyr::from_str(&yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    let defaults = &value["defaults"];
    assert_eq!(defaults["transport"], "ssh");
    assert_eq!(defaults["user"], fleet.user());
    assert_eq!(defaults["become"], "pfexec");
    assert_eq!(defaults["retries"], 0);
    let path = |key: &str| PathBuf::from(defaults[key].as_str().unwrap_or_default());
    assert_eq!(path("identity_file"), fleet.client_key());
    assert_eq!(path("known_hosts_file"), fleet.known_hosts());
    assert_eq!(path("ssh_config"), fleet.ssh_config());
    let hosts = value["hosts"].as_array().cloned().unwrap_or_default();
    assert_eq!(hosts.len(), 2);
    let down = &hosts[0];
    assert_eq!(down["name"], "s10-down-08");
    assert_eq!(down["address"], "127.0.0.1");
    assert_eq!(down["port"], fleet.port("s10-down-08"));
    assert_eq!(down["roles"], serde_json::json!(["candidate"]));
    assert_eq!(
        down["tags"],
        serde_json::json!({"dc": "fra1", "tier": "dr"})
    );
    assert_eq!(
        hosts[1]["roles"],
        serde_json::json!(["source", "candidate"])
    );
}

#[test]
fn fifty_hosts_start_together() {
    let demo = HostSpec::all_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join(DEMO));
    assert_eq!(demo.len(), 13);
    let specs: Vec<HostSpec> = (0..50)
        .map(|i| {
            let base = &demo[i % demo.len()];
            HostSpec {
                name: format!("{}-{i:02}", base.name),
                ..base.clone()
            }
        })
        .collect();
    let start = Instant::now();
    let fleet = EmulatedFleet::start(specs);
    eprintln!("50 emulated hosts started in {:?}", start.elapsed());
    let up: Vec<String> = fleet
        .names()
        .into_iter()
        .filter(|n| !n.starts_with("s10-down-13"))
        .collect();
    assert_eq!(up.len(), 46);
    for name in [&up[0], &up[45]] {
        let out = ssh(&fleet, name, "LC_ALL=C /usr/bin/uname -a", None);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stderr));
    }
}

#[test]
#[should_panic(expected = "/nonexistent/sshd is missing")]
fn a_missing_sshd_fails_the_test() {
    EmulatedFleet::start_with_sshd(
        Path::new("/nonexistent/sshd"),
        vec![spec("h", "s10-fra-01")],
    );
}
