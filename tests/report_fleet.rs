//! The fleet reports through the public API: a fleet built by hand, written to a directory.
#![allow(clippy::unwrap_used)]

use std::fs;

use zonescan::engine::{FleetHost, FleetResult, FleetZone, PairResult, Roles, Verdict};
use zonescan::report::summary::FleetSummary;
use zonescan::report::terminal::render_terminal;
use zonescan::report::write::write_all;
use zonescan::report::{LongForm, ReportInput, ReportOptions};
use zonescan::rules::{Finding, Severity};

fn fleet() -> FleetResult {
    let host = |name: &str| FleetHost {
        name: name.into(),
        roles: Roles {
            source: true,
            candidate: true,
        },
        ..FleetHost::default()
    };
    let pair = |host: &str, verdict, findings| {
        Some(PairResult {
            zone: "web01".into(),
            host: host.into(),
            verdict,
            findings,
            coverage: Vec::new(),
        })
    };
    let mut fleet = FleetResult {
        hosts: vec![host("a"), host("b"), host("c")],
        zones: vec![FleetZone {
            name: "web01".into(),
            host: "a".into(),
            brand: "native".into(),
            state: "installed".into(),
            problem: None,
        }],
        columns: vec![0, 1, 2],
        ..FleetResult::default()
    };
    fleet.set_cells(vec![
        None,
        pair("b", Verdict::Ok, Vec::new()),
        pair(
            "c",
            Verdict::Fail,
            vec![Finding {
                code: "ZM503",
                severity: Severity::Error,
                message: "-cmd".into(),
                evidence: None,
            }],
        ),
    ]);
    fleet
}

#[test]
fn written_twice_byte_for_byte() {
    let fleet = fleet();
    let input = ReportInput {
        generated_at: "2026-11-25T18:06:08Z",
        options: ReportOptions {
            long_form: LongForm::NonOk,
        },
        ..ReportInput::default()
    };
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let written: Vec<Vec<Vec<u8>>> = dirs
        .iter()
        .map(|d| {
            write_all(d.path(), &fleet, &input)
                .unwrap()
                .iter()
                .map(|p| fs::read(p).unwrap())
                .collect()
        })
        .collect();
    assert_eq!(written[0], written[1]);
    let pairs = String::from_utf8(written[0][1].clone()).unwrap();
    assert_eq!(
        pairs,
        "zone,source_host,host,verdict,errors,warnings,updates,unknowns,codes,\
         first_blocking_code,first_blocking_message,change\n\
         web01,a,c,fail,1,0,0,0,ZM503,ZM503,'-cmd,\n"
    );
    let summary = FleetSummary::new(&fleet);
    let text = render_terminal(&fleet, &summary, &input);
    assert!(
        text.contains("  web01@a  1/2 hosts  best: b (ok)\n"),
        "{text}"
    );
}
