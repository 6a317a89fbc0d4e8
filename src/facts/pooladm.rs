//! `pooladm`: the dynamic pools configuration, or the error when the facility is not active.
//!
//! With pools enabled, `pooladm` prints libpool's description of the running
//! configuration: a `system <name>` element, then one `\tpool <name>` element per pool and
//! the `\tpset <name>` resources with their `cpu` components. Properties are indented one
//! level deeper as `<type>\t<name> <value>`, and a pool lists its pset as `pset\t<name>`
//! (tab, not space), so `pool <name>` with a space only ever starts a pool element.
//!
//! With pools disabled it exits non-zero with
//! `pooladm: couldn't open pools state file: Facility is not active` on stderr; this fact
//! is parsed even then (`OnNonZero::Parse`).

use crate::collect::RawFact;

use super::ParseError;
use super::zoneadm_list::excerpt;

use std::collections::BTreeSet;

/// Resource pools on the host.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Pools {
    pub active: bool,
    pub pools: BTreeSet<String>,
    /// Why the facility is inactive, as pooladm said it.
    pub message: Option<String>,
}

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Pools, ParseError> {
    let first_message = || {
        raw.stderr
            .lines()
            .chain(raw.stdout.lines())
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(str::to_string)
    };
    if raw.exit != 0 {
        return Ok(inactive(first_message().unwrap_or_else(|| {
            format!("pooladm exited with status {}", raw.exit)
        })));
    }
    let mut saw_system = false;
    let mut pools = BTreeSet::new();
    for (index, line) in raw.stdout.lines().enumerate() {
        let element = line.trim();
        if element.starts_with("system ") {
            saw_system = true;
        } else if let Some(name) = element
            .strip_prefix("pool")
            .filter(|rest| rest.is_empty() || rest.starts_with(' '))
        {
            let name = name.trim();
            if name.is_empty() {
                return Err(ParseError::new(index + 1, "`pool` without a name"));
            }
            pools.insert(name.to_string());
        }
    }
    if !saw_system {
        // A hand-assembled snapshot records no exit status, so the error message may sit
        // in a fact taken as successful.
        if let Some(message) = first_message().filter(|m| m.starts_with("pooladm:")) {
            return Ok(inactive(message));
        }
        return match raw
            .stdout
            .lines()
            .enumerate()
            .find(|(_, l)| !l.trim().is_empty())
        {
            None => Err(ParseError::new(
                0,
                "empty output, expected the pools configuration",
            )),
            Some((index, line)) => Err(ParseError::new(
                index + 1,
                format!(
                    "expected the pools configuration, starting with `system <name>`, got {}",
                    excerpt(line.trim())
                ),
            )),
        };
    }
    Ok(Pools {
        active: true,
        pools,
        message: None,
    })
}

fn inactive(message: String) -> Pools {
    Pools {
        active: false,
        pools: BTreeSet::new(),
        message: Some(message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOT_ACTIVE: &str = "pooladm: couldn't open pools state file: Facility is not active";

    fn raw(stdout: &str, stderr: &str, exit: i32) -> RawFact {
        RawFact {
            stdout: stdout.to_string(),
            stderr: stderr.to_string(),
            exit,
        }
    }

    #[test]
    fn active_configuration_lists_pools_not_psets() -> Result<(), ParseError> {
        let pools = parse(&raw(
            include_str!("../../tests/fixtures/facts/pooladm/active.out"),
            "",
            0,
        ))?;
        assert!(pools.active);
        assert_eq!(pools.message, None);
        let names: Vec<&str> = pools.pools.iter().map(String::as_str).collect();
        assert_eq!(names, ["pool_db", "pool_default"]);
        Ok(())
    }

    #[test]
    fn only_the_default_pool() -> Result<(), ParseError> {
        let pools = parse(&raw(
            "\nsystem myhost\n\tint\tsystem.version 1\n\n\tpool pool_default\n\t\tboolean\tpool.default true\n\t\tpset\tpset_default\n\n\tpset pset_default\n\t\tint\tpset.sys_id -1\n",
            "",
            0,
        ))?;
        assert_eq!(pools.pools.len(), 1);
        assert!(pools.pools.contains("pool_default"));
        Ok(())
    }

    #[test]
    fn facility_not_active() -> Result<(), ParseError> {
        let pools = parse(&raw(
            "",
            include_str!("../../tests/fixtures/facts/pooladm/inactive.err"),
            1,
        ))?;
        assert_eq!(
            pools,
            Pools {
                active: false,
                pools: BTreeSet::new(),
                message: Some(NOT_ACTIVE.into()),
            }
        );
        Ok(())
    }

    #[test]
    fn failure_without_message() -> Result<(), ParseError> {
        let pools = parse(&raw("", "", 2))?;
        assert!(!pools.active);
        assert_eq!(
            pools.message.as_deref(),
            Some("pooladm exited with status 2")
        );
        Ok(())
    }

    #[test]
    fn hand_assembled_snapshot_with_the_message_as_output() -> Result<(), ParseError> {
        let pools = parse(&raw(&format!("{NOT_ACTIVE}\n"), "", 0))?;
        assert!(!pools.active);
        assert_eq!(pools.message.as_deref(), Some(NOT_ACTIVE));
        Ok(())
    }

    #[test]
    fn malformed_output() {
        let line = |s: &str| parse(&raw(s, "", 0)).err().map(|e| e.line);
        assert_eq!(line(""), Some(0));
        assert_eq!(line("\n\nsomething else\n"), Some(3));
        assert_eq!(line("system default\n\tpool \n"), Some(2));
    }
}
