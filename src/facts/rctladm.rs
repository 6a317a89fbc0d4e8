//! `rctladm`: `rctladm -l`, one resource control per line, name first, then `syslog=...` and `[ flags ]`.

use crate::collect::RawFact;

use super::ParseError;

use std::collections::BTreeMap;

/// Global flags of one rctl (`no-basic`, `deny`, `no-deny`, `count`, ...).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RctlFlags {
    pub flags: Vec<String>,
}

impl RctlFlags {
    pub fn has(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }
}

/// Resource controls known to the host.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rctls {
    pub by_name: BTreeMap<String, RctlFlags>,
}

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Rctls, ParseError> {
    let _ = raw;
    Err(ParseError::new(0, "parser not written yet"))
}
