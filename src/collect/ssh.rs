//! `transport: ssh`: one OpenSSH ControlMaster per host (the operator's `ssh`, so
//! `~/.ssh/config`, the agent, ProxyJump and legacy algorithms all apply), each command
//! a channel on it. Host keys are checked strictly unless `accept-new` was asked for;
//! "accept any key" does not exist here.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use openssh::{ControlPersist, Session, SessionBuilder, Stdio as SshStdio};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::local::elapsed_ms;
use super::transport::{BoxFuture, Call, Output, Transport, TransportError};
use crate::inventory::KnownHosts;

/// How commands share the connection: `native` speaks the multiplexing protocol on the
/// control socket (no process per command); `process` runs `ssh -S` per command, for
/// clients whose mux protocol the native speaker does not know.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Mux {
    #[default]
    Native,
    Process,
}

/// Where and how to connect to one host.
#[derive(Debug, Clone)]
pub struct SshTarget {
    pub address: String,
    pub port: u16,
    pub user: Option<String>,
    pub identity_file: Option<PathBuf>,
    pub known_hosts: KnownHosts,
    pub known_hosts_file: Option<PathBuf>,
    pub ssh_config: Option<PathBuf>,
    pub connect_timeout: Duration,
    pub command_timeout: Duration,
    /// Further attempts after a connection failure (not after a host-key or
    /// authentication failure: those do not heal by retrying).
    pub retries: u32,
    pub mux: Mux,
}

/// A live connection to one host.
pub struct Ssh {
    session: Arc<Session>,
    timeout: Duration,
}

/// The shell's status for a command that does not exist.
const NOT_FOUND: i32 = 127;

/// The master exits by itself after this long without a channel, should zonescan be
/// killed before it can close it. This also bounds how many masters kept from pass 1
/// wait for pass 2 (a longer wait reconnects).
const IDLE_LIMIT_S: usize = 60;

impl SshTarget {
    /// `[address]:port` as known_hosts and ssh's messages write it.
    pub fn endpoint(&self) -> String {
        if self.port == 22 {
            self.address.clone()
        } else {
            format!("[{}]:{}", self.address, self.port)
        }
    }

    fn builder(&self, control_dir: &Path) -> SessionBuilder {
        let mut b = SessionBuilder::default();
        b.port(self.port)
            .known_hosts_check(match self.known_hosts {
                KnownHosts::Strict => openssh::KnownHosts::Strict,
                KnownHosts::AcceptNew => openssh::KnownHosts::Add,
            })
            .connect_timeout(self.connect_timeout)
            .server_alive_interval(Duration::from_secs(15))
            .control_directory(control_dir)
            .control_persist(ControlPersist::IdleFor(
                NonZeroUsize::new(IDLE_LIMIT_S).unwrap_or(NonZeroUsize::MIN),
            ));
        if let Some(user) = &self.user {
            b.user(user.clone());
        }
        if let Some(key) = &self.identity_file {
            b.keyfile(key);
        }
        if let Some(file) = &self.known_hosts_file {
            b.user_known_hosts_file(file);
        }
        if let Some(config) = &self.ssh_config {
            b.config_file(config);
        }
        b
    }

    /// Connects, retrying connection failures with jittered exponential backoff (sshd's
    /// MaxStartups drops bursts of new connections at random).
    pub async fn connect(&self, control_dir: &Path) -> Result<Ssh, TransportError> {
        let builder = self.builder(control_dir);
        let mut attempt = 0;
        loop {
            let connecting = async {
                match self.mux {
                    Mux::Native => builder.connect_mux(&self.address).await,
                    Mux::Process => builder.connect(&self.address).await,
                }
            };
            // ConnectTimeout bounds each TCP connect; this bounds a server that accepts
            // and then never finishes the handshake.
            let limit = self.connect_timeout * 3 + Duration::from_secs(5);
            let error = match tokio::time::timeout(limit, connecting).await {
                Ok(Ok(session)) => {
                    return Ok(Ssh {
                        session: Arc::new(session),
                        timeout: self.command_timeout,
                    });
                }
                Ok(Err(e)) => classify(&self.endpoint(), &error_text(&e)),
                Err(_) => TransportError::Unreachable(format!(
                    "no SSH session with {} after {} s",
                    self.endpoint(),
                    limit.as_secs()
                )),
            };
            if !matches!(error, TransportError::Unreachable(_)) || attempt >= self.retries {
                return Err(error);
            }
            attempt += 1;
            tokio::time::sleep(backoff(attempt)).await;
        }
    }
}

