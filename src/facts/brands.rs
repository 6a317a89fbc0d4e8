//! `brands`: `ls -1 /usr/lib/brand/*/config.xml`, one path per installed brand.
//!
//! The glob is expanded by the shell, so each line is one brand directory that has a
//! `config.xml`. Only stdout is read: when no brand matches, `ls` fails and the fact is
//! unavailable rather than empty.

use crate::collect::RawFact;

use super::ParseError;
use super::zoneadm_list::excerpt;

use std::collections::BTreeSet;

/// Brands installed on the host.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Brands {
    pub names: BTreeSet<String>,
}

const PREFIX: &str = "/usr/lib/brand/";
const SUFFIX: &str = "/config.xml";

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Brands, ParseError> {
    let mut names = BTreeSet::new();
    for (index, line) in raw.stdout.lines().enumerate() {
        let path = line.trim();
        if path.is_empty() {
            continue;
        }
        let name = path
            .strip_prefix(PREFIX)
            .and_then(|rest| rest.strip_suffix(SUFFIX))
            .filter(|name| !name.is_empty() && !name.contains('/'))
            .ok_or_else(|| {
                ParseError::new(
                    index + 1,
                    format!("expected {PREFIX}<brand>{SUFFIX}, got {}", excerpt(path)),
                )
            })?;
        names.insert(name.to_string());
    }
    Ok(Brands { names })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(brands: &Brands) -> Vec<&str> {
        brands.names.iter().map(String::as_str).collect()
    }

    #[test]
    fn solaris_10() -> Result<(), ParseError> {
        let b = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/brands/s10.out"
        )))?;
        assert_eq!(
            names(&b),
            ["cluster", "lx", "native", "sn1", "solaris8", "solaris9"]
        );
        Ok(())
    }

    #[test]
    fn solaris_11_and_omnios() -> Result<(), ParseError> {
        let s11 = parse(&RawFact::from_stdout(
            "/usr/lib/brand/ipkg/config.xml\n/usr/lib/brand/labeled/config.xml\n\
             /usr/lib/brand/solaris/config.xml\n/usr/lib/brand/solaris-kz/config.xml\n\
             /usr/lib/brand/solaris10/config.xml\n",
        ))?;
        assert_eq!(
            names(&s11),
            ["ipkg", "labeled", "solaris", "solaris-kz", "solaris10"]
        );
        let omni = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/brands/omnios.out"
        )))?;
        assert!(omni.names.contains("lipkg") && omni.names.contains("bhyve"));
        assert_eq!(omni.names.len(), 9);
        Ok(())
    }

    #[test]
    fn blank_lines_and_empty_output() -> Result<(), ParseError> {
        assert!(parse(&RawFact::from_stdout(""))?.names.is_empty());
        assert_eq!(
            names(&parse(&RawFact::from_stdout(
                "\n/usr/lib/brand/native/config.xml\n\n"
            ))?),
            ["native"]
        );
        Ok(())
    }

    #[test]
    fn other_lines_are_errors() {
        let line = |s: &str| parse(&RawFact::from_stdout(s)).err().map(|e| e.line);
        assert_eq!(
            line(
                "/usr/lib/brand/native/config.xml\nls: /usr/lib/brand/*/config.xml: No such file or directory\n"
            ),
            Some(2)
        );
        assert_eq!(line("/usr/lib/brand//config.xml\n"), Some(1));
        assert_eq!(line("/usr/lib/brand/a/b/config.xml\n"), Some(1));
        assert_eq!(line("/usr/lib/brand/native/platform.xml\n"), Some(1));
        assert_eq!(line("native\n"), Some(1));
    }
}
