//! Whole-document tests: fixture manifests through [`parse_manifest`], hostile input, and
//! validation against the real DTD fixtures. The differential test against xmllint is
//! tests/manifest_xmllint.rs.

use super::parse::MAX_MANIFEST_BYTES;
use super::validate::{DtdViolation, validate};
use super::*;
use crate::facts::dtd::{self, Dtd};

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("../../tests/fixtures/manifests/", $name)).as_slice()
    };
}

macro_rules! dtd {
    ($name:literal) => {
        dtd::parse_text(include_str!(concat!("../../tests/fixtures/dtd/", $name))).unwrap()
    };
}

const ZONECFG_DTD: &str = "file:///usr/share/lib/xml/dtd/zonecfg.dtd.1";

fn messages(v: &[DtdViolation]) -> Vec<(u32, &str)> {
    v.iter().map(|v| (v.line, v.message.as_str())).collect()
}

#[test]
fn domain_example_reads_completely() {
    let m = parse_manifest(fixture!("native-s10-example.xml")).unwrap();
    assert_eq!(m.zone.name, "web01");
    assert_eq!(m.zone.zonepath, "/zones/web01");
    assert_eq!(m.zone.autoboot, "true");
    assert_eq!(m.zone.brand, None);
    assert_eq!(m.doctype_system.as_deref(), Some(ZONECFG_DTD));
    assert_eq!(m.inherited_pkg_dirs, ["/lib", "/platform", "/sbin", "/usr"]);
    assert_eq!(
        m.filesystems,
        [Filesystem {
            special: "/export/web01/data".into(),
            raw: None,
            directory: "/data".into(),
            fs_type: "lofs".into(),
            options: vec!["nodevices".into()],
        }]
    );
    assert_eq!(m.networks[0].address.as_deref(), Some("192.168.10.21/24"));
    assert_eq!(m.networks[0].physical, "e1000g0");
    assert_eq!(m.rctls[0].name, "zone.max-lwps");
    assert_eq!(
        m.rctls[0].values,
        [RctlValue {
            privilege: "privileged".into(),
            limit: "2000".into(),
            action: "deny".into(),
        }]
    );
    assert_eq!(m.datasets[0].name, "tank/web01");
    let pkgs: Vec<_> = m
        .inventory
        .packages
        .iter()
        .map(|p| (p.name.as_str(), p.patches.len()))
        .collect();
    assert_eq!(pkgs, [("SUNWcakr", 1), ("SUNWcsr", 1), ("SUNWcsu", 0)]);
    let p = &m.inventory.packages[0].patches[0];
    assert_eq!((p.id.base.as_str(), p.id.rev), ("147147", 26));
    assert_eq!(p.obsoletes, ["144500", "142909"]);
    assert_eq!(m.dev_perms.len(), 2);
    assert_eq!(m.dev_perms[0].mode, "666");
    assert!(m.unknown_elements.is_empty());
    assert!(m.has_inventory());
    // One shape per distinct element: the three packages collapse, the four ipds do not.
    let names: Vec<_> = m.shapes.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "dataset",
            "dev-perm",
            "filesystem",
            "fsoption",
            "inherited-pkg-dir",
            "inherited-pkg-dir",
            "inherited-pkg-dir",
            "inherited-pkg-dir",
            "network",
            "obsoletes",
            "package",
            "patch",
            "patch",
            "rctl",
            "rctl-value",
            "zone",
        ]
    );
}

#[test]
fn smartos_network_attributes() {
    let m = parse_manifest(fixture!("smartos-joyent.xml")).unwrap();
    assert_eq!(m.zone.debugid.as_deref(), Some("4"));
    assert!(m.zone.is_exclusive_ip());
    let n = &m.networks[0];
    assert_eq!(n.global_nic.as_deref(), Some("external"));
    assert_eq!(n.mac_addr.as_deref(), Some("90:b8:d0:12:34:56"));
    assert_eq!(n.vlan_id.as_deref(), Some("0"));
    assert_eq!(
        n.net_attrs,
        [
            ("ips".to_string(), "10.0.0.5/24".to_string()),
            ("primary".to_string(), "true".to_string())
        ]
    );
    assert_eq!(m.datasets[0].alias.as_deref(), Some("data"));
    assert_eq!(m.mcap_physcap.as_deref(), Some("1073741824"));
    assert_eq!(m.attrs.len(), 2);
}

