//! `showrev`: `showrev -p` / `patchadd -p`, one `Patch:` line per patch.

use crate::collect::RawFact;

use super::ParseError;

/// One installed patch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShowrevPatch {
    /// `147147-26`.
    pub id: String,
    pub obsoletes: Vec<String>,
    pub requires: Vec<String>,
    pub packages: Vec<String>,
}

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Vec<ShowrevPatch>, ParseError> {
    let _ = raw;
    Err(ParseError::new(0, "parser not written yet"))
}
