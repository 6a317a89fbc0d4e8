//! `ipadm-addr`: `ipadm show-addr -p -o addrobj,type,state,addr` (`\:` escapes in IPv6).

use crate::collect::RawFact;

use super::ParseError;

use super::ifconfig::Family;

/// One address object.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    let _ = raw;
    Err(ParseError::new(0, "parser not written yet"))
}
