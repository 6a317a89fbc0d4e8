//! `ips-entire`: `pkg list -H -v entire` of the global zone, and of a zone image.

use crate::collect::RawFact;
use crate::version::ips::Fmri;

use super::ParseError;

/// Parses the `entire` FMRI.
pub fn parse(raw: &RawFact) -> Result<Fmri, ParseError> {
    let _ = raw;
    Err(ParseError::new(0, "parser not written yet"))
}
