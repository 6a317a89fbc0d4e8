//! What the report tests share: the demo fleet's reports, `report.json` lookups (its pairs
//! expanded by `common::report_json`, which test crates using this module declare), and
//! what the page draws.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

use super::Browser;
pub use crate::common::report_json::pairs;

pub const EPOCH: &str = "1795579200";

/// Where this binary's artifacts go: `target/tmp/report-html/`.
pub fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-html");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// The demo fleet's reports, written once per test run by `zonescan scan`.
pub fn demo() -> &'static Path {
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

pub fn url(dir: &Path) -> String {
    let path = std::fs::canonicalize(dir.join("report.html"))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    format!("file://{}", path.display())
}

pub fn report_json(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("report.json")).unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"))
}

/// `(row, column)` of every pair of `report.json` that `keep` accepts, given the pair as
/// [`pairs`] expands it.
pub fn pairs_where(report: &Value, keep: impl Fn(&Value) -> bool) -> BTreeSet<(u64, u64)> {
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
    pairs(report)
        .iter()
        .filter(|p| keep(p))
        .map(|p| (row(p), col(p)))
        .collect()
}

pub fn has_code(pair: &Value, code: &str) -> bool {
    pair["findings"]
        .as_array()
        .is_some_and(|fs| fs.iter().any(|f| f["code"] == code))
}

/// The cells the grid draws as matching: `(row, column)`.
pub async fn hits(b: &Browser) -> BTreeSet<(u64, u64)> {
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

pub async fn matched(b: &Browser) -> u64 {
    b.js("return +document.getElementById('match').dataset.matched;")
        .await
        .as_u64()
        .unwrap_or(u64::MAX)
}

/// Waits for the page to redraw after an input (drawing is synchronous; this lets the
/// event loop run).
pub async fn settle(b: &Browser) {
    b.client
        .execute_async(
            "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(1)));",
            vec![],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
}

pub fn severe(console: &[(String, String)]) -> Vec<&(String, String)> {
    console
        .iter()
        .filter(|(level, _)| level == "SEVERE" || level == "WARNING")
        .collect()
}
