//! `psrinfo`: one line per virtual CPU, `0  on-line  since 01/12/2024 10:15:31`.
//!
//! States: `on-line`, `off-line`, `no-intr`, `faulted`, `spare`, `powered-off`. A state
//! not in that list still counts as a CPU, but not as an online one.

use crate::collect::RawFact;

use super::ParseError;
use super::zoneadm_list::excerpt;

/// Virtual CPUs of the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cpus {
    pub total: u32,
    /// `on-line` and `no-intr` CPUs (both run threads).
    pub online: u32,
}

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Cpus, ParseError> {
    let mut cpus = Cpus {
        total: 0,
        online: 0,
    };
    for (index, line) in raw.stdout.lines().enumerate() {
        let line_no = index + 1;
        let mut words = line.split_whitespace();
        let Some(id) = words.next() else {
            continue;
        };
        if id.parse::<u32>().is_err() {
            return Err(ParseError::new(
                line_no,
                format!("expected a processor id, got {}", excerpt(id)),
            ));
        }
        let state = words.next().unwrap_or_default();
        if state.is_empty() || !state.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            return Err(ParseError::new(
                line_no,
                format!(
                    "expected a processor state such as `on-line` after the id, got {}",
                    excerpt(line)
                ),
            ));
        }
        cpus.total = cpus.total.saturating_add(1);
        // A no-intr CPU does not take interrupts but still runs threads.
        if matches!(state, "on-line" | "no-intr") {
            cpus.online = cpus.online.saturating_add(1);
        }
    }
    if cpus.total == 0 {
        return Err(ParseError::new(0, "no processors listed"));
    }
    Ok(cpus)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state() -> Result<(), ParseError> {
        let cpus = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/psrinfo/mixed.out"
        )))?;
        assert_eq!(
            cpus,
            Cpus {
                total: 7,
                online: 3
            }
        );
        Ok(())
    }

    #[test]
    fn spaces_and_blank_lines() -> Result<(), ParseError> {
        let cpus = parse(&RawFact::from_stdout(
            "0  on-line  since 01/12/2024 10:15:31\n\n1  on-line  since 01/12/2024 10:15:31\n",
        ))?;
        assert_eq!(
            cpus,
            Cpus {
                total: 2,
                online: 2
            }
        );
        Ok(())
    }

    #[test]
    fn malformed_output() {
        let line = |s: &str| parse(&RawFact::from_stdout(s)).err().map(|e| e.line);
        assert_eq!(line(""), Some(0));
        assert_eq!(line("0\ton-line since x\ncpu1 on-line\n"), Some(2));
        assert_eq!(line("0\n"), Some(1));
        assert_eq!(line("0 ON-LINE since x\n"), Some(1));
        assert_eq!(
            line("The physical processor has 8 virtual processors (0-7)\n"),
            Some(1),
            "psrinfo -pv output is not this fact"
        );
    }
}
