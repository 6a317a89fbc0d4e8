use std::path::Path;

use super::*;
use crate::gate::testing::{finding, fleet, ok, own, with};

const PATH: &str = "old/report.json";

fn parse(text: &str) -> Result<Baseline, BaselineError> {
    Baseline::parse(text, Path::new(PATH))
}

fn pair(zone: &str, source_host: &str, host: &str, verdict: Verdict) -> BaselinePair {
    BaselinePair {
        zone: zone.into(),
        source_host: source_host.into(),
        host: host.into(),
        verdict,
    }
}

#[test]
fn reads_version_1_pairs_and_ignores_the_rest() {
    let b = parse(
        r#"{
  "schema_version": 1,
  "tool": "zonescan 0.1.0",
  "hosts": [{"name": "a"}],
  "pairs": [
    {"zone": "web01", "source_host": "a", "host": "b", "verdict": "warn",
     "findings": [{"code": "ZM202", "severity": "warning", "message": "x"}]},
    {"zone": "db01", "source_host": "a", "host": "b", "verdict": "fail", "coverage": []}
  ]
}"#,
    )
    .unwrap();
    assert_eq!(b.path, Path::new(PATH));
    assert_eq!(
        b.pairs,
        [
            pair("web01", "a", "b", Verdict::Warn),
            pair("db01", "a", "b", Verdict::Fail)
        ]
    );
}

#[test]
fn reads_version_2_pairs_from_the_matrix_and_ignores_the_rest() {
    let b = parse(
        r#"{"schema_version":2,
"options":{"long_form":"non_ok"},
"zones":[
{"name":"db01","host":"a","brand":"native","state":"installed","problem":null},
{"name":"web01","host":"b","brand":"native","state":"installed","problem":null}
],
"columns":["a","b","c"],
"matrix":[
["self","ok","fail"],
["warn","self","unknown"]
],
"cells":[
[null,0,1],
[2,null,3]
],
"outcomes":[
{"verdict":"ok","findings":[],"coverage":[]},
{"verdict":"fail","findings":[{"code":"ZM105","severity":"error","message":"{zone} on {host}"}],"coverage":[]}
]}"#,
    )
    .unwrap();
    assert_eq!(
        b.pairs,
        [
            pair("db01", "a", "b", Verdict::Ok),
            pair("db01", "a", "c", Verdict::Fail),
            pair("web01", "b", "a", Verdict::Warn),
            pair("web01", "b", "c", Verdict::Unknown),
        ]
    );
}

#[test]
fn reads_the_report_this_zonescan_writes() {
    use crate::report::json::write_json;
    use crate::report::summary::FleetSummary;
    use crate::report::{ReportInput, json_types::FLEET_SCHEMA_VERSION};

    assert_eq!(
        FLEET_SCHEMA_VERSION, 2,
        "a new schema needs a baseline reader"
    );
    let f = current();
    let mut text = Vec::new();
    write_json(
        &mut text,
        &f,
        &FleetSummary::new(&f),
        &ReportInput::default(),
    )
    .unwrap();
    let b = parse(std::str::from_utf8(&text).unwrap()).unwrap();
    let expected: Vec<BaselinePair> = f
        .pairs()
        .map(|(_, _, p)| pair(p.zone(), p.source(), p.host(), p.verdict()))
        .collect();
    assert_eq!(b.pairs.len(), 5);
    assert_eq!(b.pairs, expected);
    assert!(compare(&b, &f).is_empty());
}

