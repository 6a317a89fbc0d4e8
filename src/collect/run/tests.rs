//! Pass 2 over the connection pass 1 kept, and over a new one when that has gone.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::collect::transport::BoxFuture;

/// A transport that answers every command with `kept` and counts its calls.
struct Kept {
    alive: bool,
    runs: Arc<AtomicUsize>,
    closed: Arc<AtomicUsize>,
}

impl Transport for Kept {
    fn run<'a>(&'a self, _call: Call<'a>) -> BoxFuture<'a, Result<Output, TransportError>> {
        self.runs.fetch_add(1, Ordering::SeqCst);
        Box::pin(async {
            Ok(Output {
                stdout: b"kept\n".to_vec(),
                ..Output::default()
            })
        })
    }

    fn alive(&self) -> BoxFuture<'_, bool> {
        let alive = self.alive;
        Box::pin(async move { alive })
    }

    fn close(self: Box<Self>) -> BoxFuture<'static, ()> {
        self.closed.fetch_add(1, Ordering::SeqCst);
        Box::pin(async {})
    }
}

/// A candidate answering from the hand-made snapshot's `s10-fra-01` when reopened.
fn plan() -> HostPlan {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/snapshots/handmade/hosts/s10-fra-01");
    HostPlan {
        name: "s10-fra-01".into(),
        address: "127.0.0.1".into(),
        roles: Roles::BOTH,
        tags: BTreeMap::new(),
        escalation: Become::None,
        access: Access::Replay(dir),
        channels: 1,
        login_is_root: false,
    }
}

/// `probe_paths` with a kept transport that is `alive` or not: its stdout, and how often
/// the kept transport ran a command and was closed.
fn probe(alive: bool) -> (String, usize, usize) {
    let (runs, closed) = (Arc::default(), Arc::default());
    let kept = Kept {
        alive,
        runs: Arc::clone(&runs),
        closed: Arc::clone(&closed),
    };
    let progress = Progress::hidden();
    let options = CollectOptions {
        hosts_in_flight: 1,
        control_dir: std::env::temp_dir(),
        progress: &progress,
        now: &String::new,
    };
    let paths = RemoteCommand::Paths(vec![
        RemotePath::new("/lib").unwrap_or_else(|e| panic!("{e}")),
    ]);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let record = runtime
        .block_on(probe_paths(&plan(), Some(Box::new(kept)), &paths, &options))
        .unwrap_or_else(|e| panic!("{e}"));
    let stdout = String::from_utf8_lossy(&record.output.stdout).into_owned();
    (
        stdout,
        runs.load(Ordering::SeqCst),
        closed.load(Ordering::SeqCst),
    )
}

#[test]
fn pass_two_runs_over_the_connection_pass_one_kept() {
    assert_eq!(probe(true), ("kept\n".to_string(), 1, 1));
}

#[test]
fn pass_two_reconnects_when_the_kept_connection_has_gone() {
    let (stdout, runs, closed) = probe(false);
    assert!(stdout.contains("/export/web01/data"), "{stdout}");
    assert_eq!((runs, closed), (0, 1));
}
