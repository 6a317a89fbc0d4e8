//! Reads what a target's `zoneadm attach -n -` printed, leniently: the four `sw_cmp`
//! section headers (their item layout differs between releases, domain.md §2.3) and the
//! other messages of §2.1–2.2 that decide the outcome.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::software::cmp::{
    HEADER_SOURCE_PACKAGES, HEADER_SOURCE_PATCHES, HEADER_TARGET_PACKAGES, HEADER_TARGET_PATCHES,
};

/// A section of `sw_cmp`'s report, by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SwSection {
    PackagesInconsistent,
    PackagesExtra,
    PatchesInconsistent,
    PatchesExtra,
}

impl SwSection {
    pub const ALL: [(SwSection, &'static str); 4] = [
        (SwSection::PackagesInconsistent, HEADER_SOURCE_PACKAGES),
        (SwSection::PackagesExtra, HEADER_TARGET_PACKAGES),
        (SwSection::PatchesInconsistent, HEADER_SOURCE_PATCHES),
        (SwSection::PatchesExtra, HEADER_TARGET_PATCHES),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SwSection::PackagesInconsistent => "packages-inconsistent",
            SwSection::PackagesExtra => "packages-extra",
            SwSection::PatchesInconsistent => "patches-inconsistent",
            SwSection::PatchesExtra => "patches-extra",
        }
    }
}

/// What the target said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachReport {
    pub exit: i32,
    /// `sw_cmp` sections that were printed.
    pub sections: BTreeSet<SwSection>,
    /// Lines naming a check that failed or warned (brand, DTD, net, fs, rctl, ...), as
    /// printed, at most a few.
    pub messages: Vec<String>,
    /// `solaris10` brands on later releases: `The -n option is not yet implemented.`
    pub not_implemented: bool,
}

impl AttachReport {
    /// Whether the dry run passed (exit status 0).
    pub fn passed(&self) -> bool {
        self.exit == 0
    }
}

/// Messages of the checks (domain.md §2.2), matched anywhere in a line.
const KNOWN_MESSAGES: &[&str] = &[
    "Cannot attach to an earlier release of the operating system",
    "missing or invalid brand",
    "could not verify",
    "cannot verify",
    "is not a valid value for rctl",
    "privilege \"",
    "WARNING:",
    "getting the attach information failed",
    "Trying to attach a",
    "brand-specific verification",
];

/// At most this many message lines are kept per report.
const MAX_MESSAGES: usize = 20;

/// Parses a dry run's output; the report goes to stderr, some releases print to stdout.
pub fn parse_attach_report(stdout: &[u8], stderr: &[u8], exit: i32) -> AttachReport {
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(stdout),
        String::from_utf8_lossy(stderr)
    );
    let mut sections = BTreeSet::new();
    let mut messages = Vec::new();
    let mut not_implemented = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some((section, _)) = SwSection::ALL
            .iter()
            .find(|(_, header)| trimmed.starts_with(header.trim_end_matches(':')))
        {
            sections.insert(*section);
        } else if trimmed.contains("The -n option is not yet implemented") {
            not_implemented = true;
        } else if KNOWN_MESSAGES.iter().any(|m| trimmed.contains(m))
            && messages.len() < MAX_MESSAGES
        {
            messages.push(trimmed.to_string());
        }
    }
    AttachReport {
        exit,
        sections,
        messages,
        not_implemented,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_four_headers_whatever_the_item_layout() {
        let stderr = "These packages installed on the source system are inconsistent with this system:\n\
            \tSUNWcsr: version mismatch\n\t\t(11.10.0,REV=1)\n\t\t(11.10.0,REV=2)\n\
            These patches installed on this system were not installed on the source system:\n\
            \t119254-93\n";
        let r = parse_attach_report(b"", stderr.as_bytes(), 1);
        assert!(!r.passed());
        assert_eq!(
            r.sections.iter().copied().collect::<Vec<_>>(),
            vec![SwSection::PackagesInconsistent, SwSection::PatchesExtra]
        );
        // The Oracle document's layout, with the same headers.
        let oracle = "These packages installed on this system were not installed on the source system:\n\
            SUNWx (1.0) was not installed\n";
        let r = parse_attach_report(b"", oracle.as_bytes(), 1);
        assert_eq!(r.sections.len(), 1);
    }

    #[test]
    fn keeps_check_messages_and_notices_unimplemented_dry_runs() {
        let r = parse_attach_report(
            b"",
            b"WARNING: skipping network interface 'e1000g9' which may not be present/plumbed in the global zone.\nzoneadm: zone 'web01': missing or invalid brand\n",
            1,
        );
        assert_eq!(r.messages.len(), 2);
        let r = parse_attach_report(b"The -n option is not yet implemented.\n", b"", 254);
        assert!(r.not_implemented);
        assert!(parse_attach_report(b"", b"", 0).passed());
    }
}
