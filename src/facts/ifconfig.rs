//! `ifconfig`: `ifconfig -a`, logical interfaces `name:N` and `zone <name>` lines.
//!
//! Each block starts with an unindented header, `name[:N]: flags=<hex><FLAG,...> mtu N
//! index N`, followed by indented lines (`inet A netmask M broadcast B`, `inet6 A/len`,
//! `ether ...`, `zone NAME`, `groupname G`, ...). The same name appears once per address
//! family, so the family comes from the `IPv4`/`IPv6` flag, never from the name.

use crate::collect::RawFact;

use super::ParseError;
use super::zoneadm_list::excerpt;

/// Address family, from the `IPv4`/`IPv6` flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    V4,
    V6,
}

/// One (logical) interface block.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Interface {
    /// As printed: `e1000g0:1`.
    pub name: String,
    /// Physical part: `e1000g0`.
    pub physical: String,
    pub family: Family,
    pub flags: Vec<String>,
    /// `inet`/`inet6` address without prefix length.
    pub address: Option<String>,
    /// The zone this logical interface is lent to.
    pub zone: Option<String>,
}

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Vec<Interface>, ParseError> {
    let mut interfaces: Vec<Interface> = Vec::new();
    for (index, line) in raw.stdout.lines().enumerate() {
        let line_no = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with(char::is_whitespace) {
            let Some(current) = interfaces.last_mut() else {
                return Err(ParseError::new(
                    line_no,
                    format!(
                        "indented line before any interface header: {}",
                        excerpt(line)
                    ),
                ));
            };
            read_detail(current, line, line_no)?;
        } else {
            interfaces.push(parse_header(line, line_no)?);
        }
    }
    Ok(interfaces)
}

/// `e1000g0:1: flags=1000843<UP,BROADCAST,RUNNING,MULTICAST,IPv4> mtu 1500 index 2`.
fn parse_header(line: &str, line_no: usize) -> Result<Interface, ParseError> {
    let expected = || {
        ParseError::new(
            line_no,
            format!(
                "expected an interface line `name: flags=...<FLAGS> mtu N index N`, got {}",
                excerpt(line)
            ),
        )
    };
    // The name itself may contain ':' (logical interfaces), so cut at ": flags=".
    let (name, after) = line.split_once(": flags=").ok_or_else(expected)?;
    if name.is_empty() || name.contains(char::is_whitespace) {
        return Err(expected());
    }
    let flag_list = after
        .split_once('<')
        .and_then(|(_, rest)| rest.split_once('>'))
        .map(|(list, _)| list)
        .ok_or_else(expected)?;
    let flags: Vec<String> = flag_list
        .split(',')
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect();
    let has = |flag: &str| flags.iter().any(|f| f == flag);
    let family = if has("IPv6") {
        Family::V6
    } else if has("IPv4") {
        Family::V4
    } else {
        return Err(ParseError::new(
            line_no,
            format!(
                "interface {} has neither the IPv4 nor the IPv6 flag",
                excerpt(name)
            ),
        ));
    };
    let physical = name.split_once(':').map_or(name, |(physical, _)| physical);
    Ok(Interface {
        name: name.to_string(),
        physical: physical.to_string(),
        family,
        flags,
        address: None,
        zone: None,
    })
}

