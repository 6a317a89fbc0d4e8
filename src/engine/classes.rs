//! Equivalence classes of zones and hosts, and the views the checks of each
//! [`Scope`](crate::rules::Scope) are shown.
//!
//! A `Class` check sees a zone's *class view*: its software, platform and resource
//! settings with its name replaced by a placeholder and its paths, networks and datasets
//! left out; and a host's class view: its platform, software and resource facts, named by a
//! placeholder, without its zones, interfaces, links, datasets and probed paths. Zones (and
//! hosts) with equal views form one class, and a `Class` check's findings for one zone
//! class against one host class hold for every pair of them, with the placeholders filled
//! in with each pair's names ([`render`]). A `Zone` check sees the whole zone and only
//! the target's zonecfg DTD.
//!
//! Names are validated ASCII (zone and host name rules), so the placeholders, characters
//! of Unicode's private use area, cannot clash with them.

use std::borrow::Cow;
use std::hash::Hash;

use siphasher::sip128::{Hasher128, SipHasher13};

use crate::facts::{Fact, HostFacts};
use crate::manifest::{Filesystem, Manifest, ZoneProps};
use crate::version::ips::Fmri;

/// Stands for the zone's name in a class result.
pub const ZONE: char = '\u{E000}';
/// Stands for the target host's name.
pub const TARGET: char = '\u{E001}';
/// Stands for the source host's name.
pub const SOURCE: char = '\u{E002}';

/// The names a class result's placeholders stand for in one pair.
#[derive(Debug, Clone, Copy)]
pub struct Names<'a> {
    pub zone: &'a str,
    pub target: &'a str,
    pub source: &'a str,
}

/// Whether `text` holds a placeholder.
pub fn has_placeholder(text: &str) -> bool {
    // The placeholders are encoded as EE 80 80..82 in UTF-8: a byte search for their lead
    // byte rules out nearly every text at memchr speed (evidence runs to many kilobytes).
    text.as_bytes().contains(&0xEE) && text.contains([ZONE, TARGET, SOURCE])
}

