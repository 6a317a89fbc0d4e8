//! `zonescan collect`: reach every host of the inventory (ssh, local or replay), run the
//! read-only catalogue, write the snapshot. Shared with `scan`, which then validates it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;

use zonescan::collect::progress::Progress;
use zonescan::collect::run::{Access, CollectOptions, CollectedHost, HostPlan, collect};
use zonescan::collect::ssh::{Mux, SshTarget};
use zonescan::collect::writer::write_snapshot;
use zonescan::confirm::run::confirm;
use zonescan::confirm::{Confirmation, Selected};
use zonescan::inventory::{HostSettings, Inventory, KnownHosts, Transport};
use zonescan::report::time::{format_rfc3339, parse_rfc3339};

use super::Exit;
use super::fleet::now;

/// How to connect, on top of the inventory.
#[derive(Debug, Clone, Args)]
pub struct ConnectArgs {
    /// Host keys seen for the first time: `accept-new` trusts and records them (a changed
    /// key is still refused). Overrides the inventory's `known_hosts`. Default: the
    /// inventory's setting, strict unless it says otherwise.
    #[arg(long, value_enum, value_name = "POLICY")]
    known_hosts: Option<KnownHosts>,
    /// How commands share a host's SSH connection: `native` (the multiplexing protocol,
    /// no process per command) or `process` (`ssh -S` per command).
    #[arg(long, value_enum, default_value_t = Mux::Native, value_name = "MODE")]
    ssh_mux: Mux,
}

#[derive(Debug, Args)]
pub struct CollectArgs {
    /// The fleet's inventory (hosts, roles, tags, transports and SSH settings).
    #[arg(long, value_name = "FILE")]
    inventory: PathBuf,
    /// Where to write the snapshot (replaced if it is already a snapshot).
    #[arg(long, value_name = "DIR")]
    snapshot: PathBuf,
    #[command(flatten)]
    connect: ConnectArgs,
    /// No progress bars and no summary.
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(args: &CollectArgs) -> anyhow::Result<Exit> {
    let inventory = Inventory::load(&args.inventory)?;
    let hosts = Hosts::new(&inventory, &args.connect, args.quiet)?.collect()?;
    write_collected(&args.snapshot, &hosts)?;
    let incomplete = hosts.iter().any(|h| !h.failures.is_empty());
    if !args.quiet {
        eprint!("{}", collection_summary(&hosts, &args.snapshot));
    }
    Ok(if incomplete {
        Exit::Incomplete
    } else {
        Exit::Success
    })
}

/// The fleet's hosts as collection reaches them, with what talking to them needs; used
/// once to collect and, for `scan --confirm`, again to ask the targets.
pub struct Hosts<'i> {
    inventory: &'i Inventory,
    plans: Vec<HostPlan>,
    run: HostRun,
}

impl<'i> Hosts<'i> {
    pub fn new(
        inventory: &'i Inventory,
        connect: &ConnectArgs,
        quiet: bool,
    ) -> anyhow::Result<Self> {
        Ok(Hosts {
            inventory,
            plans: plans(inventory, connect)?,
            run: HostRun::new(quiet)?,
        })
    }

    /// Collects every host; Ctrl-C closes the connections and stops.
    pub fn collect(&self) -> anyhow::Result<Vec<CollectedHost>> {
        let options = self.run.options(self.inventory);
        self.run.block_on(collect(&self.plans, &options))
    }

    /// Asks the targets' `zoneadm attach -n -` about the selected pairs, sending the
    /// manifests as collected.
    pub fn confirm(
        &self,
        selected: &[Selected],
        hosts: &[CollectedHost],
    ) -> anyhow::Result<Vec<Confirmation>> {
        let manifests: HashMap<(&str, &str), &[u8]> = hosts
            .iter()
            .flat_map(|h| {
                h.zones.iter().filter_map(move |(zone, records)| {
                    let manifest = records.manifest.as_ref()?;
                    Some((
                        (h.name.as_str(), zone.as_str()),
                        manifest.output.stdout.as_slice(),
                    ))
                })
            })
            .collect();
        let options = self.run.options(self.inventory);
        self.run
            .block_on(confirm(selected, &manifests, &self.plans, &options))
    }
}

/// What talking to hosts needs: a tokio runtime (for the waiting only: validation runs
/// on rayon after it returns), the control directory and the progress bars.
struct HostRun {
    control_dir: tempfile::TempDir,
    progress: Progress,
    runtime: tokio::runtime::Runtime,
}

impl HostRun {
    fn new(quiet: bool) -> anyhow::Result<HostRun> {
        Ok(HostRun {
            control_dir: control_dir()?,
            progress: Progress::new(quiet),
            runtime: tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .context("starting the collection runtime")?,
        })
    }

