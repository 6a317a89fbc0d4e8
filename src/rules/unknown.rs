//! ZU0xx: "could not check". Not rules that run, but codes for the findings that explain
//! an `unknown` verdict, so that reports can rank and filter them like any other.

/// A "could not check" code.
#[derive(Debug)]
pub struct UnknownCode {
    pub code: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
    pub explanation: &'static str,
}

/// A fact a check needs is missing, failed or garbled.
pub static FACT_UNAVAILABLE: UnknownCode = UnknownCode {
    code: "ZU001",
    name: "fact-unavailable",
    summary: "a fact that some checks need could not be collected or read",
    explanation: "\
What it means: one or more checks that apply to this zone could not run because a fact of
the target (or of the source, or of the zone) was not collected, its command failed, or
its output could not be parsed. The finding names the fact, the host, the reason and the
checks affected.

Why it matters: zonescan never claims more than it checked: the pair's verdict is unknown
unless an error was found anyway.

How to fix: look at the reason. A missing fact is re-collected by the next scan; a failed
command usually needs privilege (become: pfexec or sudo in the inventory) or a tool the
host lacks; a garbled output is a parser gap worth reporting with the fact file attached.",
};

/// The zone's manifest could not be read.
pub static MANIFEST_UNREADABLE: UnknownCode = UnknownCode {
    code: "ZU002",
    name: "manifest-unreadable",
    summary: "the zone's manifest is missing, is not XML, or is not a zone configuration",
    explanation: "\
What it means: the zone's detach -n manifest (or /etc/zones/<zone>.xml) was not collected,
the command failed, or the document is not a well-formed zone configuration. No check can
run for this zone on any host.

Why it matters: every pair of this zone is unknown.

How to fix: look at the reason and the position it gives; collect again (detach -n must
run as root to include the software inventory and device permissions).",
};

/// A check failed internally.
pub static INTERNAL_ERROR: UnknownCode = UnknownCode {
    code: "ZU003",
    name: "internal-error",
    summary: "a check failed internally on this pair's data",
    explanation: "\
What it means: a check stopped unexpectedly on this pair's data. The other checks still
ran and the scan went on.

Why it matters: the pair's verdict is unknown.

How to fix: report it with the zone's manifest and the host's facts attached.",
};

/// Every "could not check" code.
pub static UNKNOWN_CODES: &[&UnknownCode] =
    &[&FACT_UNAVAILABLE, &MANIFEST_UNREADABLE, &INTERNAL_ERROR];

/// Looks a code up (case-insensitive) or by name.
pub fn find_unknown_code(key: &str) -> Option<&'static UnknownCode> {
    UNKNOWN_CODES
        .iter()
        .copied()
        .find(|c| c.code.eq_ignore_ascii_case(key) || c.name == key)
}