/// 0.5 s, 1 s, 2 s, ... (at most 8 s), each plus up to as much again at random, so that
/// hosts refused together do not come back together.
fn backoff(attempt: u32) -> Duration {
    let base_ms = 500u64 << attempt.saturating_sub(1).min(4);
    Duration::from_millis(base_ms + fastrand::u64(0..=base_ms))
}

/// The error and its causes on one line (ssh's own message is in the cause).
fn error_text(e: &openssh::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(s.to_string().trim());
        source = s.source();
    }
    text.replace(['\r', '\n'], " ")
}

/// Sorts a connection failure into what it means for the operator, with the fix.
fn classify(endpoint: &str, ssh_said: &str) -> TransportError {
    let said = ssh_said.trim();
    if said.contains("IDENTIFICATION HAS CHANGED") || said.contains("HOST KEY HAS CHANGED") {
        TransportError::HostKey(format!(
            "host key of {endpoint} has changed since it was recorded in known_hosts: a \
             reinstalled host or a man-in-the-middle; verify the new key's fingerprint with the \
             host's administrator, then replace the old entry (ssh-keygen -R '{endpoint}') \
             ({said})"
        ))
    } else if said.contains("Host key verification failed")
        || said.contains("host key is known for")
    {
        TransportError::HostKey(format!(
            "host key of {endpoint} is not in known_hosts and checking is strict: verify its \
             fingerprint and add it (ssh-keyscan), or allow first-time keys with \
             `known_hosts: accept-new` in the inventory or `--known-hosts accept-new` \
             ({said})"
        ))
    } else if said.contains("Permission denied") || said.contains("Too many authentication") {
        TransportError::Auth(format!(
            "authentication to {endpoint} failed: check the user and that its key is in the \
             host's authorized_keys or loaded in the agent ({said})"
        ))
    } else {
        TransportError::Unreachable(format!("cannot connect to {endpoint}: {said}"))
    }
}

impl Transport for Ssh {
    fn run<'a>(&'a self, call: Call<'a>) -> BoxFuture<'a, Result<Output, TransportError>> {
        Box::pin(async move {
            let start = Instant::now();
            let mut command = Arc::clone(&self.session).arc_raw_command(call.text);
            command
                .stdin(if call.stdin.is_some() {
                    SshStdio::piped()
                } else {
                    SshStdio::null()
                })
                .stdout(SshStdio::piped())
                .stderr(SshStdio::piped());
            let run = async {
                let mut child = spawn_with_retry(&mut command).await?;
                if let (Some(input), Some(mut pipe)) = (call.stdin, child.stdin().take()) {
                    let fed = async {
                        pipe.write_all(input).await?;
                        pipe.shutdown().await
                    };
                    fed.await.map_err(|e| {
                        TransportError::Channel(format!("writing the command's input: {e}"))
                    })?;
                }
                // Read both streams before waiting, as `wait_with_output` does, but keep
                // them when the exit status is 127: openssh turns that status into an
                // error, and a command a release lacks is an answer, not a failure.
                let (out_pipe, err_pipe) = (child.stdout().take(), child.stderr().take());
                let (stdout, stderr) = tokio::try_join!(read_all(out_pipe), read_all(err_pipe))
                    .map_err(|e| {
                        TransportError::Channel(format!("reading the command's output: {e}"))
                    })?;
                let exit = match child.wait().await {
                    Ok(status) => status.code().unwrap_or(-1),
                    Err(openssh::Error::Remote(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                        NOT_FOUND
                    }
                    Err(e) => return Err(channel_error(&e)),
                };
                Ok::<_, TransportError>((stdout, stderr, exit))
            };
            // The remote command may go on after this; the catalogue's commands are
            // bounded and read-only, so that costs the host nothing lasting.
            let (stdout, stderr, exit) = tokio::time::timeout(self.timeout, run)
                .await
                .map_err(|_| TransportError::Timeout(self.timeout.as_secs()))??;
            Ok(Output {
                stdout,
                stderr,
                exit,
                ms: elapsed_ms(start),
            })
        })
    }

    fn alive(&self) -> BoxFuture<'_, bool> {
        // With the native mux this is one message on the control socket, no process.
        Box::pin(async move { self.session.check().await.is_ok() })
    }

