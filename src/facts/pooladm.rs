//! `pooladm`: the dynamic pools configuration, or the error when the facility is not active.

use crate::collect::RawFact;

use super::ParseError;

use std::collections::BTreeSet;

/// Resource pools on the host.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pools {
    pub active: bool,
    pub pools: BTreeSet<String>,
    /// Why the facility is inactive, as pooladm said it.
    pub message: Option<String>,
}

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Pools, ParseError> {
    let _ = raw;
    Err(ParseError::new(0, "parser not written yet"))
}