#[test]
fn version_2_matrices_that_do_not_fit_their_rows_and_columns_are_refused() {
    let report = |zones: &str, columns: &str, matrix: &str| {
        parse(&format!(
            r#"{{"schema_version": 2, "zones": [{zones}], "columns": [{columns}], "matrix": [{matrix}]}}"#
        ))
        .unwrap_err()
        .message
    };
    let z = r#"{"name": "db01", "host": "a"}"#;
    let two = format!("{z}, {z}");
    assert_eq!(
        report(&two, r#""a""#, r#"["self"], ["self"]"#),
        "zone db01@a appears twice in zones"
    );
    assert_eq!(
        report(z, r#""a", "b", "b""#, r#"["self", "ok", "ok"]"#),
        "host b appears twice in columns"
    );
    assert_eq!(
        report(z, r#""a", "b""#, ""),
        "matrix has 0 rows for 1 zones"
    );
    assert_eq!(
        report(z, r#""a", "b""#, r#"["self"]"#),
        "matrix row of db01@a has 1 cells for 2 columns"
    );
    let e =
        parse("{\"schema_version\": 2, \"zones\": [], \"columns\": [],\n\"matrix\": [[\"bad\"]]}")
            .unwrap_err();
    assert_eq!(e.line, 2, "{e}");
    assert!(e.message.contains("unknown variant `bad`"), "{e}");
    let e = parse(r#"{"schema_version": 2, "pairs": []}"#).unwrap_err();
    assert!(e.message.contains("missing field `zones`"), "{e}");
}

#[test]
fn other_schema_versions_are_refused() {
    let e = parse(r#"{"schema_version": 3, "pairs": "another shape"}"#).unwrap_err();
    assert_eq!(e.position(), None);
    assert!(
        e.to_string()
            .starts_with("old/report.json: report schema_version 3 is not supported as a baseline"),
        "{e}"
    );
    assert!(e.message.contains("schema_version 1 or 2"), "{e}");
    let e = parse(r#"{"pairs": []}"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "old/report.json: not a zonescan fleet report: it has no schema_version"
    );
}

#[test]
fn malformed_reports_have_positions() {
    let e = parse("{\n  \"schema_version\": 1,\n  \"pairs\": [\n    {\"zone\": \"web01\"}\n  ]\n}")
        .unwrap_err();
    assert_eq!((e.line, e.column), (4, 21), "{e}");
    assert!(e.message.contains("missing field `source_host`"), "{e}");
    assert!(!e.message.contains("at line"), "{e}");

    let e = parse(
        "{\"schema_version\": 1, \"pairs\": [\n{\"zone\": \"a\", \"source_host\": \"b\", \"host\": \"c\", \"verdict\": \"bad\"}]}",
    )
    .unwrap_err();
    assert_eq!(e.line, 2, "{e}");
    assert!(e.message.contains("unknown variant `bad`"), "{e}");

    let e = parse("{\"schema_version\": 1,\n\"pairs\": [}").unwrap_err();
    assert_eq!(e.line, 2, "{e}");
    assert!(e.to_string().starts_with("old/report.json:2:"), "{e}");

    let e = parse("").unwrap_err();
    assert!(e.message.contains("EOF"), "{e}");
}

#[test]
fn duplicate_pairs_are_refused() {
    let p = r#"{"zone": "a", "source_host": "b", "host": "c", "verdict": "ok"}"#;
    let e = parse(&format!(r#"{{"schema_version": 1, "pairs": [{p}, {p}]}}"#)).unwrap_err();
    assert!(e.message.contains("pair a@b -> c appears twice"), "{e}");
}

#[test]
fn unreadable_baselines_name_the_file() {
    let e = Baseline::load(Path::new("old/does-not-exist.json")).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("old/does-not-exist.json: cannot read:"),
        "{e}"
    );
}

/// Columns: b, c, d. Zones web01@a (b warn, c fail, d unknown) and db01@b (self on b).
fn current() -> FleetResult {
    fleet(
        &[
            ("a", true, false),
            ("b", true, true),
            ("c", false, true),
            ("d", false, true),
        ],
        &[("db01", "b"), ("web01", "a")],
        vec![
            vec![own(), ok(), with(vec![finding("ZM105", "downgrade")])],
            vec![
                with(vec![finding("ZM202", "warning: not plumbed")]),
                with(vec![finding("ZM304", "missing")]),
                with(vec![finding("ZU001", "could not run ZM401")]),
            ],
        ],
    )
}

fn change(
    zone: &str,
    source_host: &str,
    host: &str,
    before: Option<Verdict>,
    after: Verdict,
    direction: Direction,
) -> PairChange {
    PairChange {
        zone: zone.into(),
        source_host: source_host.into(),
        host: host.into(),
        before,
        after,
        direction,
    }
}

#[test]
fn compare_reports_worse_better_and_new_blocked_pairs() {
    use Verdict::*;
    let baseline = Baseline {
        path: PATH.into(),
        pairs: vec![
            // Unchanged.
            pair("web01", "a", "b", Warn),
            // fail -> unknown: better.
            pair("web01", "a", "d", Fail),
            // ok -> fail: worse.
            pair("web01", "a", "c", Ok),
            // update -> ok: better.
            pair("db01", "b", "c", Update),
            // Gone from the fleet: not reported.
            pair("app01", "a", "b", Ok),
            // Same zone name on another host: a different pair.
            pair("db01", "a", "d", Ok),
        ],
    };
    let changes = compare(&baseline, &current());
    assert_eq!(
        changes,
        [
            change("db01", "b", "c", Some(Update), Ok, Direction::Better),
            change("db01", "b", "d", None, Fail, Direction::Worse),
            change("web01", "a", "c", Some(Ok), Fail, Direction::Worse),
            change("web01", "a", "d", Some(Fail), Unknown, Direction::Better),
        ]
    );
    assert!(has_regression(&changes));
}

#[test]
fn new_movable_pairs_are_not_changes() {
    let empty = Baseline::default();
    let changes = compare(&empty, &current());
    // Every pair is new; only the ones that cannot move are reported.
    assert_eq!(
        changes
            .iter()
            .map(|c| (c.zone.as_str(), c.host.as_str(), c.after))
            .collect::<Vec<_>>(),
        [
            ("db01", "d", Verdict::Fail),
            ("web01", "c", Verdict::Fail),
            ("web01", "d", Verdict::Unknown),
        ]
    );
    assert!(changes.iter().all(|c| c.before.is_none()));
    assert!(changes.iter().all(|c| c.direction == Direction::Worse));
}

#[test]
fn improvements_alone_are_no_regression() {
    let baseline = Baseline {
        path: PATH.into(),
        pairs: vec![pair("db01", "b", "c", Verdict::Fail)],
    };
    let f = fleet(
        &[("b", true, true), ("c", false, true)],
        &[("db01", "b")],
        vec![vec![own(), ok()]],
    );
    let changes = compare(&baseline, &f);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].direction, Direction::Better);
    assert!(!has_regression(&changes));
    assert!(compare(&Baseline::default(), &f).is_empty());
}