/// One indented line of a block. Only the address and the zone matter here; `ether`,
/// `groupname`, `tunnel ...` and anything a later release adds are skipped.
fn read_detail(interface: &mut Interface, line: &str, line_no: usize) -> Result<(), ParseError> {
    let mut words = line.split_whitespace();
    let Some(keyword) = words.next() else {
        return Ok(());
    };
    let mut value = |what: &str| {
        words.next().ok_or_else(|| {
            ParseError::new(
                line_no,
                format!(
                    "`{keyword}` without {what} for interface {}",
                    interface.name
                ),
            )
        })
    };
    match keyword {
        "inet" | "inet6" => {
            let address = value("an address")?;
            // `inet tunnel src A tunnel dst B` describes a tunnel's endpoints, not an
            // address of this interface; the interface address comes on its own line.
            if address == "tunnel" {
                return Ok(());
            }
            let address = address.split_once('/').map_or(address, |(a, _)| a);
            if interface.address.is_none() {
                interface.address = Some(address.to_string());
            }
        }
        "zone" => {
            let zone = value("a zone name")?;
            interface.zone = Some(zone.to_string());
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(ifs: &[Interface]) -> Vec<(&str, Family, Option<&str>, Option<&str>)> {
        ifs.iter()
            .map(|i| {
                (
                    i.name.as_str(),
                    i.family,
                    i.address.as_deref(),
                    i.zone.as_deref(),
                )
            })
            .collect()
    }

    #[test]
    fn solaris_10_shared_ip_zones() -> Result<(), ParseError> {
        let ifs = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/ifconfig/s10-shared-ip.out"
        )))?;
        use Family::{V4, V6};
        assert_eq!(
            summary(&ifs),
            [
                ("lo0", V4, Some("127.0.0.1"), None),
                ("lo0:1", V4, Some("127.0.0.1"), Some("web01")),
                ("e1000g0", V4, Some("192.168.10.5"), None),
                ("e1000g0:1", V4, Some("192.168.10.21"), Some("web01")),
                ("ip.tun0", V4, Some("192.168.1.1"), None),
                ("lo0", V6, Some("::1"), None),
                ("lo0:1", V6, Some("::1"), Some("web01")),
                ("e1000g0", V6, Some("fe80::214:4fff:feaa:bbcc"), None),
            ]
        );
        assert_eq!(ifs[3].physical, "e1000g0");
        assert_eq!(ifs[1].physical, "lo0");
        assert_eq!(
            ifs[2].flags,
            ["UP", "BROADCAST", "RUNNING", "MULTICAST", "IPv4"]
        );
        Ok(())
    }

    #[test]
    fn solaris_11_with_ipmp() -> Result<(), ParseError> {
        let ifs = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/ifconfig/s11.out"
        )))?;
        assert_eq!(ifs.len(), 5);
        assert_eq!(ifs[1].name, "net0");
        assert!(ifs[1].flags.iter().any(|f| f == "PHYSRUNNING"));
        assert_eq!(ifs[2].physical, "ipmp0");
        assert_eq!(ifs[2].address.as_deref(), Some("10.20.1.12"));
        assert_eq!(ifs[4].family, Family::V6);
        assert_eq!(ifs[4].address.as_deref(), Some("fe80::210:e0ff:fe1a:2b3c"));
        Ok(())
    }

    #[test]
    fn space_indented_continuations_as_in_the_docs() -> Result<(), ParseError> {
        let text = "e1000g0: flags=1000843<UP,BROADCAST,RUNNING,MULTICAST,IPv4> mtu 1500 index 2\n        inet 192.168.10.5 netmask ffffff00 broadcast 192.168.10.255\n        ether 0:14:4f:aa:bb:cc\ne1000g0:1: flags=1000843<UP,BROADCAST,RUNNING,MULTICAST,IPv4> mtu 1500 index 2\n        zone web01\n        inet 192.168.10.21 netmask ffffff00 broadcast 192.168.10.255\n";
        let ifs = parse(&RawFact::from_stdout(text))?;
        assert_eq!(ifs.len(), 2);
        assert_eq!(ifs[1].zone.as_deref(), Some("web01"));
        assert_eq!(ifs[1].address.as_deref(), Some("192.168.10.21"));
        Ok(())
    }

    #[test]
    fn interface_without_address() -> Result<(), ParseError> {
        let ifs = parse(&RawFact::from_stdout(
            "e1000g1: flags=1000842<BROADCAST,RUNNING,MULTICAST,IPv4> mtu 1500 index 3\n",
        ))?;
        assert_eq!(ifs[0].address, None);
        assert!(parse(&RawFact::from_stdout(""))?.is_empty());
        Ok(())
    }

    #[test]
    fn malformed_output_names_the_line() {
        let line = |s: &str| parse(&RawFact::from_stdout(s)).err().map(|e| e.line);
        assert_eq!(line("\tinet 10.0.0.1 netmask ff000000\n"), Some(1));
        assert_eq!(
            line("lo0: flags=2001000849<UP,LOOPBACK,IPv4> mtu 8232 index 1\nlo0 flags=1 mtu 1\n"),
            Some(2)
        );
        assert_eq!(line("lo0: flags=2001000849 mtu 8232 index 1\n"), Some(1));
        assert_eq!(
            line("lo0: flags=2001000849<UP,LOOPBACK> mtu 8232\n"),
            Some(1)
        );
        assert_eq!(
            line("lo0: flags=2001000849<UP,IPv4> mtu 8232 index 1\n\tzone\n"),
            Some(2)
        );
        assert_eq!(
            line("lo0: flags=2001000849<UP,IPv4> mtu 8232 index 1\n\n\tinet\n"),
            Some(3)
        );
        assert_eq!(line(": flags=1<IPv4> mtu 1 index 1\n"), Some(1));
    }
}
