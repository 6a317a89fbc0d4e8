//! Name patterns, address arithmetic and host globs of the spec.

use std::net::Ipv4Addr;

/// Expands `{n}`, `{n:03}`, `{host}` and `{zone}` in a pattern.
pub fn expand(
    pattern: &str,
    n: u32,
    host: Option<&str>,
    zone: Option<&str>,
) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after
            .find('}')
            .ok_or_else(|| format!("{pattern:?}: unclosed {{"))?;
        let key = &after[..end];
        match key {
            "n" => out.push_str(&n.to_string()),
            "host" => out.push_str(host.ok_or_else(|| format!("{pattern:?}: no host here"))?),
            "zone" => out.push_str(zone.ok_or_else(|| format!("{pattern:?}: no zone here"))?),
            _ => {
                let width = key
                    .strip_prefix("n:0")
                    .and_then(|w| w.parse::<usize>().ok())
                    .ok_or_else(|| format!("{pattern:?}: unknown placeholder {{{key}}}"))?;
                out.push_str(&format!("{n:0width$}"));
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `a.b.c.d/len` plus `k`; `None` when the text is not such an address.
pub fn offset_cidr(text: &str, k: u32) -> Option<(Ipv4Addr, u8)> {
    let (addr, len) = text.split_once('/')?;
    let addr: Ipv4Addr = addr.parse().ok()?;
    let len: u8 = len.parse().ok().filter(|l| *l <= 32)?;
    Some((Ipv4Addr::from(u32::from(addr).wrapping_add(k)), len))
}

/// Glob with `*` only.
pub fn glob(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == name,
        Some((head, tail)) => {
            let Some(rest) = name.strip_prefix(head) else {
                return false;
            };
            (0..=rest.len()).any(|i| rest.is_char_boundary(i) && glob(tail, &rest[i..]))
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        assert_eq!(expand("s10-{n:02}", 3, None, None).unwrap(), "s10-03");
        assert_eq!(expand("{host}-z{n}", 12, Some("h"), None).unwrap(), "h-z12");
        assert_eq!(
            expand("/zones/{zone}", 1, None, Some("z")).unwrap(),
            "/zones/z"
        );
        assert!(expand("{nope}", 1, None, None).is_err());
        assert!(expand("{host}", 1, None, None).is_err());
        assert!(expand("{n", 1, None, None).is_err());
    }

    #[test]
    fn addresses_and_globs() {
        assert_eq!(
            offset_cidr("10.0.0.254/24", 3),
            Some((Ipv4Addr::new(10, 0, 1, 1), 24))
        );
        assert_eq!(offset_cidr("192.168.10.300/24", 1), None);
        assert!(glob("s10-*", "s10-fra-01"));
        assert!(glob("*-01", "s10-fra-01"));
        assert!(glob("s*-fra-*", "s10-fra-01"));
        assert!(!glob("s11-*", "s10-fra-01"));
        assert!(glob("exact", "exact"));
    }
}
