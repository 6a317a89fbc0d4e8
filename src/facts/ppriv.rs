//! `ppriv`: `ppriv -l`, one privilege name per line.

use crate::collect::RawFact;

use super::ParseError;
use super::zoneadm_list::excerpt;

use std::collections::BTreeSet;

/// Privilege names the host knows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Privileges {
    pub names: BTreeSet<String>,
}

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Privileges, ParseError> {
    let mut names = BTreeSet::new();
    for (index, line) in raw.stdout.lines().enumerate() {
        let name = line.trim();
        if name.is_empty() {
            continue;
        }
        // Privilege names are lowercase words joined by '_' (`proc_lock_memory`); anything
        // else means the output is not a `ppriv -l` listing.
        if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(ParseError::new(
                index + 1,
                format!("expected a privilege name, got {}", excerpt(name)),
            ));
        }
        names.insert(name.to_string());
    }
    if names.is_empty() {
        return Err(ParseError::new(0, "no privileges listed"));
    }
    Ok(Privileges { names })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solaris_10_and_11() -> Result<(), ParseError> {
        let s10 = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/ppriv/s10.out"
        )))?;
        assert_eq!(s10.names.len(), 48);
        assert!(s10.names.contains("proc_lock_memory"));
        assert!(!s10.names.contains("sys_dl_config"));
        let s11 = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/ppriv/s11.out"
        )))?;
        assert!(s11.names.contains("sys_dl_config"));
        assert!(s11.names.contains("contract_event"));
        Ok(())
    }

    #[test]
    fn blank_lines_are_skipped() -> Result<(), ParseError> {
        let p = parse(&RawFact::from_stdout("\nfile_read\n\n  net_access  \n"))?;
        assert_eq!(p.names.len(), 2);
        Ok(())
    }

    #[test]
    fn junk_lines_are_errors() {
        let line = |s: &str| parse(&RawFact::from_stdout(s)).err().map(|e| e.line);
        assert_eq!(line("file_read\nppriv: not found\n"), Some(2));
        assert_eq!(line("file_read\n\nproc lock\n"), Some(3));
        assert_eq!(line("PROC_INFO\n"), Some(1));
        assert_eq!(line(""), Some(0));
    }
}
