//! Collection: the fixed catalogue of read-only commands and the snapshot directory they
//! fill. `collect` and `scan` reach hosts through a transport (ssh, local or replay);
//! `validate` and `check` read snapshots only; they never touch the network.

pub mod catalogue;
pub mod command;
pub mod index;
pub mod local;
pub mod progress;
pub mod replay;
pub mod run;
pub mod snapshot;
pub mod ssh;
pub mod transport;
pub mod writer;

pub use catalogue::FactId;
pub use index::{IndexError, SnapshotIndex};
pub use snapshot::{HostMeta, RawFact, RawHost, RawZone, SnapshotError};
