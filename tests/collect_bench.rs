//! The collection benchmark of issue 4: `zonescan collect` of an emulated fleet of 50
//! hosts × 20 zones whose every command takes 100 ms, then Ansible's `raw` module running
//! the very command texts zonescan sent, host by host, on the same sshd fleet. Run by
//! `benches/collect.sh`, which generates the fleet's recording and installs ansible-core;
//! ignored in the normal suite.
//!
//!   ZONESCAN_COLLECT_BENCH=WORKDIR ZONESCAN_ANSIBLE_PLAYBOOK=.../ansible-playbook \
//!     cargo test --release --test collect_bench -- --ignored --nocapture
//!
//! WORKDIR holds the recording in `snapshot/`; the run writes `inventory.yaml`,
//! `ansible/` (inventory, playbook, log) there. zonescan's snapshots are written into a
//! fresh `collected-<pid>/` and removed at the end: deleting thousands of files just
//! before writing as many again makes ext4 skip its recently freed inodes one by one, and
//! cost seconds of kernel time that belong to no collection.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use common::emuhost::{Recorded, Served};
use common::sshfleet::{EmulatedFleet, HostSpec};
use zonescan::collect::FactId;
use zonescan::collect::catalogue::CATALOGUE;

/// Seconds every dispatcher command takes.
const DELAY: f64 = 0.1;
/// zonescan's defaults, written into the inventory so that the ideal below uses them.
const HOSTS_IN_FLIGHT: usize = 32;
const CHANNELS_PER_HOST: usize = 4;
/// Ansible's parallelism.
const FORKS: usize = 50;

fn env_path(name: &str) -> PathBuf {
    std::env::var_os(name)
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("set {name} (benches/collect.sh does)"))
}

/// The commands a host serves, with the exit status each answers with.
fn served(fleet: &EmulatedFleet, host: &str) -> BTreeMap<String, i32> {
    let dir = &fleet.emu(host).dir;
    let index = fs::read_to_string(dir.join("index")).unwrap_or_else(|e| panic!("{e}"));
    let mut served = BTreeMap::new();
    for (n, command) in index.lines().filter_map(|l| l.split_once('\t')) {
        let exit = fs::read_to_string(dir.join("out").join(format!("{n}.exit")))
            .map(|s| s.trim().parse().unwrap_or(0))
            .unwrap_or(0);
        // The first entry of a command text is the one the dispatcher serves.
        served.entry(command.to_string()).or_insert(exit);
    }
    served
}

/// The catalogue commands the recording has no answer for (`ipadm` on Solaris 10...),
/// answered as a shell answers a missing command, after the same delay as any other: every
/// command zonescan sends then costs the same 100 ms, and none is refused as unknown.
fn not_found(recorded: &Path) -> Vec<Served> {
    let have: Vec<String> = Recorded::read(recorded)
        .served
        .into_iter()
        .map(|s| s.command)
        .collect();
    CATALOGUE
        .iter()
        .filter(|s| !matches!(s.id, FactId::Paths))
        .map(|s| format!("LC_ALL=C {}", s.command))
        .filter(|c| !have.contains(c))
        .map(|command| Served {
            stderr: format!("sh: {}: not found\n", &command["LC_ALL=C ".len()..]).into_bytes(),
            exit: 127,
            command,
            ..Served::default()
        })
        .collect()
}

/// Every command each host received since its log was last cleared, each checked to be
/// one the host serves (an unserved command is answered at once with 127 and would make
/// the run look faster than it is).
fn received(fleet: &EmulatedFleet, who: &str) -> BTreeMap<String, Vec<String>> {
    let mut all = BTreeMap::new();
    for host in fleet.names() {
        let serves = served(fleet, &host);
        let commands = fleet.commands(&host);
        assert!(!commands.is_empty(), "{who}: {host} received no command");
        for c in &commands {
            assert!(
                serves.contains_key(c),
                "{who}: {host} received a command it does not serve: {c:?}"
            );
        }
        all.insert(host, commands);
    }
    all
}

fn clear_logs(fleet: &EmulatedFleet) {
    for host in fleet.names() {
        fs::write(fleet.emu(&host).dir.join("commands.log"), b"").unwrap_or_else(|e| panic!("{e}"));
    }
}

