//! The SVR4 software model of Solaris 10 hosts: patch-level families.
//!
//! A family is one release and architecture with its packages; its levels are the states
//! of a host patched once, twice, ... (level 1 is the oldest). Hosts of one family and
//! level have byte-identical package databases, which is what lets a fleet of 1,000 hosts
//! write each SVR4 fact once. Levels differ the way real patch bundles do: new kernel
//! patches and revisions, added patches, a few upgraded or added packages, so that a zone
//! moving up a level needs `attach -u` and one moving down cannot attach.
//!
//! - [`core`]: the real core packages and the stems filler packages are made of.
//! - [`build`]: generates a family's levels from the seed; `fillers` its filler packages.
//! - [`render`]: the `svr4-*` and `showrev` fact texts of a level.

pub mod build;
pub mod core;
mod fillers;
pub mod render;

pub use build::{Family, Level, Patch, Pkg, build_family};
