//! Network facts: `ifconfig -a` (Solaris 10), `ipadm show-addr -p` (Solaris 11, illumos)
//! and `dladm show-link` in the layout of each release (domain.md §3.3).

use std::fmt::Write;
use std::net::Ipv4Addr;

use super::pattern::offset_cidr;
use super::plan::HostPlan;
use super::platform::HostZones;
use super::rng::Rng;
use super::spec::{Brand, Os};

const LO_FLAGS: &str =
    "flags=2001000849<UP,LOOPBACK,RUNNING,MULTICAST,IPv4,VIRTUAL> mtu 8232 index 1";
const IF_FLAGS: &str = "flags=1000843<UP,BROADCAST,RUNNING,MULTICAST,IPv4> mtu 1500";

fn mask(prefix: u8) -> u32 {
    if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix.min(32)))
    }
}

fn inet(addr: Ipv4Addr, prefix: u8) -> String {
    let m = mask(prefix);
    let broadcast = Ipv4Addr::from(u32::from(addr) | !m);
    format!("\tinet {addr} netmask {m:08x} broadcast {broadcast}\n")
}

/// `ifconfig -a` of a Solaris 10 global zone: loopback, each plumbed interface, and the
/// logical interfaces lent to running shared-IP zones (`zone <name>`).
pub fn ifconfig(host: &HostPlan, hz: &HostZones<'_>) -> String {
    // (zone, physical, address, prefix) of every running shared-IP zone.
    let mut lent: Vec<(&str, &str, Ipv4Addr, u8)> = Vec::new();
    for (i, z) in hz.zones.iter().enumerate() {
        if z.exclusive || hz.ids[i].is_none() {
            continue;
        }
        for net in &z.nets {
            if let Some((addr, prefix)) = net.address.as_deref().and_then(|a| offset_cidr(a, 0)) {
                lent.push((&z.name, &net.physical, addr, prefix));
            }
        }
    }
    let mut out = format!("lo0: {LO_FLAGS}\n\tinet 127.0.0.1 netmask ff000000 \n");
    let mut zones_on_lo: Vec<&str> = lent.iter().map(|l| l.0).collect();
    zones_on_lo.dedup();
    for (n, zone) in zones_on_lo.iter().enumerate() {
        let _ = write!(
            out,
            "lo0:{}: {LO_FLAGS}\n\tzone {zone}\n\tinet 127.0.0.1 netmask ff000000 \n",
            n + 1
        );
    }
    // Interfaces in plumbing order; a zone's physical that the global zone has no
    // address on is plumbed with 0.0.0.0.
    let mut physicals: Vec<(&str, Option<(Ipv4Addr, u8)>)> = host
        .interfaces
        .iter()
        .map(|i| (i.link.as_str(), Some((i.addr, i.prefix))))
        .collect();
    for l in &lent {
        if !physicals.iter().any(|p| p.0 == l.1) {
            physicals.push((l.1, None));
        }
    }
    for (index, (link, gz)) in physicals.iter().enumerate() {
        let _ = writeln!(out, "{link}: {IF_FLAGS} index {}", index + 2);
        match gz {
            Some((addr, prefix)) => out.push_str(&inet(*addr, *prefix)),
            None => out.push_str("\tinet 0.0.0.0 netmask 0 \n"),
        }
        for (n, l) in lent.iter().filter(|l| l.1 == *link).enumerate() {
            let _ = write!(
                out,
                "{link}:{}: {IF_FLAGS} index {}\n\tzone {}\n{}",
                n + 1,
                index + 2,
                l.0,
                inet(l.2, l.3)
            );
        }
    }
    out
}

/// `ipadm show-addr -p -o addrobj,type,state,addr`.
pub fn ipadm(seed: u64, host: &HostPlan) -> String {
    let mut out = String::from("lo0/v4:static:ok:127.0.0.1/8\n");
    for i in &host.interfaces {
        let _ = writeln!(out, "{}/v4:static:ok:{}/{}", i.link, i.addr, i.prefix);
    }
    out.push_str("lo0/v6:static:ok:\\:\\:1/128\n");
    if let Some(first) = host.interfaces.first() {
        // An EUI-64 link-local address from the interface's MAC address.
        let mut rng = Rng::new(seed, &format!("mac/{}/{}", host.name, first.link));
        let (a, b, c) = (rng.hex(2), rng.hex(2), rng.hex(4));
        let _ = writeln!(
            out,
            "{}/v6:addrconf:ok:fe80\\:\\:{}{}\\:{a}ff\\:fe{b}\\:{c}/10",
            first.link,
            ["2", "a", "e"][rng.below(3)],
            rng.hex(2)
        );
    }
    out
}

/// `dladm show-link`: Solaris 10's labelled lines, or the column table of Crossbow
/// releases with the virtual links of zones (Solaris 11 shows a running zone's anet as
/// `<zone>/net0`; on illumos the administrator creates a VNIC per exclusive-IP zone).
pub fn dladm(host: &HostPlan, hz: &HostZones<'_>) -> String {
    let mut out = String::new();
    let used = |link: &str| {
        host.interfaces.iter().any(|i| i.link == link)
            || hz
                .zones
                .iter()
                .any(|z| z.nets.iter().any(|n| n.physical == link))
    };
    let lower = host.links.first().map_or("--", String::as_str);
    match host.os {
        Os::S10(_) => {
            for link in &host.links {
                let _ = writeln!(out, "{link:<9}\ttype: non-vlan\tmtu: 1500\tdevice: {link}");
            }
        }
        Os::S11_4 => {
            out.push_str("LINK                CLASS     MTU    STATE    OVER\n");
            for link in &host.links {
                let state = if used(link) { "up" } else { "unknown" };
                let _ = writeln!(out, "{link:<20}{:<10}{:<7}{state:<9}--", "phys", "1500");
            }
            for (i, z) in hz.zones.iter().enumerate() {
                if hz.ids[i].is_some() && matches!(z.brand, Brand::Solaris | Brand::Solaris10) {
                    let name = format!("{}/net0", z.name);
                    let _ = writeln!(
                        out,
                        "{name:<20}{:<10}{:<7}{:<9}{lower}",
                        "vnic", "1500", "up"
                    );
                }
            }
        }
        Os::OmniOs => {
            out.push_str("LINK        CLASS     MTU    STATE    BRIDGE     OVER\n");
            for link in &host.links {
                let state = if used(link) { "up" } else { "down" };
                let _ = writeln!(
                    out,
                    "{link:<12}{:<10}{:<7}{state:<9}{:<11}--",
                    "phys", "1500", "--"
                );
            }
            for z in hz.zones.iter().filter(|z| z.exclusive) {
                for net in z.nets.iter().filter(|n| !host.links.contains(&n.physical)) {
                    let _ = writeln!(
                        out,
                        "{:<12}{:<10}{:<7}{:<9}{:<11}{lower}",
                        net.physical, "vnic", "1500", "up", "--"
                    );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(
            inet(Ipv4Addr::new(192, 168, 10, 21), 24),
            "\tinet 192.168.10.21 netmask ffffff00 broadcast 192.168.10.255\n"
        );
        assert_eq!(mask(0), 0);
        assert_eq!(mask(32), u32::MAX);
    }
}
