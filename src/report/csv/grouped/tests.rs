#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::BTreeMap;

use super::*;
use crate::engine::{CheckCoverage, FleetHost, FleetZone, Outcome, Roles};
use crate::gate::PairChange;
use crate::report::csv::{FINDINGS_COLUMNS, PAIRS_COLUMNS, write_findings, write_pairs};
use crate::report::test_fleet::{NOW, finding};
use crate::report::{EVIDENCE_LINES, LongForm, ReportInput, ReportOptions};
use crate::rules::{Finding, Severity};

fn grouped(changes: &[PairChange]) -> ReportInput<'_> {
    with_form(changes, LongForm::Grouped)
}

fn with_form(changes: &[PairChange], long_form: LongForm) -> ReportInput<'_> {
    ReportInput {
        generated_at: NOW,
        changes,
        baseline: !changes.is_empty(),
        options: ReportOptions { long_form },
        ..ReportInput::default()
    }
}

fn text(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
    let mut out = Vec::new();
    write(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The long evidence of [`fleet`]'s downgrade: a line per package, with the zone's
/// placeholder and braces in each.
fn downgrade_evidence() -> String {
    (0..EVIDENCE_LINES + 4)
        .map(|i| format!("{ZONE}: SUNWpkg{i} {{1.{i}}}\n"))
        .collect()
}

/// Two zones on four candidate hosts, whose pairs share outcomes as an evaluated fleet's
/// do (texts name the pair through placeholders):
///
/// ```text
///              s10-a    s10-b     s10-c    s10-d
/// app01@s10-a  self     fail(1)   warn(2)  fail(1)
/// db01@s10-b   fail(1)  self      ok(0)    unknown(3)
/// ```
fn fleet() -> FleetResult {
    let host = |name: &str| FleetHost {
        name: name.into(),
        roles: Roles::BOTH,
        ..FleetHost::default()
    };
    let zone = |name: &str, host: &str| FleetZone {
        name: name.into(),
        host: host.into(),
        brand: "native".into(),
        state: "installed".into(),
        problem: None,
    };
    let mut f = FleetResult {
        hosts: ["s10-a", "s10-b", "s10-c", "s10-d"].map(host).to_vec(),
        zones: vec![zone("app01", "s10-a"), zone("db01", "s10-b")],
        columns: vec![0, 1, 2, 3],
        ..FleetResult::default()
    };
    let outcome = |verdict, findings: Vec<Finding>| Outcome {
        verdict,
        findings,
        coverage: vec![CheckCoverage {
            code: "ZM001",
            status: crate::engine::CheckStatus::Ran,
        }]
        .into(),
    };
    let mut downgrade = finding(
        "ZM105",
        Severity::Error,
        &format!("{ZONE} cannot go from {SOURCE} to {TARGET}: {{x}}"),
    );
    downgrade.evidence = Some(downgrade_evidence().into());
    let ok = f.push_outcome(outcome(Verdict::Ok, Vec::new()));
    let fail = f.push_outcome(outcome(
        Verdict::Fail,
        vec![
            finding("ZM010", Severity::Warning, "-release is older"),
            downgrade,
        ],
    ));
    let warn = f.push_outcome(outcome(
        Verdict::Warn,
        vec![finding(
            "ZM202",
            Severity::Warning,
            &format!("interface e1000g0 missing on {TARGET}"),
        )],
    ));
    let unknown = f.push_outcome(outcome(
        Verdict::Unknown,
        vec![finding("ZU001", Severity::Unknown, "=SUM(1)")],
    ));
    // Stored but used by no pair: it describes nothing.
    f.push_outcome(outcome(
        Verdict::Fail,
        vec![finding("ZM503", Severity::Error, "unused")],
    ));
    f.cells = vec![
        Cell::SelfHost,
        fail,
        warn,
        fail,
        fail,
        Cell::SelfHost,
        ok,
        unknown,
    ];
    f
}

#[test]
fn pairs_are_grouped_by_zone_and_outcome_with_hosts_in_column_order() {
    let f = fleet();
    assert_eq!(
        text(|out| write_pairs(out, &f, &grouped(&[]))),
        "\
zone,source_host,hosts,pairs,outcome,verdict,errors,warnings,updates,unknowns,codes,first_blocking_code,first_blocking_message,change
app01,s10-a,s10-b s10-d,2,1,fail,1,1,0,0,ZM010 ZM105,ZM105,app01 cannot go from s10-a to {host}: {{x}},
app01,s10-a,s10-c,1,2,warn,0,1,0,0,ZM202,,,
db01,s10-b,s10-a,1,1,fail,1,1,0,0,ZM010 ZM105,ZM105,db01 cannot go from s10-b to {host}: {{x}},
db01,s10-b,s10-d,1,3,unknown,0,0,0,1,ZU001,ZU001,'=SUM(1),
",
        "ok pairs (db01 -> s10-c) are absent"
    );
}

#[test]
fn a_change_splits_a_group() {
    let f = fleet();
    let changes = [PairChange {
        zone: "app01".into(),
        source_host: "s10-a".into(),
        host: "s10-d".into(),
        before: Some(Verdict::Ok),
        after: Verdict::Fail,
        direction: Direction::Worse,
    }];
    let out = text(|out| write_pairs(out, &f, &grouped(&changes)));
    let rows: Vec<(&str, &str)> = out
        .lines()
        .skip(1)
        .map(|l| (l.split(',').nth(2).unwrap(), l.rsplit(',').next().unwrap()))
        .collect();
    assert_eq!(
        rows,
        [
            ("s10-b", ""),
            ("s10-c", ""),
            ("s10-d", "worse"),
            ("s10-a", ""),
            ("s10-d", ""),
        ]
    );
}

#[test]
fn findings_are_listed_once_per_outcome_as_templates() {
    let f = fleet();
    let out = text(|out| write_findings(out, &f, &grouped(&[])));
    let mut reader = ::csv::Reader::from_reader(out.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        GROUPED_FINDINGS_COLUMNS
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let head: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().take(6).map(String::as_str).collect())
        .collect();
    assert_eq!(
        head,
        [
            vec!["1", "3", "fail", "ZM010", "warning", "'-release is older"],
            vec![
                "1",
                "3",
                "fail",
                "ZM105",
                "error",
                "{zone} cannot go from {source_host} to {host}: {{x}}"
            ],
            vec![
                "2",
                "1",
                "warn",
                "ZM202",
                "warning",
                "interface e1000g0 missing on {host}"
            ],
            vec!["3", "1", "unknown", "ZU001", "unknown", "'=SUM(1)"],
        ],
        "neither the ok outcome nor the unused one"
    );
    let evidence = &rows[1][6];
    assert_eq!(evidence.lines().count(), EVIDENCE_LINES + 1, "cut once");
    assert!(
        evidence.starts_with("{zone}: SUNWpkg0 {{1.0}}\n"),
        "{evidence}"
    );
    assert!(evidence.ends_with("... 4 more lines (zonescan check --format text prints them all)"));
}

#[test]
fn host_templates_fill_the_zone_and_source_and_escape_braces() {
    assert!(matches!(
        host_template("plain", "z", "s"),
        Cow::Borrowed("plain")
    ));
    assert_eq!(
        host_template(&format!("{{{ZONE}}} {SOURCE}->{TARGET}"), "web01", "h{1}"),
        "{{web01}} h{{1}}->{host}"
    );
}

/// Python's `str.format` for the names the grouped files use.
fn format(template: &str, names: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in names {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out.replace("{{", "{").replace("}}", "}")
}

fn records(text: &str) -> Vec<Vec<String>> {
    ::csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn grouped_files_expand_to_the_non_ok_rows() {
    let f = fleet();
    let changes = [PairChange {
        zone: "db01".into(),
        source_host: "s10-b".into(),
        host: "s10-a".into(),
        before: None,
        after: Verdict::Fail,
        direction: Direction::Worse,
    }];
    let (all, grouped) = (with_form(&changes, LongForm::NonOk), grouped(&changes));
    let mut expected_pairs = records(&text(|out| write_pairs(out, &f, &all)));
    let mut expected_findings = records(&text(|out| write_findings(out, &f, &all)));
    let groups = records(&text(|out| write_pairs(out, &f, &grouped)));
    let mut by_outcome: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    for row in records(&text(|out| write_findings(out, &f, &grouped))) {
        by_outcome.entry(row[0].clone()).or_default().push(row);
    }
    let (mut pairs, mut findings) = (Vec::new(), Vec::new());
    for g in &groups {
        for host in g[2].split(' ') {
            let names = [("zone", &*g[0]), ("source_host", &*g[1]), ("host", host)];
            let mut row = vec![g[0].clone(), g[1].clone(), host.to_string()];
            row.extend(g[5..12].iter().cloned());
            row.push(format(&g[12], &names));
            row.push(g[13].clone());
            pairs.push(row);
            for finding in by_outcome.get(&g[4]).into_iter().flatten() {
                let mut row = vec![g[0].clone(), g[1].clone(), host.to_string()];
                row.extend(finding[2..5].iter().cloned());
                row.push(format(&finding[5], &names));
                row.push(format(&finding[6], &names));
                findings.push(row);
            }
        }
    }
    assert_eq!(PAIRS_COLUMNS.len(), pairs[0].len());
    assert_eq!(FINDINGS_COLUMNS.len(), findings[0].len());
    for rows in [
        &mut pairs,
        &mut expected_pairs,
        &mut findings,
        &mut expected_findings,
    ] {
        rows.sort();
    }
    assert_eq!(pairs, expected_pairs);
    assert_eq!(findings, expected_findings);
    assert_eq!(expected_findings.len(), 8);
}
