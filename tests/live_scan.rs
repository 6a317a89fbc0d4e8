//! Live collection over SSH against emulated hosts: real sshd processes on 127.0.0.1
//! whose dispatcher serves recorded Solaris outputs. These tests fail, never skip, when
//! sshd is missing.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use common::emuhost::Served;
use common::sshfleet::{Behaviour, EmulatedFleet, HostSpec};
use serde_json::Value;

const DEMO: &str = "inventories/demo/snapshot";

fn demo_host(name: &str) -> HostSpec {
    HostSpec::new(
        name,
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(DEMO)
            .join("hosts")
            .join(name),
    )
}

fn zonescan(args: &[&str]) -> Output {
    Command::cargo_bin("zonescan")
        .unwrap_or_else(|e| panic!("{e}"))
        .env("SOURCE_DATE_EPOCH", "1795629968")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The fleet's inventory. The login user is left to ssh (the tests' own user): the
/// emulated hosts are no real Solaris, and a `user: root` would rightly make zonescan
/// skip `rctladm` (see `a_root_login_never_runs_rctladm`).
/// `zonescan scan --inventory I --out O [extra...]`.
fn scan(inventory: &Path, out: &Path, extra: &[&str]) -> Output {
    let (i, o) = (inventory.to_string_lossy(), out.to_string_lossy());
    let mut args = vec!["scan", "--inventory", &i, "--out", &o];
    args.extend_from_slice(extra);
    zonescan(&args)
}

/// `zonescan collect --inventory I --snapshot S`.
fn collect(inventory: &Path, snapshot: &Path) -> Output {
    let (i, s) = (inventory.to_string_lossy(), snapshot.to_string_lossy());
    zonescan(&["collect", "--inventory", &i, "--snapshot", &s])
}

