//! `ipadm-addr`: `ipadm show-addr -p -o addrobj,type,state,addr` (`\:` escapes in IPv6).
//!
//! One line per address object: `net0/v4:static:ok:192.168.10.5/24`,
//! `lo0/v6:static:ok:\:\:1/128`. An address that is not configured yet (DHCP without a
//! lease, a disabled object) prints as `?` or nothing.

use crate::collect::RawFact;

use super::ParseError;
use super::ifconfig::Family;
use super::zoneadm_list::{excerpt, split_escaped};

/// One address object.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IpadmAddr {
    /// `net0/v4`.
    pub addrobj: String,
    /// The interface part of the address object: `net0`.
    pub ifname: String,
    pub kind: String,
    pub state: String,
    /// Address without prefix length; empty for unconfigured (`dhcp` before lease, ...).
    pub address: String,
    pub prefix: Option<u8>,
    pub family: Family,
}

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Vec<IpadmAddr>, ParseError> {
    let mut addrs = Vec::new();
    for (index, line) in raw.stdout.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        addrs.push(parse_line(line, index + 1)?);
    }
    Ok(addrs)
}

fn parse_line(line: &str, line_no: usize) -> Result<IpadmAddr, ParseError> {
    // At most 4 fields: should a release leave the colons of an IPv6 address unescaped,
    // they stay in the last field.
    let fields = split_escaped(line, ':', 4);
    let [addrobj, kind, state, addr] = fields.as_slice() else {
        return Err(ParseError::new(
            line_no,
            format!(
                "expected 4 colon-separated fields (addrobj:type:state:addr), got {} in {}",
                fields.len(),
                excerpt(line)
            ),
        ));
    };
    if addrobj.is_empty() {
        return Err(ParseError::new(line_no, "empty address object name"));
    }
    let ifname = addrobj
        .split_once('/')
        .map_or(addrobj.as_str(), |(ifname, _)| ifname);
    let addr = addr.trim();
    let (address, prefix) = match addr {
        "" | "?" => ("", None),
        _ => match addr.split_once('/') {
            None => (addr, None),
            Some((address, len)) => {
                let prefix = len
                    .parse::<u8>()
                    .ok()
                    .filter(|p| *p <= 128)
                    .ok_or_else(|| {
                        ParseError::new(
                            line_no,
                            format!("expected a prefix length after `/`, got {}", excerpt(len)),
                        )
                    })?;
                (address, Some(prefix))
            }
        },
    };
    let family = if address.contains(':') {
        Family::V6
    } else if address.is_empty() && looks_v6(addrobj, kind) {
        // No address to look at: `addrconf` objects are IPv6 only, and the usual naming
        // convention (`net0/v6`) says the rest.
        Family::V6
    } else {
        Family::V4
    };
    Ok(IpadmAddr {
        addrobj: addrobj.clone(),
        ifname: ifname.to_string(),
        kind: kind.clone(),
        state: state.clone(),
        address: address.to_string(),
        prefix,
        family,
    })
}

fn looks_v6(addrobj: &str, kind: &str) -> bool {
    kind == "addrconf"
        || addrobj
            .split_once('/')
            .is_some_and(|(_, suffix)| suffix.contains("v6"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solaris_11_addresses() -> Result<(), ParseError> {
        let addrs = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/ipadm-addr/s11.out"
        )))?;
        assert_eq!(addrs.len(), 8);
        assert_eq!(
            addrs[1],
            IpadmAddr {
                addrobj: "net0/v4".into(),
                ifname: "net0".into(),
                kind: "static".into(),
                state: "ok".into(),
                address: "192.168.10.5".into(),
                prefix: Some(24),
                family: Family::V4,
            }
        );
        assert_eq!(addrs[2].kind, "dhcp");
        assert_eq!(addrs[3].ifname, "ipmp0");
        assert_eq!(
            (addrs[4].address.as_str(), addrs[4].prefix, addrs[4].family),
            ("::1", Some(128), Family::V6)
        );
        assert_eq!(addrs[5].address, "fe80::214:4fff:fe00:1");
        assert_eq!(addrs[5].prefix, Some(10));
        assert_eq!(addrs[5].family, Family::V6);
        Ok(())
    }

    #[test]
    fn unconfigured_addresses() -> Result<(), ParseError> {
        let addrs = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/ipadm-addr/s11.out"
        )))?;
        assert_eq!(
            (addrs[6].address.as_str(), addrs[6].prefix, addrs[6].family),
            ("", None, Family::V4)
        );
        assert_eq!(addrs[6].state, "disabled");
        assert_eq!(
            (addrs[7].address.as_str(), addrs[7].family),
            ("", Family::V6)
        );
        Ok(())
    }

    #[test]
    fn unescaped_ipv6_and_no_prefix() -> Result<(), ParseError> {
        let addrs = parse(&RawFact::from_stdout(
            "net0/v6:static:ok:2001:db8::5/64\nnet9:static:ok:10.1.1.1\n",
        ))?;
        assert_eq!(addrs[0].address, "2001:db8::5");
        assert_eq!(addrs[0].family, Family::V6);
        assert_eq!(addrs[1].ifname, "net9");
        assert_eq!(addrs[1].prefix, None);
        Ok(())
    }

    #[test]
    fn malformed_lines_name_their_line() {
        let line = |s: &str| parse(&RawFact::from_stdout(s)).err().map(|e| e.line);
        assert_eq!(
            line("lo0/v4:static:ok:127.0.0.1/8\nnet0/v4:static:ok\n"),
            Some(2)
        );
        assert_eq!(line("\n\nnet0/v4:static:ok:10.0.0.1/abc\n"), Some(3));
        assert_eq!(line("net0/v4:static:ok:10.0.0.1/200\n"), Some(1));
        assert_eq!(line(":static:ok:10.0.0.1/8\n"), Some(1));
        assert_eq!(
            line("ADDROBJ           TYPE     STATE        ADDR\n"),
            Some(1)
        );
    }
}
