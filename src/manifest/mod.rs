//! The zone manifest: `zoneadm -z Z detach -n` output, `SUNWdetached.xml` and
//! `/etc/zones/<zone>.xml` all share one XML shape (domain.md §1).
//!
//! [`parse::parse_manifest`] turns bytes into a typed [`Manifest`]; unknown elements and
//! attributes are kept, because the target's DTD decides whether they are acceptable
//! ([`validate`]).
//!
//! - `parse`: limits, encoding, roxmltree, the DOCTYPE; the entry point.
//! - `fast`: the path for manifests with an inventory: the rest of the document through
//!   roxmltree, the inventory `section` read once per distinct content.
//! - `read`: the typed model and the SVR4 inventory.
//! - `shape`: the distinct element shapes that validation works on.
//! - `validate`: libxml2's DTD validity checks over those shapes.

mod fast;
pub mod model;
pub mod parse;
mod read;
mod section;
mod shape;
pub mod validate;

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod fast_tests;
#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests;

pub use model::*;
pub use parse::{ManifestError, ManifestParser, parse_manifest};
