//! The single-pair report of `zonescan check`: text, JSON, and Solaris' own `sw_cmp` layout.

use std::fmt::Write as _;

use serde::Serialize;

use crate::engine::{CheckStatus, PairResult};
use crate::facts::HostFacts;
use crate::manifest::Manifest;
use crate::rules::NativeComparison;

/// Version of the `check --format json` object.
pub const CHECK_SCHEMA_VERSION: u32 = 1;

/// Human-readable report: verdict, findings with evidence, then what did not run.
pub fn render_text(result: &PairResult, source: Option<&str>) -> String {
    let mut out = String::new();
    let from = source.map(|s| format!(" (from {s})")).unwrap_or_default();
    let _ = writeln!(
        out,
        "zone {}{from} -> host {}: {}",
        result.zone,
        result.host,
        result.verdict.as_str().to_uppercase()
    );
    for f in &result.findings {
        let _ = writeln!(
            out,
            "  {:<8} {}  {}",
            f.severity.as_str(),
            f.code,
            f.message
        );
        if let Some(evidence) = &f.evidence {
            for line in evidence.lines() {
                let _ = writeln!(out, "                  | {line}");
            }
        }
    }
    let count =
        |pred: fn(&CheckStatus) -> bool| result.coverage.iter().filter(|c| pred(&c.status)).count();
    let ran = count(|s| matches!(s, CheckStatus::Ran));
    let not_applicable = count(|s| matches!(s, CheckStatus::NotApplicable));
    let not_run = count(|s| matches!(s, CheckStatus::NotRun { .. }));
    let skipped = count(|s| matches!(s, CheckStatus::Skipped { .. }));
    let _ = writeln!(
        out,
        "coverage: {ran} checks ran, {not_applicable} not applicable, {not_run} could not run, {skipped} skipped"
    );
    for c in &result.coverage {
        match &c.status {
            CheckStatus::NotRun { reason } => {
                let _ = writeln!(out, "  not run  {}  {reason}", c.code);
            }
            CheckStatus::Skipped { reason } => {
                let _ = writeln!(out, "  skipped  {}  {reason}", c.code);
            }
            CheckStatus::Ran | CheckStatus::NotApplicable => {}
        }
    }
    out
}

#[derive(Serialize)]
struct CheckJson<'a> {
    schema_version: u32,
    zone: &'a str,
    host: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_host: Option<&'a str>,
    status: &'a str,
    findings: &'a [crate::rules::Finding],
    coverage: &'a [crate::engine::CheckCoverage],
}

/// One JSON object: `status`, `findings` (code, severity, message, evidence) and `coverage`.
pub fn render_json(result: &PairResult, source: Option<&str>) -> Result<String, serde_json::Error> {
    let doc = CheckJson {
        schema_version: CHECK_SCHEMA_VERSION,
        zone: &result.zone,
        host: &result.host,
        source_host: source,
        status: result.verdict.as_str(),
        findings: &result.findings,
        coverage: &result.coverage,
    };
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    Ok(text)
}

/// What `zoneadm attach -n` prints about software: the four `sw_cmp` sections, byte for
/// byte. Empty when the software matches or the zone has no SVR4 inventory (IPS brands
/// validate nothing on `attach -n`). `None` when the target's package database is unknown.
pub fn render_solaris(manifest: &Manifest, target: &HostFacts) -> Option<String> {
    if !manifest.has_inventory() {
        return Some(String::new());
    }
    let db = target.svr4.as_ref().ok()?;
    Some(NativeComparison::of(manifest, db).diff.render_solaris())
}