#[test]
fn s10_config_with_dedicated_cpu() {
    let m = parse_manifest(fixture!("s10-no-brand.xml")).unwrap();
    assert_eq!(m.zone.explicit_brand(), None);
    assert_eq!(
        m.dedicated_cpu,
        Some(DedicatedCpu {
            ncpu_min: "2".into(),
            ncpu_max: "4".into(),
            importance: Some("2".into()),
        })
    );
    assert_eq!(m.mcap_physcap.as_deref(), Some("2147483648"));
    assert!(!m.has_inventory());
    assert_eq!(m.layout().inherited_pkg_dirs.len(), 4);
}

#[test]
fn illumos_admin_and_security_flags() {
    let m = parse_manifest(fixture!("illumos-admin-secflags.xml")).unwrap();
    assert_eq!(m.zone.hostid.as_deref(), Some("8a1b2c3d"));
    assert_eq!(m.zone.fs_allowed.as_deref(), Some("ufs,pcfs"));
    assert_eq!(m.zone.version.as_deref(), Some("1"));
    assert_eq!(m.admins[0].auths, "login,manage");
    let sf = m.security_flags.unwrap();
    assert_eq!(sf.default.as_deref(), Some("aslr"));
    assert_eq!(sf.lower.as_deref(), Some(""));
}

#[test]
fn envelope_variants() {
    let m = parse_manifest(fixture!("encoding-single-quotes.xml")).unwrap();
    assert_eq!(m.doctype_system.as_deref(), Some(ZONECFG_DTD));
    assert_eq!(m.attrs[0].value, "database & <reports>");
    assert_eq!(m.filesystems[0].options, ["logging", "nosuid"]);
    assert_eq!(m.devices, ["/dev/rdsk/c1t2d0s*"]);
    assert_eq!(m.deleted_devices, ["/dev/dsk/c1t3d0s0"]);

    let m = parse_manifest(fixture!("comment-before-doctype.xml")).unwrap();
    assert_eq!(m.doctype_system.as_deref(), Some(ZONECFG_DTD));
    assert_eq!(m.inventory.packages[1].patches.len(), 1);

    let m = parse_manifest(fixture!("no-doctype.xml")).unwrap();
    assert_eq!(m.doctype_system, None);
    assert_eq!(m.networks[0].address, None);

    // A byte order mark, and no XML declaration at all.
    let m = parse_manifest(b"\xef\xbb\xbf<zone name=\"a\" zonepath=\"/a\" autoboot=\"false\"/>")
        .unwrap();
    assert_eq!(m.zone.name, "a");
}

#[test]
fn s11_anet_is_kept_as_unknown() {
    let m = parse_manifest(fixture!("s11-anet.xml")).unwrap();
    assert_eq!(m.unknown_elements.len(), 1);
    let anet = &m.unknown_elements[0];
    assert_eq!((anet.name.as_str(), anet.line), ("anet", 7));
    assert!(
        anet.attrs
            .contains(&("lower-link".to_string(), "auto".to_string()))
    );
}

fn err(bytes: &[u8]) -> ManifestError {
    parse_manifest(bytes).unwrap_err()
}

