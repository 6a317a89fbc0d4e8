//! Who uses each datalink of a target, as the checks ZM205 (a running zone owns it) and
//! ZM504 (a zone that is not running is configured with it) ask.
//!
//! Both used to walk the target's zones, look each one's configuration up by name and
//! compare every net of it, for every net of every exclusive-IP zone checked against the
//! host. These lists answer with one lookup; they keep the order of the walks they
//! replace, so that the first user found is the same zone.

use std::collections::HashMap;

use super::context::HostZone;
use crate::facts::dladm::Datalink;
use crate::facts::zoneadm_list::ZoneEntry;

/// The users of each link of one host.
#[derive(Debug, Default)]
pub struct LinkUsers<'a> {
    /// The zones the zone column of `dladm` gives each link to, in `dladm`'s order; the
    /// global zone is not listed.
    dladm: HashMap<&'a str, Vec<&'a str>>,
    /// The non-global zones whose configuration is exclusive-IP and has a net on each
    /// link, in the order of the zone list.
    configured: HashMap<&'a str, Vec<&'a ZoneEntry>>,
}

impl<'a> LinkUsers<'a> {
    /// `zones`: the host's non-global zones with their configurations; `links`: its
    /// datalinks, when `dladm` was read.
    pub fn new(zones: &[HostZone<'a>], links: Option<&'a [Datalink]>) -> Self {
        let mut users = LinkUsers::default();
        for l in links.into_iter().flatten() {
            if let Some(zone) = l.zone.as_deref().filter(|z| *z != "global") {
                users.dladm.entry(l.name.as_str()).or_default().push(zone);
            }
        }
        for &(zone, config) in zones {
            let Some(m) = config.filter(|m| m.zone.is_exclusive_ip()) else {
                continue;
            };
            for n in &m.networks {
                let list = users.configured.entry(n.physical.as_str()).or_default();
                // A zone with two nets on one link is listed once.
                if !list.last().is_some_and(|z| std::ptr::eq(*z, zone)) {
                    list.push(zone);
                }
            }
        }
        users
    }

    /// Every link that some zone uses (a link may come twice).
    pub fn links(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.dladm.keys().chain(self.configured.keys()).copied()
    }

    /// The first zone but `zone` that `dladm` gives `link` to.
    pub fn dladm_owner(&self, link: &str, zone: &str) -> Option<&'a str> {
        self.dladm
            .get(link)?
            .iter()
            .copied()
            .find(|owner| *owner != zone)
    }

    /// The first zone but `zone`, running or not as `running` says, configured with an
    /// exclusive-IP net on `link`.
    pub fn configured(&self, link: &str, zone: &str, running: bool) -> Option<&'a ZoneEntry> {
        self.configured
            .get(link)?
            .iter()
            .copied()
            .find(|z| z.is_running() == running && z.name != zone)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::rules::TargetIndex;
    use crate::rules::testing::*;

    /// Zones `a` (running), `b` (installed) and `c` (running, two nets on net1), all
    /// exclusive-IP on net1, and `d` shared-IP on net1; dladm gives net1 to the global
    /// zone and then to `x`, net2 to `y`.
    fn target() -> crate::facts::HostFacts {
        let mut t = links(&[
            ("net1", Some("global")),
            ("net1", Some("x")),
            ("net2", Some("y")),
        ]);
        t.zones = Ok(vec![
            entry("global", "running", "/"),
            entry("a", "running", "/zones/a"),
            entry("b", "installed", "/zones/b"),
            entry("c", "running", "/zones/c"),
            entry("d", "running", "/zones/d"),
        ]);
        for name in ["a", "b", "c"] {
            let mut m = exclusive("net1");
            if name == "c" {
                m.networks.push(net(None, "net1"));
            }
            t.zone_configs.insert(name.into(), Ok(m));
        }
        let mut shared = manifest();
        shared.networks = vec![net(Some("10.0.0.4/24"), "net1")];
        t.zone_configs.insert("d".into(), Ok(shared));
        t
    }

    #[test]
    fn the_first_user_other_than_the_zone_itself_answers() {
        let t = target();
        let index = TargetIndex::new(&t);
        let users = index.link_users().unwrap();
        assert_eq!(users.dladm_owner("net1", "web"), Some("x"));
        assert_eq!(users.dladm_owner("net1", "x"), None);
        assert_eq!(users.dladm_owner("net2", "web"), Some("y"));
        assert_eq!(users.dladm_owner("net3", "web"), None);
        let name = |z: Option<&ZoneEntry>| z.map(|z| z.name.clone());
        assert_eq!(
            name(users.configured("net1", "web", true)),
            Some("a".into())
        );
        assert_eq!(name(users.configured("net1", "a", true)), Some("c".into()));
        assert_eq!(
            name(users.configured("net1", "web", false)),
            Some("b".into())
        );
        assert_eq!(name(users.configured("net1", "b", false)), None);
        assert_eq!(name(users.configured("net2", "web", true)), None);
        assert_eq!(users.configured["net1"].len(), 3, "c once, d not at all");
    }
}
