//! `brands`: `ls -1 /usr/lib/brand/*/config.xml`, one path per installed brand.

use crate::collect::RawFact;

use super::ParseError;

use std::collections::BTreeSet;

/// Brands installed on the host.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Brands {
    pub names: BTreeSet<String>,
}

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Brands, ParseError> {
    let _ = raw;
    Err(ParseError::new(0, "parser not written yet"))
}
