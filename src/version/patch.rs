//! Patch ids: `NNNNNN-RR` (and IDRs `IDRnnnnnn-nn`), keyed by base id, revisions numeric
//! (domain.md §4.2).
//!
//! A higher revision of a base id includes every lower one, and an obsoleted base id is
//! obsolete in every revision, so everything that matches patches keys them by
//! [`PatchId::base`]. The revision is compared as a number ([`PatchId::rev`]); the text as
//! written ([`PatchId::rev_text`], zero-padded) is kept for display and for `sw_cmp`, which
//! tests the revision strings for equality.

use std::fmt;

/// A parsed patch id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PatchId {
    /// `147147`, or `IDR123456`.
    pub base: String,
    /// Numeric revision.
    pub rev: u32,
    /// The revision as written (`03`), kept for display and for `sw_cmp`'s string equality.
    pub rev_text: String,
}

/// A patch id that does not have the `base-rev` shape.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Hash)]
#[error("{0:?} is not a patch id (expected NNNNNN-RR)")]
pub struct PatchIdError(pub String);

/// Digits in a base id (`147147`, and the number of an `IDR147147`).
const BASE_DIGITS: usize = 6;

impl PatchId {
    /// Parses `NNNNNN-RR` (six digits, a dash, one or more digits) or `IDRnnnnnn-RR`.
    ///
    /// The revision is usually two zero-padded digits; any number of digits that fits a
    /// `u32` is accepted and kept as written in [`PatchId::rev_text`].
    pub fn parse(s: &str) -> Result<PatchId, PatchIdError> {
        let err = || PatchIdError(s.to_string());
        let (base, rev_text) = s.split_once('-').ok_or_else(err)?;
        let base = Self::parse_base(base).map_err(|_| err())?;
        if rev_text.is_empty() || !rev_text.bytes().all(|c| c.is_ascii_digit()) {
            return Err(err());
        }
        let rev = rev_text.parse::<u32>().map_err(|_| err())?;
        Ok(PatchId {
            base,
            rev,
            rev_text: rev_text.to_string(),
        })
    }

    /// Checks a bare base id (`147147`, `IDR147147`), as `<obsoletes id=...>` carries it.
    pub fn parse_base(s: &str) -> Result<String, PatchIdError> {
        let digits = s.strip_prefix("IDR").unwrap_or(s);
        if digits.len() == BASE_DIGITS && digits.bytes().all(|c| c.is_ascii_digit()) {
            Ok(s.to_string())
        } else {
            Err(PatchIdError(s.to_string()))
        }
    }

    /// Whether this is an IDR (`IDRnnnnnn-nn`), which `attach -u` cannot reason about
    /// (PSARC 2008/410).
    pub fn is_idr(&self) -> bool {
        self.base.starts_with("IDR")
    }
}

impl fmt::Display for PatchId {
    /// `147147-26`, with the revision as written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.base, self.rev_text)
    }
}

/// The base id of a patch id as the native brand code takes it from an `Obsoletes:` list:
/// everything before the first `-` (`144500-19` -> `144500`; `144500` stays).
pub fn base_of(id: &str) -> &str {
    id.split_once('-').map_or(id, |(base, _)| base)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may panic on bad input.
mod tests {
    use super::*;

    #[test]
    fn parses_a_patch_id() {
        let id = PatchId::parse("147147-26").unwrap();
        assert_eq!(id.base, "147147");
        assert_eq!(id.rev, 26);
        assert_eq!(id.rev_text, "26");
        assert_eq!(id.to_string(), "147147-26");
        assert!(!id.is_idr());
    }

    #[test]
    fn keeps_the_padding() {
        let id = PatchId::parse("148027-03").unwrap();
        assert_eq!(id.rev, 3);
        assert_eq!(id.rev_text, "03");
        assert_eq!(id.to_string(), "148027-03");
    }

    #[test]
    fn parses_an_idr() {
        let id = PatchId::parse("IDR151577-01").unwrap();
        assert_eq!(id.base, "IDR151577");
        assert_eq!(id.rev, 1);
        assert!(id.is_idr());
    }

    #[test]
    fn rejects_other_shapes() {
        for bad in [
            "",
            "-",
            "147147",
            "147147-",
            "-26",
            "14714-26",
            "1471470-26",
            "147147-2a",
            "147147-+2",
            "147147-26-1",
            "IDR-01",
            "IDR12345-01",
            "idr123456-01",
            "T123456-01",
            "147147-99999999999",
            " 147147-26",
            "147147-26 ",
            "١٤٧١٤٧-26",
        ] {
            assert!(PatchId::parse(bad).is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn error_names_the_text() {
        let err = PatchId::parse("x-1").unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"x-1\" is not a patch id (expected NNNNNN-RR)"
        );
    }

    #[test]
    fn bare_base_ids() {
        assert_eq!(PatchId::parse_base("144500").unwrap(), "144500");
        assert_eq!(PatchId::parse_base("IDR144500").unwrap(), "IDR144500");
        assert!(PatchId::parse_base("144500-19").is_err());
        assert!(PatchId::parse_base("14450").is_err());
    }

    #[test]
    fn base_of_strips_the_revision() {
        assert_eq!(base_of("144500-19"), "144500");
        assert_eq!(base_of("144500"), "144500");
        assert_eq!(base_of("a-b-c"), "a");
        assert_eq!(base_of(""), "");
    }
}
