//! ZM5xx: clashes with what is already on the target (zoneadm checks 23 and 25, and the
//! address and datalink clashes zoneadm leaves to boot time).

pub mod address_in_use;
pub mod datalink_in_use;
pub mod zone_name_taken;
pub mod zonepath_overlap;
