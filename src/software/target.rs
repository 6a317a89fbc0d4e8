//! The target's inventory for a zone: `sw_inventory` run against the target's SVR4
//! database with the manifest's inherited-pkg-dirs and fs entries (domain.md §1.4).

use super::{Inventory, ZoneLayout};
use crate::facts::svr4::Svr4Db;

/// Computes what the target would record for a zone with this layout.
pub fn target_inventory(db: &Svr4Db, layout: &ZoneLayout) -> Inventory {
    let _ = (db, layout);
    Inventory::default()
}
