//! `transport: replay`: answers each command from its own files in a recorded snapshot
//! host directory, byte for byte as recorded. Only `host.json` is read up front, so a
//! replayed host costs no more memory than what is asked of it.

use std::path::Path;

use super::command::RemoteCommand;
use super::snapshot::HostRecords;
use super::transport::{BoxFuture, Call, Output, Transport, TransportError};

/// Answers from a recorded host directory.
#[derive(Debug)]
pub struct Replay {
    records: Result<HostRecords, String>,
}

impl Replay {
    /// Reads the directory's `host.json`; if the directory cannot be read as a host,
    /// every command fails with that reason (the host becomes `unknown`, the scan goes on).
    pub fn open(dir: &Path) -> Replay {
        Replay {
            records: HostRecords::read(dir).map_err(|e| e.to_string()),
        }
    }

    /// When the recorded host was collected, as recorded.
    pub fn collected_at(&self) -> Option<&str> {
        self.records.as_ref().ok()?.collected_at()
    }

    fn answer(&self, command: &RemoteCommand) -> Result<Output, TransportError> {
        let records = self
            .records
            .as_ref()
            .map_err(|e| TransportError::Unreachable(e.clone()))?;
        // A snapshot holds no target's opinion of a manifest.
        let at = command.record().ok_or(TransportError::NotRecorded)?;
        let recorded = records
            .output(at)
            // The file is there but cannot be read: its command's output is lost, as
            // when a live channel breaks.
            .map_err(|e| TransportError::Channel(e.to_string()))?;
        let Some(out) = recorded else {
            // No output: what the recording says went wrong, if anything.
            return Err(records.error(at).map_or(TransportError::NotRecorded, |e| {
                TransportError::Recorded(e.message.clone())
            }));
        };
        Ok(Output {
            stdout: out.stdout,
            stderr: out.stderr,
            exit: out.exit,
            // A replay takes no time; what the recording says the command took is kept.
            ms: out.ms.unwrap_or(0),
        })
    }
}

impl Transport for Replay {
    fn run<'a>(&'a self, call: Call<'a>) -> BoxFuture<'a, Result<Output, TransportError>> {
        Box::pin(async move { self.answer(call.command) })
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::collect::FactId;
    use crate::collect::command::ZoneName;

    fn write(path: &Path, bytes: &[u8]) {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        fs::write(path, bytes).unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn each_command_is_answered_from_its_own_files_as_recorded() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dir = tmp.path();
        write(
            &dir.join("host.json"),
            br#"{"facts": {"uname-a": {"exit": 3, "ms": 40}},
                "zones": {"web01": {"manifest": {"exit": 1, "ms": 900}}},
                "errors": [{"fact": "zfs-list", "message": "timed out after 60 s"}]}"#,
        );
        write(&dir.join("facts/uname-a.out"), b"SunOS \xff\n");
        write(&dir.join("facts/uname-a.err"), b"warn\n");
        write(&dir.join("zones/web01/manifest.xml"), b"<zone/>");
        write(&dir.join("zones/web01/manifest.err"), b"not all\n");
        let replay = Replay::open(dir);
        let uname = replay.answer(&RemoteCommand::Fact(FactId::UnameA));
        let expected = Output {
            stdout: b"SunOS \xff\n".to_vec(),
            stderr: b"warn\n".to_vec(),
            exit: 3,
            ms: 40,
        };
        assert_eq!(uname, Ok(expected));
        let zone = ZoneName::new("web01").unwrap_or_else(|e| panic!("{e}"));
        let manifest = replay.answer(&RemoteCommand::Detach(zone.clone()));
        let expected = Output {
            stdout: b"<zone/>".to_vec(),
            stderr: b"not all\n".to_vec(),
            exit: 1,
            ms: 900,
        };
        assert_eq!(manifest, Ok(expected));
        assert_eq!(
            replay.answer(&RemoteCommand::Fact(FactId::ZfsList)),
            Err(TransportError::Recorded("timed out after 60 s".into()))
        );
        assert_eq!(
            replay.answer(&RemoteCommand::ZoneConfig(zone)),
            Err(TransportError::NotRecorded)
        );
    }

    #[test]
    fn a_directory_that_is_no_host_fails_every_command() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let replay = Replay::open(tmp.path());
        let answer = replay.answer(&RemoteCommand::Fact(FactId::UnameA));
        assert!(
            matches!(&answer, Err(TransportError::Unreachable(m)) if m.contains("not a host directory")),
            "{answer:?}"
        );
    }
}
