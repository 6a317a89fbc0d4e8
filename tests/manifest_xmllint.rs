//! Differential test: our DTD validation against libxml2's, the library zoneadm uses.
//!
//! For every fixture manifest and every fixture DTD, and for a few hundred generated
//! manifests, `xmllint --noout --dtdvalid <dtd> <manifest>` and
//! `zonescan::manifest::validate::validate` must agree on valid versus invalid.
//!
//! xmllint is a hard requirement (Debian package libxml2-utils): without it this test fails
//! rather than skips, so that a missing tool never reads as agreement.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use zonescan::facts::dtd::{self, Dtd};
use zonescan::manifest::parse_manifest;
use zonescan::manifest::validate::validate;

fn fixtures(dir: &str, ext: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    out.sort();
    out
}

fn require_xmllint() {
    match Command::new("xmllint").arg("--version").output() {
        Ok(_) => {}
        Err(e) => panic!(
            "xmllint is needed for this test and could not be run ({e}); \
             install libxml2-utils (apt-get install -y libxml2-utils)"
        ),
    }
}

/// The manifest text with its DOCTYPE blanked out (same length and lines): `--dtdvalid`
/// supplies the DTD, and the external subset named in the DOCTYPE must not be looked up.
fn without_doctype(text: &str) -> String {
    match (
        text.find("<!DOCTYPE"),
        text.find("<!DOCTYPE")
            .and_then(|s| text[s..].find('>').map(|e| s + e + 1)),
    ) {
        (Some(start), Some(end)) => {
            let blank: String = text[start..end]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' })
                .collect();
            format!("{}{}{}", &text[..start], blank, &text[end..])
        }
        _ => text.to_string(),
    }
}

/// libxml2's verdict: `Ok(true)` valid, `Ok(false)` invalid, `Err` anything else.
fn xmllint_valid(dtd: &Path, manifest: &Path) -> Result<bool, String> {
    let out = Command::new("xmllint")
        .args(["--nonet", "--noout", "--dtdvalid"])
        .arg(dtd)
        .arg(manifest)
        .output()
        .map_err(|e| format!("running xmllint: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    match out.status.code() {
        Some(0) => Ok(true),
        // 3: "validation error"
        Some(3) => Ok(false),
        code => Err(format!("xmllint exited with {code:?}: {stderr}")),
    }
}

struct Case {
    label: String,
    text: String,
}

/// Compares every case against every DTD; returns how many pairs xmllint found valid and
/// invalid, so that callers can check the cases exercise both.
fn compare(cases: &[Case], dtds: &[(PathBuf, Dtd)]) -> (usize, usize) {
    require_xmllint();
    let tmp = tempfile::tempdir().unwrap();
    let mut disagreements = String::new();
    let (mut valid, mut invalid) = (0, 0);
    for (i, case) in cases.iter().enumerate() {
        let manifest =
            parse_manifest(case.text.as_bytes()).unwrap_or_else(|e| panic!("{}: {e}", case.label));
        let path = tmp.path().join(format!("m{i}.xml"));
        std::fs::write(&path, without_doctype(&case.text)).unwrap();
        for (dtd_path, dtd) in dtds {
            let ours = validate(&manifest, dtd);
            let theirs = xmllint_valid(dtd_path, &path)
                .unwrap_or_else(|e| panic!("{} x {}: {e}", case.label, dtd_path.display()));
            if theirs {
                valid += 1;
            } else {
                invalid += 1;
            }
            if ours.is_empty() != theirs {
                let _ = writeln!(
                    disagreements,
                    "{} x {}: xmllint says {}, we found {:?}\n{}\n",
                    case.label,
                    dtd_path.file_name().unwrap().to_string_lossy(),
                    if theirs { "valid" } else { "invalid" },
                    ours,
                    case.text
                );
            }
        }
    }
    assert!(disagreements.is_empty(), "{disagreements}");
    (valid, invalid)
}

fn load_dtds() -> Vec<(PathBuf, Dtd)> {
    let dtds: Vec<(PathBuf, Dtd)> = fixtures("dtd", "dtd")
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let d = dtd::parse_text(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, d)
        })
        .collect();
    assert!(dtds.len() >= 3);
    dtds
}

#[test]
fn fixture_manifests_agree_with_xmllint() {
    let cases: Vec<Case> = fixtures("manifests", "xml")
        .into_iter()
        .map(|p| Case {
            label: p.file_name().unwrap().to_string_lossy().into_owned(),
            text: std::fs::read_to_string(&p).unwrap(),
        })
        .collect();
    assert!(cases.len() >= 10);
    let (valid, invalid) = compare(&cases, &load_dtds());
    assert!(
        valid >= 10 && invalid >= 10,
        "{valid} valid, {invalid} invalid"
    );
}

