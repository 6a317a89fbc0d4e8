//! Opens a large `report.html` in headless Chromium and times it: run by
//! `benches/html.sh`, which generates the fleet and the report first. Ignored in the
//! normal suite (the report takes minutes to make).
//!
//!   ZONESCAN_HTML_BENCH=/path/report.html cargo test --release --test report_html_bench -- --ignored --nocapture

mod browser;
mod common;

use std::time::Instant;

use serde_json::Value;

/// Opens of the page measured; the table shows the median.
const RUNS: usize = 3;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or(f64::NAN)
}

fn ms(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

#[tokio::test]
#[ignore = "needs a generated report: benches/html.sh"]
async fn time_a_large_report() {
    let path = std::env::var("ZONESCAN_HTML_BENCH").unwrap_or_else(|_| {
        panic!("set ZONESCAN_HTML_BENCH to a report.html (benches/html.sh does)")
    });
    let url = format!("file://{path}");
    let bytes = std::fs::metadata(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .len();
    let b = browser::start(1600, 1000).await;
    let (mut wall, mut ready, mut filter, mut detail) = (vec![], vec![], vec![], vec![]);
    for _ in 0..RUNS {
        wall.push(b.open(&url).await * 1000.0);
        ready.push(ms(&b
            .js("return performance.getEntriesByName('zonescan-ready')[0].startTime;")
            .await));
        // A filter over every cell, redrawn (grid, overview, tables).
        let started = Instant::now();
        b.js("document.getElementById('f-v-fail').click(); return 1;")
            .await;
        filter.push(started.elapsed().as_secs_f64() * 1000.0);
        let started = Instant::now();
        b.js("document.querySelector('#g-space .cell.hit').click(); return 1;")
            .await;
        detail.push(started.elapsed().as_secs_f64() * 1000.0);
        let shown = b.text("#detail h3").await;
        assert!(shown.contains('\u{2192}'), "no detail: {shown}");
    }
    let info = b
        .js("return [document.getElementById('zs-meta').textContent.length, document.getElementById('match').textContent];")
        .await;
    let console = b.console().await;
    assert!(
        console.iter().all(|(level, _)| level != "SEVERE"),
        "console: {console:?}"
    );
    b.close().await;
    println!(
        "| report.html bytes | open to ready, wall ms | ready mark ms | fail filter ms | cell detail ms | matrix |"
    );
    println!("|---|---|---|---|---|---|");
    println!(
        "| {bytes} | {:.0} | {:.0} | {:.0} | {:.0} | {} |",
        median(wall),
        median(ready),
        median(filter),
        median(detail),
        info[1].as_str().unwrap_or_default()
    );
}
