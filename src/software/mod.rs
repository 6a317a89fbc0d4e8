//! The native software comparison (domain.md §1.4, §2.3, §2.4) and the IPS `entire`
//! comparison (§2.5).
//!
//! [`Inventory`] is the shared currency: the manifest carries the source's, and
//! [`target::target_inventory`] computes the target's for the manifest's layout.

pub mod cmp;
pub mod ips;
pub mod target;
pub mod update;

use crate::version::patch::PatchId;

/// A patch in an inventory, applied to the package it follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvPatch {
    pub id: PatchId,
    /// Base ids this patch obsoletes.
    pub obsoletes: Vec<String>,
}

/// A package in an inventory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvPackage {
    pub name: String,
    pub version: String,
    pub patches: Vec<InvPatch>,
}

/// A zone's SVR4 software inventory: packages in document order, each with its patches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inventory {
    pub packages: Vec<InvPackage>,
}

/// The parts of a zone's configuration that decide its target inventory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ZoneLayout {
    /// `inherited-pkg-dir` directories.
    pub inherited_pkg_dirs: Vec<String>,
    /// `fs` mount points (`directory` of each `filesystem`).
    pub fs_dirs: Vec<String>,
}
