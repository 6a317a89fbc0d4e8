//! How commands reach a host. Collection is written against [`Transport`]: `ssh` and
//! `local` run the command, `replay` answers from a recorded snapshot host directory.

use std::future::Future;
use std::pin::Pin;

use super::command::RemoteCommand;

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
