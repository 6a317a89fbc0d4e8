//! Keys and sshd daemons of an emulated fleet (see `sshfleet`): one `sshd -D -e` per host on
//! its own 127.0.0.1 port, configured so that only the fleet's files matter.

use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::sshfleet::Behaviour;

const START_TIMEOUT: Duration = Duration::from_secs(10);
const BIND_ATTEMPTS: usize = 3;

/// The program at `path`, or a panic naming the package that provides it.
pub fn required(path: &Path, package: &str) -> PathBuf {
    assert!(
        path.is_file(),
        "{} is missing: the emulated-host SSH tests need it (apt-get install {package})",
        path.display()
    );
    path.to_path_buf()
}

/// Runs `cmd`, panicking unless it succeeds; returns its trimmed stdout.
pub fn run(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("running {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// `ssh-keygen -t ed25519 -N ''` into `path`; returns the public key as `ssh-ed25519 AAAA...`.
pub fn keygen(path: &Path) -> String {
    let keygen = required(Path::new("/usr/bin/ssh-keygen"), "openssh-client");
    run(Command::new(keygen)
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "zonescan-test", "-f"])
        .arg(path));
    let public = fs::read_to_string(path.with_extension("pub"))
        .unwrap_or_else(|e| panic!("reading {}.pub: {e}", path.display()));
    let fields: Vec<&str> = public.split_whitespace().take(2).collect();
    fields.join(" ")
}

pub fn write(path: &Path, text: &str) {
    fs::write(path, text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}

/// `n` distinct ports nothing listens on at the moment.
pub fn free_ports(n: usize) -> Vec<u16> {
    let listeners: Vec<TcpListener> = (0..n).map(|_| bind_any()).collect();
    listeners
        .iter()
        .map(|l| l.local_addr().map_or(0, |a| a.port()))
        .collect()
}

fn bind_any() -> TcpListener {
    TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("binding 127.0.0.1:0: {e}"))
}

/// What one daemon serves.
pub struct Setup<'a> {
    pub name: &'a str,
    pub behaviour: Behaviour,
    /// The host's dispatcher directory.
    pub emu_dir: &'a Path,
    pub max_sessions: Option<u32>,
}

/// A running sshd, killed on drop.
pub struct Sshd {
    pub port: u16,
    pub log: PathBuf,
    child: Child,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        // Sessions in progress are separate processes (sshd setsid()s them); they end
        // when their client disconnects.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Files every daemon of the fleet shares.
pub struct Launcher {
    pub dir: PathBuf,
    pub sshd: PathBuf,
    /// The compiled dispatcher (`examples/emudispatch.rs`).
    pub dispatch: PathBuf,
    pub host_key: PathBuf,
    pub changed_host_key: PathBuf,
    pub authorized_keys: PathBuf,
    pub wrong_authorized_keys: PathBuf,
}

impl Launcher {
    /// Starts one daemon per setup and waits until all listen (in parallel: the wait
    /// costs one start-up, not one per host). Returned in the order of `setups`.
    pub fn start_all(&self, setups: &[Setup]) -> Vec<Sshd> {
        let mut daemons: Vec<Option<Sshd>> = setups.iter().map(|_| None).collect();
        let mut pending: Vec<usize> = (0..setups.len()).collect();
        for attempt in 1..=BIND_ATTEMPTS {
            // Every port is reserved until its own daemon is about to bind, so no two hosts
            // get the same one. Another process may still take it in between: sshd then
            // fails to bind and is retried on a fresh port.
            let listeners: Vec<TcpListener> = pending.iter().map(|_| bind_any()).collect();
            for (&i, listener) in pending.iter().zip(listeners) {
                let port = listener.local_addr().map_or(0, |a| a.port());
                drop(listener);
                daemons[i] = Some(self.launch(&setups[i], port));
            }
            pending = wait_listening(&mut daemons, setups, &pending, attempt == BIND_ATTEMPTS);
            if pending.is_empty() {
                break;
            }
        }
        daemons.into_iter().flatten().collect()
    }

