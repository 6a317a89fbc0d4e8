//! Fleets built in code for the report tests.

use std::collections::BTreeMap;

use crate::engine::{
    CheckCoverage, CheckStatus, FleetHost, FleetResult, FleetZone, PairResult, Roles, SnapshotInfo,
    Verdict,
};
use crate::gate::{Direction, PairChange, RequirementPairs, RequirementResult};
use crate::report::{ReportInput, ReportOptions};
use crate::rules::{Finding, Severity};

/// "Now" of the test reports: 6h 6m 8s after the snapshot was created.
pub const NOW: &str = "2026-11-25T18:06:08Z";

pub fn finding(code: &'static str, severity: Severity, message: &str) -> Finding {
    Finding {
        code,
        severity,
        message: message.into(),
        evidence: None,
    }
}

fn with_evidence(mut f: Finding, evidence: &str) -> Finding {
    f.evidence = Some(evidence.into());
    f
}

/// A pair whose coverage says ZM001 ran and ZM301 did not apply.
pub fn pair(zone: &str, host: &str, verdict: Verdict, findings: Vec<Finding>) -> PairResult {
    PairResult {
        zone: zone.into(),
        host: host.into(),
        verdict,
        findings,
        coverage: vec![
            CheckCoverage {
                code: "ZM001",
                status: CheckStatus::Ran,
            },
            CheckCoverage {
                code: "ZM301",
                status: CheckStatus::NotApplicable,
            },
        ],
    }
}

fn host(name: &str, source: bool, candidate: bool) -> FleetHost {
    FleetHost {
        name: name.into(),
        roles: Roles { source, candidate },
        ..FleetHost::default()
    }
}

fn zone(name: &str, host: &str, brand: &str) -> FleetZone {
    FleetZone {
        name: name.into(),
        host: host.into(),
        brand: brand.into(),
        state: "installed".into(),
        problem: None,
    }
}

/// Three zones x three candidate hosts, and a fourth host that could not be reached:
///
/// ```text
///                s10-a    s10-b  s10-c
/// app01@s10-a    self     ok     warn
/// db01@s10-a     self     fail   unknown
/// web01@s10-b    update   self   fail
/// ```
///
/// Messages and evidence start with `=`, `+`, `-` and `@` to test CSV neutralisation.
pub fn fleet() -> FleetResult {
    use Severity::*;
    let mut a = host("s10-a", true, true);
    a.release = Some("5.10 Generic_150400-40".into());
    a.collected_at = Some("2026-11-25T16:00:00Z".into());
    let mut b = host("s10-b", true, true);
    b.tags = BTreeMap::from([("site".to_string(), "fra".to_string())]);
    let mut c = host("s10-c", false, true);
    c.problems = vec!["svr4: pkginfo timed out".into()];
    let mut old = host("s9-old", true, false);
    old.unreachable = true;
    old.problems = vec!["ssh: connection timed out".into()];

    let mut unknown = pair(
        "db01",
        "s10-c",
        Verdict::Unknown,
        vec![finding(
            "ZU001",
            Unknown,
            "could not run ZM101: pkginfo timed out",
        )],
    );
    unknown.coverage[1] = CheckCoverage {
        code: "ZM101",
        status: CheckStatus::NotRun {
            reason: "pkginfo timed out".into(),
        },
    };
    let cells = vec![
        // app01@s10-a
        None,
        Some(pair("app01", "s10-b", Verdict::Ok, Vec::new())),
        Some(pair(
            "app01",
            "s10-c",
            Verdict::Warn,
            vec![with_evidence(
                finding("ZM010", Warning, "release 5.11 differs from 5.10"),
                "+5.11 11.4.42",
            )],
        )),
        // db01@s10-a
        None,
        Some(pair(
            "db01",
            "s10-b",
            Verdict::Fail,
            vec![
                finding("ZM010", Warning, "-release is older"),
                with_evidence(
                    finding("ZM105", Error, "=HYPERLINK(\"http://x\",\"downgrade\")"),
                    "@SUM(1+1)\nSUNWcsu 11.10.0,REV=2005",
                ),
            ],
        )),
        Some(unknown),
        // web01@s10-b
        Some(pair(
            "web01",
            "s10-a",
            Verdict::Update,
            vec![finding(
                "ZM101",
                Update,
                "packages differ: SUNWcsu, SUNWcsr",
            )],
        )),
        None,
        Some(pair(
            "web01",
            "s10-c",
            Verdict::Fail,
            vec![
                finding("ZM503", Error, "address 10.0.0.5 is in use"),
                finding("ZU001", Unknown, "could not run ZM401: rctladm failed"),
            ],
        )),
    ];
    let mut f = FleetResult {
        snapshot: SnapshotInfo {
            path: "inventories/demo".into(),
            created: Some("2026-11-25T12:00:00Z".into()),
            tool: Some("zonescan 0.1.0".into()),
        },
        hosts: vec![a, b, c, old],
        zones: vec![
            zone("app01", "s10-a", "native"),
            zone("db01", "s10-a", "native"),
            zone("web01", "s10-b", "native"),
        ],
        columns: vec![0, 1, 2],
        ..FleetResult::default()
    };
    f.set_cells(cells);
    f
}

