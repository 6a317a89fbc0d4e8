//! `uname-a`: `SunOS <node> <release> <version> <machine> <processor> <platform>`.

use crate::collect::RawFact;

use super::ParseError;

/// The platform of a host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uname {
    pub node: String,
    /// `5.10`, `5.11`.
    pub release: String,
    /// Kernel patch or build: `Generic_150400-59`, `11.4.42.111.0`, `omnios-r151046-...`.
    pub version: String,
    /// Machine class: `sun4u`, `sun4v`, `i86pc`.
    pub machine: String,
    /// ISA: `sparc`, `i386`.
    pub isa: String,
    pub platform: String,
}

impl Uname {
    /// Solaris 10 has no `ipadm`; Solaris 11 and illumos may lack the S10 tools.
    pub fn is_solaris10(&self) -> bool {
        self.release == "5.10"
    }
}

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Uname, ParseError> {
    let _ = raw;
    Err(ParseError::new(0, "parser not written yet"))
}
