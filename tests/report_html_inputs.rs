//! `report.html` in a real headless Chromium with inputs the demo does not have: hostile
//! names and messages (shown as text, running nothing), a plan's requirements and a
//! baseline's changes.

mod browser;
mod common;

use assert_cmd::cargo::cargo_bin_cmd;

use browser::report::{EPOCH, artifacts, hits, pairs_where, report_json, settle, severe, url};

/// Names and messages that would run script if they were ever parsed as markup.
const EVIL: &str = "</script><img src=x onerror=alert(1)>\"'&<>";

/// A fleet built in code: the CLI's own name rules would refuse these names, but a report
/// must stay inert whatever reaches it.
fn hostile_fleet() -> zonescan::engine::FleetResult {
    use std::collections::BTreeMap;
    use zonescan::engine::{FleetHost, FleetResult, FleetZone, PairResult, Roles, Verdict};
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
    let mut fleet = FleetResult {
        hosts,
        zones,
        columns: vec![0, 1],
        ..FleetResult::default()
    };
    fleet.set_cells(vec![Some(pair), None]);
    fleet
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
    b.click("#g-space .cell.v-fail").await;
    // The zones table, expanded, shows the names in a third place.
    b.click("#zones-table button.expand").await;
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
    // Even markup that did get in could not run script: the policy allows the page's own
    // script by its hash, and no inline event handler.
    b.js("document.body.insertAdjacentHTML('beforeend', '<img src=\"data:,\" onerror=\"window.ran = 1\" onload=\"window.ran = 1\">'); return 1;")
        .await;
    settle(&b).await;
    assert_eq!(
        b.js("return window.ran === undefined;").await,
        true,
        "an inline handler ran"
    );
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
    assert!(b.hash().await.contains("req=1"));

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
