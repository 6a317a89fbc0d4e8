//! `report.html` in a real headless Chromium: the demo fleet's report loads cleanly and
//! offline, shows the counts of `report.json`, filters, drills down, keeps its filter in the
//! URL, and shows hostile names as text. A screenshot is kept under `target/tmp/`.

mod browser;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::cargo::cargo_bin_cmd;
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::{Value, json};

use browser::Browser;

const EPOCH: &str = "1795579200";

/// Where this binary's artifacts go: `target/tmp/report-html/`.
fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-html");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// The demo fleet's reports, written once per test run by `zonescan scan`.
fn demo() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let out = artifacts().join("demo");
        let _ = std::fs::remove_dir_all(&out);
        cargo_bin_cmd!("zonescan")
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .args([
                "scan",
                "--quiet",
                "--inventory",
                "inventories/demo.yaml",
                "--out",
            ])
            .arg(&out)
            .assert()
            .code(0);
        out
    })
}

fn url(dir: &Path) -> String {
    let path = std::fs::canonicalize(dir.join("report.html"))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    format!("file://{}", path.display())
}

fn report_json(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("report.json")).unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"))
}

/// `(row, column)` of every pair of `report.json` that `keep` accepts.
fn pairs_where(report: &Value, keep: impl Fn(&Value) -> bool) -> BTreeSet<(u64, u64)> {
    let zones = report["zones"].as_array().cloned().unwrap_or_default();
    let columns = report["columns"].as_array().cloned().unwrap_or_default();
    let row = |p: &Value| {
        zones
            .iter()
            .position(|z| z["name"] == p["zone"] && z["host"] == p["source_host"])
            .unwrap_or_else(|| panic!("no row for {p}")) as u64
    };
    let col = |p: &Value| {
        columns
            .iter()
            .position(|c| *c == p["host"])
            .unwrap_or_else(|| panic!("no column for {p}")) as u64
    };
    report["pairs"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .filter(|p| keep(p))
                .map(|p| (row(p), col(p)))
                .collect()
        })
        .unwrap_or_default()
}

fn has_code(pair: &Value, code: &str) -> bool {
    pair["findings"]
        .as_array()
        .is_some_and(|fs| fs.iter().any(|f| f["code"] == code))
}

