//! Order properties of the version comparisons.
//!
//! `pkg_vers_cmp` is only a total order on realistic SVR4 versions (dot-separated decimal
//! fields that fit an `int`, and a revision that is either `REV=` plus such fields or a
//! string that does not start with `REV=`): as soon as a non-numeric or overflowing field
//! meets a numeric one, the C algorithm mixes numeric and `strcmp` comparisons and loses
//! transitivity. The generator below produces the realistic domain, and
//! `pkg_vers_cmp_is_not_transitive_on_pathological_input` pins the known counterexample so
//! that nobody "fixes" the reproduction of zoneadm's behaviour by accident.
#![allow(clippy::unwrap_used)]

use std::cmp::Ordering;

use proptest::prelude::*;
use zonescan::version::ips::IpsVersion;
use zonescan::version::patch::PatchId;
use zonescan::version::svr4::pkg_vers_cmp;

/// One numeric field: small numbers, zero-padded ones, big ones up to `i32::MAX`, or empty.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (0u32..30).prop_map(|n| n.to_string()),
        2 => (0u32..100).prop_map(|n| format!("{n:02}")),
        1 => (0u32..=i32::MAX as u32).prop_map(|n| n.to_string()),
        1 => Just(String::new()),
    ]
}

fn fields(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(field(), 1..=max).prop_map(|f| f.join("."))
}

/// A realistic SVR4 package version.
fn svr4_version() -> impl Strategy<Value = String> {
    let rev = prop_oneof![
        3 => Just(None),
        5 => fields(8).prop_map(|f| Some(format!("REV={f}"))),
        2 => "[A-Z]{0,4}(=[0-9.]{0,6})?"
            .prop_filter("not a REV= revision", |r| !r.starts_with("REV="))
            .prop_map(Some),
    ];
    (fields(4), rev).prop_map(|(main, rev)| match rev {
        Some(rev) => format!("{main},{rev}"),
        None => main,
    })
}

