//! The generated demo fleet (inventories/demo-spec.yaml -> inventories/demo/ and
//! inventories/demo.yaml): committed output up to date, generation deterministic, and the
//! fleet doing its job: every rule code fires on some pair, every verdict occurs, every
//! fact reads, and native manifests agree with their hosts' package databases.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use zonescan::collect::RawHost;
use zonescan::engine::{Verdict, ZoneSubject, evaluate_pair};
use zonescan::facts::{FactProblem, HostFacts, zone_entire};
use zonescan::fleetgen::{GenError, generate, load_spec};
use zonescan::manifest::parse_manifest;
use zonescan::rules::RULES;
use zonescan::software::cmp::sw_cmp;
use zonescan::software::target::target_inventory;

const SPEC: &str = "inventories/demo-spec.yaml";
const INVENTORY: &str = "inventories/demo.yaml";
const SNAPSHOT: &str = "inventories/demo/snapshot";
const REGENERATE: &str = "cargo run --release -- gen-fleet inventories/demo-spec.yaml \
    inventories/demo/snapshot --inventory inventories/demo.yaml --force";

/// Every file under `dir`, relative, with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
        for entry in entries {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                let rel = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
                files.insert(rel, bytes);
            }
        }
    }
    files
}

fn generate_demo(into: &Path) {
    let spec = load_spec(Path::new(SPEC)).unwrap_or_else(|e| panic!("{e}"));
    let out = into.join("demo/snapshot");
    generate(&spec, &out, &into.join("demo.yaml"), false).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn committed_demo_is_what_the_spec_generates() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    generate_demo(tmp.path());
    let fresh = tree(&tmp.path().join("demo/snapshot"));
    let committed = tree(Path::new(SNAPSHOT));
    let fresh_names: BTreeSet<_> = fresh.keys().collect();
    let committed_names: BTreeSet<_> = committed.keys().collect();
    assert_eq!(
        fresh_names, committed_names,
        "the files differ; regenerate with: {REGENERATE}"
    );
    for (path, bytes) in &fresh {
        assert!(
            committed.get(path) == Some(bytes),
            "{} differs; regenerate with: {REGENERATE}",
            path.display()
        );
    }
    let inventory = fs::read(tmp.path().join("demo.yaml")).unwrap_or_default();
    assert_eq!(
        Some(inventory),
        fs::read(INVENTORY).ok(),
        "{INVENTORY} differs; regenerate with: {REGENERATE}"
    );

    // A second run gives the same bytes.
    let again = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    generate_demo(again.path());
    let second = tree(&again.path().join("demo/snapshot"));
    let differing: Vec<_> = fresh
        .iter()
        .filter(|(p, b)| second.get(*p) != Some(*b))
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert!(
        differing.is_empty() && second.len() == fresh.len(),
        "generation is not deterministic: {differing:?}"
    );
}

#[test]
fn the_command_writes_the_snapshot_and_refuses_to_overwrite_it() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = tmp.path().join("fleet/snapshot");
    let run = || {
        assert_cmd::cargo::cargo_bin_cmd!("zonescan")
            .args(["gen-fleet", SPEC])
            .arg(&out)
            .assert()
    };
    run().code(0).stderr(predicates::str::contains(
        "13 hosts, 34 zones (32 manifests)",
    ));
    // The default inventory: OUT/../<name>.yaml, pointing back at OUT.
    let yaml = fs::read_to_string(tmp.path().join("fleet/demo.yaml")).unwrap_or_default();
    assert!(yaml.contains("\nsnapshot: snapshot "), "{yaml}");
    run()
        .code(2)
        .stderr(predicates::str::contains("exists and is not empty"));
}

#[test]
fn a_non_empty_out_is_refused_unless_forced() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = tmp.path().join("snap");
    fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    fs::write(out.join("notes.txt"), "mine").unwrap_or_else(|e| panic!("{e}"));
    let spec = load_spec(Path::new(SPEC)).unwrap_or_else(|e| panic!("{e}"));
    let inventory = tmp.path().join("inv.yaml");
    let refused = generate(&spec, &out, &inventory, false);
    assert!(
        matches!(refused, Err(GenError::NotEmpty { .. })),
        "{refused:?}"
    );
    generate(&spec, &out, &inventory, true).unwrap_or_else(|e| panic!("{e}"));
    // --force replaces the snapshot, not the user's other files.
    assert!(out.join("notes.txt").exists());
    assert!(out.join("snapshot.json").exists());
    let yaml = fs::read_to_string(&inventory).unwrap_or_default();
    assert!(yaml.contains("\nsnapshot: snap "), "{yaml}");
}

