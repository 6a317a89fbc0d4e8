//! `dispadmin`: `dispadmin -l`, the configured scheduling classes.

use crate::collect::RawFact;

use super::ParseError;

use std::collections::BTreeSet;

/// Scheduling class names (`TS`, `FSS`, ...).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchedClasses {
    pub names: BTreeSet<String>,
}

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<SchedClasses, ParseError> {
    let _ = raw;
    Err(ParseError::new(0, "parser not written yet"))
}
