//! Host facts: one parser per fact id of the catalogue, each accepting every release
//! variant of its command's output (domain.md §3), and [`HostFacts`], the parsed view of
//! one host that every check reads. A host's facts are parsed once per run, and an output
//! that several hosts share once in all ([`Parsers`]).
//!
//! A fact that is absent, failed or does not parse is kept as a [`FactError`] in its slot:
//! the checks that need it report that they could not run, the others still do.

pub mod brands;
pub mod default_brand;
pub mod dispadmin;
pub mod dladm;
pub mod dtd;
pub mod ifconfig;
pub mod ipadm;
pub mod ips;
pub mod memory;
pub mod paths;
pub mod pooladm;
pub mod ppriv;
pub mod psrinfo;
pub mod rctladm;
pub mod release;
pub mod showrev;
pub mod svr4;
pub mod uname;
pub mod zfs;
pub mod zoneadm_list;

mod host;
mod shared;

pub use host::{HostFacts, ZoneConfig, zone_entire};
pub use shared::Parsers;

use std::fmt;

use crate::collect::FactId;

/// A parser's complaint, with the 1-based line of the fact's output it is about
/// (0 when it is about the output as a whole).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Hash)]
#[error("line {line}: {message}")]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

impl ParseError {
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        ParseError {
            line,
            message: message.into(),
        }
    }
}

/// Why a fact is not available for a host.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FactProblem {
    /// No file in the snapshot: never collected.
    Missing,
    /// The collector recorded a failure (timeout, connection lost, ...).
    NotCollected { message: String },
    /// The command exited non-zero.
    CommandFailed { exit: i32, stderr: String },
    /// The output did not parse.
    Garbled(ParseError),
}

/// A fact that could not be used, naming the host and the fact.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Hash)]
pub struct FactError {
    pub host: String,
    pub fact: FactId,
    pub problem: FactProblem,
}

impl fmt::Display for FactError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let FactError { host, fact, .. } = self;
        match &self.problem {
            FactProblem::Missing => write!(f, "host {host}: fact {fact} was not collected"),
            FactProblem::NotCollected { message } => {
                write!(
                    f,
                    "host {host}: fact {fact} could not be collected: {message}"
                )
            }
            FactProblem::CommandFailed { exit, stderr } => {
                let first = stderr.lines().next().unwrap_or("").trim();
                if first.is_empty() {
                    write!(
                        f,
                        "host {host}: fact {fact}: command exited with status {exit}"
                    )
                } else {
                    write!(
                        f,
                        "host {host}: fact {fact}: command exited with status {exit}: {first}"
                    )
                }
            }
            FactProblem::Garbled(e) => write!(f, "host {host}: fact {fact}: {e}"),
        }
    }
}

/// A parsed fact, or why it is unavailable.
pub type Fact<T> = Result<T, FactError>;
