//! `default-brand`: `/etc/zones/SUNWdefault.xml`, the template whose `brand` a manifest with an empty brand gets.

use crate::collect::RawFact;

use super::ParseError;

/// The brand of the host's default template (`native` when the template names none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultBrand(pub String);

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<DefaultBrand, ParseError> {
    let _ = raw;
    Err(ParseError::new(0, "parser not written yet"))
}
