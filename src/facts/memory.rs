//! `memory`: the `Memory size: 32768 Megabytes` line of `prtconf`.
//!
//! The whole `prtconf` output is stored; only that line is read. prtconf picks the unit
//! itself (Megabytes on every release seen; Kilobytes and Gigabytes are accepted too).

use crate::collect::RawFact;

use super::ParseError;
use super::zoneadm_list::excerpt;

/// Installed RAM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Memory {
    pub bytes: u64,
}

const LABEL: &str = "Memory size:";

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Memory, ParseError> {
    let Some((index, rest)) = raw
        .stdout
        .lines()
        .enumerate()
        .find_map(|(i, line)| line.trim_start().strip_prefix(LABEL).map(|rest| (i, rest)))
    else {
        return Err(ParseError::new(
            0,
            format!("no `{LABEL} N Megabytes` line in the prtconf output"),
        ));
    };
    let line_no = index + 1;
    let bad = || {
        ParseError::new(
            line_no,
            format!(
                "expected `{LABEL} <number> Megabytes|Gigabytes|Kilobytes`, got {}",
                excerpt(rest.trim())
            ),
        )
    };
    let mut words = rest.split_whitespace();
    let (Some(number), Some(unit), None) = (words.next(), words.next(), words.next()) else {
        return Err(bad());
    };
    let number: u64 = number.parse().map_err(|_| bad())?;
    let unit_bytes: u64 = match unit.to_ascii_lowercase().trim_end_matches('s') {
        "kilobyte" => 1 << 10,
        "megabyte" => 1 << 20,
        "gigabyte" => 1 << 30,
        "terabyte" => 1 << 40,
        _ => return Err(bad()),
    };
    let bytes = number.checked_mul(unit_bytes).ok_or_else(|| {
        ParseError::new(line_no, format!("memory size {number} {unit} overflows"))
    })?;
    Ok(Memory { bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prtconf_sparc_and_x86() -> Result<(), ParseError> {
        let sparc = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/memory/s11-sparc.out"
        )))?;
        assert_eq!(sparc.bytes, 32768 << 20);
        let x86 = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/memory/s10-x86.out"
        )))?;
        assert_eq!(x86.bytes, 4096 << 20);
        Ok(())
    }

    #[test]
    fn other_units_and_the_grepped_line_alone() -> Result<(), ParseError> {
        assert_eq!(
            parse(&RawFact::from_stdout("Memory size: 2 Gigabytes\n"))?.bytes,
            2 << 30
        );
        assert_eq!(
            parse(&RawFact::from_stdout("Memory size: 512 Kilobytes\n"))?.bytes,
            512 << 10
        );
        assert_eq!(
            parse(&RawFact::from_stdout("Memory size: 1 Megabyte\n"))?.bytes,
            1 << 20
        );
        Ok(())
    }

    #[test]
    fn missing_or_malformed_line() {
        let line = |s: &str| parse(&RawFact::from_stdout(s)).err().map(|e| e.line);
        assert_eq!(
            line("System Configuration:  Oracle Corporation  sun4v\n"),
            Some(0)
        );
        assert_eq!(line(""), Some(0));
        assert_eq!(
            line("System Configuration: x\nMemory size: lots\n"),
            Some(2)
        );
        assert_eq!(line("Memory size: 32768 Pages\n"), Some(1));
        assert_eq!(line("Memory size: 32768\n"), Some(1));
        assert_eq!(line("Memory size: 32768 Megabytes extra\n"), Some(1));
        assert_eq!(
            line("Memory size: 18446744073709551615 Terabytes\n"),
            Some(1)
        );
    }
}
