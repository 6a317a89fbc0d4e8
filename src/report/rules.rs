//! `zonescan rules` and `zonescan explain`.

use std::fmt::Write as _;

use crate::rules::unknown::{UNKNOWN_CODES, find_unknown_code};
use crate::rules::{RULES, find_rule};

/// One line per code: code, severity, name, summary.
pub fn render_rule_list() -> String {
    let mut out = String::new();
    for r in RULES {
        let _ = writeln!(
            out,
            "{}  {:<8} {:<30} {}",
            r.code,
            r.severity.as_str(),
            r.name,
            r.summary
        );
    }
    for c in UNKNOWN_CODES {
        let _ = writeln!(
            out,
            "{}  {:<8} {:<30} {}",
            c.code, "unknown", c.name, c.summary
        );
    }
    out
}

/// The full explanation of a code, or `None` when there is no such code.
pub fn render_explanation(key: &str) -> Option<String> {
    if let Some(r) = find_rule(key) {
        return Some(format!(
            "{} {} ({}, default severity {}, {})\n{}\n\n{}\n",
            r.code,
            r.name,
            r.origin,
            r.severity.as_str(),
            r.scope.describe(),
            r.summary,
            r.explanation.trim_end()
        ));
    }
    find_unknown_code(key).map(|c| {
        format!(
            "{} {} (could not check; verdict unknown)\n{}\n\n{}\n",
            c.code,
            c.name,
            c.summary,
            c.explanation.trim_end()
        )
    })
}
