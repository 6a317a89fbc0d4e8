//! Collection: the fixed catalogue of read-only commands and the snapshot directory they
//! fill. `validate` and `check` read snapshots only; they never touch the network.

pub mod catalogue;
pub mod snapshot;

pub use catalogue::FactId;
pub use snapshot::{RawFact, RawHost, RawZone, SnapshotError};
