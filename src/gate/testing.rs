//! Builders for gate tests: a small matrix made in code.

use crate::engine::{FleetHost, FleetResult, FleetZone, PairResult, Roles, Verdict};
use crate::rules::{Finding, Severity};

/// A finding of `code`; its severity follows the code family (`ZU` -> unknown) unless the
/// message starts with `warning:` or `update:`.
pub fn finding(code: &'static str, message: &str) -> Finding {
    let severity = if code.starts_with("ZU") {
        Severity::Unknown
    } else if message.starts_with("warning:") {
        Severity::Warning
    } else if message.starts_with("update:") {
        Severity::Update
    } else {
        Severity::Error
    };
    Finding {
        code,
        severity,
        message: message.to_string(),
        evidence: None,
    }
}

/// One cell: `None` is the zone's own host; otherwise the findings, whose verdict follows.
pub type CellSpec = Option<Vec<Finding>>;

/// A matrix: `hosts` as (name, is source, is candidate), `zones` as (name, host), and one
/// row of cells per zone over the candidate hosts in name order.
pub fn fleet(
    hosts: &[(&str, bool, bool)],
    zones: &[(&str, &str)],
    rows: Vec<Vec<CellSpec>>,
) -> FleetResult {
    let mut hosts: Vec<FleetHost> = hosts
        .iter()
        .map(|&(name, source, candidate)| FleetHost {
            name: name.into(),
            roles: Roles { source, candidate },
            ..FleetHost::default()
        })
        .collect();
    hosts.sort_by(|a, b| a.name.cmp(&b.name));
    let columns: Vec<usize> = (0..hosts.len())
        .filter(|&i| hosts[i].roles.candidate)
        .collect();
    let zones: Vec<FleetZone> = zones
        .iter()
        .map(|&(name, host)| FleetZone {
            name: name.into(),
            host: host.into(),
            brand: "native".into(),
            state: "installed".into(),
            problem: None,
        })
        .collect();
    assert_eq!(rows.len(), zones.len(), "one row per zone");
    let mut cells = Vec::new();
    for (zone, row) in zones.iter().zip(rows) {
        assert_eq!(row.len(), columns.len(), "one cell per candidate");
        for (&h, spec) in columns.iter().zip(row) {
            cells.push(match spec {
                None => {
                    assert_eq!(hosts[h].name, zone.host, "self cell on the zone's host");
                    None
                }
                Some(findings) => Some(PairResult {
                    zone: zone.name.clone(),
                    host: hosts[h].name.clone(),
                    verdict: Verdict::from_findings(&findings),
                    findings,
                    coverage: Vec::new(),
                }),
            });
        }
    }
    let mut fleet = FleetResult {
        hosts,
        zones,
        columns,
        ..FleetResult::default()
    };
    fleet.set_cells(cells);
    fleet
}

/// An `ok` cell.
pub fn ok() -> CellSpec {
    Some(Vec::new())
}

/// A cell with these findings.
pub fn with(findings: Vec<Finding>) -> CellSpec {
    Some(findings)
}

/// The zone's own host.
pub fn own() -> CellSpec {
    None
}
