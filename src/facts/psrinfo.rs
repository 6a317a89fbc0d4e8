//! `psrinfo`: one line per virtual CPU, `0  on-line  since 01/12/2024 10:15:31`.

use crate::collect::RawFact;

use super::ParseError;

/// Virtual CPUs of the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cpus {
    pub total: u32,
    /// `on-line` and `no-intr` CPUs (both run threads).
    pub online: u32,
}

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Cpus, ParseError> {
    let _ = raw;
    Err(ParseError::new(0, "parser not written yet"))
}
