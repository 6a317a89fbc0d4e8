//! `rctladm`: `rctladm -l`, one resource control per line, name first, then `syslog=...` and `[ flags ]`.
//!
//! rctladm prints `%-27s ` (the name), `syslog=off`/`syslog=<level>`/`syslog=n/a`, then
//! the global flags as ` [ no-basic deny count ]`; the bracket is left out when a control
//! has no flags, so a line without one is accepted.

use crate::collect::RawFact;

use super::ParseError;
use super::zoneadm_list::excerpt;

use std::collections::BTreeMap;

/// Global flags of one rctl (`no-basic`, `deny`, `no-deny`, `count`, ...).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RctlFlags {
    pub flags: Vec<String>,
}

impl RctlFlags {
    pub fn has(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }
}

/// Resource controls known to the host.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Rctls {
    pub by_name: BTreeMap<String, RctlFlags>,
}

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Rctls, ParseError> {
    let mut by_name = BTreeMap::new();
    for (index, line) in raw.stdout.lines().enumerate() {
        let line_no = index + 1;
        let Some(name) = line.split_whitespace().next() else {
            continue;
        };
        if !is_rctl_name(name) {
            return Err(ParseError::new(
                line_no,
                format!(
                    "expected a resource control name such as `zone.max-lwps`, got {}",
                    excerpt(name)
                ),
            ));
        }
        let flags = match line.split_once('[') {
            None => Vec::new(),
            Some((_, rest)) => {
                let Some((inside, _)) = rest.split_once(']') else {
                    return Err(ParseError::new(
                        line_no,
                        format!("`[` without a closing `]` in {}", excerpt(line)),
                    ));
                };
                inside.split_whitespace().map(str::to_string).collect()
            }
        };
        by_name.insert(name.to_string(), RctlFlags { flags });
    }
    Ok(Rctls { by_name })
}

/// `class.name`: `process.max-file-descriptor`, `zone.cpu-shares`, ...
fn is_rctl_name(name: &str) -> bool {
    name.split_once('.')
        .is_some_and(|(class, rest)| !class.is_empty() && !rest.is_empty())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solaris_10_listing() -> Result<(), ParseError> {
        let rctls = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/rctladm/s10.out"
        )))?;
        assert_eq!(rctls.by_name.len(), 35);
        let flags = |n: &str| rctls.by_name.get(n).cloned().unwrap_or_default();
        assert_eq!(flags("zone.max-lwps").flags, ["no-basic", "count"]);
        assert_eq!(
            flags("process.max-file-descriptor").flags,
            ["lowerable", "deny", "count"]
        );
        let shares = flags("zone.cpu-shares");
        assert!(shares.has("no-deny") && shares.has("no-syslog") && !shares.has("deny"));
        assert!(rctls.by_name.contains_key("project.cpu-cap"));
        Ok(())
    }

    #[test]
    fn lines_without_brackets_and_blank_lines() -> Result<(), ParseError> {
        let rctls = parse(&RawFact::from_stdout(
            "\nzone.max-processes          syslog=off\nzone.max-lwps syslog=notice [ no-basic count ]\n",
        ))?;
        assert_eq!(
            rctls.by_name.get("zone.max-processes"),
            Some(&RctlFlags::default())
        );
        assert_eq!(rctls.by_name.len(), 2);
        Ok(())
    }

    #[test]
    fn malformed_lines_name_their_line() {
        let line = |s: &str| parse(&RawFact::from_stdout(s)).err().map(|e| e.line);
        assert_eq!(line("zone.max-lwps syslog=off [ no-basic count\n"), Some(1));
        assert_eq!(
            line("zone.max-lwps syslog=off [ count ]\nrctladm: unknown resource control\n"),
            Some(2)
        );
        assert_eq!(line("\n\nNAME SYSLOG FLAGS\n"), Some(3));
        assert_eq!(line(".max-lwps syslog=off\n"), Some(1));
        assert_eq!(line("zone. syslog=off\n"), Some(1));
    }
}