/// The fleet's zonescan inventory. As in tests/live_scan.rs the login user is left to ssh:
/// a `user: root` would make zonescan skip `rctladm`, and the hosts would get fewer commands.
fn write_inventory(work: &Path, fleet: &EmulatedFleet) -> PathBuf {
    let path = work.join("inventory.yaml");
    let full = fleet.inventory_yaml(&format!(
        "become: pfexec\nhosts_in_flight: {HOSTS_IN_FLIGHT}\nchannels_per_host: {CHANNELS_PER_HOST}"
    ));
    let yaml: Vec<&str> = full
        .lines()
        .filter(|l| !l.trim_start().starts_with("user:"))
        .collect();
    fs::write(&path, yaml.join("\n") + "\n").unwrap_or_else(|e| panic!("{e}"));
    path
}

/// Ansible's inventory (INI), one `host_vars/<host>.json` per host with the commands
/// zonescan sent it and the status each must return, and the playbook: one `raw` task
/// looping over the host's commands. Each fork runs one host's commands one after the
/// other over its ControlPersist master, as many hosts at once as there are forks.
fn write_ansible(dir: &Path, fleet: &EmulatedFleet, sent: &BTreeMap<String, Vec<String>>) {
    let host_vars = dir.join("host_vars");
    fs::create_dir_all(&host_vars).unwrap_or_else(|e| panic!("{e}"));
    let mut ini = String::from("[fleet]\n");
    for (host, commands) in sent {
        ini.push_str(&format!(
            "{host} ansible_host=127.0.0.1 ansible_port={}\n",
            fleet.port(host)
        ));
        let serves = served(fleet, host);
        let items: Vec<serde_json::Value> = commands
            .iter()
            .map(|c| serde_json::json!({"cmd": c, "rc": serves[c]}))
            .collect();
        let vars = serde_json::json!({ "zonescan_commands": items });
        fs::write(host_vars.join(format!("{host}.json")), vars.to_string())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    ini.push_str(&format!(
        "\n[fleet:vars]\nansible_user={}\nansible_ssh_private_key_file={}\n\
         ansible_ssh_common_args='-F {} -o UserKnownHostsFile={} -o StrictHostKeyChecking=yes'\n",
        fleet.user(),
        fleet.client_key().display(),
        fleet.ssh_config().display(),
        fleet.known_hosts().display(),
    ));
    fs::write(dir.join("hosts.ini"), ini).unwrap_or_else(|e| panic!("{e}"));
    fs::write(
        dir.join("collect.yml"),
        "- hosts: fleet\n  gather_facts: false\n  tasks:\n    \
         - name: the catalogue commands zonescan sent this host\n      \
         raw: \"{{ item.cmd }}\"\n      \
         loop: \"{{ zonescan_commands }}\"\n      \
         loop_control:\n        label: \"{{ item.cmd[:60] }}\"\n      \
         register: answer\n      \
         changed_when: false\n      \
         failed_when: answer.rc != item.rc\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
}

/// Ends the ControlPersist masters Ansible left behind (they would linger 60 s).
fn close_masters(control: &Path) {
    for socket in fs::read_dir(control).into_iter().flatten().flatten() {
        let _ = Command::new("ssh")
            .arg("-S")
            .arg(socket.path())
            .args(["-O", "exit", "fleet"])
            .stderr(Stdio::null())
            .status();
    }
}

/// Runs `commands` on `host` one after another over one OpenSSH master, and returns
/// the seconds they took together (the master's set-up excluded).
fn serial(fleet: &EmulatedFleet, host: &str, commands: &[String]) -> f64 {
    let socket = fleet.dir().join("serial.sock");
    let ssh = |extra: &[&str], command: Option<&str>| {
        let mut c = Command::new("ssh");
        c.arg("-F")
            .arg(fleet.ssh_config())
            .arg("-i")
            .arg(fleet.client_key())
            .arg("-o")
            .arg(format!(
                "UserKnownHostsFile={}",
                fleet.known_hosts().display()
            ))
            .args(["-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes"])
            .arg("-o")
            .arg(format!("ControlPath={}", socket.display()))
            .args(["-p", &fleet.port(host).to_string()])
            .args(extra)
            .arg("127.0.0.1")
            .args(command)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };
    let master = [
        "-o",
        "ControlMaster=yes",
        "-o",
        "ControlPersist=30",
        "-f",
        "-N",
    ];
    let up = ssh(&master, None)
        .status()
        .unwrap_or_else(|e| panic!("ssh: {e}"));
    assert!(up.success(), "ssh master to {host}: {up}");
    let started = Instant::now();
    for command in commands {
        let _ = ssh(&["-o", "ControlMaster=no"], Some(command)).status();
    }
    let took = secs(started);
    let _ = ssh(&["-O", "exit"], None).status();
    took
}

/// CPU seconds the whole machine has spent busy since boot (`/proc/stat`, in USER_HZ
/// ticks of 1/100 s), all processes included, this run's and any other's.
fn machine_busy_s() -> f64 {
    let stat = fs::read_to_string("/proc/stat").unwrap_or_default();
    let ticks: Vec<f64> = stat
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .skip(1)
        .filter_map(|t| t.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal: all but idle and iowait.
    let busy: f64 = ticks
        .iter()
        .take(8)
        .enumerate()
        .filter(|(i, _)| *i != 3 && *i != 4)
        .map(|(_, t)| t)
        .sum();
    busy / 100.0
}

/// User + system seconds from `/usr/bin/time -f "%U %S"`.
fn cpu(rusage: &Path) -> f64 {
    let text = fs::read_to_string(rusage).unwrap_or_default();
    let last = text.lines().last().unwrap_or_default();
    last.split_whitespace()
        .filter_map(|t| t.parse::<f64>().ok())
        .sum()
}

fn secs(started: Instant) -> f64 {
    started.elapsed().as_secs_f64()
}

#[test]
#[ignore = "benchmark: benches/collect.sh"]
fn collect_fifty_hosts_against_ansible() {
    let work = env_path("ZONESCAN_COLLECT_BENCH");
    let playbook_bin = env_path("ZONESCAN_ANSIBLE_PLAYBOOK");
    let recording = work.join("snapshot");
    let specs: Vec<HostSpec> = HostSpec::all_of(&recording)
        .into_iter()
        .map(|mut s| {
            s.delay = Some(DELAY);
            s.extra = not_found(&s.recorded);
            s
        })
        .collect();
    let hosts = specs.len();
    let fleet = EmulatedFleet::start(specs);
    let inventory = write_inventory(&work, &fleet);

    // zonescan.
    let scratch = work.join(format!("collected-{}", std::process::id()));
    fs::create_dir_all(&scratch).unwrap_or_else(|e| panic!("{e}"));
    let collected = scratch.join("delayed");
    let zonescan = assert_cmd::cargo::cargo_bin("zonescan");
    // zonescan's own CPU time (user + system; not its ssh masters, which detach).
    let rusage = work.join("zonescan.rusage");
    let (zonescan_s, zonescan_busy_s, zonescan_cpu_s) =
        timed_collect(&zonescan, &rusage, &inventory, &collected);
    let sent = received(&fleet, "zonescan");
    // Both passes over one connection per host.
    for host in fleet.names() {
        assert_eq!(
            fleet.connections(&host),
            1,
            "{host}: zonescan's SSH connections"
        );
    }
    let total: usize = sent.values().map(Vec::len).sum();
    let (slowest, most) = sent
        .iter()
        .map(|(h, c)| (h.clone(), c.len()))
        .max_by_key(|(_, n)| *n)
        .unwrap_or_default();
    let fewest = sent.values().map(Vec::len).min().unwrap_or_default();
    let serial_s = most as f64 * DELAY;
    let in_flight = HOSTS_IN_FLIGHT.min(hosts);
    let ideal_s = serial_s * hosts as f64 / in_flight as f64;

    // Ansible, on the same daemons, the same commands.
    clear_logs(&fleet);
    let dir = work.join("ansible");
    let _ = fs::remove_dir_all(&dir);
    write_ansible(&dir, &fleet, &sent);
    // Control sockets in the fleet's short temporary directory (a socket path has a
    // 108-byte limit), fresh for this run: no master is left over from another one.
    let control = fleet.dir().join("cp");
    fs::create_dir_all(&control).unwrap_or_else(|e| panic!("{e}"));
    let log = dir.join("ansible.log");
    let busy = machine_busy_s();
    let started = Instant::now();
    let status = Command::new(&playbook_bin)
        .current_dir(&dir)
        .args(["-i", "hosts.ini", "collect.yml"])
        .env("ANSIBLE_FORKS", FORKS.to_string())
        .env("ANSIBLE_PIPELINING", "True")
        .env("ANSIBLE_SSH_CONTROL_PATH_DIR", &control)
        .env("ANSIBLE_HOME", dir.join("home"))
        .env("ANSIBLE_LOCAL_TEMP", dir.join("tmp"))
        .env("ANSIBLE_NOCOLOR", "1")
        .stdout(fs::File::create(&log).unwrap_or_else(|e| panic!("{e}")))
        .stderr(Stdio::inherit())
        .status()
        .unwrap_or_else(|e| panic!("{}: {e}", playbook_bin.display()));
    let ansible_s = secs(started);
    let ansible_busy_s = machine_busy_s() - busy;
    let text = fs::read_to_string(&log).unwrap_or_default();
    assert!(
        status.success(),
        "ansible-playbook: {status}; see {}",
        log.display()
    );
    // Every host ran every command and each returned the status zonescan got: the recap
    // says ok=1 failed=0 unreachable=0 for each host.
    let recap: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("PLAY RECAP"))
        .skip(1)
        .filter(|l| l.contains(" : "))
        .collect();
    assert_eq!(recap.len(), hosts, "recap of {}", log.display());
    for line in &recap {
        assert!(
            line.contains("ok=1 ") && line.contains("unreachable=0") && line.contains("failed=0"),
            "{line}"
        );
    }
    let ran = received(&fleet, "ansible");
    for (host, commands) in &sent {
        let (mut a, mut b) = (commands.clone(), ran[host].clone());
        a.sort();
        b.sort();
        assert_eq!(
            a, b,
            "{host}: Ansible did not run the commands zonescan sent"
        );
    }
    close_masters(&control);

    // Where the time goes. The busiest host's commands one after another over one
    // connection: the serial time the ideal assumes, with what each command really costs.
    let measured_serial_s = serial(&fleet, &slowest, &sent[&slowest]);
    // zonescan again with no delay: the cost of the SSH sessions and the emulated hosts
    // alone on this machine, the floor under any collection of this fleet here.
    for host in fleet.names() {
        fleet.set_delay(&host, None);
    }
    clear_logs(&fleet);
    let collected = scratch.join("undelayed");
    let (undelayed_s, undelayed_busy_s, undelayed_cpu_s) =
        timed_collect(&zonescan, &rusage, &inventory, &collected);
    assert_eq!(
        received(&fleet, "zonescan, no delay")
            .values()
            .map(Vec::len)
            .sum::<usize>(),
        total
    );

    println!(
        "fleet: {hosts} hosts, {total} commands (per host {fewest} to {most}, most on {slowest}), \
         {DELAY} s each; zonescan hosts_in_flight {in_flight}, channels_per_host \
         {CHANNELS_PER_HOST}; Ansible forks {FORKS}"
    );
    println!(
        "ideal: {most} commands x {DELAY} s = {serial_s:.1} s serial on {slowest}, x {hosts} hosts / {in_flight} in flight = {ideal_s:.2} s"
    );
    println!(
        "profile: {slowest}'s {most} commands one after another over one ssh connection: \
         {measured_serial_s:.2} s ({:.0} ms a command); zonescan collect with no delay: \
         {undelayed_s:.2} s ({:.0} commands/s)",
        measured_serial_s * 1000.0 / most as f64,
        total as f64 / undelayed_s
    );
    let _ = fs::remove_dir_all(&scratch);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    println!(
        "machine CPU busy (of {cores} cores x wall): zonescan {zonescan_busy_s:.1} s of {:.1} s, \
         Ansible {ansible_busy_s:.1} s of {:.1} s, zonescan with no delay {undelayed_busy_s:.1} s \
         of {:.1} s ({:.1} ms of CPU a command)",
        cores * zonescan_s,
        cores * ansible_s,
        cores * undelayed_s,
        undelayed_busy_s * 1000.0 / total as f64
    );
    println!(
        "zonescan's own CPU (user + system, ssh masters not included): {zonescan_cpu_s:.1} s, \
         with no delay {undelayed_cpu_s:.1} s ({:.1} ms a command)",
        undelayed_cpu_s * 1000.0 / total as f64
    );
    println!("| zonescan s | Ansible s | Ansible / zonescan | ideal s | zonescan / ideal |");
    println!("|---|---|---|---|---|");
    println!(
        "| {zonescan_s:.2} | {ansible_s:.2} | {:.1} | {ideal_s:.2} | {:.2} |",
        ansible_s / zonescan_s,
        zonescan_s / ideal_s
    );
}

/// Runs `zonescan collect --quiet` under `/usr/bin/time`: wall seconds, the machine's busy
/// CPU seconds meanwhile, and zonescan's own CPU seconds (not its detached ssh masters).
fn timed_collect(
    zonescan: &Path,
    rusage: &Path,
    inventory: &Path,
    snapshot: &Path,
) -> (f64, f64, f64) {
    let busy = machine_busy_s();
    let started = Instant::now();
    let status = Command::new("/usr/bin/time")
        .args(["-f", "%U %S", "-o"])
        .arg(rusage)
        .arg(zonescan)
        .arg("collect")
        .arg("--inventory")
        .arg(inventory)
        .arg("--snapshot")
        .arg(snapshot)
        .arg("--quiet")
        .status()
        .unwrap_or_else(|e| panic!("{}: {e}", zonescan.display()));
    let wall = secs(started);
    let machine = machine_busy_s() - busy;
    assert!(status.success(), "zonescan collect: {status}");
    (wall, machine, cpu(rusage))
}