fn write_inventory(dir: &Path, fleet: &EmulatedFleet, extra: &str) -> PathBuf {
    let path = dir.join("inventory.yaml");
    let full = fleet.inventory_yaml(extra);
    let yaml: Vec<&str> = full
        .lines()
        .filter(|l| !l.trim_start().starts_with("user:"))
        .collect();
    fs::write(&path, yaml.join("\n") + "\n").unwrap_or_else(|e| panic!("{e}"));
    path
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text(out: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Every command any emulated host received is one zonescan's closed set can produce:
/// fixed catalogue text, a valid zone name, single-quoted paths; zoneadm only as
/// `list -cp`, `detach -n` and `attach -n -`.
fn assert_read_only(fleet: &EmulatedFleet) {
    let zone = r"[A-Za-z0-9][-_.A-Za-z0-9]{0,62}";
    let quoted = r"'(?:[^']|'\\'')*'";
    let prefix = r"(?:/usr/bin/pfexec |/usr/bin/sudo -n )?";
    let catalogue: Vec<String> = zonescan::collect::catalogue::CATALOGUE
        .iter()
        .filter(|s| s.id != zonescan::collect::FactId::Paths)
        .map(|s| format!("LC_ALL=C {}", s.command))
        .collect();
    let patterns = [
        format!(r"^LC_ALL=C {prefix}/usr/sbin/zoneadm -z {zone} detach -n$"),
        format!(r"^LC_ALL=C /usr/bin/cat /etc/zones/{zone}\.xml$"),
        format!(r"^LC_ALL=C {prefix}/usr/bin/pkg -R {quoted} list -H -v entire$"),
        format!(r"^LC_ALL=C /usr/bin/ls -ldL --(?: {quoted})*$"),
        format!(r"^LC_ALL=C {prefix}/usr/sbin/zoneadm attach -n -$"),
    ];
    let patterns: Vec<regex_lite::Regex> = patterns
        .iter()
        .map(|p| regex_lite::Regex::new(p).unwrap_or_else(|e| panic!("{p}: {e}")))
        .collect();
    let mut seen = 0;
    for host in fleet.names() {
        for command in fleet.commands(&host) {
            seen += 1;
            let allowed =
                catalogue.contains(&command) || patterns.iter().any(|p| p.is_match(&command));
            assert!(
                allowed,
                "{host} received a command outside the allowlist: {command:?}"
            );
            for word in [" attach", " detach"] {
                if let Some(rest) = command.split(word).nth(1) {
                    assert!(rest.starts_with(" -n"), "{host}: {command:?}");
                }
            }
        }
    }
    assert!(seen > 0, "no command reached any host");
}

/// The reports with everything that depends on the clock or on timing removed.
fn comparable(out: &Path) -> (String, String, String, Value) {
    let read =
        |name: &str| fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut json = read_json(&out.join("report.json"));
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                for key in [
                    "generated_at",
                    "created",
                    "collected_at",
                    "age_seconds",
                    "path",
                    "collection_ms",
                ] {
                    map.remove(key);
                }
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut json);
    (
        read("matrix.csv"),
        read("pairs.csv"),
        read("findings.csv"),
        json,
    )
}

#[test]
fn live_scan_of_twelve_hosts_gives_the_reports_of_the_recording() {
    // The demo's reachable hosts; its unreachable one is the failure test's business.
    let specs: Vec<HostSpec> = HostSpec::all_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join(DEMO))
        .into_iter()
        .filter(|s| s.behaviour == Behaviour::Normal)
        .collect();
    assert!(specs.len() >= 10, "{} hosts", specs.len());
    let fleet = EmulatedFleet::start(specs);
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let inventory = write_inventory(tmp.path(), &fleet, "become: pfexec\nretries: 1");
    let live = tmp.path().join("live");
    let out = scan(&inventory, &live, &[]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", text(&out));
    // Both passes share one connection per host: pass 2 does not reconnect.
    for host in fleet.names() {
        assert_eq!(
            fleet.connections(&host),
            1,
            "{host}:\n{}",
            fleet.sshd_log(&host)
        );
    }
    let recorded = tmp.path().join("recorded");
    let out = zonescan(&[
        "validate",
        "--snapshot",
        DEMO,
        "--inventory",
        inventory.to_str().unwrap_or_default(),
        "--out",
        recorded.to_str().unwrap_or_default(),
    ]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", text(&out));
    let (a, b) = (comparable(&live), comparable(&recorded));
    assert_eq!(a.0, b.0, "matrix.csv differs");
    // A failure the recording holds (a command that timed out on the real host) is
    // served as a command the emulator does not know: same verdicts and codes, other
    // wording. Everything but the wording of ZU (could not check) findings must agree.
    // The recordings also leave out commands a release lacks (`pkg` on Solaris 10),
    // which live hosts answer with status 127: extra ZU findings, never other verdicts.
    let masked = |csv: &str| -> Vec<String> {
        csv.lines()
            .filter(|l| !l.contains(",ZU001,unknown,"))
            .map(|l| {
                if l.contains("ZU00") {
                    l.split(',').take(10).collect::<Vec<_>>().join(",")
                } else {
                    l.to_string()
                }
            })
            .collect()
    };
    for (name, x, y) in [("pairs.csv", &a.1, &b.1), ("findings.csv", &a.2, &b.2)] {
        let (x, y) = (masked(x), masked(y));
        let only_live: Vec<&String> = x.iter().filter(|l| !y.contains(l)).collect();
        let only_recorded: Vec<&String> = y.iter().filter(|l| !x.contains(l)).collect();
        assert!(
            only_live.is_empty() && only_recorded.is_empty(),
            "{name} differs:\nlive only: {only_live:#?}\nrecorded only: {only_recorded:#?}"
        );
    }
    assert_eq!(
        a.3["summary"], b.3["summary"],
        "report.json summary differs"
    );
    // The snapshot is kept beside the reports, with what each command took.
    let host_json = read_json(&live.join("snapshot/hosts/s10-fra-01/host.json"));
    assert_eq!(host_json["transport"], "ssh");
    assert!(host_json["facts"]["uname-a"]["ms"].is_u64());
    // Each host's collection time reaches the report, for its slowest-hosts list.
    let report = read_json(&live.join("report.json"));
    let hosts = report["hosts"].as_array().cloned().unwrap_or_default();
    assert!(!hosts.is_empty());
    assert!(
        hosts.iter().all(|h| h["collection_ms"].is_u64()),
        "{hosts:?}"
    );
    assert_read_only(&fleet);
}

#[test]
fn broken_hosts_become_unknown_with_their_reason_and_the_scan_completes() {
    let mut down = demo_host("s10-fra-02");
    down.behaviour = Behaviour::Down;
    let mut wrong_key = demo_host("s10-ams-03");
    wrong_key.behaviour = Behaviour::WrongClientKey;
    let mut unknown_key = demo_host("s10-ams-04");
    unknown_key.behaviour = Behaviour::UnknownHostKey;
    let mut changed_key = demo_host("s10-lon-05");
    changed_key.behaviour = Behaviour::ChangedHostKey;
    let mut slow = demo_host("s10-lon-06");
    slow.slow = vec![("LC_ALL=C /usr/sbin/psrinfo".to_string(), 8.0)];
    let fleet = EmulatedFleet::start(vec![
        demo_host("s10-fra-01"),
        down,
        wrong_key,
        unknown_key,
        changed_key,
        slow,
    ]);
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let inventory = write_inventory(
        tmp.path(),
        &fleet,
        "become: pfexec\nretries: 1\nconnect_timeout_s: 5\ncommand_timeout_s: 3",
    );
    let out_dir = tmp.path().join("out");
    let out = scan(&inventory, &out_dir, &[]);
    // Completed: reports written, exit decided by the verdicts, not an input error.
    assert!(
        matches!(out.status.code(), Some(0 | 1 | 3)),
        "{}",
        text(&out)
    );
    let report = read_json(&out_dir.join("report.json"));
    let host = |name: &str| -> Value {
        report["hosts"]
            .as_array()
            .and_then(|hs| hs.iter().find(|h| h["name"] == name))
            .cloned()
            .unwrap_or_else(|| panic!("{name} not in report.json"))
    };
    let problems = |name: &str| host(name)["problems"].to_string();
    assert_eq!(host("s10-fra-02")["unreachable"], true);
    assert!(
        problems("s10-fra-02").contains("Connection refused"),
        "{}",
        problems("s10-fra-02")
    );
    assert_eq!(host("s10-ams-03")["unreachable"], true);
    assert!(
        problems("s10-ams-03").contains("authentication"),
        "{}",
        problems("s10-ams-03")
    );
    assert_eq!(host("s10-ams-04")["unreachable"], true);
    assert!(
        problems("s10-ams-04").contains("not in known_hosts"),
        "{}",
        problems("s10-ams-04")
    );
    assert!(
        problems("s10-ams-04").contains("accept-new"),
        "{}",
        problems("s10-ams-04")
    );
    assert_eq!(host("s10-lon-05")["unreachable"], true);
    assert!(
        problems("s10-lon-05").contains("has changed"),
        "{}",
        problems("s10-lon-05")
    );
    // The slow host: only the command that timed out is missing.
    assert_eq!(host("s10-lon-06")["unreachable"], false);
    assert!(
        problems("s10-lon-06").contains("psrinfo: timed out after 3 s"),
        "{}",
        problems("s10-lon-06")
    );
    // Every pair with an unreachable target is unknown, with the reason in the report.
    let pairs = fs::read_to_string(out_dir.join("pairs.csv")).unwrap_or_else(|e| panic!("{e}"));
    let to_down: Vec<&str> = pairs
        .lines()
        .filter(|l| l.split(',').nth(2) == Some("s10-fra-02"))
        .collect();
    assert!(!to_down.is_empty());
    // A manifest that fails on its own (a bad address, say) fails anywhere; every other
    // pair is unknown, and says why.
    assert!(
        to_down
            .iter()
            .all(|l| matches!(l.split(',').nth(3), Some("unknown" | "fail"))),
        "{to_down:?}"
    );
    assert!(
        to_down
            .iter()
            .any(|l| l.contains(",unknown,") && l.contains("no connection")),
        "{to_down:?}"
    );
    // Nothing reached the hosts that refused us.
    assert!(fleet.commands("s10-ams-03").is_empty());
    assert_read_only(&fleet);
}

#[test]
fn twenty_five_zones_on_one_host_are_all_collected_under_max_sessions_ten() {
    let recorded = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(DEMO)
        .join("hosts/s10-fra-01");
    let manifest =
        fs::read(recorded.join("zones/db01/manifest.xml")).unwrap_or_else(|e| panic!("{e}"));
    let config = fs::read(recorded.join("zones/db01/config.xml")).unwrap_or_else(|e| panic!("{e}"));
    let mut host = demo_host("s10-fra-02");
    host.max_sessions = Some(10);
    host.become_aliases = vec![];
    for i in 1..=25 {
        let zone = format!("many{i:02}");
        host.zone_list_extra.push(format!(
            "{}:{zone}:installed:/zones/{zone}:uuid-{i}:native:shared",
            100 + i
        ));
        host.extra.push(Served {
            command: format!("LC_ALL=C /usr/bin/pfexec /usr/sbin/zoneadm -z {zone} detach -n"),
            stdout: manifest.clone(),
            ..Served::default()
        });
        host.extra.push(Served {
            command: format!("LC_ALL=C /usr/bin/cat /etc/zones/{zone}.xml"),
            stdout: config.clone(),
            ..Served::default()
        });
    }
    host.delay = Some(0.05);
    let fleet = EmulatedFleet::start(vec![host]);
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // As many channels as sshd's MaxSessions allows.
    let inventory = write_inventory(tmp.path(), &fleet, "become: pfexec\nchannels_per_host: 10");
    let snapshot = tmp.path().join("snap");
    let out = collect(&inventory, &snapshot);
    assert!(matches!(out.status.code(), Some(0 | 3)), "{}", text(&out));
    let host_json = read_json(&snapshot.join("hosts/s10-fra-02/host.json"));
    for i in 1..=25 {
        let zone = format!("many{i:02}");
        let bytes = fs::read(snapshot.join(format!("hosts/s10-fra-02/zones/{zone}/manifest.xml")))
            .unwrap_or_else(|e| panic!("{zone}: {e}\n{host_json:#}"));
        assert_eq!(bytes, manifest, "{zone}");
        assert_eq!(host_json["zones"][&zone]["manifest"]["exit"], 0, "{zone}");
    }
    let errors = host_json["errors"].to_string();
    assert!(!errors.contains("many"), "{errors}");
    assert_read_only(&fleet);
}

#[test]
fn a_zone_name_with_shell_metacharacters_is_refused_and_never_sent() {
    let mut host = demo_host("s10-fra-01");
    host.zone_list_extra =
        vec!["42:web;touch /tmp/zonescan-pwned:installed:/zones/x:uuid-x:native:shared".into()];
    let fleet = EmulatedFleet::start(vec![host]);
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let inventory = write_inventory(tmp.path(), &fleet, "become: pfexec");
    let snapshot = tmp.path().join("snap");
    let out = collect(&inventory, &snapshot);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let host_json = read_json(&snapshot.join("hosts/s10-fra-01/host.json"));
    let refused = host_json["errors"]
        .as_array()
        .and_then(|es| {
            es.iter()
                .find(|e| e["zone"] == "web;touch /tmp/zonescan-pwned")
        })
        .unwrap_or_else(|| panic!("no error for the zone: {host_json:#}"));
    assert!(
        refused["message"].to_string().contains("zone name refused"),
        "{refused}"
    );
    for command in fleet.commands("s10-fra-01") {
        assert!(
            !command.contains("pwned") && !command.contains("web;"),
            "{command}"
        );
    }
    // The good zones of the host are collected all the same.
    assert!(
        snapshot
            .join("hosts/s10-fra-01/zones/web01/manifest.xml")
            .is_file()
    );
    assert_read_only(&fleet);
}

#[test]
fn confirm_sets_the_targets_attach_n_against_the_prediction() {
    let fleet = EmulatedFleet::start(vec![
        demo_host("s10-fra-01"),
        demo_host("s10-fra-02"),
        demo_host("s10-lon-05"),
    ]);
    // What the targets' zoneadm says, hand-written in Solaris' wording (domain.md §2.2-2.3).
    let fra02 = fleet.emu("s10-fra-02");
    fra02.set_attach_report("db01", b"", b"", 0);
    fra02.set_attach_report(
        "app01",
        b"",
        b"WARNING: skipping network interface 'e1000g1' which may not be present/plumbed in the global zone.\n",
        0,
    );
    fra02.set_attach_report(
        "bad01",
        b"",
        b"could not verify net address=192.168.10.300/24 physical=e1000g0: Neither an IPv4 nor an IPv6 address nor a host name\n",
        1,
    );
    // zonescan expects web01 to attach here; this target says otherwise.
    fra02.set_attach_report(
        "web01",
        b"",
        b"These packages installed on the source system are inconsistent with this system:\n\tSUNWcsr: version mismatch\n\t\t(11.10.0,REV=2005.01.21.15.53)\n\t\t(11.10.0,REV=2005.01.21.15.54)\n",
        1,
    );
    let lon05 = fleet.emu("s10-lon-05");
    lon05.set_attach_report(
        "db01",
        b"",
        b"Cannot attach to an earlier release of the operating system\n",
        1,
    );
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let inventory = write_inventory(tmp.path(), &fleet, "become: pfexec");
    let out_dir = tmp.path().join("out");
    let out = scan(&inventory, &out_dir, &["--confirm", "all"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Confirmation by the targets' `zoneadm attach -n`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("DISAGREE web01 (s10-fra-01) on s10-fra-02"),
        "{stdout}\n{}",
        read_json(&out_dir.join("report.json"))["hosts"]
    );
    let doc = read_json(&out_dir.join("confirm.json"));
    let agreement = |zone: &str, target: &str| -> String {
        doc["pairs"]
            .as_array()
            .and_then(|ps| {
                ps.iter().find(|p| {
                    p["zone"] == zone && p["target"] == target && p["source"] == "s10-fra-01"
                })
            })
            .map(|p| {
                p["agreement"]["agreement"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .unwrap_or_else(|| panic!("{zone} on {target} not confirmed: {doc:#}"))
    };
    assert_eq!(agreement("db01", "s10-fra-02"), "agree");
    assert_eq!(agreement("app01", "s10-fra-02"), "agree");
    assert_eq!(agreement("bad01", "s10-fra-02"), "agree");
    assert_eq!(agreement("web01", "s10-fra-02"), "disagree");
    assert_eq!(agreement("db01", "s10-lon-05"), "agree");
    // The target received the collected manifest itself.
    let sent = fra02
        .attach_received("db01")
        .unwrap_or_else(|| panic!("db01 not sent"));
    let collected = fs::read(out_dir.join("snapshot/hosts/s10-fra-01/zones/db01/manifest.xml"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sent, collected);
    assert!(
        fs::read_to_string(out_dir.join("confirm.csv"))
            .is_ok_and(|c| c.starts_with("zone,source_host,host,predicted"))
    );
    assert_read_only(&fleet);
}

#[test]
fn a_root_login_never_runs_rctladm() {
    // `rctladm -l` run by root rewrites /etc/rctladm.conf: with `user: root` it is skipped.
    let fleet = EmulatedFleet::start(vec![demo_host("s10-fra-02")]);
    assert_eq!(
        fleet.user(),
        "root",
        "this test logs in as root; run the suite as root (.ci/run does)"
    );
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let inventory = tmp.path().join("inventory.yaml");
    fs::write(&inventory, fleet.inventory_yaml("become: pfexec")).unwrap_or_else(|e| panic!("{e}"));
    assert!(fs::read_to_string(&inventory).is_ok_and(|t| t.contains("root")));
    let snapshot = tmp.path().join("snap");
    let out = collect(&inventory, &snapshot);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let commands = fleet.commands("s10-fra-02");
    assert!(
        commands.iter().any(|c| c.contains("/usr/sbin/psrinfo")),
        "{commands:?}"
    );
    assert!(
        !commands.iter().any(|c| c.contains("rctladm")),
        "{commands:?}"
    );
    let host_json = read_json(&snapshot.join("hosts/s10-fra-02/host.json"));
    let errors = host_json["errors"].to_string();
    assert!(
        errors.contains("rctladm") && errors.contains("non-root"),
        "{errors}"
    );
}
