//! ZM1xx: software. The native brand's package and patch comparison (`sw_cmp`, and
//! `attach -u`'s downgrade rule), and the IPS brands' `entire` incorporation.

pub mod downgrade;
pub mod ips_entire_newer;
pub mod ips_entire_older;
pub mod packages_extra;
pub mod packages_inconsistent;
pub mod patches_extra;
pub mod patches_inconsistent;
pub mod update_unsupported;

use crate::rules::{Findings, NotRun, Pair, Ran};
use crate::software::cmp::SwDiff;

/// The four sections of `sw_cmp`'s report, in Solaris' order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    PkgInconsistent,
    PkgExtra,
    PatchInconsistent,
    PatchExtra,
}

/// A section's header and items as zoneadm prints them, and the number of items; `None`
/// when the section is empty.
fn section_report(diff: &SwDiff, section: Section) -> Option<(String, usize)> {
    // A diff holding only this section renders exactly that section.
    let mut only = SwDiff::default();
    let count = match section {
        Section::PkgInconsistent => {
            only.inconsistent_packages = diff.inconsistent_packages.clone();
            only.inconsistent_packages.len()
        }
        Section::PkgExtra => {
            only.extra_packages = diff.extra_packages.clone();
            only.extra_packages.len()
        }
        Section::PatchInconsistent => {
            only.inconsistent_patches = diff.inconsistent_patches.clone();
            only.inconsistent_patches.len()
        }
        Section::PatchExtra => {
            only.extra_patches = diff.extra_patches.clone();
            only.extra_patches.len()
        }
    };
    (count > 0).then(|| (only.render_solaris(), count))
}

/// Reports one `sw_cmp` section as one finding: Solaris' header as the message, the items
/// as evidence, exactly as zoneadm prints them.
fn report_section(pair: &Pair<'_>, out: &mut Findings, section: Section) -> Result<Ran, NotRun> {
    let Some(native) = pair.native_software()? else {
        return Ok(Ran::NotApplicable);
    };
    if let Some((text, count)) = section_report(&native.diff, section) {
        let header = text.lines().next().unwrap_or_default();
        out.push_with(format!("{} ({count})", header.trim_end_matches(':')), text);
    }
    Ok(Ran::Checked)
}

/// Brands whose zone images are IPS images with an `entire` incorporation.
pub fn is_ips_brand(brand: &str) -> bool {
    matches!(brand, "ipkg" | "lipkg" | "solaris" | "sparse")
}
