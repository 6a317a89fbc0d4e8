//! `release`: the first line of `/etc/release`.
//!
//! Solaris 10 names its update only in the build tag of that line:
//! `Oracle Solaris 10 1/13 s10s_u11wos_24a SPARC` is update 11, and the 3/05 release with
//! a hardware refresh is `s10s_wos_74L2a` (update 0). Solaris 11 and illumos distributions
//! have no such tag; their version comes from the `entire` package instead.

use crate::collect::RawFact;

use super::ParseError;

/// The distribution and update, from the first non-empty line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Release {
    /// First non-empty line, trimmed: `Oracle Solaris 10 1/13 s10s_u11wos_24a SPARC`.
    pub line: String,
    /// Solaris 10 update number from the build tag (`s10s_u11wos_24a` -> 11), when present.
    pub s10_update: Option<u32>,
}

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Release, ParseError> {
    let Some(line) = raw.stdout.lines().map(str::trim).find(|l| !l.is_empty()) else {
        return Err(ParseError::new(
            0,
            "empty output, expected the release line",
        ));
    };
    Ok(Release {
        line: line.to_string(),
        s10_update: line.split_whitespace().find_map(s10_update),
    })
}

/// The update number of a Solaris 10 build tag: `s10s_u11wos_24a` (SPARC) or
/// `s10x_u9wos_14a` (x86) -> the number after `_u`; `s10s_wos_...` -> 0.
fn s10_update(tag: &str) -> Option<u32> {
    let rest = tag
        .strip_prefix("s10s_")
        .or_else(|| tag.strip_prefix("s10x_"))?;
    if rest.starts_with("wos") {
        return Some(0);
    }
    let after_u = rest.strip_prefix('u')?;
    let digits_end = after_u
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(after_u.len());
    let (digits, tail) = after_u.split_at(digits_end);
    if !tail.starts_with("wos") {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solaris_10_updates() -> Result<(), ParseError> {
        let u11 = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/release/s10-1-13-sparc.out"
        )))?;
        assert_eq!(u11.line, "Oracle Solaris 10 1/13 s10s_u11wos_24a SPARC");
        assert_eq!(u11.s10_update, Some(11));
        let u9 = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/release/s10-9-10-x86.out"
        )))?;
        assert_eq!(u9.s10_update, Some(9));
        let ga = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/release/s10-3-05-hw2.out"
        )))?;
        assert_eq!(ga.s10_update, Some(0));
        let u4 = parse(&RawFact::from_stdout(
            "\n\n                       Solaris 10 8/07 s10s_u4wos_12b SPARC\n",
        ))?;
        assert_eq!(u4.line, "Solaris 10 8/07 s10s_u4wos_12b SPARC");
        assert_eq!(u4.s10_update, Some(4));
        Ok(())
    }

    #[test]
    fn solaris_11_and_illumos_have_no_update() -> Result<(), ParseError> {
        for (text, line) in [
            (
                include_str!("../../tests/fixtures/facts/release/s11-4.out"),
                "Oracle Solaris 11.4 SPARC",
            ),
            (
                include_str!("../../tests/fixtures/facts/release/omnios.out"),
                "OmniOS v11 r151046",
            ),
            (
                include_str!("../../tests/fixtures/facts/release/openindiana.out"),
                "OpenIndiana Hipster 2023.10 (powered by illumos)",
            ),
        ] {
            let r = parse(&RawFact::from_stdout(text))?;
            assert_eq!(r.line, line);
            assert_eq!(r.s10_update, None);
        }
        Ok(())
    }

    #[test]
    fn tags_that_only_look_like_updates() {
        assert_eq!(s10_update("s10s_u11wos_24a"), Some(11));
        assert_eq!(s10_update("s10s_uwos_1"), None);
        assert_eq!(s10_update("s10s_u11"), None);
        assert_eq!(
            s10_update("s10s_u99999999999wos"),
            None,
            "overflow is no update"
        );
        assert_eq!(s10_update("s11s_u1wos"), None);
        assert_eq!(s10_update("s10_74L2a"), None);
    }

    #[test]
    fn empty_output_is_an_error() {
        assert_eq!(
            parse(&RawFact::from_stdout("\n  \n")).err().map(|e| e.line),
            Some(0)
        );
    }
}
