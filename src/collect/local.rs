//! `transport: local`: the same fixed command texts, run by `/bin/sh` on the machine
//! zonescan runs on (its global zone).

use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::AsyncWriteExt;
use tokio::process::Command;

use super::transport::{BoxFuture, Call, Output, Transport, TransportError};

/// Runs commands on this machine.
#[derive(Debug, Clone)]
pub struct Local {
    timeout: Duration,
}

impl Local {
    pub fn new(timeout: Duration) -> Local {
        Local { timeout }
    }
}

impl Transport for Local {
    fn run<'a>(&'a self, call: Call<'a>) -> BoxFuture<'a, Result<Output, TransportError>> {
        Box::pin(async move {
            let start = Instant::now();
            let mut command = Command::new("/bin/sh");
            command
                .arg("-c")
                .arg(call.text)
                .stdin(if call.stdin.is_some() {
                    Stdio::piped()
                } else {
                    Stdio::null()
                })
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                // A command that outlives its timeout is killed, not left behind.
                .kill_on_drop(true);
            let mut child = command
                .spawn()
                .map_err(|e| TransportError::Channel(format!("cannot start /bin/sh: {e}")))?;
            let run = async {
                if let (Some(input), Some(mut pipe)) = (call.stdin, child.stdin.take()) {
                    pipe.write_all(input).await?;
                    pipe.shutdown().await?;
                }
                child.wait_with_output().await
            };
            let out = tokio::time::timeout(self.timeout, run)
                .await
                .map_err(|_| TransportError::Timeout(self.timeout.as_secs()))?
                .map_err(|e| TransportError::Channel(format!("reading command output: {e}")))?;
            Ok(Output {
                stdout: out.stdout,
                stderr: out.stderr,
                // Killed by a signal: the shell convention, 128 + signal, is not available
                // portably here; -1 marks "no exit status".
                exit: out.status.code().unwrap_or(-1),
                ms: elapsed_ms(start),
            })
        })
    }
}

/// Milliseconds since `start`, saturating.
pub(crate) fn elapsed_ms(start: Instant) -> u64 {
    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::collect::FactId;
    use crate::collect::command::RemoteCommand;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    #[test]
    fn runs_the_text_and_keeps_stdout_stderr_and_exit() {
        let local = Local::new(Duration::from_secs(10));
        let command = RemoteCommand::Fact(FactId::UnameA);
        let text = "printf 'a\\0b'; echo err >&2; exit 3";
        let out = runtime()
            .block_on(local.run(Call {
                command: &command,
                text,
                stdin: None,
            }))
            .unwrap();
        assert_eq!(out.stdout, b"a\0b");
        assert_eq!(out.stderr, b"err\n");
        assert_eq!(out.exit, 3);
    }

    #[test]
    fn feeds_stdin_and_times_out() {
        let local = Local::new(Duration::from_secs(1));
        let command = RemoteCommand::AttachDryRun;
        let rt = runtime();
        let out = rt
            .block_on(local.run(Call {
                command: &command,
                text: "wc -c",
                stdin: Some(&[b'x'; 100_000]),
            }))
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "100000");
        let slow = rt.block_on(local.run(Call {
            command: &command,
            text: "sleep 5",
            stdin: None,
        }));
        assert_eq!(slow, Err(TransportError::Timeout(1)));
    }
}