    /// Writes the host's sshd_config for `port` and starts its sshd, stderr to its log.
    fn launch(&self, setup: &Setup, port: u16) -> Sshd {
        let name = setup.name;
        let sshd_dir = self.dir.join("sshd");
        fs::create_dir_all(&sshd_dir).unwrap_or_else(|e| panic!("{}: {e}", sshd_dir.display()));
        let (host_key, authorized_keys) = match setup.behaviour {
            Behaviour::ChangedHostKey => (&self.changed_host_key, &self.authorized_keys),
            Behaviour::WrongClientKey => (&self.host_key, &self.wrong_authorized_keys),
            _ => (&self.host_key, &self.authorized_keys),
        };
        // sshd runs ForceCommand through the user's shell with -c: quote the paths for it,
        // and exec, so that no shell stays beside the dispatcher.
        let quote = |p: &Path| format!("'{}'", p.to_string_lossy().replace('\'', r"'\''"));
        // PermitUserRC no: ~/.ssh/rc output would corrupt what the dispatcher serves.
        // SetEnv SHLVL=1: bash, run by sshd with -c, sources the user's ~/.bashrc when it
        // believes itself the top-level shell (SHLVL below 2 once it has counted itself);
        // a heavy .bashrc (pyenv init) then runs with every command, and under load
        // (benches/collect.sh) dominates what the emulated hosts measure.
        let mut cfg = format!(
            "ListenAddress 127.0.0.1:{port}\n\
             HostKey {}\n\
             PidFile {}\n\
             AuthorizedKeysFile {}\n\
             PasswordAuthentication no\n\
             KbdInteractiveAuthentication no\n\
             UsePAM no\n\
             StrictModes no\n\
             PermitRootLogin prohibit-password\n\
             PermitUserRC no\n\
             SetEnv SHLVL=1\n\
             PermitTTY no\n\
             X11Forwarding no\n\
             PrintMotd no\n\
             LogLevel VERBOSE\n\
             ForceCommand exec {} {}\n",
            host_key.display(),
            sshd_dir.join(format!("{name}.pid")).display(),
            authorized_keys.display(),
            quote(&self.dispatch),
            quote(setup.emu_dir),
        );
        if let Some(n) = setup.max_sessions {
            cfg.push_str(&format!("MaxSessions {n}\n"));
        }
        let config = sshd_dir.join(format!("{name}.conf"));
        write(&config, &cfg);
        let log = sshd_dir.join(format!("{name}.log"));
        let log_file = fs::File::create(&log).unwrap_or_else(|e| panic!("{}: {e}", log.display()));
        let child = Command::new(&self.sshd)
            .arg("-D")
            .arg("-e")
            .arg("-f")
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log_file)
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", self.sshd.display()));
        Sshd { port, log, child }
    }
}

/// Waits until each pending daemon logs that it listens: sshd logs that after listen(2),
/// and unlike a probe connection it leaves no trace in the log. Returns the daemons whose
/// port was taken meanwhile, to be retried; panics on anything else, or on a taken port
/// when `last`.
fn wait_listening(
    daemons: &mut [Option<Sshd>],
    setups: &[Setup],
    pending: &[usize],
    last: bool,
) -> Vec<usize> {
    let deadline = Instant::now() + START_TIMEOUT;
    let mut waiting = pending.to_vec();
    let mut retry = Vec::new();
    let log_of = |d: &Option<Sshd>| {
        d.as_ref()
            .map(|d| fs::read_to_string(&d.log).unwrap_or_default())
            .unwrap_or_default()
    };
    while !waiting.is_empty() {
        waiting.retain(|&i| {
            let log = log_of(&daemons[i]);
            let Some(daemon) = daemons[i].as_mut() else {
                return false;
            };
            if log.contains(&format!(
                "Server listening on 127.0.0.1 port {}.",
                daemon.port
            )) {
                return false;
            }
            let Ok(Some(status)) = daemon.child.try_wait() else {
                return true;
            };
            if !last && log.contains("Address already in use") {
                retry.push(i);
                return false;
            }
            panic!(
                "sshd of emulated host {} exited ({status}):\n{log}",
                setups[i].name
            );
        });
        if Instant::now() > deadline && !waiting.is_empty() {
            let logs: Vec<String> = waiting
                .iter()
                .map(|&i| format!("--- {}:\n{}", setups[i].name, log_of(&daemons[i])))
                .collect();
            panic!(
                "sshd not listening after {START_TIMEOUT:?}:\n{}",
                logs.join("\n")
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    retry
}
