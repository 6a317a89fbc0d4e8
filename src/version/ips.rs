//! IPS FMRIs, `pkg://<publisher>/<name>@<release>[,<build>]-<branch>:<timestamp>`, ordered as
//! pkg5's `version.py` orders them.

/// A parsed FMRI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fmri {
    pub publisher: Option<String>,
    pub name: String,
    pub version: Option<IpsVersion>,
}

/// The version part of an FMRI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpsVersion {
    pub release: Vec<u64>,
    pub build: Option<Vec<u64>>,
    pub branch: Option<Vec<u64>>,
    /// `20220223T100004Z`.
    pub timestamp: Option<String>,
    /// As written, for display.
    pub text: String,
}

/// A string that is not an FMRI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not an IPS FMRI: {reason}")]
pub struct FmriError {
    pub text: String,
    pub reason: String,
}

impl Fmri {
    pub fn parse(s: &str) -> Result<Fmri, FmriError> {
        Err(FmriError {
            text: s.to_string(),
            reason: "parser not written yet".into(),
        })
    }
}
