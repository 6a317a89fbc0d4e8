//! `sw_cmp`: the exact-match comparison of `zoneadm attach` without `-u` (domain.md §2.3).

use super::Inventory;

/// What `sw_cmp` would print, section by section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SwDiff {}

impl SwDiff {
    /// The report exactly as zoneadm prints it.
    pub fn render_solaris(&self) -> String {
        String::new()
    }
}

/// Compares the source inventory (from the manifest) with the target's.
pub fn sw_cmp(source: &Inventory, target: &Inventory) -> SwDiff {
    let _ = (source, target);
    SwDiff {}
}