/// The baseline changes of [`fleet`]: db01 -> s10-b got worse, web01 -> s10-a better.
pub fn changes() -> Vec<PairChange> {
    vec![
        PairChange {
            zone: "web01".into(),
            source_host: "s10-b".into(),
            host: "s10-a".into(),
            before: Some(Verdict::Fail),
            after: Verdict::Update,
            direction: Direction::Better,
        },
        PairChange {
            zone: "db01".into(),
            source_host: "s10-a".into(),
            host: "s10-b".into(),
            before: Some(Verdict::Ok),
            after: Verdict::Fail,
            direction: Direction::Worse,
        },
    ]
}

/// Two requirements of a plan: one holds, one fails.
pub fn requirements() -> Vec<RequirementResult> {
    vec![
        RequirementResult {
            requirement: "move web01 -> s10-a".into(),
            holds: true,
            explanation: "web01 can move to s10-a with attach -u".into(),
            pairs: RequirementPairs {
                rows: vec![2],
                columns: vec![0],
            },
        },
        RequirementResult {
            requirement: "evacuate s10-a".into(),
            holds: false,
            explanation: "db01 has no host that can take it".into(),
            pairs: RequirementPairs {
                rows: vec![0, 1],
                columns: vec![1, 2],
            },
        },
    ]
}

/// The report input of [`fleet`] with its changes and requirements.
pub fn input<'a>(
    requirements: &'a [RequirementResult],
    changes: &'a [PairChange],
    options: ReportOptions,
) -> ReportInput<'a> {
    ReportInput {
        generated_at: NOW,
        requirements,
        changes,
        baseline: !changes.is_empty(),
        options,
    }
}

/// `zones` zones spread over `hosts` hosts, every host a candidate, verdicts cycling.
pub fn big_fleet(zones: usize, hosts: usize) -> FleetResult {
    let host_name = |h: usize| format!("h{h:03}");
    let fleet_hosts: Vec<FleetHost> = (0..hosts)
        .map(|h| host(&host_name(h), true, true))
        .collect();
    let fleet_zones: Vec<FleetZone> = (0..zones)
        .map(|z| zone(&format!("z{z:05}"), &host_name(z % hosts.max(1)), "native"))
        .collect();
    let mut cells = Vec::with_capacity(zones * hosts);
    for (zi, z) in fleet_zones.iter().enumerate() {
        for (hi, h) in fleet_hosts.iter().enumerate() {
            if z.host == h.name {
                cells.push(None);
                continue;
            }
            let (verdict, findings) = match (zi * zi + hi * 5 + zi / 7) % 6 {
                0 => (Verdict::Ok, Vec::new()),
                1 => (
                    Verdict::Warn,
                    (0..=zi % 3)
                        .map(|_| finding("ZM010", Severity::Warning, "release differs"))
                        .collect(),
                ),
                2 => (
                    Verdict::Update,
                    vec![finding("ZM101", Severity::Update, "packages differ")],
                ),
                3 => (
                    Verdict::Unknown,
                    vec![finding("ZU001", Severity::Unknown, "could not run")],
                ),
                4 => (
                    Verdict::Fail,
                    vec![finding("ZM105", Severity::Error, "downgrade")],
                ),
                _ => (
                    Verdict::Fail,
                    vec![
                        finding("ZM301", Severity::Error, "fs type"),
                        finding("ZM503", Severity::Error, "address in use"),
                    ],
                ),
            };
            cells.push(Some(pair(&z.name, &h.name, verdict, findings)));
        }
    }
    let mut f = FleetResult {
        snapshot: SnapshotInfo {
            path: "big".into(),
            created: None,
            tool: None,
        },
        hosts: fleet_hosts,
        zones: fleet_zones,
        columns: (0..hosts).collect(),
        ..FleetResult::default()
    };
    f.set_cells(cells);
    f
}