struct Host {
    raw: RawHost,
    facts: HostFacts,
    candidate: bool,
}

fn demo_hosts() -> Vec<Host> {
    let mut hosts = Vec::new();
    let mut dirs: Vec<PathBuf> = fs::read_dir(Path::new(SNAPSHOT).join("hosts"))
        .unwrap_or_else(|e| panic!("{SNAPSHOT}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    dirs.sort();
    for dir in dirs {
        let raw = RawHost::read(&dir).unwrap_or_else(|e| panic!("{e}"));
        let json: serde_json::Value = fs::read(dir.join("host.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        let candidate = json["roles"]
            .as_array()
            .is_some_and(|r| r.iter().any(|v| v == "candidate"));
        let facts = HostFacts::from_raw(&raw);
        hosts.push(Host {
            raw,
            facts,
            candidate,
        });
    }
    hosts
}

#[test]
fn every_rule_code_fires_and_every_verdict_occurs() {
    let hosts = demo_hosts();
    let mut codes: BTreeMap<&str, (usize, String)> = BTreeMap::new();
    let mut verdicts: BTreeMap<Verdict, usize> = BTreeMap::new();
    let mut zones = 0;
    for source in &hosts {
        for (zone, files) in &source.raw.zones {
            let Some(bytes) = &files.manifest else {
                continue;
            };
            zones += 1;
            let parsed = parse_manifest(bytes).map_err(|e| e.to_string());
            let reason = match (&parsed, files.manifest_exit) {
                (_, exit) if exit != 0 => Some(format!("detach -n exited {exit}")),
                (Err(e), _) => Some(e.clone()),
                (Ok(_), _) => None,
            };
            let entire = zone_entire(&source.raw, zone);
            let subject = ZoneSubject {
                name: zone,
                manifest: match (&parsed, &reason) {
                    (Ok(m), None) => Ok(m),
                    (_, r) => Err(r.as_deref().unwrap_or("unreadable")),
                },
                entire: Some(&entire),
            };
            for target in hosts.iter().filter(|t| t.candidate) {
                if target.raw.name == source.raw.name {
                    continue; // the zone's own host is not a destination
                }
                let result = evaluate_pair(&subject, &target.facts, Some(&source.facts));
                *verdicts.entry(result.verdict).or_default() += 1;
                for f in &result.findings {
                    let e = codes
                        .entry(f.code)
                        .or_insert((0, format!("{zone} -> {}", target.raw.name)));
                    e.0 += 1;
                }
            }
        }
    }
    for (code, (n, first)) in &codes {
        eprintln!("{code} {n:>4}  first: {first}");
    }
    eprintln!("{verdicts:?}");
    assert!(zones >= 30, "{zones} zones with a manifest");
    let mut expected: Vec<&str> = RULES.iter().map(|r| r.code).collect();
    expected.extend(["ZU001", "ZU002"]);
    let missing: Vec<&&str> = expected
        .iter()
        .filter(|c| !codes.contains_key(**c))
        .collect();
    assert!(missing.is_empty(), "codes that fire nowhere: {missing:?}");
    for v in [
        Verdict::Ok,
        Verdict::Warn,
        Verdict::Update,
        Verdict::Unknown,
        Verdict::Fail,
    ] {
        assert!(verdicts.contains_key(&v), "no pair is {v}: {verdicts:?}");
    }
}

#[test]
fn native_manifests_carry_their_hosts_inventory() {
    let mut checked = 0;
    for host in demo_hosts() {
        for (zone, files) in &host.raw.zones {
            let Some(Ok(manifest)) = files.manifest.as_deref().map(parse_manifest) else {
                continue;
            };
            if !manifest.has_inventory() {
                continue;
            }
            let db = host.facts.svr4.as_ref().unwrap_or_else(|e| panic!("{e}"));
            let own = target_inventory(db, &manifest.layout());
            assert_eq!(own, *manifest.inventory, "{zone} on {}", host.raw.name);
            assert!(sw_cmp(&manifest.inventory, &own).is_empty());
            assert!(!manifest.dev_perms.is_empty(), "{zone}: dev-perms");
            checked += 1;
        }
    }
    assert!(checked >= 15, "{checked} native manifests");
}

#[test]
fn every_fact_reads_except_the_deliberately_broken() {
    let mut garbled = Vec::new();
    let mut failed = Vec::new();
    for host in demo_hosts() {
        let f = &host.facts;
        let results = [
            f.uname.as_ref().err(),
            f.release.as_ref().err(),
            f.zones.as_ref().err(),
            f.brands.as_ref().err(),
            f.default_brand.as_ref().err(),
            f.dtd.as_ref().err(),
            f.ifconfig.as_ref().err(),
            f.ipadm.as_ref().err(),
            f.dladm.as_ref().err(),
            f.zfs.as_ref().err(),
            f.cpus.as_ref().err(),
            f.memory.as_ref().err(),
            f.pools.as_ref().err(),
            f.rctls.as_ref().err(),
            f.privileges.as_ref().err(),
            f.sched_classes.as_ref().err(),
            f.svr4.as_ref().err(),
            f.showrev.as_ref().err(),
            f.ips_entire.as_ref().err(),
            f.paths.as_ref().err(),
        ];
        for e in results.into_iter().flatten() {
            match &e.problem {
                FactProblem::Garbled(p) => garbled.push(format!("{} {}: {p}", e.host, e.fact)),
                FactProblem::CommandFailed { .. } => failed.push(format!("{} {}", e.host, e.fact)),
                FactProblem::Missing | FactProblem::NotCollected { .. } => {}
            }
        }
        for (zone, config) in &f.zone_configs {
            assert!(config.is_ok(), "{zone} on {}: {config:?}", host.raw.name);
        }
    }
    // A login banner in s11-x86-10's zfs list; ppriv failed on omni-fra-12; Solaris 11
    // has no SUNWdefault.xml.
    assert_eq!(garbled.len(), 1, "{garbled:#?}");
    assert!(garbled[0].starts_with("s11-x86-10 zfs-list"), "{garbled:?}");
    failed.sort();
    assert_eq!(
        failed,
        [
            "omni-fra-12 ppriv",
            "s11-fra-08 default-brand",
            "s11-fra-09 default-brand",
            "s11-x86-10 default-brand"
        ]
    );
}

/// Every zone document is valid against its own host's DTD, by libxml2 (the library
/// zoneadm uses), except the deliberately truncated one.
#[test]
fn zone_documents_are_valid_for_libxml2() {
    let mut checked = 0;
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for host in demo_hosts() {
        let dtd = host.raw.dir.join("facts/zonecfg-dtd.out");
        for (zone, files) in &host.raw.zones {
            for (kind, doc) in [("manifest", &files.manifest), ("config", &files.config)] {
                let Some(bytes) = doc else { continue };
                if files.manifest_exit != 0 && kind == "manifest" {
                    continue;
                }
                // --dtdvalid supplies the DTD; the DOCTYPE's file:/// URL must not be read.
                let text = String::from_utf8_lossy(bytes);
                let text: String = text
                    .lines()
                    .filter(|l| !l.starts_with("<!DOCTYPE"))
                    .map(|l| format!("{l}\n"))
                    .collect();
                let file = tmp.path().join(format!("{zone}-{kind}.xml"));
                fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
                let out = std::process::Command::new("xmllint")
                    .args(["--noout", "--dtdvalid"])
                    .arg(&dtd)
                    .arg(&file)
                    .output()
                    .unwrap_or_else(|e| panic!("xmllint (libxml2-utils) is needed: {e}"));
                assert!(
                    out.status.success(),
                    "{zone} {kind} on {}: {}",
                    host.raw.name,
                    String::from_utf8_lossy(&out.stderr)
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 50, "{checked} documents");
}

#[test]
fn the_benchmark_spec_describes_ten_thousand_zones() {
    let spec =
        load_spec(Path::new("inventories/bench-spec.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let plan = zonescan::fleetgen::plan::plan(&spec).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.hosts.len(), 1000);
    assert_eq!(plan.zones.len(), 10_000);
    let packages: Vec<usize> = spec.families.iter().map(|f| f.packages).collect();
    assert!(
        packages.iter().all(|&p| (1100..=1300).contains(&p)),
        "{packages:?}"
    );
}
