//! ZM002: the zone's brand must be installed on the target (zoneadm checks 2 and 3).

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM002",
    name: "brand-missing",
    severity: Error,
    scope: Class,
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
        let why = if pair.manifest.zone.explicit_brand().is_some() {
            ""
        } else if pair.manifest.has_inventory() {
            " (the manifest names no brand; its SVR4 inventory makes it a native zone)"
        } else {
            " (the manifest names no brand; this is the target's default brand)"
        };
        let installed = brands.names.iter().cloned().collect::<Vec<_>>().join(" ");
        out.push_with(
            format!("missing or invalid brand: {brand:?} is not installed{why}"),
            format!("brands installed on the target: {installed}"),
        );
    }
    Ok(Ran::Checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::brands::Brands;
    use crate::facts::default_brand::DefaultBrand;
    use crate::rules::testing::*;

    fn target(brands: &[&str], default: &str) -> crate::facts::HostFacts {
        let mut h = host();
        h.brands = Ok(Brands {
            names: brands.iter().map(|b| b.to_string()).collect(),
        });
        h.default_brand = Ok(DefaultBrand(default.into()));
        h
    }

    #[test]
    fn fires_when_brand_absent_or_default_differs() {
        let mut m = manifest();
        m.zone.brand = Some("native".into());
        let got = messages(
            &RULE,
            &m,
            &target(&["solaris", "solaris10"], "solaris"),
            None,
        );
        assert_eq!(
            got,
            vec!["missing or invalid brand: \"native\" is not installed"]
        );
        // No brand in the manifest: the target's default decides.
        m.zone.brand = None;
        let got = messages(&RULE, &m, &target(&["native", "ipkg"], "ipkg2"), None);
        assert_eq!(got.len(), 1);
        assert!(
            got[0].contains("\"ipkg2\"") && got[0].contains("default brand"),
            "{got:?}"
        );
    }

    #[test]
    fn a_manifest_with_an_inventory_is_native() {
        // Solaris 10 writes no brand attribute; the inventory says the zone is native,
        // whatever the target's default template is.
        let (m, _) = native(&[("SUNWcsr", "1", &[])], &[]);
        let mut m = m;
        m.zone.brand = None;
        let got = messages(
            &RULE,
            &m,
            &target(&["solaris", "solaris10"], "solaris"),
            None,
        );
        assert_eq!(
            got,
            vec![
                "missing or invalid brand: \"native\" is not installed (the manifest names no brand; its SVR4 inventory makes it a native zone)"
            ]
        );
    }

    #[test]
    fn passes_when_installed() {
        let mut m = manifest();
        m.zone.brand = Some("native".into());
        assert!(messages(&RULE, &m, &target(&["native"], "native"), None).is_empty());
        m.zone.brand = Some(String::new());
        assert!(messages(&RULE, &m, &target(&["native"], "native"), None).is_empty());
    }
}
