//! ZM2xx: network resources, as zoneadm's `verify_handle` checks them (checks 4-8).

pub mod excl_link_busy;
pub mod excl_link_in_global;
pub mod excl_link_missing;
pub mod net_address_invalid;
pub mod net_interface_absent;

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::facts::ifconfig::Family;
use crate::manifest::Network;

/// Why `zonecfg_valid_net_address` refuses an address, in libzonecfg's words.
pub const BOGUS_ADDRESS: &str = "Neither an IPv4 nor an IPv6 address nor a host name";
pub const IPV6_PREFIX_REQUIRED: &str = "IPv6 address missing required prefix length";

/// What a shared-IP `net` address is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetAddress<'a> {
    Literal {
        addr: &'a str,
        family: Family,
    },
    /// A host name: resolved by the target's name service at boot (IPv4 only).
    HostName(&'a str),
}

/// Parses `address` as `zonecfg_valid_net_address` does: IPv4[/len], IPv6/len, or a
/// host name.
pub fn parse_net_address(text: &str) -> Result<NetAddress<'_>, &'static str> {
    let (addr, prefix) = match text.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (text, None),
    };
    let prefix_ok = |max: u8| match prefix {
        None => true,
        Some(p) => {
            !p.is_empty()
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u8>().is_ok_and(|n| n <= max)
        }
    };
    if addr.parse::<Ipv4Addr>().is_ok() {
        return if prefix_ok(32) {
            Ok(NetAddress::Literal {
                addr,
                family: Family::V4,
            })
        } else {
            Err(BOGUS_ADDRESS)
        };
    }
    if addr.parse::<Ipv6Addr>().is_ok() {
        return match prefix {
            None => Err(IPV6_PREFIX_REQUIRED),
            Some(_) if prefix_ok(128) => Ok(NetAddress::Literal {
                addr,
                family: Family::V6,
            }),
            Some(_) => Err(BOGUS_ADDRESS),
        };
    }
    if prefix.is_none() && is_host_name(addr) {
        return Ok(NetAddress::HostName(addr));
    }
    Err(BOGUS_ADDRESS)
}

/// RFC 1123 host name syntax.
fn is_host_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 255
        && !s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// The address family a shared-IP `net` resource needs on its interface.
pub fn family_of(net: &Network) -> Option<Family> {
    match parse_net_address(net.address.as_deref()?) {
        Ok(NetAddress::Literal { family, .. }) => Some(family),
        Ok(NetAddress::HostName(_)) => Some(Family::V4),
        Err(_) => None,
    }
}

/// The address without prefix length, for clash checks.
pub fn bare_address(text: &str) -> &str {
    text.split_once('/').map_or(text, |(a, _)| a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_as_libzonecfg_reads_them() {
        assert_eq!(
            parse_net_address("192.168.10.21/24"),
            Ok(NetAddress::Literal {
                addr: "192.168.10.21",
                family: Family::V4
            })
        );
        assert!(matches!(
            parse_net_address("10.0.0.1"),
            Ok(NetAddress::Literal { .. })
        ));
        assert!(matches!(
            parse_net_address("fe80::1/10"),
            Ok(NetAddress::Literal {
                family: Family::V6,
                ..
            })
        ));
        assert_eq!(parse_net_address("fe80::1"), Err(IPV6_PREFIX_REQUIRED));
        assert_eq!(
            parse_net_address("web01.example.com"),
            Ok(NetAddress::HostName("web01.example.com"))
        );
        assert_eq!(parse_net_address("10.0.0.1/33"), Err(BOGUS_ADDRESS));
        assert_eq!(parse_net_address("300.1.1.1"), Err(BOGUS_ADDRESS));
        assert_eq!(parse_net_address("bad_name!"), Err(BOGUS_ADDRESS));
        assert_eq!(parse_net_address(""), Err(BOGUS_ADDRESS));
    }
}
