//! `zonescan scan` and `validate` end to end: outputs, determinism and the exit status of
//! each gating case.

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

mod common;

use common::report_json::pairs;

const SNAPSHOT: &str = "tests/fixtures/snapshots/handmade";
const INVENTORY: &str = "inventories/example.yaml";
const EPOCH: &str = "1795579200"; // 2026-11-25T04:00:00Z, two hours after the recording

fn zonescan() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("zonescan");
    cmd.env("SOURCE_DATE_EPOCH", EPOCH);
    cmd
}

/// `zonescan validate --snapshot SNAPSHOT --quiet ARGS... --out OUT`.
fn validate_quiet(args: &[&str], out: &Path) -> assert_cmd::assert::Assert {
    zonescan()
        .args(["validate", "--snapshot", SNAPSHOT, "--quiet"])
        .args(args)
        .arg("--out")
        .arg(out)
        .assert()
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// report.json's outcomes, filled in for every cell, give exactly the rows of findings.csv
/// (written with every pair); returns the number of pairs.
fn assert_outcomes_give_findings_csv(out: &Path) -> usize {
    use zonescan::report::csv::neutralise;
    let report: serde_json::Value =
        serde_json::from_str(&read(&out.join("report.json"))).unwrap_or_else(|e| panic!("{e}"));
    let pairs = pairs(&report);
    let text = |v: &serde_json::Value| neutralise(v.as_str().unwrap_or_default()).into_owned();
    let from_json: Vec<Vec<String>> = pairs
        .iter()
        .flat_map(|p| {
            let findings = p["findings"].as_array().cloned().unwrap_or_default();
            findings.into_iter().map(move |f| {
                [&p["zone"], &p["source_host"], &p["host"], &p["verdict"]]
                    .into_iter()
                    .chain([&f["code"], &f["severity"], &f["message"], &f["evidence"]])
                    .map(text)
                    .collect()
            })
        })
        .collect();
    let from_csv: Vec<Vec<String>> = csv::Reader::from_path(out.join("findings.csv"))
        .unwrap_or_else(|e| panic!("{e}"))
        .records()
        .map(|r| {
            let r = r.unwrap_or_else(|e| panic!("{e}"));
            r.iter().map(str::to_string).collect()
        })
        .collect();
    assert!(!from_csv.is_empty());
    assert!(from_json == from_csv, "report.json and findings.csv differ");
    pairs.len()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path.display().to_string()
}

#[test]
fn scan_writes_reports_and_the_snapshot_beside_them() {
    let out = tempdir();
    zonescan()
        .args(["scan", "--inventory", INVENTORY, "--out"])
        .arg(out.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Blocking reasons"))
        .stdout(predicate::str::contains("21  pairs"));
    for file in [
        "matrix.csv",
        "pairs.csv",
        "findings.csv",
        "report.json",
        "report.html",
        "snapshot/snapshot.json",
    ] {
        assert!(out.path().join(file).is_file(), "{file} missing");
    }
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(out.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    insta::assert_snapshot!("scan_matrix_csv", read(&out.path().join("matrix.csv")));
    insta::assert_snapshot!("scan_pairs_csv", read(&out.path().join("pairs.csv")));
    insta::assert_snapshot!("scan_findings_csv", read(&out.path().join("findings.csv")));
    let json: serde_json::Value = serde_json::from_str(&read(&out.path().join("report.json")))
        .unwrap_or_else(|e| panic!("{e}"));
    insta::assert_json_snapshot!("scan_report_json", json, {
        ".snapshot.path" => "[SNAPSHOT]",
    });
    assert_eq!(assert_outcomes_give_findings_csv(out.path()), 21);
}

#[test]
fn validate_is_byte_identical_whatever_the_thread_count() {
    let one = tempdir();
    let four = tempdir();
    for (dir, threads) in [(&one, "1"), (&four, "4")] {
        zonescan()
            .env("RAYON_NUM_THREADS", threads)
            .args(["validate", "--snapshot", SNAPSHOT, "--quiet", "--out"])
            .arg(dir.path())
            .assert()
            .code(0);
    }
    for file in [
        "matrix.csv",
        "pairs.csv",
        "findings.csv",
        "report.json",
        "report.html",
    ] {
        assert_eq!(
            read(&one.path().join(file)),
            read(&four.path().join(file)),
            "{file}"
        );
    }
}

#[test]
fn plan_that_holds_exits_0_and_one_that_fails_exits_1() {
    let dir = tempdir();
    let good = write(
        dir.path(),
        "good.yaml",
        "version: 1\nmoves:\n  - zone: db01\n    to: s10-fra-02\n",
    );
    let bad = write(
        dir.path(),
        "bad.yaml",
        "version: 1\nmoves:\n  - zone: db01\n    to: s10-ams-04\n",
    );
    zonescan()
        .args(["validate", "--snapshot", SNAPSHOT, "--plan", &good, "--out"])
        .arg(dir.path().join("r1"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("PASS  move db01 -> s10-fra-02"));
    zonescan()
        .args(["validate", "--snapshot", SNAPSHOT, "--plan", &bad, "--out"])
        .arg(dir.path().join("r2"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL  move db01 -> s10-ams-04"))
        .stdout(predicate::str::contains("zonescan explain"));
}

#[test]
fn evacuation_needs_a_target_for_every_zone() {
    let dir = tempdir();
    // web01 can only go to s10-fra-02 (warn), db01 to s10-fra-02 or s10-ams-03.
    let one = write(
        dir.path(),
        "one.yaml",
        "version: 1\nevacuate:\n  - s10-fra-01\n",
    );
    zonescan()
        .args(["validate", "--snapshot", SNAPSHOT, "--plan", &one, "--out"])
        .arg(dir.path().join("r1"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("PASS  evacuate s10-fra-01"));
    let two = write(
        dir.path(),
        "two.yaml",
        "version: 1\nevacuate:\n  - s10-fra-01\n  - s10-fra-02\n",
    );
    zonescan()
        .args(["validate", "--snapshot", SNAPSHOT, "--plan", &two, "--out"])
        .arg(dir.path().join("r2"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL  evacuate s10-fra-01"))
        .stdout(predicate::str::contains(
            "web01 has no target outside the evacuated hosts",
        ));
}

#[test]
fn too_many_unknown_pairs_exits_3() {
    let dir = tempdir();
    // The unreachable host makes 3 of the 21 pairs unknown, plus the one with a missing fact.
    validate_quiet(&["--max-unknown", "2"], &dir.path().join("r1")).code(3);
    validate_quiet(&["--max-unknown", "25%"], &dir.path().join("r2")).code(0);
}

#[test]
fn regression_against_a_baseline_fails_only_when_asked() {
    let dir = tempdir();
    let base = dir.path().join("base");
    validate_quiet(&[], &base).code(0);
    // The same snapshot under a stricter policy: web01 -> s10-fra-02 goes from warn to fail.
    let inventory = dir.path().join("strict.yaml");
    let text = read(Path::new(INVENTORY)).replace(
        "../tests/fixtures/snapshots/handmade",
        &std::fs::canonicalize(SNAPSHOT)
            .unwrap_or_default()
            .display()
            .to_string(),
    );
    std::fs::write(&inventory, text).unwrap_or_else(|e| panic!("{e}"));
    let baseline = base.join("report.json");
    zonescan()
        .args(["validate", "--snapshot", SNAPSHOT, "--inventory"])
        .arg(&inventory)
        .arg("--baseline")
        .arg(&baseline)
        .arg("--out")
        .arg(dir.path().join("r1"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("worse"));
    let (inventory, baseline) = (
        inventory.display().to_string(),
        baseline.display().to_string(),
    );
    validate_quiet(
        &[
            "--fail-on-regression",
            "--inventory",
            &inventory,
            "--baseline",
            &baseline,
        ],
        &dir.path().join("r2"),
    )
    .code(1);
    let pairs = read(&dir.path().join("r2/pairs.csv"));
    assert!(
        pairs
            .lines()
            .any(|l| l.starts_with("web01,s10-fra-01,s10-fra-02,fail,") && l.ends_with(",worse")),
        "{pairs}"
    );
}

#[test]
fn bad_inventory_is_exit_2_with_file_line_and_column() {
    let dir = tempdir();
    let inv = write(
        dir.path(),
        "inv.yaml",
        "version: 1\nhosts:\n  - name: a\n    roles: [source]\n    colour: blue\n",
    );
    zonescan()
        .args(["scan", "--inventory", &inv, "--out"])
        .arg(dir.path().join("r"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("inv.yaml:5:5"))
        .stderr(predicate::str::contains("colour"));
    let dup = write(
        dir.path(),
        "dup.yaml",
        "version: 1\nhosts:\n  - name: a\n    roles: [source]\n  - name: a\n    roles: [candidate]\n",
    );
    zonescan()
        .args(["scan", "--inventory", &dup, "--out"])
        .arg(dir.path().join("r"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("dup.yaml:5:"))
        .stderr(predicate::str::contains("duplicate host name"));
    let broken = write(dir.path(), "broken.yaml", "version: 1\nhosts: [\n");
    zonescan()
        .args([
            "validate",
            "--snapshot",
            SNAPSHOT,
            "--inventory",
            &broken,
            "--out",
        ])
        .arg(dir.path().join("r"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken.yaml:"));
}

#[test]
fn a_broken_host_directory_becomes_unknown_cells() {
    let dir = tempdir();
    let copy = dir.path().join("snap");
    copy_dir(Path::new(SNAPSHOT), &copy);
    // Garble one host's record beyond reading.
    std::fs::write(copy.join("hosts/s10-fra-02/host.json"), "{ not json")
        .unwrap_or_else(|e| panic!("{e}"));
    zonescan()
        .args(["validate", "--quiet", "--snapshot"])
        .arg(&copy)
        .arg("--out")
        .arg(dir.path().join("r"))
        .assert()
        .code(0);
    let matrix = read(&dir.path().join("r/matrix.csv"));
    let header: Vec<&str> = matrix
        .lines()
        .next()
        .unwrap_or_default()
        .split(',')
        .collect();
    let col = header
        .iter()
        .position(|h| *h == "s10-fra-02")
        .unwrap_or_else(|| panic!("{matrix}"));
    for line in matrix.lines().skip(1) {
        assert_eq!(line.split(',').nth(col), Some("unknown"), "{line}");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{e}"));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{e}")) {
        let entry = entry.unwrap_or_else(|e| panic!("{e}"));
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

#[test]
fn demo_scan_end_to_end() {
    let out = tempdir();
    let assert = zonescan()
        .args(["scan", "--inventory", "inventories/demo.yaml", "--out"])
        .arg(out.path())
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let stdout = stdout.replace(&out.path().display().to_string(), "[OUT]");
    insta::assert_snapshot!("demo_terminal", stdout);
    insta::assert_snapshot!("demo_matrix_csv", read(&out.path().join("matrix.csv")));
    insta::assert_snapshot!("demo_pairs_csv", read(&out.path().join("pairs.csv")));
    // findings.csv is large (every downgrade line is evidence): snapshot it without the
    // evidence column; the full bytes are pinned by the determinism tests.
    let mut findings =
        csv::Reader::from_path(out.path().join("findings.csv")).unwrap_or_else(|e| panic!("{e}"));
    let mut rows = String::new();
    for record in findings.records() {
        let r = record.unwrap_or_else(|e| panic!("{e}"));
        rows.push_str(
            &(0..7)
                .filter_map(|i| r.get(i))
                .collect::<Vec<_>>()
                .join(" | "),
        );
        rows.push('\n');
    }
    insta::assert_snapshot!("demo_findings_without_evidence", rows);
    let mut json: serde_json::Value = serde_json::from_str(&read(&out.path().join("report.json")))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(assert_outcomes_give_findings_csv(out.path()), 384);
    // The outcomes hold every finding's evidence: snapshot their count.
    let outcomes = json["outcomes"].as_array().map(Vec::len).unwrap_or(0);
    json["outcomes"] = serde_json::Value::from(outcomes);
    insta::assert_json_snapshot!("demo_report_json_without_outcomes", json, {
        ".snapshot.path" => "[SNAPSHOT]",
    });
}

#[test]
fn grouped_long_form_expands_to_the_non_ok_rows_of_the_per_pair_form() {
    use common::grouped_csv::{expand, records};
    let (all, grouped) = (tempdir(), tempdir());
    for (dir, form) in [(&all, "all"), (&grouped, "grouped")] {
        zonescan()
            .args([
                "validate",
                "--snapshot",
                "inventories/demo/snapshot",
                "--quiet",
            ])
            .args([
                "--inventory",
                "inventories/demo.yaml",
                "--long-form",
                form,
                "--out",
            ])
            .arg(dir.path())
            .assert()
            .code(0);
    }
    let non_ok = |name: &str, verdict: usize| {
        let (_, rows) = records(&all.path().join(name));
        let mut rows: Vec<Vec<String>> = rows.into_iter().filter(|r| r[verdict] != "ok").collect();
        rows.sort();
        rows
    };
    let (mut pairs, mut findings) = expand(grouped.path());
    pairs.sort();
    findings.sort();
    let expected = non_ok("pairs.csv", 3);
    assert!(expected.len() > 100, "only {} non-ok pairs", expected.len());
    assert!(
        pairs == expected,
        "grouped pairs.csv does not expand to the per-pair rows"
    );
    assert!(
        findings == non_ok("findings.csv", 3),
        "grouped findings.csv does not expand to the per-pair rows"
    );
    let (_, groups) = records(&grouped.path().join("pairs.csv"));
    assert!(groups.len() < expected.len(), "nothing was grouped");
    // Everything but the CSVs is the same, bar the recorded form.
    for name in ["matrix.csv", "report.html"] {
        let same = read(&all.path().join(name)) == read(&grouped.path().join(name));
        assert!(same, "{name} depends on the long form");
    }
    assert_eq!(
        read(&all.path().join("report.json"))
            .replace("\"long_form\":\"all\"", "\"long_form\":\"grouped\""),
        read(&grouped.path().join("report.json"))
    );
}

#[test]
fn non_ok_only_is_a_long_form_and_conflicts_with_another() {
    let out = tempdir();
    validate_quiet(&["--non-ok-only"], out.path()).code(0);
    let json = read(&out.path().join("report.json"));
    assert!(
        json.contains("\"options\":{\"long_form\":\"non_ok\"}"),
        "{json}"
    );
    validate_quiet(&["--non-ok-only", "--long-form", "grouped"], out.path())
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
    validate_quiet(&["--long-form", "grouped"], out.path()).code(0);
    assert!(read(&out.path().join("pairs.csv")).starts_with("zone,source_host,hosts,pairs,"));
}

#[test]
fn a_snapshot_of_another_format_version_is_refused() {
    let dir = tempdir();
    let copy = dir.path().join("snap");
    copy_dir(Path::new(SNAPSHOT), &copy);
    let index = read(&copy.join("snapshot.json")).replace("\"version\": 1", "\"version\": 2");
    std::fs::write(copy.join("snapshot.json"), index).unwrap_or_else(|e| panic!("{e}"));
    zonescan()
        .args(["validate", "--snapshot"])
        .arg(&copy)
        .arg("--out")
        .arg(dir.path().join("r"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "snapshot format version 2 is not supported",
        ));
}
