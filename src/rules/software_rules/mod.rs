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

pub use crate::rules::context::Section;
use crate::rules::{Findings, NotRun, Pair, Ran};

/// Reports one `sw_cmp` section as one finding: Solaris' header as the message, the items
/// as evidence, exactly as zoneadm prints them.
fn report_section(pair: &Pair<'_>, out: &mut Findings, section: Section) -> Result<Ran, NotRun> {
    let Some(native) = pair.native_software()? else {
        return Ok(Ran::NotApplicable);
    };
    if let Some((text, count)) = native.section(section) {
        let header = text.lines().next().unwrap_or_default();
        out.push_with(
            format!("{} ({count})", header.trim_end_matches(':')),
            text.clone(),
        );
    }
    Ok(Ran::Checked)
}

/// Brands whose zone images are IPS images with an `entire` incorporation.
pub fn is_ips_brand(brand: &str) -> bool {
    matches!(brand, "ipkg" | "lipkg" | "solaris" | "sparse")
}
