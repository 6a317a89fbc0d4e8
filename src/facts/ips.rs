//! `ips-entire`: `pkg list -H -v entire` of the global zone, and of a zone image.
//!
//! The line is the FMRI, whitespace, then the state flags (`i--`, or on older pkg the `IFO`
//! column, `i-r`):
//!
//! ```text
//! pkg://solaris/entire@11.4-11.4.42.0.1.111.0:20220223T100004Z   i--
//! ```
//!
//! Only the first token of the first non-blank line is read. A header line (`FMRI ...` or
//! `NAME ...`, printed when `-H` was left out) is skipped, and the non-verbose layout
//! (`entire  0.5.11-0.175.1.0.0.24.2  i--`) is accepted too, for hand-assembled snapshots.

use crate::collect::RawFact;
use crate::version::ips::{Fmri, IpsVersion};

use super::ParseError;

/// Parses the `entire` FMRI.
pub fn parse(raw: &RawFact) -> Result<Fmri, ParseError> {
    let mut lines = raw
        .stdout
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((mut line_no, mut line)) = lines.next() else {
        return Err(ParseError::new(0, "no output: `entire` is not installed?"));
    };
    if line
        .split_whitespace()
        .next()
        .is_some_and(|t| t == "FMRI" || t == "NAME")
    {
        let Some((n, l)) = lines.next() else {
            return Err(ParseError::new(
                0,
                "only a header line: `entire` is not installed?",
            ));
        };
        (line_no, line) = (n, l);
    }
    let mut tokens = line.split_whitespace();
    let first = tokens.next().unwrap_or("");
    let parsed = Fmri::parse(first);
    if let Ok(fmri) = &parsed
        && fmri.version.is_some()
    {
        return Ok(fmri.clone());
    }
    // `pkg list -H entire` without `-v`: name, then version, then flags.
    if let Ok(fmri) = &parsed
        && let Some(second) = tokens.next()
        && let Ok(version) = IpsVersion::parse(second)
    {
        return Ok(Fmri {
            version: Some(version),
            ..fmri.clone()
        });
    }
    Err(ParseError::new(
        line_no,
        match parsed {
            Err(e) => e.to_string(),
            Ok(_) => format!("{first:?} has no version (expected an FMRI with @version)"),
        },
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may panic on bad input.
mod tests {
    use super::*;

    #[test]
    fn reads_the_fmri() {
        let f = parse(&RawFact::from_stdout(
            "pkg://solaris/entire@11.4-11.4.42.0.1.111.0:20220223T100004Z   i--\n",
        ))
        .unwrap();
        assert_eq!(f.name, "entire");
        assert_eq!(f.publisher.as_deref(), Some("solaris"));
        assert_eq!(
            f.version.unwrap().branch,
            Some(vec![11, 4, 42, 0, 1, 111, 0])
        );
    }

    #[test]
    fn reads_the_older_ifo_column() {
        let f = parse(&RawFact::from_stdout(
            "pkg://solaris/entire@0.5.11,5.11-0.175.1.0.0.24.2:20120919T184117Z i-r\n",
        ))
        .unwrap();
        assert_eq!(f.version.unwrap().build, Some(vec![5, 11]));
    }

    #[test]
    fn takes_the_first_line_only() {
        let f = parse(&RawFact::from_stdout(
            "\npkg://omnios/entire@11-151046.0:20230503T123456Z i--\npkg://x/y@1 i--\n",
        ))
        .unwrap();
        assert_eq!(f.publisher.as_deref(), Some("omnios"));
    }

    #[test]
    fn skips_a_header() {
        let f = parse(&RawFact::from_stdout(
            "FMRI                                                     IFO\npkg:/entire@0.5.11-0.151.1.8:20130305T105206Z i--\n",
        ))
        .unwrap();
        assert_eq!(f.version.unwrap().release, vec![0, 5, 11]);
    }

    #[test]
    fn accepts_the_non_verbose_layout() {
        let f = parse(&RawFact::from_stdout(
            "entire   0.5.11-0.175.1.0.0.24.2   i--\n",
        ))
        .unwrap();
        assert_eq!(f.name, "entire");
        assert_eq!(
            f.version.unwrap().branch,
            Some(vec![0, 175, 1, 0, 0, 24, 2])
        );
    }

    #[test]
    fn empty_output_is_an_error() {
        assert_eq!(parse(&RawFact::from_stdout("")).unwrap_err().line, 0);
        assert_eq!(parse(&RawFact::from_stdout("\n  \n")).unwrap_err().line, 0);
        assert_eq!(
            parse(&RawFact::from_stdout("FMRI IFO\n")).unwrap_err().line,
            0
        );
    }

    #[test]
    fn garbage_names_its_line() {
        let e = parse(&RawFact::from_stdout(
            "\npkg list: no packages matching 'entire' installed\n",
        ))
        .unwrap_err();
        assert_eq!(e.line, 2);
    }
}
