//! `release`: the first line of `/etc/release`.

use crate::collect::RawFact;

use super::ParseError;

/// The distribution and update, from the first non-empty line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// First non-empty line, trimmed: `Oracle Solaris 10 1/13 s10s_u11wos_24a SPARC`.
    pub line: String,
    /// Solaris 10 update number from the build tag (`s10s_u11wos_24a` -> 11), when present.
    pub s10_update: Option<u32>,
}

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Release, ParseError> {
    let _ = raw;
    Err(ParseError::new(0, "parser not written yet"))
}
