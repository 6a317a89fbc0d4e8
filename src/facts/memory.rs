//! `memory`: the `Memory size: 32768 Megabytes` line of `prtconf`.

use crate::collect::RawFact;

use super::ParseError;

/// Installed RAM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Memory {
    pub bytes: u64,
}

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Memory, ParseError> {
    let _ = raw;
    Err(ParseError::new(0, "parser not written yet"))
}