/// A tiny deterministic generator (no seed from the environment: failures must reproduce).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Attribute name and values, the first a typical good one.
type AttrChoices = (&'static str, &'static [&'static str]);

/// Element name, attributes, possible children.
const VOCABULARY: &[(&str, &[AttrChoices], &[&str])] = &[
    (
        "filesystem",
        &[
            ("special", &["/a", "/dev/dsk/c0d0s0"]),
            ("raw", &["", "/dev/rdsk/c0d0s0"]),
            ("directory", &["/a"]),
            ("type", &["lofs", "ufs", "bad type"]),
        ],
        &["fsoption"],
    ),
    (
        "inherited-pkg-dir",
        &[("directory", &["/usr", "/lib"])],
        &[],
    ),
    (
        "network",
        &[
            ("address", &["10.0.0.1/24", ""]),
            ("allowed-address", &["10.0.0.2/24"]),
            ("defrouter", &["10.0.0.254"]),
            ("physical", &["e1000g0", "net0"]),
            ("global-nic", &["admin"]),
            ("mac-addr", &["2:8:20:0:0:1"]),
            ("vlan-id", &["0", "12"]),
        ],
        &["net-attr"],
    ),
    ("device", &[("match", &["/dev/null"])], &["net-attr"]),
    ("deleted-device", &[("match", &["/dev/zero"])], &[]),
    ("rctl", &[("name", &["zone.max-lwps"])], &["rctl-value"]),
    (
        "attr",
        &[
            ("name", &["comment"]),
            ("type", &["string", "int", "float", "boolean"]),
            ("value", &["x", "1"]),
        ],
        &[],
    ),
    (
        "dataset",
        &[("name", &["tank/a"]), ("alias", &["a", "b c"])],
        &[],
    ),
    (
        "package",
        &[("name", &["SUNWcsr"]), ("version", &["11.10.0"])],
        &[],
    ),
    (
        "patch",
        &[("id", &["119254-92"])],
        &["obsoletes", "incompatible"],
    ),
    (
        "dev-perm",
        &[
            ("name", &["null"]),
            ("uid", &["0"]),
            ("gid", &["3"]),
            ("mode", &["666"]),
            ("acl", &[""]),
        ],
        &[],
    ),
    ("tmp_pool", &[("importance", &["1"])], &[]),
    ("pset", &[("ncpu_min", &["1"]), ("ncpu_max", &["2"])], &[]),
    ("mcap", &[("physcap", &["1073741824"])], &[]),
    ("admin", &[("user", &["bob"]), ("auths", &["login"])], &[]),
    (
        "security-flags",
        &[
            ("default", &["aslr"]),
            ("lower", &[""]),
            ("upper", &["aslr"]),
        ],
        &[],
    ),
    ("anet", &[("linkname", &["net0"])], &[]),
];

const CHILDREN: &[(&str, &[AttrChoices])] = &[
    ("fsoption", &[("name", &["ro", "nodevices"])]),
    (
        "net-attr",
        &[("name", &["ips", "primary"]), ("value", &["true"])],
    ),
    (
        "rctl-value",
        &[
            ("priv", &["privileged", "basic", "root"]),
            ("limit", &["100", "1 0"]),
            ("action", &["deny", "none signal"]),
        ],
    ),
    ("obsoletes", &[("id", &["119253"])]),
    ("incompatible", &[("id", &["119000"])]),
];

/// Writes the attributes: the first listed value is a typical good one, the others are
/// odd or wrong and appear now and then, as do missing and unknown attributes.
fn attrs(rng: &mut Rng, defs: &[AttrChoices], presence: usize, out: &mut String) {
    for (name, values) in defs {
        if rng.chance(presence) {
            let value = if rng.chance(92) {
                values[0]
            } else {
                rng.pick(values)
            };
            let _ = write!(out, " {name}=\"{value}\"");
        }
    }
    if rng.chance(1) {
        out.push_str(" bogus=\"1\"");
    }
}

/// Between children: mostly white space or nothing, now and then a comment, rarely text.
fn filler(rng: &mut Rng) -> &'static str {
    match rng.below(200) {
        0..=2 => "<!-- c -->",
        3 => "text",
        4..=120 => "\n  ",
        _ => "",
    }
}

fn generate(rng: &mut Rng) -> String {
    let mut xml = String::from("<?xml version=\"1.0\"?>\n<zone");
    let zone_attrs: &[AttrChoices] = &[
        ("name", &["z1"]),
        ("zonepath", &["/zones/z1"]),
        ("autoboot", &["true", "false", "yes"]),
        ("brand", &["native", "ipkg", "joyent-minimal", "nope"]),
        ("ip-type", &["exclusive", "shared"]),
        ("debugid", &["4"]),
        ("hostid", &["1234"]),
        ("scheduling-class", &["FSS", "F S S"]),
        ("version", &["1", "2", " 1"]),
    ];
    xml.push_str(" name=\"z1\"");
    attrs(rng, &zone_attrs[1..3], 98, &mut xml);
    attrs(rng, &zone_attrs[3..], 15, &mut xml);
    xml.push('>');
    for _ in 0..rng.below(8) {
        xml.push_str(filler(rng));
        let (name, defs, kids) = VOCABULARY[rng.below(VOCABULARY.len())];
        let _ = write!(xml, "<{name}");
        attrs(rng, defs, 97, &mut xml);
        let n_kids = if kids.is_empty() || rng.chance(50) {
            0
        } else {
            rng.below(4)
        };
        if n_kids == 0 && rng.chance(95) {
            xml.push_str("/>");
            continue;
        }
        xml.push('>');
        for _ in 0..n_kids {
            xml.push_str(filler(rng));
            let kid = rng.pick(kids);
            let defs = CHILDREN
                .iter()
                .find(|(n, _)| *n == kid)
                .map(|(_, d)| *d)
                .unwrap();
            let _ = write!(xml, "<{kid}");
            attrs(rng, defs, 97, &mut xml);
            xml.push_str("/>");
        }
        xml.push_str(filler(rng));
        let _ = write!(xml, "</{name}>");
    }
    xml.push_str("\n</zone>\n");
    xml
}

#[test]
fn generated_manifests_agree_with_xmllint() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let cases: Vec<Case> = (0..200)
        .map(|i| Case {
            label: format!("generated #{i}"),
            text: generate(&mut rng),
        })
        .collect();
    let (valid, invalid) = compare(&cases, &load_dtds());
    eprintln!("generated: {valid} valid, {invalid} invalid (manifest x DTD)");
    assert!(
        valid >= 100 && invalid >= 100,
        "{valid} valid, {invalid} invalid"
    );
}

