//! zonescan: for every zone of a Solaris/illumos fleet and every candidate host, could the
//! zone be detached here and attached there, and if not, exactly why not.
//!
//! The modules follow the pipeline:
//!
//! - [`inventory`]: the operator's view of the fleet (host and zone names and their rules).
//! - [`collect`]: the fixed catalogue of read-only commands, the transports that run it
//!   (ssh, local, replay) and the snapshot on disk.
//! - [`facts`]: one parser per command output, into a per-host [`facts::HostFacts`].
//! - [`manifest`]: the `zoneadm detach -n` manifest, its typed model and DTD checks.
//! - [`memo`]: values computed once per distinct input (equal fact files, inventories).
//! - [`version`]: SVR4 package versions, patch ids and IPS FMRIs, ordered as Solaris does.
//! - [`software`]: the native package/patch comparison (`sw_cmp`, `attach -u`) and IPS `entire`.
//! - [`rules`]: one file per check, each with a stable code, severity and explanation.
//! - [`engine`]: evaluates a (zone, host) pair into a verdict with findings and coverage.
//! - [`confirm`]: `--confirm`, the targets' own `zoneadm attach -n` set against the verdicts.
//! - [`gate`]: requirements of a maintenance window (plan, baseline) checked on the matrix.
//! - [`report`]: renders results for people and programs.
//! - [`fleetgen`]: synthetic fleet snapshots from a spec,
//!   for the demo fleet and benchmarks.
//! - `cli` (binary only): argument parsing on top of the library.

pub mod collect;
pub mod confirm;
pub mod engine;
pub mod facts;
pub mod fleetgen;
pub mod gate;
pub mod inventory;
pub mod manifest;
pub mod memo;
pub mod report;
pub mod rules;
pub mod software;
pub mod version;
