//! `dispadmin`: `dispadmin -l`, the configured scheduling classes.
//!
//! A `CONFIGURED CLASSES` title underlined with `=`, a blank line, then one class per
//! line: its name, a tab and a description in parentheses (`FSS`, tab, `(Fair Share)`).

use crate::collect::RawFact;

use super::ParseError;
use super::zoneadm_list::excerpt;

use std::collections::BTreeSet;

/// Scheduling class names (`TS`, `FSS`, ...).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SchedClasses {
    pub names: BTreeSet<String>,
}

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<SchedClasses, ParseError> {
    let mut names = BTreeSet::new();
    for (index, line) in raw.stdout.lines().enumerate() {
        let line_no = index + 1;
        let text = line.trim();
        if text.is_empty() || text == "CONFIGURED CLASSES" || text.chars().all(|c| c == '=') {
            continue;
        }
        let (name, description) = text
            .split_once(char::is_whitespace)
            .map_or((text, ""), |(n, d)| (n, d.trim()));
        let name_ok = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        let description_ok =
            description.is_empty() || (description.starts_with('(') && description.ends_with(')'));
        if !name_ok || !description_ok {
            return Err(ParseError::new(
                line_no,
                format!(
                    "expected a class line such as `FSS\t(Fair Share)`, got {}",
                    excerpt(text)
                ),
            ));
        }
        names.insert(name.to_string());
    }
    if names.is_empty() {
        return Err(ParseError::new(0, "no scheduling classes listed"));
    }
    Ok(SchedClasses { names })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(c: &SchedClasses) -> Vec<&str> {
        c.names.iter().map(String::as_str).collect()
    }

    #[test]
    fn solaris_10_and_11() -> Result<(), ParseError> {
        let s10 = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/dispadmin/s10.out"
        )))?;
        assert_eq!(names(&s10), ["FSS", "FX", "IA", "RT", "SYS", "TS"]);
        let s11 = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/dispadmin/s11.out"
        )))?;
        assert!(s11.names.contains("SDC"));
        assert_eq!(s11.names.len(), 7);
        Ok(())
    }

    #[test]
    fn without_the_header_or_descriptions() -> Result<(), ParseError> {
        let c = parse(&RawFact::from_stdout("SYS\nFSS   (Fair Share)\n"))?;
        assert_eq!(names(&c), ["FSS", "SYS"]);
        Ok(())
    }

    #[test]
    fn malformed_output() {
        let line = |s: &str| parse(&RawFact::from_stdout(s)).err().map(|e| e.line);
        assert_eq!(line(""), Some(0));
        assert_eq!(line("CONFIGURED CLASSES\n==================\n\n"), Some(0));
        assert_eq!(
            line(
                "CONFIGURED CLASSES\n==================\n\nSYS\t(System Class)\nTS\tTime Sharing\n"
            ),
            Some(5)
        );
        assert_eq!(line("dispadmin: not found\n"), Some(1));
    }
}