/// Hand-picked corners of libxml2's behaviour.
#[test]
fn edge_cases_agree_with_xmllint() {
    let zone = r#"<zone name="e" zonepath="/zones/e" autoboot="true""#;
    let bodies = [
        // Namespace declarations are validated as attributes.
        format!(r#"{zone} xmlns:p="urn:x"/>"#),
        format!(r#"{zone} xmlns="urn:x"/>"#),
        format!(r#"{zone}><p:x xmlns:p="urn:x"/></zone>"#),
        // White space, comments and PIs inside an EMPTY element.
        format!(r#"{zone}><network physical="e0"> </network></zone>"#),
        format!(r#"{zone}><network physical="e0"><!-- c --></network></zone>"#),
        format!(r#"{zone}><network physical="e0"><?pi x?></network></zone>"#),
        // ...and between children of element content.
        format!("{zone}>\n<!-- c --><?pi x?>\n<network physical=\"e0\"/>\n</zone>"),
        format!(r#"{zone}><rctl name="r"> <![CDATA[x]]> </rctl></zone>"#),
        // Character references and entities in values.
        format!(r#"{zone} version="&#49;"/>"#),
        r#"<zone name="e" zonepath="/z" autoboot="tr&#117;e"/>"#.to_string(),
        r#"<zone name="e" zonepath="/z" autoboot="true " version="1 "/>"#.to_string(),
        r#"<zone name="e" zonepath="/z" autoboot="true" version="1&#10;"/>"#.to_string(),
        // Empty enumeration value, empty element content.
        r#"<zone name="e" zonepath="/z" autoboot=""/>"#.to_string(),
        format!(r#"{zone}></zone>"#),
        format!(r#"{zone}><patch id="1-1"><obsoletes id="2"/>x</patch></zone>"#),
    ];
    let cases: Vec<Case> = bodies
        .iter()
        .enumerate()
        .map(|(i, b)| Case {
            label: format!("edge #{i}"),
            text: format!("<?xml version=\"1.0\"?>\n{b}\n"),
        })
        .collect();
    compare(&cases, &load_dtds());
}
