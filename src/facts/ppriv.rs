//! `ppriv`: `ppriv -l`, one privilege name per line.

use crate::collect::RawFact;

use super::ParseError;

use std::collections::BTreeSet;

/// Privilege names the host knows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Privileges {
    pub names: BTreeSet<String>,
}

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Privileges, ParseError> {
    let _ = raw;
    Err(ParseError::new(0, "parser not written yet"))
}
