//! ZM5xx: clashes with what is already on the target (zoneadm checks 23 and 25, and the
//! address and datalink clashes zoneadm leaves to boot time).

pub mod address_in_use;
pub mod datalink_in_use;
pub mod zone_name_taken;
pub mod zonepath_overlap;

use crate::facts::zoneadm_list::ZoneEntry;
use crate::manifest::Manifest;
use crate::rules::{NotRun, Pair};

/// The target's other zones (not global, not this zone itself), with their configuration
/// when it was collected.
pub fn other_zones<'a>(
    pair: &Pair<'a>,
) -> Result<Vec<(&'a ZoneEntry, Option<&'a Manifest>)>, NotRun> {
    let zones = Pair::need(&pair.target.zones)?;
    Ok(zones
        .iter()
        .filter(|z| !z.is_global() && z.name != pair.zone)
        .map(|z| {
            let config = pair
                .target
                .zone_configs
                .get(&z.name)
                .and_then(|c| c.as_ref().ok());
            (z, config)
        })
        .collect())
}
