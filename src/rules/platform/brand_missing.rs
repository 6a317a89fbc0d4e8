//! ZM002: the zone's brand must be installed on the target (zoneadm checks 2 and 3).

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM002",
    name: "brand-missing",
    severity: Error,
    origin: "zoneadm attach checks 2 and 3",
    summary: "the zone's brand is not installed on the target",
    explanation: "\
What it checks: the manifest's brand attribute, or, when it is empty, the target's default
brand (the brand of /etc/zones/SUNWdefault.xml, native when it names none), must be an
installed brand on the target: a directory under /usr/lib/brand with a config.xml.

Why it matters: zoneadm opens the brand before anything else and stops with \"missing or
invalid brand\" when it cannot. A native (SVR4) zone cannot attach to Solaris 11, which has
no native brand; an ipkg zone needs an OpenSolaris-derived host.

How to fix: choose a target that has the brand, or convert the zone first (for example a
Solaris 10 native zone becomes a solaris10-branded zone through an archive, not by
detach/attach).",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let brand = pair.brand()?;
    let brands = Pair::need(&pair.target.brands)?;
    if !brands.names.contains(&brand) {
        let how = if pair.manifest.zone.explicit_brand().is_some() {
            "the manifest's brand"
        } else {
            "the target's default brand (the manifest names none)"
        };
        let installed = brands.names.iter().cloned().collect::<Vec<_>>().join(" ");
        out.push_with(
            format!("missing or invalid brand: {how} {brand:?} is not installed"),
            format!("brands installed on the target: {installed}"),
        );
    }
    Ok(Ran::Checked)
}
