//! `report.html` of the demo fleet in a real headless Chromium: it loads cleanly and
//! offline, shows the counts of `report.json`, filters, drills down by mouse and keyboard,
//! and keeps its filter in the URL. Screenshots are kept under `target/tmp/report-html/`.

mod browser;
mod common;

use std::collections::BTreeSet;

use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::json;

use browser::report::{
    artifacts, demo, has_code, hits, matched, pairs, pairs_where, report_json, settle, severe, url,
};

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

    b.click("#f-v-fail").await;
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
    let hash = b.hash().await;
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
    b.click("button[data-reason=\"ZM002\"]").await;
    settle(&b).await;
    let ranked = report["summary"]["reasons"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["code"] == "ZM002"))
        .map(|r| r["pairs"].as_u64().unwrap_or(0));
    assert_eq!(Some(matched(&b).await), ranked, "the reason's pairs");
    assert!(b.hash().await.contains("reason=ZM002"));
    // Clearing the filters clears the fragment too.
    b.js("document.getElementById('f-reset').click();").await;
    settle(&b).await;
    assert_eq!(b.hash().await, "");
    assert_eq!(Some(matched(&b).await), report["summary"]["pairs"].as_u64());
    let console = b.console().await;
    assert!(severe(&console).is_empty(), "console: {console:?}");
    b.close().await;
}

#[tokio::test]
async fn a_failing_cell_shows_every_finding_code_by_click_and_by_keyboard() {
    let dir = demo();
    let report = report_json(dir);
    // The failing pair with the most distinct codes.
    let pair = pairs(&report)
        .into_iter()
        .filter(|p| p["verdict"] == "fail")
        .max_by_key(|p| {
            p["findings"].as_array().map(|fs| {
                fs.iter()
                    .map(|f| f["code"].to_string())
                    .collect::<BTreeSet<_>>()
                    .len()
            })
        })
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
    b.click(&format!(
        "#g-space .cell[data-r=\"{row}\"][data-c=\"{col}\"]"
    ))
    .await;
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
    b.click("#g-space .cell.v-fail").await;
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
