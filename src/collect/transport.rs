//! How commands reach a host. Collection is written against [`Transport`]: `ssh` and
//! `local` run the command, `replay` answers from a recorded snapshot host directory.

use std::future::Future;
use std::path::Path;
use std::pin::Pin;

use super::command::RemoteCommand;
use super::snapshot::{RawHost, SnapshotError};

/// What a command printed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub exit: i32,
    /// Wall time, for the slowest-hosts list.
    pub ms: u64,
}

/// Why a command could not be run at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No connection: refused, timed out, no route, name unknown (after the retries).
    #[error("{0}")]
    Unreachable(String),
    /// The host key is unknown or changed: never retried, never accepted silently.
    #[error("{0}")]
    HostKey(String),
    /// The server refused our credentials.
    #[error("{0}")]
    Auth(String),
    /// The connection was up but the command could not be started or its output read.
    #[error("{0}")]
    Channel(String),
    #[error("not recorded in the replayed snapshot")]
    NotRecorded,
    #[error("timed out after {0} s")]
    Timeout(u64),
    /// A failure the replayed snapshot recorded for this command.
    #[error("{0}")]
    Recorded(String),
}

/// A boxed future, so that transports can be used as trait objects.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One command to run: the typed command (what it means) and its exact text (what is
/// sent; built by [`RemoteCommand::text`] with the host's `become` prefix).
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    pub command: &'a RemoteCommand,
    pub text: &'a str,
    /// Fed to the command's standard input (`attach -n -` reads the manifest there).
    pub stdin: Option<&'a [u8]>,
}

/// Runs commands of the closed set on one host. Implementations apply the per-command
/// timeout themselves; the caller limits how many run at once.
pub trait Transport: Send + Sync {
    fn run<'a>(&'a self, call: Call<'a>) -> BoxFuture<'a, Result<Output, TransportError>>;

    /// Whether commands can still be run: an SSH master exits by itself once idle for
    /// its ControlPersist limit.
    fn alive(&self) -> BoxFuture<'_, bool> {
        Box::pin(async { true })
    }

    /// Ends the connection, if there is one.
    fn close(self: Box<Self>) -> BoxFuture<'static, ()> {
        Box::pin(async {})
    }
}

/// Answers from a recorded host directory, byte for byte as recorded.
#[derive(Debug)]
pub struct Replay {
    raw: Result<RawHost, String>,
}

impl Replay {
    /// Reads the recorded host directory once; if it cannot be read, every command fails
    /// with that reason (the host becomes `unknown`, the scan goes on).
    pub fn open(dir: &Path) -> Replay {
        Replay {
            raw: RawHost::read(dir).map_err(|e: SnapshotError| e.to_string()),
        }
    }

    /// When the recorded host was collected, as recorded.
    pub fn collected_at(&self) -> Option<&str> {
        self.raw.as_ref().ok()?.meta.collected_at.as_deref()
    }
}

impl Transport for Replay {
    fn run<'a>(&'a self, call: Call<'a>) -> BoxFuture<'a, Result<Output, TransportError>> {
        Box::pin(async move { self.answer(call.command) })
    }
}

impl Replay {
    fn answer(&self, command: &RemoteCommand) -> Result<Output, TransportError> {
        let raw = self
            .raw
            .as_ref()
            .map_err(|e| TransportError::Unreachable(e.clone()))?;
        let fact = |f: &super::RawFact| Output {
            stdout: f.stdout.clone().into_bytes(),
            stderr: f.stderr.clone().into_bytes(),
            exit: f.exit,
            ms: 0,
        };
        let mut out = match command {
            RemoteCommand::Fact(id) => raw.fact(*id).map(fact),
            RemoteCommand::Paths(_) => raw.fact(super::FactId::Paths).map(fact),
            RemoteCommand::Detach(zone) => raw.zones.get(zone.as_str()).and_then(|z| {
                z.manifest.as_ref().map(|m| Output {
                    stdout: m.clone(),
                    exit: z.manifest_exit,
                    ..Output::default()
                })
            }),
            RemoteCommand::ZoneConfig(zone) => raw.zones.get(zone.as_str()).and_then(|z| {
                z.config.as_ref().map(|c| Output {
                    stdout: c.clone(),
                    ..Output::default()
                })
            }),
            RemoteCommand::ZoneEntire { zone, .. } => raw
                .zones
                .get(zone.as_str())
                .and_then(|z| z.facts.get(&super::FactId::IpsEntire))
                .map(fact),
            // A snapshot holds no target's opinion of a manifest.
            RemoteCommand::AttachDryRun => None,
        }
        .ok_or_else(|| recorded_failure(raw, command))?;
        // A replay took no time; what the recording says the command took is kept.
        out.ms = raw
            .recorded_ms
            .get(&record_key(command))
            .copied()
            .unwrap_or(0);
        Ok(out)
    }
}

/// The key of a command's recorded time in [`RawHost::recorded_ms`].
fn record_key(command: &RemoteCommand) -> String {
    match command {
        RemoteCommand::Fact(id) => id.name().to_string(),
        RemoteCommand::Paths(_) => super::FactId::Paths.name().to_string(),
        RemoteCommand::Detach(z) => format!("{z}/manifest"),
        RemoteCommand::ZoneConfig(z) => format!("{z}/config"),
        RemoteCommand::ZoneEntire { zone, .. } => {
            format!("{zone}/{}", super::FactId::IpsEntire.name())
        }
        RemoteCommand::AttachDryRun => String::new(),
    }
}

/// What the recorded snapshot says went wrong with a command it has no output for.
fn recorded_failure(raw: &RawHost, command: &RemoteCommand) -> TransportError {
    let (fact, zone) = match command {
        RemoteCommand::Fact(id) => (Some(id.name()), None),
        RemoteCommand::Paths(_) => (Some(super::FactId::Paths.name()), None),
        RemoteCommand::Detach(z) | RemoteCommand::ZoneConfig(z) => (None, Some(z.as_str())),
        RemoteCommand::ZoneEntire { zone, .. } => {
            (Some(super::FactId::IpsEntire.name()), Some(zone.as_str()))
        }
        RemoteCommand::AttachDryRun => return TransportError::NotRecorded,
    };
    raw.errors
        .iter()
        .find(|e| e.fact.as_deref() == fact && e.zone.as_deref() == zone)
        .map_or(TransportError::NotRecorded, |e| {
            TransportError::Recorded(e.message.clone())
        })
}