    fn options(&self, inventory: &Inventory) -> CollectOptions<'_> {
        CollectOptions {
            hosts_in_flight: usize::try_from(inventory.defaults.hosts_in_flight).unwrap_or(1),
            control_dir: self.control_dir.path().to_path_buf(),
            progress: &self.progress,
            now: &now,
        }
    }

    /// Runs `work` to completion, or until Ctrl-C: dropping the work then closes every
    /// SSH master (their Drop runs `ssh -O exit`).
    fn block_on<T>(&self, work: impl std::future::Future<Output = T>) -> anyhow::Result<T> {
        let result = self.runtime.block_on(async {
            tokio::select! {
                done = work => Ok(done),
                _ = tokio::signal::ctrl_c() => Err(anyhow::anyhow!("interrupted: connections closed, nothing written")),
            }
        });
        self.progress.finish();
        result
    }
}

/// Writes the snapshot; a replayed snapshot is as old as its oldest recording.
pub fn write_collected(dir: &Path, hosts: &[CollectedHost]) -> anyhow::Result<()> {
    let created = hosts
        .iter()
        .filter_map(|h| h.collected_at.as_deref().and_then(parse_rfc3339))
        .min()
        .map_or_else(now, format_rfc3339);
    write_snapshot(dir, &created, hosts)?;
    Ok(())
}

/// A short private directory for the control sockets: a socket path may not exceed 108
/// bytes, and ssh appends a suffix to it while binding.
fn control_dir() -> anyhow::Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix("zs")
        .tempdir_in("/tmp")
        .context("creating the SSH control directory under /tmp")
}

/// What to collect from each host, and how.
fn plans(inventory: &Inventory, connect: &ConnectArgs) -> anyhow::Result<Vec<HostPlan>> {
    let mut plans = Vec::with_capacity(inventory.hosts.len());
    for (host, s) in inventory.hosts.iter().zip(inventory.host_settings()) {
        let access = access(inventory, &s, connect)?;
        plans.push(HostPlan {
            name: s.name.clone(),
            address: s.address.clone(),
            roles: host.roles,
            tags: host.tags.clone(),
            escalation: s.become_,
            login_is_root: match &access {
                Access::Ssh(t) => t.user.as_deref() == Some("root"),
                Access::Local { .. } => this_process_is_root(),
                Access::Replay(_) => false,
            },
            access,
            channels: usize::try_from(s.channels).unwrap_or(1),
        });
    }
    Ok(plans)
}

fn access(
    inventory: &Inventory,
    s: &HostSettings,
    connect: &ConnectArgs,
) -> anyhow::Result<Access> {
    Ok(match s.transport {
        Transport::Replay => match &s.replay {
            Some(dir) => Access::Replay(dir.clone()),
            None => bail!(
                "{}: host {}: transport replay needs a recorded host directory",
                inventory.path.display(),
                s.name
            ),
        },
        Transport::Local => Access::Local {
            command_timeout: s.command_timeout,
        },
        Transport::Ssh => Access::Ssh(SshTarget {
            address: s.address.clone(),
            port: s.port,
            user: s.user.clone(),
            identity_file: s.identity_file.as_deref().map(expand_home),
            known_hosts: connect.known_hosts.unwrap_or(s.known_hosts),
            known_hosts_file: s.known_hosts_file.as_deref().map(expand_home),
            ssh_config: s.ssh_config.as_deref().map(expand_home),
            connect_timeout: s.connect_timeout,
            command_timeout: s.command_timeout,
            retries: s.retries,
            mux: connect.ssh_mux,
        }),
    })
}

/// `~/x` is the operator's home, as ssh itself reads it.
fn expand_home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => path.to_path_buf(),
    }
}

/// `/proc/self` belongs to the process's effective user on Linux, Solaris and illumos.
fn this_process_is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// A few lines on stderr: hosts, zones, failures and why unreachable hosts were.
pub fn collection_summary(hosts: &[CollectedHost], snapshot: &Path) -> String {
    let unreachable: Vec<&CollectedHost> = hosts.iter().filter(|h| h.unreachable()).collect();
    let zones: usize = hosts.iter().map(|h| h.zones.len()).sum();
    let failures: usize = hosts
        .iter()
        .filter(|h| !h.unreachable())
        .map(|h| h.failures.len())
        .sum();
    let mut out = format!(
        "Collected {} hosts ({} unreachable), {zones} zones, {failures} failed commands on \
         reachable hosts\nSnapshot: {}\n",
        hosts.len(),
        unreachable.len(),
        snapshot.display()
    );
    for h in unreachable.iter().take(10) {
        let reason = h
            .failures
            .iter()
            .find(|f| f.fact.is_none() && f.zone.is_none())
            .or(h.failures.first())
            .map_or("", |f| f.message.as_str());
        out.push_str(&format!("  unreachable {}: {reason}\n", h.name));
    }
    out
}