#[test]
fn hostile_input_fails_with_a_position() {
    let xxe =
        b"<?xml version=\"1.0\"?>\n<!DOCTYPE zone [<!ENTITY x SYSTEM \"file:///etc/shadow\">]>\n\
                <zone name=\"a\">&x;</zone>";
    match err(xxe) {
        ManifestError::Xml { line, message, .. } => {
            assert_eq!(line, 3);
            assert!(message.contains("entity"), "{message}");
        }
        other => panic!("{other:?}"),
    }

    let mut laughs =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE zone [\n<!ENTITY l0 \"lol\">\n");
    for i in 1..10 {
        let prev = format!("&l{};", i - 1).repeat(10);
        laughs.push_str(&format!("<!ENTITY l{i} \"{prev}\">\n"));
    }
    laughs.push_str("]>\n<zone name=\"a\">&l9;</zone>\n");
    assert!(matches!(err(laughs.as_bytes()), ManifestError::Xml { .. }));

    let truncated = &fixture!("native-s10-example.xml")[..600];
    match err(truncated) {
        ManifestError::Xml { line, message, .. } => {
            assert_eq!(line, 14);
            assert!(message.contains("ends unexpectedly"), "{message}");
        }
        other => panic!("{other:?}"),
    }

    match err(b"zoneadm: zone 'web01': No such zone configured\n") {
        ManifestError::Invalid { line: 1, message } => {
            assert!(message.contains("not an XML file"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(err(b""), ManifestError::Invalid { .. }));

    let big = vec![b' '; MAX_MANIFEST_BYTES + 1];
    assert_eq!(
        err(&big),
        ManifestError::TooLarge {
            size: MAX_MANIFEST_BYTES + 1,
            max: MAX_MANIFEST_BYTES
        }
    );
}

#[test]
fn too_many_nodes_is_refused() {
    let mut xml = String::from("<zone name=\"a\">");
    xml.push_str(&"<a/>".repeat(parse::MAX_MANIFEST_NODES as usize + 1));
    xml.push_str("</zone>");
    match err(xml.as_bytes()) {
        ManifestError::Xml { message, .. } => assert!(message.contains("XML nodes"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn root_must_be_zone_and_named() {
    match err(b"<?xml version=\"1.0\"?>\n<zones><zone name=\"a\"/></zones>") {
        ManifestError::Invalid { line: 2, message } => assert!(message.contains("<zones>")),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        err(b"<zone zonepath=\"/z\" autoboot=\"true\"/>"),
        ManifestError::Invalid { line: 1, .. }
    ));
}

#[test]
fn xml_errors_are_positioned_without_repeating_the_position() {
    match err(b"<zone name=\"a\">\n  <network physical=\"e0\">\n</zone>") {
        ManifestError::Xml {
            line,
            column,
            message,
        } => {
            assert_eq!((line, column), (3, 1));
            assert!(!message.ends_with("3:1"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn domain_example_is_valid_against_real_dtds() {
    let m = parse_manifest(fixture!("native-s10-example.xml")).unwrap();
    for d in [
        dtd!("illumos-2006.dtd"),
        dtd!("illumos-2010.dtd"),
        dtd!("smartos.dtd"),
    ] {
        assert_eq!(validate(&m, &d), []);
    }
}

#[test]
fn exclusive_ip_without_address_fails_the_2006_dtd() {
    let m = parse_manifest(fixture!("native-exclusive-no-address.xml")).unwrap();
    let v = validate(&m, &dtd!("illumos-2006.dtd"));
    assert_eq!(
        messages(&v),
        [
            (
                6,
                "attribute \"ip-type\" of element \"zone\" is not declared"
            ),
            (
                11,
                "element \"network\" lacks required attribute \"address\""
            ),
        ]
    );
    assert_eq!(validate(&m, &dtd!("illumos-2010.dtd")), []);
}

#[test]
fn s11_anet_fails_illumos_dtds() {
    let m = parse_manifest(fixture!("s11-anet.xml")).unwrap();
    for d in [dtd!("illumos-2010.dtd"), dtd!("smartos.dtd")] {
        assert_eq!(
            messages(&validate(&m, &d)),
            [(7, "element \"anet\" is not declared in the target's DTD")]
        );
    }
    let v = validate(&m, &dtd!("illumos-2006.dtd"));
    assert_eq!(v.len(), 2, "{v:?}");
}

#[test]
fn value_and_content_violations() {
    let m = parse_manifest(fixture!("bad-values.xml")).unwrap();
    assert_eq!(
        messages(&validate(&m, &dtd!("illumos-2010.dtd"))),
        [
            (
                3,
                "attribute \"autoboot\" of element \"zone\" has value \"yes\", not one of (true | false)"
            ),
            (
                3,
                "attribute \"version\" of element \"zone\" has value \"2\", but the DTD fixes it to \"1\""
            ),
            (
                4,
                "attribute \"type\" of element \"attr\" has value \"float\", not one of (boolean | int | string | uint)"
            ),
        ]
    );

    let m = parse_manifest(fixture!("misplaced.xml")).unwrap();
    let v = validate(&m, &dtd!("smartos.dtd"));
    let got = messages(&v);
    assert!(
        got.contains(&(
            4,
            "children of element \"filesystem\" do not match (fsoption)*: \"package\" is not allowed first; expected \"fsoption\""
        )),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|(l, m)| *l == 3 && m.contains("\"fsoption\" is not allowed after \"filesystem\"")),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|(l, m)| *l == 8 && m.contains("\"device\" has text")),
        "{got:?}"
    );

    let m = parse_manifest(fixture!("smartos-joyent.xml")).unwrap();
    let got = validate(&m, &dtd!("illumos-2010.dtd"));
    assert!(
        got.iter()
            .any(|v| v.message == "element \"network\" is declared EMPTY but has child elements")
    );
    assert!(
        got.iter()
            .any(|v| v.message == "element \"net-attr\" is not declared in the target's DTD")
    );
}

#[test]
fn empty_dtd_declares_nothing() {
    let m = parse_manifest(fixture!("no-doctype.xml")).unwrap();
    let v = validate(&m, &Dtd::default());
    assert_eq!(
        messages(&v),
        [
            (2, "element \"zone\" is not declared in the target's DTD"),
            (3, "element \"network\" is not declared in the target's DTD"),
        ]
    );
}

#[test]
fn large_native_manifest_is_fast() {
    let mut xml = String::from(
        "<?xml version=\"1.0\"?>\n<zone name=\"big\" zonepath=\"/zones/big\" autoboot=\"true\">\n",
    );
    for i in 0..1500 {
        xml.push_str(&format!(
            "  <package name=\"SUNWpkg{i}\" version=\"11.10.0,REV=2005.01.{i}\"/>\n"
        ));
        if i % 15 < 4 {
            xml.push_str(&format!(
                "  <patch id=\"{}-{:02}\">\n    <obsoletes id=\"{}\"/>\n  </patch>\n",
                119_000 + i,
                i % 50,
                118_000 + i
            ));
        }
    }
    for i in 0..200 {
        xml.push_str(&format!(
            "  <dev-perm name=\"dev{i}\" uid=\"0\" gid=\"3\" mode=\"666\" acl=\"\"/>\n"
        ));
    }
    xml.push_str("</zone>\n");
    let start = std::time::Instant::now();
    let m = parse_manifest(xml.as_bytes()).unwrap();
    let v = validate(&m, &dtd!("illumos-2006.dtd"));
    let took = start.elapsed();
    assert_eq!(m.inventory.packages.len(), 1500);
    assert_eq!(m.shapes.len(), 5);
    assert_eq!(v, []);
    // Generous even for a debug build; the point is to catch quadratic work.
    assert!(took.as_secs() < 2, "{took:?}");
}

#[test]
fn shared_inventories_are_content_checked_once_with_each_documents_line() {
    // synthetic-strict.dtd orders the root's children: a package list followed by an
    // inherited-pkg-dir breaks its model. Seventy packages make the list one that is kept.
    let text = String::from_utf8_lossy(fixture!("native-s10-example.xml")).into_owned();
    let packages: String = (0..70)
        .map(|i| format!("  <package name=\"SUNWp{i}\" version=\"1\"/>\n"))
        .collect();
    let misordered = text.replace(
        "  <dev-perm name=\"null\"",
        &format!("{packages}  <inherited-pkg-dir directory=\"/opt\"/>\n  <dev-perm name=\"null\""),
    );
    // The same document one line lower: the same child list, other lines.
    let lower = misordered.replacen("<zone ", "\n<zone ", 1);
    let parser = ManifestParser::default();
    let (a, b) = (
        parser.parse(misordered.as_bytes()).unwrap(),
        parser.parse(lower.as_bytes()).unwrap(),
    );
    let root_children = |m: &Manifest| {
        m.shapes
            .iter()
            .find(|s| s.parent.is_none())
            .map(|s| s.children.clone())
            .unwrap()
    };
    assert!(std::sync::Arc::ptr_eq(
        &root_children(&a),
        &root_children(&b)
    ));
    assert!(root_children(&a).len() >= dtd::SHARED_LIST_MIN);

    let shared = dtd!("synthetic-strict.dtd");
    let (va, vb) = (validate(&a, &shared), validate(&b, &shared));
    // Each against a DTD of its own, which has checked nothing yet.
    assert_eq!(va, validate(&a, &dtd!("synthetic-strict.dtd")));
    assert_eq!(vb, validate(&b, &dtd!("synthetic-strict.dtd")));
    let content = |v: &[DtdViolation]| -> Vec<(u32, String)> {
        v.iter()
            .filter(|v| v.message.starts_with("children of element \"zone\""))
            .map(|v| (v.line, v.message.clone()))
            .collect()
    };
    let (ca, cb) = (content(&va), content(&vb));
    assert_eq!(ca.len(), 1, "{va:?}");
    assert_eq!(cb.len(), 1, "{vb:?}");
    assert_eq!(ca[0].1, cb[0].1);
    assert_eq!(cb[0].0, ca[0].0 + 1);
    // A DTD that allows any order accepts the same shared list.
    assert_eq!(content(&validate(&a, &dtd!("illumos-2006.dtd"))), []);
}