fn assert_total_order<T: std::fmt::Debug>(items: &[T], cmp: impl Fn(&T, &T) -> Ordering) {
    for a in items {
        assert_eq!(cmp(a, a), Ordering::Equal, "not reflexive: {a:?}");
        for b in items {
            assert_eq!(
                cmp(a, b),
                cmp(b, a).reverse(),
                "not antisymmetric: {a:?} {b:?}"
            );
            for c in items {
                let (ab, bc, ac) = (cmp(a, b), cmp(b, c), cmp(a, c));
                if ab != Ordering::Greater && bc != Ordering::Greater {
                    assert_ne!(
                        ac,
                        Ordering::Greater,
                        "not transitive: {a:?} <= {b:?} <= {c:?}"
                    );
                }
                if ab == Ordering::Equal && bc == Ordering::Equal {
                    assert_eq!(
                        ac,
                        Ordering::Equal,
                        "equality not transitive: {a:?} {b:?} {c:?}"
                    );
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn pkg_vers_cmp_is_a_total_order_on_realistic_versions(
        versions in prop::collection::vec(svr4_version(), 3..8)
    ) {
        assert_total_order(&versions, |a, b| pkg_vers_cmp(a, b));
    }

    #[test]
    fn pkg_vers_cmp_sorts_consistently(mut versions in prop::collection::vec(svr4_version(), 0..40)) {
        versions.sort_by(|a, b| pkg_vers_cmp(a, b));
        for pair in versions.windows(2) {
            prop_assert_ne!(pkg_vers_cmp(&pair[0], &pair[1]), Ordering::Greater);
        }
        for (i, a) in versions.iter().enumerate() {
            for b in &versions[i..] {
                prop_assert_ne!(pkg_vers_cmp(a, b), Ordering::Greater, "{} > {}", a, b);
            }
        }
    }

    #[test]
    fn pkg_vers_cmp_never_panics_and_is_reflexive(a in any::<String>(), b in any::<String>()) {
        let _ = pkg_vers_cmp(&a, &b);
        prop_assert_eq!(pkg_vers_cmp(&a, &a), Ordering::Equal);
        prop_assert_eq!(pkg_vers_cmp(&a, &b), pkg_vers_cmp(&b, &a).reverse());
    }

    #[test]
    fn ips_versions_are_totally_ordered(versions in prop::collection::vec(ips_version(), 3..8)) {
        let parsed: Vec<IpsVersion> =
            versions.iter().map(|v| IpsVersion::parse(v).unwrap()).collect();
        assert_total_order(&parsed, Ord::cmp);
        assert_total_order(&parsed, IpsVersion::cmp_ignoring_build);
        for a in &parsed {
            for b in &parsed {
                prop_assert_eq!(a == b, a.cmp(b) == Ordering::Equal);
                prop_assert_eq!(a.partial_cmp(b), Some(a.cmp(b)));
                // The build only breaks ties.
                if a.cmp_ignoring_build(b) != Ordering::Equal {
                    prop_assert_eq!(a.cmp(b), a.cmp_ignoring_build(b));
                }
            }
        }
    }

    #[test]
    fn version_parsers_never_panic(s in any::<String>()) {
        let _ = IpsVersion::parse(&s);
        let _ = zonescan::version::ips::Fmri::parse(&s);
        let _ = PatchId::parse(&s);
        let _ = PatchId::parse_base(&s);
    }

    #[test]
    fn patch_ids_round_trip(base in "(IDR)?[0-9]{6}", rev in "[0-9]{1,9}") {
        let text = format!("{base}-{rev}");
        let id = PatchId::parse(&text).unwrap();
        prop_assert_eq!(id.to_string(), text);
        prop_assert_eq!(id.rev, rev.parse::<u32>().unwrap());
    }
}

fn dots(max: usize, top: u64) -> impl Strategy<Value = String> {
    prop::collection::vec(0..top, 1..=max)
        .prop_map(|v| v.iter().map(u64::to_string).collect::<Vec<_>>().join("."))
}

/// A version string with small components so that ties and prefixes are common.
fn ips_version() -> impl Strategy<Value = String> {
    let stamp = prop_oneof![
        Just(None),
        Just(Some("20120919T184117Z")),
        Just(Some("20220223T100004Z")),
        Just(Some("20220223T100005Z")),
    ];
    (
        dots(3, 3),
        prop::option::of(dots(2, 3)),
        prop::option::of(dots(4, 3)),
        stamp,
    )
        .prop_map(|(release, build, branch, stamp)| {
            let mut s = release;
            if let Some(b) = build {
                s = format!("{s},{b}");
            }
            if let Some(b) = branch {
                s = format!("{s}-{b}");
            }
            if let Some(t) = stamp {
                s = format!("{s}:{t}");
            }
            s
        })
}

#[test]
fn pkg_vers_cmp_is_not_transitive_on_pathological_input() {
    // 9 < 10 numerically, but "10" < "1a" and "1a" < "9" by strcmp: zoneadm's comparison
    // has a cycle as soon as a non-numeric field meets numeric ones.
    assert_eq!(pkg_vers_cmp("9", "10"), Ordering::Less);
    assert_eq!(pkg_vers_cmp("10", "1a"), Ordering::Less);
    assert_eq!(pkg_vers_cmp("1a", "9"), Ordering::Less);
    // An overflowing field behaves like a non-numeric one.
    assert_eq!(pkg_vers_cmp("3000000000", "9"), Ordering::Less);
    assert_eq!(pkg_vers_cmp("10", "3000000000"), Ordering::Less);
}

#[test]
fn domain_md_test_vectors() {
    use Ordering::{Equal, Less};
    let vectors = [
        ("2.6.0", "2.20.0", Less),
        ("1.21,REV=2005.01.17.23.31", "1.21,REV=2005.01.18.0.1", Less),
        ("11.10.0", "11.10.0,REV=2005.01.21.15.53", Less),
        (
            "2.6.0,REV=101.0.3.2005.12.06.20.27",
            "2.6.0,REV=101.0.3.2005.12.19.21.22",
            Less,
        ),
        ("1.0a", "1.0b", Less),
        ("1..2", "1.0.2", Equal),
        ("5.01", "5.1", Equal),
    ];
    for (a, b, expected) in vectors {
        assert_eq!(pkg_vers_cmp(a, b), expected, "{a} vs {b}");
        assert_eq!(pkg_vers_cmp(b, a), expected.reverse(), "{b} vs {a}");
    }
}