/// `text` with its placeholders replaced by `names`; borrowed when it holds none.
pub fn render<'a>(text: &'a str, names: &Names<'_>) -> Cow<'a, str> {
    if !has_placeholder(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 32);
    for c in text.chars() {
        match c {
            ZONE => out.push_str(names.zone),
            TARGET => out.push_str(names.target),
            SOURCE => out.push_str(names.source),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A 128-bit fingerprint of a view: classes are told apart by it.
pub fn fingerprint<T: Hash + ?Sized>(value: &T) -> u128 {
    let mut hasher = SipHasher13::new_with_keys(0x7a6f_6e65_7363_616e, 0x0063_6c61_7373_6573);
    value.hash(&mut hasher);
    hasher.finish128().as_u128()
}

/// What a `Class` check may read of a zone: everything but its name (a placeholder), its
/// zonepath, networks, datasets, devices, and of its file systems all but their mount
/// points (which decide the software layout).
pub fn zone_view(m: &Manifest) -> Manifest {
    let z = &m.zone;
    Manifest {
        zone: ZoneProps {
            name: ZONE.to_string(),
            zonepath: String::new(),
            autoboot: String::new(),
            pool: z.pool.clone(),
            limitpriv: z.limitpriv.clone(),
            bootargs: None,
            brand: z.brand.clone(),
            scheduling_class: z.scheduling_class.clone(),
            ip_type: z.ip_type.clone(),
            hostid: None,
            fs_allowed: z.fs_allowed.clone(),
            version: z.version.clone(),
            debugid: None,
        },
        filesystems: m
            .filesystems
            .iter()
            .map(|f| Filesystem {
                directory: f.directory.clone(),
                ..Filesystem::default()
            })
            .collect(),
        inherited_pkg_dirs: m.inherited_pkg_dirs.clone(),
        rctls: m.rctls.clone(),
        dedicated_cpu: m.dedicated_cpu.clone(),
        mcap_physcap: m.mcap_physcap.clone(),
        inventory: m.inventory.clone(),
        ..Manifest::default()
    }
}

/// The class fingerprint of a zone: its view and its image's `entire` (with its text,
/// which version equality ignores but messages print).
pub fn zone_class(view: &Manifest, entire: Option<&Fact<Fmri>>) -> u128 {
    let entire = entire.map(|e| e.as_ref().map(|f| (f, f.to_string())));
    fingerprint(&(view, entire))
}

/// The zone's `entire` as the class view shows it: errors name the source placeholder.
pub fn entire_view(entire: Option<&Fact<Fmri>>) -> Option<Fact<Fmri>> {
    entire.map(|e| renamed(e, &SOURCE.to_string()))
}

/// What a `Class` check may read of a host, under the name `name` (a placeholder): its
/// platform, software and resource facts; its zones, interfaces, links, datasets and
/// probed paths are left out (as never collected).
pub fn host_view(h: &HostFacts, name: char) -> HostFacts {
    let name = name.to_string();
    let blank = HostFacts::empty(&name);
    HostFacts {
        uname: renamed(&h.uname, &name).map(|mut u| {
            u.node = String::new();
            u
        }),
        release: renamed(&h.release, &name),
        brands: renamed(&h.brands, &name),
        default_brand: renamed(&h.default_brand, &name),
        cpus: renamed(&h.cpus, &name),
        memory: renamed(&h.memory, &name),
        pools: renamed(&h.pools, &name),
        rctls: renamed(&h.rctls, &name),
        privileges: renamed(&h.privileges, &name),
        sched_classes: renamed(&h.sched_classes, &name),
        svr4: renamed(&h.svr4, &name),
        showrev: renamed(&h.showrev, &name),
        ips_entire: renamed(&h.ips_entire, &name),
        ..blank
    }
}

/// The class fingerprint of a host view (with its `entire`'s text, as for zones).
pub fn host_class(view: &HostFacts) -> u128 {
    let entire = view.ips_entire.as_ref().ok().map(ToString::to_string);
    fingerprint(&(view, entire))
}

/// What a `Zone` check may read of a host: its zonecfg DTD only, under the target
/// placeholder.
pub fn dtd_view(h: &HostFacts) -> HostFacts {
    let name = TARGET.to_string();
    HostFacts {
        dtd: renamed(&h.dtd, &name),
        ..HostFacts::empty(&name)
    }
}

/// A fact with the host its error names replaced.
fn renamed<T: Clone>(fact: &Fact<T>, name: &str) -> Fact<T> {
    fact.clone().map_err(|mut e| {
        e.host = name.to_string();
        e
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_fills_placeholders_and_borrows_plain_text() {
        let names = Names {
            zone: "web01",
            target: "h2",
            source: "h1",
        };
        let text = format!("zone {ZONE} from {SOURCE} to {TARGET}");
        assert_eq!(render(&text, &names), "zone web01 from h1 to h2");
        assert!(matches!(render("plain", &names), Cow::Borrowed("plain")));
    }

    #[test]
    fn zones_differing_only_in_identity_share_a_class() {
        let mut a = Manifest::default();
        a.zone.name = "a".into();
        a.zone.zonepath = "/zones/a".into();
        let mut b = a.clone();
        b.zone.name = "b".into();
        b.zone.zonepath = "/zones/b".into();
        b.zone.hostid = Some("80f0a1b2".into());
        assert_eq!(
            zone_class(&zone_view(&a), None),
            zone_class(&zone_view(&b), None)
        );
        b.zone.pool = Some("pool_app".into());
        assert_ne!(
            zone_class(&zone_view(&a), None),
            zone_class(&zone_view(&b), None)
        );
    }

    #[test]
    fn hosts_differing_only_in_name_share_a_class() {
        let a = HostFacts::empty("a");
        let b = HostFacts::empty("b");
        assert_eq!(
            host_class(&host_view(&a, TARGET)),
            host_class(&host_view(&b, TARGET))
        );
    }
}
