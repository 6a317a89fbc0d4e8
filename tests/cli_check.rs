//! `zonescan check`, `rules` and `explain` as a user runs them, on the hand-made
//! snapshot of tests/fixtures/snapshots/handmade (its STORY.md says what each pair shows).

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use serde_json::Value;

const HOSTS: &str = "tests/fixtures/snapshots/handmade/hosts";

fn manifest(host: &str, zone: &str) -> String {
    format!("{HOSTS}/{host}/zones/{zone}/manifest.xml")
}

fn host(name: &str) -> String {
    format!("{HOSTS}/{name}")
}

fn check(zone_host: &str, zone: &str, target: &str, format: &str) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!("zonescan")
        .args(["check", "--manifest", &manifest(zone_host, zone)])
        .args(["--host", &host(target), "--source-host", &host(zone_host)])
        .args(["--format", format])
        .assert()
}

fn json(assert: &assert_cmd::assert::Assert) -> Value {
    serde_json::from_slice(&assert.get_output().stdout).unwrap_or_else(|e| panic!("bad JSON: {e}"))
}

fn codes(doc: &Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| f["code"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn ok_pair_exits_zero() {
    let a = check("s10-fra-01", "db01", "s10-fra-02", "json").code(0);
    let doc = json(&a);
    assert_eq!(doc["status"], "ok", "{doc:#}");
    assert_eq!(codes(&doc), Vec::<String>::new());
    // Every rule is accounted for in the coverage.
    let coverage = doc["coverage"].as_array().map(Vec::len).unwrap_or(0);
    assert_eq!(coverage, zonescan::rules::RULES.len());
}

#[test]
fn warning_pair_exits_zero_and_says_why() {
    let a = check("s10-fra-01", "web01", "s10-fra-02", "text").code(0);
    let out = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    assert!(
        out.starts_with("zone web01 (from s10-fra-01) -> host s10-fra-02: WARN\n"),
        "{out}"
    );
    assert!(out.contains("WARNING: skipping network interface 'e1000g0' which may not be present/plumbed in the global zone."), "{out}");
}

#[test]
fn newer_target_needs_attach_u() {
    let doc = json(&check("s10-fra-01", "db01", "s10-ams-03", "json").code(0));
    assert_eq!(doc["status"], "update", "{doc:#}");
    let codes = codes(&doc);
    assert!(codes.contains(&"ZM103".to_string()), "{codes:?}");
    assert!(!codes.contains(&"ZM105".to_string()), "{codes:?}");
}

#[test]
fn older_target_fails_with_downgrades() {
    let doc = json(&check("s10-fra-01", "web01", "s10-ams-04", "json").code(1));
    assert_eq!(doc["status"], "fail");
    let codes = codes(&doc);
    for code in ["ZM012", "ZM105", "ZM304", "ZM310", "ZM502"] {
        assert!(
            codes.contains(&code.to_string()),
            "{code} missing from {codes:?}"
        );
    }
}

#[test]
fn missing_fact_gives_unknown_with_reason() {
    let doc = json(&check("s10-fra-01", "web01", "s10-ams-03", "json").code(1));
    assert_eq!(doc["status"], "unknown", "{doc:#}");
    let zu = doc["findings"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["code"] == "ZU001"))
        .cloned()
        .unwrap_or_default();
    assert!(
        zu["message"]
            .as_str()
            .unwrap_or_default()
            .contains("rctladm"),
        "{zu:#}"
    );
    let not_run: Vec<&str> = doc["coverage"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["status"] == "not_run")
        .filter_map(|c| c["code"].as_str())
        .collect();
    assert_eq!(not_run, ["ZM401", "ZM402"]);
}

#[test]
fn unreachable_host_is_unknown_not_an_error() {
    let doc = json(&check("s10-fra-01", "db01", "s10-down-08", "json").code(1));
    assert_eq!(doc["status"], "unknown");
}

#[test]
fn ips_zone_on_an_older_global_zone_fails() {
    let doc = json(&check("s11-fra-05", "ips01", "s11-fra-06", "json").code(1));
    assert!(codes(&doc).contains(&"ZM110".to_string()), "{doc:#}");
}

#[test]
fn solaris_format_is_empty_against_the_zones_own_host() {
    // The target inventory computed from s10-fra-01's package database for web01's layout
    // must be exactly the inventory its detach -n wrote.
    for zone in ["web01", "db01"] {
        check("s10-fra-01", zone, "s10-fra-01", "solaris").stdout("");
    }
}

#[test]
fn solaris_format_prints_zoneadm_sections() {
    let a = check("s10-fra-01", "db01", "s10-ams-03", "solaris").code(0);
    let out = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    let headers: Vec<&str> = out.lines().filter(|l| !l.starts_with('\t')).collect();
    assert!(!headers.is_empty(), "{out}");
    for h in &headers {
        assert!(
            [
                "These packages installed on the source system are inconsistent with this system:",
                "These packages installed on this system were not installed on the source system:",
                "These patches installed on the source system are inconsistent with this system:",
                "These patches installed on this system were not installed on the source system:",
            ]
            .contains(h),
            "unexpected line {h:?} in\n{out}"
        );
    }
}

#[test]
fn manifest_from_stdin() {
    let xml = std::fs::read(manifest("s10-fra-01", "db01")).unwrap_or_default();
    cargo_bin_cmd!("zonescan")
        .args(["check", "--manifest", "-", "--host", &host("s10-fra-02")])
        .write_stdin(xml)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("zone db01 -> host s10-fra-02: OK"))
        .stdout(predicate::str::contains("skipped  ZM010"));
}

#[test]
fn broken_manifest_is_a_usage_error_with_position() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bad = dir.path().join("bad.xml");
    std::fs::write(&bad, "<?xml version=\"1.0\"?>\n<zone name=\"a\" zonepath=\"/z\" autoboot=\"true\">\n  <network\n")
        .unwrap_or_else(|e| panic!("{e}"));
    cargo_bin_cmd!("zonescan")
        .args(["check", "--manifest"])
        .arg(&bad)
        .args(["--host", &host("s10-fra-02")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.xml: line 4, column 1"));
}

#[test]
fn missing_host_directory_is_a_usage_error() {
    cargo_bin_cmd!("zonescan")
        .args(["check", "--manifest", &manifest("s10-fra-01", "db01")])
        .args(["--host", "no/such/host"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/host"));
}

#[test]
fn rules_lists_every_code_and_explain_prints_one() {
    let a = cargo_bin_cmd!("zonescan").arg("rules").assert().code(0);
    let out = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    for rule in zonescan::rules::RULES {
        assert!(out.contains(rule.code), "{} missing", rule.code);
    }
    assert!(out.contains("ZU001"));
    cargo_bin_cmd!("zonescan")
        .args(["explain", "zm105"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("ZM105 downgrade"))
        .stdout(predicate::str::contains("How to fix:"));
    cargo_bin_cmd!("zonescan")
        .args(["explain", "ZM999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule code"));
}