/// The cells the grid draws as matching: `(row, column)`.
async fn hits(b: &Browser) -> BTreeSet<(u64, u64)> {
    let cells = b
        .js("return Array.from(document.querySelectorAll('#g-space .cell.hit'), c => [+c.dataset.r, +c.dataset.c]);")
        .await;
    cells
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| {
                    (
                        x[0].as_u64().unwrap_or(u64::MAX),
                        x[1].as_u64().unwrap_or(u64::MAX),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

async fn matched(b: &Browser) -> u64 {
    b.js("return +document.getElementById('match').dataset.matched;")
        .await
        .as_u64()
        .unwrap_or(u64::MAX)
}

/// Waits for the page to redraw after an input (drawing is synchronous; this lets the
/// event loop run).
async fn settle(b: &Browser) {
    b.client
        .execute_async(
            "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(1)));",
            vec![],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
}

fn severe(console: &[(String, String)]) -> Vec<&(String, String)> {
    console
        .iter()
        .filter(|(level, _)| level == "SEVERE" || level == "WARNING")
        .collect()
}

#[tokio::test]
async fn the_demo_report_loads_with_no_console_error_and_no_request() {
    let b = browser::start(1600, 1200).await;
    b.open(&url(demo())).await;
    settle(&b).await;
    let console = b.console().await;
    assert!(severe(&console).is_empty(), "console: {console:?}");
    let resources = b
        .js("return performance.getEntriesByType('resource').map(e => e.name);")
        .await;
    assert_eq!(resources, json!([]), "the page made requests");
    let csp = b
        .js("return document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content;")
        .await;
    assert!(
        csp.as_str()
            .is_some_and(|c| c.starts_with("default-src 'none';")),
        "{csp}"
    );
    // The policy is in force: a request is refused before it leaves.
    let fetched = b
        .client
        .execute_async(
            "const done = arguments[0]; fetch('http://127.0.0.1:9/x').then(() => done('sent'), () => done('refused'));",
            vec![],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(fetched, "refused");
    let console = b.console().await;
    assert!(
        console
            .iter()
            .any(|(_, m)| m.contains("Content Security Policy")),
        "the refusal names the policy: {console:?}"
    );
    b.close().await;
}

#[tokio::test]
async fn verdict_counts_are_those_of_report_json() {
    let report = report_json(demo());
    let b = browser::start(1600, 1200).await;
    b.open(&url(demo())).await;
    for verdict in ["ok", "warn", "update", "unknown", "fail"] {
        let shown = b.text(&format!("#count-{verdict}")).await;
        assert_eq!(
            shown,
            report["summary"]["verdicts"][verdict].to_string(),
            "{verdict}"
        );
    }
    assert_eq!(
        b.text("#pairs-count").await,
        report["summary"]["pairs"].to_string()
    );
    assert_eq!(
        matched(&b).await,
        report["summary"]["pairs"].as_u64().unwrap_or(0)
    );
    b.close().await;
}

#[tokio::test]
async fn filters_select_exactly_their_pairs_and_the_fragment_keeps_them() {
    let dir = demo();
    let report = report_json(dir);
    // Tall enough for the whole demo matrix, so that every matching cell is drawn.
    let b = browser::start(1800, 2400).await;
    b.open(&url(dir)).await;

    b.client
        .find(Locator::Css("#f-v-fail"))
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    settle(&b).await;
    let failing = pairs_where(&report, |p| p["verdict"] == "fail");
    assert_eq!(matched(&b).await, failing.len() as u64);
    assert_eq!(
        hits(&b).await,
        failing,
        "the fail filter shows the failing pairs"
    );

    b.client
        .find(Locator::Css("#f-code"))
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .select_by_value("ZM105")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    settle(&b).await;
    let zm105 = pairs_where(&report, |p| p["verdict"] == "fail" && has_code(p, "ZM105"));
    assert!(!zm105.is_empty());
    assert_eq!(hits(&b).await, zm105, "fail and ZM105");

    b.client
        .find(Locator::Css("#f-zone"))
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .send_keys("app")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    settle(&b).await;
    let zones = report["zones"].as_array().cloned().unwrap_or_default();
    let app = pairs_where(&report, |p| {
        p["verdict"] == "fail"
            && has_code(p, "ZM105")
            && p["zone"].as_str().is_some_and(|z| z.contains("app"))
    });
    assert!(!app.is_empty() && app.len() < zm105.len(), "{app:?}");
    assert_eq!(
        hits(&b).await,
        app,
        "fail, ZM105 and zone name containing app"
    );
    let rows = b
        .js("return Array.from(document.querySelectorAll('#g-rowhead .zn'), e => e.textContent);")
        .await;
    for name in rows.as_array().cloned().unwrap_or_default() {
        assert!(name.as_str().is_some_and(|n| n.contains("app")), "{name}");
    }
    assert!(!zones.is_empty());

    // The fragment holds the filter; opening it elsewhere gives the same view.
    let hash = b.js("return location.hash;").await;
    let hash = hash.as_str().unwrap_or_default().to_string();
    assert!(
        hash.contains("v=fail") && hash.contains("code=ZM105") && hash.contains("zone=app"),
        "{hash}"
    );
    let before = hits(&b).await;
    b.close().await;
    let b = browser::start(1800, 2400).await;
    b.open(&format!("{}{hash}", url(dir))).await;
    settle(&b).await;
    assert_eq!(hits(&b).await, before, "the same pairs from the link");
    assert_eq!(
        b.js("return document.getElementById('f-zone').value;")
            .await,
        "app"
    );
    assert_eq!(
        b.js("return document.getElementById('f-code').value;")
            .await,
        "ZM105"
    );
    assert_eq!(
        b.js("return document.getElementById('f-v-fail').checked;")
            .await,
        true
    );

    // Host text search and a blocking reason from the ranked list.
    b.js("location.hash = '#host=s11';").await;
    settle(&b).await;
    let s11 = pairs_where(&report, |p| {
        p["host"].as_str().is_some_and(|h| h.contains("s11"))
    });
    assert_eq!(hits(&b).await, s11, "host names containing s11");
    b.js("location.hash = '';").await;
    settle(&b).await;
    b.client
        .find(Locator::Css("button[data-reason=\"ZM002\"]"))
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    settle(&b).await;
    let ranked = report["summary"]["reasons"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["code"] == "ZM002"))
        .map(|r| r["pairs"].as_u64().unwrap_or(0));
    assert_eq!(Some(matched(&b).await), ranked, "the reason's pairs");
    let console = b.console().await;
    assert!(severe(&console).is_empty(), "console: {console:?}");
    b.close().await;
}

#[tokio::test]
async fn a_failing_cell_shows_every_finding_code_by_click_and_by_keyboard() {
    let dir = demo();
    let report = report_json(dir);
    // The failing pair with the most distinct codes.
    let pair = report["pairs"]
        .as_array()
        .and_then(|ps| {
            ps.iter()
                .filter(|p| p["verdict"] == "fail")
                .max_by_key(|p| {
                    p["findings"].as_array().map(|fs| {
                        fs.iter()
                            .map(|f| f["code"].to_string())
                            .collect::<BTreeSet<_>>()
                            .len()
                    })
                })
        })
        .cloned()
        .unwrap_or_else(|| panic!("no failing pair"));
    let codes: BTreeSet<String> = pair["findings"]
        .as_array()
        .map(|fs| {
            fs.iter()
                .filter_map(|f| f["code"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    assert!(codes.len() >= 2, "{pair}");
    let (zone, host) = (
        pair["zone"].as_str().unwrap_or(""),
        pair["host"].as_str().unwrap_or(""),
    );
    let (row, col) = pairs_where(&report, |p| p == &pair)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no cell"));

    let b = browser::start(1600, 1200).await;
    b.open(&format!("{}#zone={zone}&host={host}", url(dir)))
        .await;
    b.client
        .find(Locator::Css(&format!(
            "#g-space .cell[data-r=\"{row}\"][data-c=\"{col}\"]"
        )))
        .await
        .unwrap_or_else(|e| panic!("cell {zone} x {host} not drawn: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let detail = b.text("#detail").await;
    for code in &codes {
        assert!(
            detail.contains(code.as_str()),
            "{code} missing from the detail: {detail}"
        );
    }
    // Messages and evidence are those of report.json, names filled in.
    for f in pair["findings"].as_array().cloned().unwrap_or_default() {
        for key in ["message", "evidence"] {
            if let Some(text) = f[key].as_str() {
                assert!(
                    detail.contains(text),
                    "{key} {text:?} missing from the detail: {detail}"
                );
            }
        }
    }
    assert!(
        detail.contains(zone) && detail.contains(host) && detail.contains("fail"),
        "{detail}"
    );
    assert!(
        detail.contains("Coverage") && detail.contains("checks ran"),
        "{detail}"
    );

    // Keyboard alone: a fresh page, Tab to the grid, arrows, Enter.
    b.open(&format!("{}#zone={zone}", url(dir))).await;
    b.js("document.getElementById('detail').textContent = '';")
        .await;
    b.js("document.getElementById('grid').focus();").await;
    let grid = b
        .client
        .active_element()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let keys: String =
        std::iter::repeat_n(char::from(Key::Right), usize::try_from(col).unwrap_or(0))
            .chain([char::from(Key::Enter)])
            .collect();
    let row_in_view = b
        .js_with(
            "return Array.from(document.querySelectorAll('#g-space .cell[data-j=\"0\"]')).findIndex(c => +c.dataset.r === arguments[0]);",
            vec![json!(row)],
        )
        .await;
    let down: String = std::iter::repeat_n(
        char::from(Key::Down),
        usize::try_from(row_in_view.as_u64().unwrap_or(0)).unwrap_or(0),
    )
    .collect();
    grid.send_keys(&format!("{down}{keys}"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let detail = b.text("#detail").await;
    for code in &codes {
        assert!(
            detail.contains(code.as_str()),
            "{code} missing after Enter: {detail}"
        );
    }
    b.close().await;
}

#[tokio::test]
async fn screenshots_of_the_demo_report() {
    let dir = demo();
    let b = browser::start(1600, 1000).await;
    b.open(&url(dir)).await;
    let top = b
        .client
        .screenshot()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let out = artifacts();
    std::fs::write(out.join("demo-summary.png"), &top).unwrap_or_else(|e| panic!("{e}"));
    // The matrix with a failing pair open.
    b.js("document.getElementById('matrix').scrollIntoView();")
        .await;
    b.client
        .find(Locator::Css("#g-space .cell.v-fail"))
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    b.js("document.getElementById('matrix').scrollIntoView();")
        .await;
    let matrix = b
        .client
        .screenshot()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(out.join("demo-matrix.png"), &matrix).unwrap_or_else(|e| panic!("{e}"));
    assert!(top.starts_with(b"\x89PNG") && matrix.len() > 10_000);
    // Grouped by data centre, a pair that needs attach -u open: its software differences.
    b.open(&format!("{}#rows=tag:dc&cols=dc", url(dir))).await;
    b.js("document.getElementById('matrix').scrollIntoView();")
        .await;
    b.js("document.querySelector('#g-space .cell.v-update').click();")
        .await;
    b.js("document.getElementById('matrix').scrollIntoView();")
        .await;
    let grouped = b
        .client
        .screenshot()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(out.join("demo-grouped.png"), &grouped).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        b.text("#detail")
            .await
            .contains("as zoneadm attach -n prints them"),
        "an update pair of a native zone shows its software differences"
    );
    b.close().await;
}

/// Names and messages that would run script if they were ever parsed as markup.
const EVIL: &str = "</script><img src=x onerror=alert(1)>\"'&<>";

/// A fleet built in code: the CLI's own name rules would refuse these names, but a report
/// must stay inert whatever reaches it.
fn hostile_fleet() -> zonescan::engine::FleetResult {
    use std::collections::BTreeMap;
    use zonescan::engine::{Cell, FleetHost, FleetResult, FleetZone, PairResult, Roles, Verdict};
    use zonescan::rules::{Finding, Severity};
    let host = |name: String, unreachable: bool| FleetHost {
        name,
        roles: Roles::BOTH,
        tags: BTreeMap::from([("dc".to_string(), EVIL.to_string())]),
        release: Some(EVIL.into()),
        problems: if unreachable {
            vec![EVIL.into()]
        } else {
            Vec::new()
        },
        unreachable,
        ..FleetHost::default()
    };
    let hosts = vec![host(format!("a{EVIL}"), false), host("b-host".into(), true)];
    let zones = vec![FleetZone {
        name: format!("z{EVIL}"),
        host: hosts[1].name.clone(),
        brand: "native".into(),
        state: EVIL.into(),
        problem: None,
    }];
    let pair = PairResult {
        zone: zones[0].name.clone(),
        host: hosts[0].name.clone(),
        verdict: Verdict::Fail,
        findings: vec![
            Finding {
                code: "ZM105",
                severity: Severity::Error,
                message: format!("attempt to downgrade package {EVIL}"),
                evidence: Some(format!("\t{EVIL}: version mismatch\n").into()),
            },
            Finding {
                code: "ZM101",
                severity: Severity::Update,
                message: EVIL.into(),
                evidence: Some(format!("These packages differ:\n\t{EVIL}\n").into()),
            },
        ],
        coverage: Vec::new(),
    };
    FleetResult {
        hosts,
        zones,
        columns: vec![0, 1],
        cells: vec![Cell::Pair(pair), Cell::SelfHost],
        ..FleetResult::default()
    }
}

#[tokio::test]
async fn hostile_names_are_shown_as_text_and_run_nothing() {
    use zonescan::report::{ReportInput, write::write_all};
    let dir = artifacts().join("hostile");
    let _ = std::fs::remove_dir_all(&dir);
    let fleet = hostile_fleet();
    let input = ReportInput {
        generated_at: "2026-11-25T04:00:00Z",
        ..ReportInput::default()
    };
    write_all(&dir, &fleet, &input).unwrap_or_else(|e| panic!("{e}"));
    let b = browser::start(1600, 1200).await;
    b.open(&url(&dir)).await;
    b.client
        .find(Locator::Css("#g-space .cell.v-fail"))
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // The zones table, expanded, shows the names in a third place.
    b.client
        .find(Locator::Css("#zones-table button.expand"))
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    settle(&b).await;
    assert!(
        b.client.get_alert_text().await.is_err(),
        "an alert is open: the payload ran"
    );
    assert_eq!(
        b.js("return document.images.length;").await,
        0,
        "an <img> was created"
    );
    assert_eq!(
        b.js("return performance.getEntriesByType('resource').length;")
            .await,
        0
    );
    let body = b.js("return document.body.innerText;").await;
    let body = body.as_str().unwrap_or_default();
    for shown in [
        format!("z{EVIL}"),
        format!("a{EVIL}"),
        format!("attempt to downgrade package {EVIL}"),
    ] {
        assert!(body.contains(&shown), "{shown:?} is not shown as text");
    }
    let row = b.text("#g-rowhead .zn").await;
    assert_eq!(row, format!("z{EVIL}"));
    let detail = b.text("#detail").await;
    assert!(
        detail.contains(&format!("These packages differ:\t{EVIL}")) || detail.contains(EVIL),
        "{detail}"
    );
    let console = b.console().await;
    assert!(severe(&console).is_empty(), "console: {console:?}");
    b.close().await;
}

#[tokio::test]
async fn plan_requirements_and_baseline_changes_show_their_pairs() {
    const SNAPSHOT: &str = "tests/fixtures/snapshots/handmade";
    let dir = artifacts().join("gated");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let zonescan = || {
        let mut cmd = cargo_bin_cmd!("zonescan");
        cmd.env("SOURCE_DATE_EPOCH", EPOCH);
        cmd
    };
    zonescan()
        .args(["validate", "--quiet", "--snapshot", SNAPSHOT, "--out"])
        .arg(dir.join("base"))
        .assert()
        .code(0);
    // The example inventory's policy makes web01 -> s10-fra-02 fail where it warned.
    let inventory = dir.join("strict.yaml");
    let snapshot = std::fs::canonicalize(SNAPSHOT).unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string("inventories/example.yaml")
        .unwrap_or_else(|e| panic!("{e}"))
        .replace(
            "../tests/fixtures/snapshots/handmade",
            &snapshot.display().to_string(),
        );
    std::fs::write(&inventory, text).unwrap_or_else(|e| panic!("{e}"));
    let plan = dir.join("plan.yaml");
    std::fs::write(
        &plan,
        "version: 1\nmoves:\n  - zone: db01\n    to: s10-fra-02\nevacuate:\n  - s10-fra-01\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = dir.join("r");
    zonescan()
        .args(["validate", "--quiet", "--snapshot", SNAPSHOT, "--inventory"])
        .arg(&inventory)
        .arg("--baseline")
        .arg(dir.join("base/report.json"))
        .arg("--plan")
        .arg(&plan)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(predicates::ord::lt(2));
    let report = report_json(&out);
    let b = browser::start(1600, 1600).await;
    b.open(&url(&out)).await;

    // The move's one pair, then the evacuation's: the host's zones on every other host.
    b.js("document.querySelector('button[data-requirement=\"0\"]').click();")
        .await;
    settle(&b).await;
    let moved = pairs_where(&report, |p| {
        p["zone"] == "db01" && p["host"] == "s10-fra-02"
    });
    assert_eq!(moved.len(), 1);
    assert_eq!(hits(&b).await, moved);
    b.js("document.querySelector('button[data-requirement=\"1\"]').click();")
        .await;
    settle(&b).await;
    let evacuated = pairs_where(&report, |p| {
        p["source_host"] == "s10-fra-01" && p["host"] != "s10-fra-01"
    });
    assert_eq!(hits(&b).await, evacuated);
    assert!(
        b.js("return location.hash;")
            .await
            .as_str()
            .is_some_and(|h| h.contains("req=1"))
    );

    // Changed only: exactly the pairs report.json marks, each with its direction.
    b.js("location.hash = '';").await;
    settle(&b).await;
    b.js("document.getElementById('changed-toggle').click();")
        .await;
    settle(&b).await;
    let changed = pairs_where(&report, |p| !p["change"].is_null());
    assert!(!changed.is_empty());
    assert_eq!(hits(&b).await, changed);
    assert_eq!(
        b.text("#changes-worse").await,
        report["changes"]
            .as_array()
            .map_or(0, |c| c
                .iter()
                .filter(|c| c["direction"] == "worse")
                .count())
            .to_string()
    );
    b.js("document.querySelector('#g-space .cell.hit').click();")
        .await;
    let detail = b.text("#detail").await;
    assert!(detail.contains("since the baseline"), "{detail}");
    let console = b.console().await;
    assert!(severe(&console).is_empty(), "console: {console:?}");
    b.close().await;
}
