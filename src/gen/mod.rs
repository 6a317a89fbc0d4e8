//! Synthetic fleets: `zonescan gen-fleet SPEC.yaml OUT` writes a snapshot (and its
//! inventory) that reads exactly like one collected from real hosts, from a small YAML
//! spec and a seed. It makes the bundled demo fleet and the large fleets benchmarks run on.
//!
//! - [`spec`]: the YAML model; [`plan`]: the spec expanded into hosts and zones.
//! - [`svr4`]: patch-level families of Solaris 10 package databases.
//! - `os`: what differs between releases.

mod clock;
mod os;
pub mod plan;
mod rng;
pub mod spec;
pub mod svr4;

pub use spec::{Spec, parse_spec};