    fn close(self: Box<Self>) -> BoxFuture<'static, ()> {
        Box::pin(async move {
            // A master that does not close cleanly still exits once idle; nothing to report.
            if let Ok(session) = Arc::try_unwrap(self.session) {
                let _ = session.close().await;
            }
        })
    }
}

/// Everything a pipe gives until EOF (nothing when there is no pipe).
async fn read_all(pipe: Option<impl tokio::io::AsyncRead + Unpin>) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    if let Some(mut p) = pipe {
        p.read_to_end(&mut buf).await?;
    }
    Ok(buf)
}

/// Opens the command's channel. A refusal is retried a few times after a short pause:
/// sshd frees a finished session's slot a moment after the channel closes, and old
/// servers allow fewer sessions than `channels_per_host` may ask for.
async fn spawn_with_retry(
    command: &mut openssh::OwningCommand<Arc<Session>>,
) -> Result<openssh::Child<Arc<Session>>, TransportError> {
    let mut attempt = 0u32;
    loop {
        match command.spawn().await {
            Ok(child) => return Ok(child),
            Err(e) => {
                let text = error_text(&e);
                if !text.contains("refused") || attempt >= CHANNEL_RETRIES {
                    return Err(TransportError::Channel(text));
                }
                attempt += 1;
                let pause = 50 * u64::from(attempt);
                tokio::time::sleep(Duration::from_millis(pause + fastrand::u64(0..=pause))).await;
            }
        }
    }
}

/// Attempts after a refused channel.
const CHANNEL_RETRIES: u32 = 8;

fn channel_error(e: &openssh::Error) -> TransportError {
    TransportError::Channel(error_text(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_sorted_with_a_fix() {
        let e = classify(
            "[127.0.0.1]:2201",
            "No ED25519 host key is known for [127.0.0.1]:2201 and you have requested strict checking.\nHost key verification failed.",
        );
        assert!(
            matches!(&e, TransportError::HostKey(m) if m.contains("accept-new")),
            "{e}"
        );
        let e = classify(
            "h",
            "@@@ WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! @@@",
        );
        assert!(
            matches!(&e, TransportError::HostKey(m) if m.contains("ssh-keygen -R")),
            "{e}"
        );
        let e = classify("h", "zscan@h: Permission denied (publickey).");
        assert!(matches!(e, TransportError::Auth(_)));
        let e = classify("h", "connect to host h port 22: Connection refused");
        assert!(matches!(&e, TransportError::Unreachable(m) if m.contains("Connection refused")));
    }

    #[test]
    fn backoff_grows_and_is_bounded() {
        for attempt in 1..10 {
            let d = backoff(attempt);
            let base = 500u64 << (attempt - 1).min(4);
            assert!(d >= Duration::from_millis(base) && d <= Duration::from_millis(2 * base));
        }
    }
}
