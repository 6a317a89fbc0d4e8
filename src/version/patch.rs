//! Patch ids: `NNNNNN-RR` (and IDRs `IDRnnnnnn-nn`), keyed by base id, revisions numeric.

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
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a patch id (expected NNNNNN-RR)")]
pub struct PatchIdError(pub String);

impl PatchId {
    pub fn parse(s: &str) -> Result<PatchId, PatchIdError> {
        Err(PatchIdError(s.to_string()))
    }
}
