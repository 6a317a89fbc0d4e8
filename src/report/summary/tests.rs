use super::*;
use crate::report::test_fleet::{big_fleet, fleet};

#[test]
fn small_fleet() {
    let s = FleetSummary::new(&fleet());
    assert_eq!(s.pairs, 6);
    assert_eq!(
        s.verdicts,
        VerdictCounts {
            ok: 1,
            warn: 1,
            update: 1,
            unknown: 1,
            fail: 2
        }
    );
    let zones: Vec<_> = s
        .zones
        .iter()
        .map(|z| {
            let best: Vec<_> = z
                .best
                .iter()
                .map(|b| format!("{}:{}", b.host, b.verdict))
                .collect();
            (
                z.zone.as_str(),
                z.movable_count,
                z.evaluated,
                best.join(" "),
            )
        })
        .collect();
    assert_eq!(
        zones,
        [
            ("app01", 2, 2, "s10-b:ok s10-c:warn".to_string()),
            ("db01", 0, 2, String::new()),
            ("web01", 1, 2, "s10-a:update".to_string()),
        ]
    );
    let hosts: Vec<_> = s
        .hosts
        .iter()
        .map(|h| (h.host.as_str(), h.zones_it_can_take, h.evaluated))
        .collect();
    assert_eq!(hosts, [("s10-a", 1, 1), ("s10-b", 1, 2), ("s10-c", 1, 3)]);
    let reasons: Vec<_> = s.reasons.iter().map(|r| (r.code, r.pairs)).collect();
    assert_eq!(
        reasons,
        [(MOVABLE, 3), ("ZM105", 1), ("ZM503", 1), ("ZU001", 1)]
    );
    assert_eq!(
        s.reasons[1].summary,
        crate::rules::find_rule("ZM105").map_or("", |r| r.summary)
    );
    assert_eq!(
        s.reasons[3].summary,
        crate::rules::unknown::FACT_UNAVAILABLE.summary
    );
}

#[test]
fn reasons_add_up_to_the_pairs() {
    for f in [fleet(), big_fleet(40, 9), FleetResult::default()] {
        let s = FleetSummary::new(&f);
        assert_eq!(s.pairs, f.pair_count());
        assert_eq!(s.reasons.iter().map(|r| r.pairs).sum::<usize>(), s.pairs);
        assert_eq!(s.verdicts.total(), s.pairs);
        assert_eq!(
            s.zones.iter().map(|z| z.evaluated).sum::<usize>(),
            s.pairs,
            "every pair belongs to one zone"
        );
        assert_eq!(
            s.hosts.iter().map(|h| h.evaluated).sum::<usize>(),
            s.pairs,
            "every pair belongs to one host"
        );
        let movable = s.reasons.iter().find(|r| r.code == MOVABLE);
        assert_eq!(movable.map_or(0, |r| r.pairs), s.verdicts.movable());
        for w in s.reasons.windows(2) {
            assert!(
                (w[0].pairs, w[1].code) >= (w[1].pairs, w[0].code),
                "ranked by count, then code"
            );
        }
    }
}

#[test]
fn best_hosts_ranked_by_verdict_warnings_and_name() {
    use crate::engine::{FleetHost, FleetZone};
    use crate::report::test_fleet::{finding, pair};
    let names = ["h1", "h2", "h3", "h4", "h5"];
    let mut f = FleetResult {
        hosts: names
            .iter()
            .map(|n| FleetHost {
                name: (*n).into(),
                ..FleetHost::default()
            })
            .collect(),
        zones: vec![FleetZone {
            name: "z".into(),
            host: "src".into(),
            ..FleetZone::default()
        }],
        columns: (0..names.len()).collect(),
        ..FleetResult::default()
    };
    let warn = |n| {
        (0..n)
            .map(|_| finding("ZM010", Severity::Warning, "release differs"))
            .collect::<Vec<_>>()
    };
    let mut upd = warn(0);
    upd.push(finding("ZM101", Severity::Update, "update"));
    f.set_cells(vec![
        Some(pair("z", "h1", Verdict::Update, upd)),
        Some(pair("z", "h2", Verdict::Warn, warn(2))),
        Some(pair("z", "h3", Verdict::Warn, warn(1))),
        Some(pair("z", "h4", Verdict::Warn, warn(1))),
        Some(pair("z", "h5", Verdict::Fail, Vec::new())),
    ]);
    let s = FleetSummary::new(&f);
    let best: Vec<_> = s.zones[0].best.iter().map(|b| b.host.as_str()).collect();
    assert_eq!(best, ["h3", "h4", "h2"]);
    assert_eq!(s.zones[0].movable_count, 4);
    // A fail pair without an error finding still counts once.
    assert!(
        s.reasons
            .iter()
            .any(|r| r.code == UNEXPLAINED && r.pairs == 1)
    );
}

#[test]
fn first_blocking_prefers_errors_over_unknowns() {
    use crate::report::test_fleet::{finding, pair};
    let p = pair(
        "z",
        "h",
        Verdict::Fail,
        vec![
            finding("ZM010", Severity::Warning, "w"),
            finding("ZU001", Severity::Unknown, "u"),
            finding("ZM503", Severity::Error, "e"),
        ],
    );
    assert_eq!(first_blocking(&p.findings).map(|f| f.code), Some("ZM503"));
    assert_eq!(primary_reason(p.verdict, &p.findings), "ZM503");
    let ok = pair(
        "z",
        "h",
        Verdict::Warn,
        vec![finding("ZM010", Severity::Warning, "w")],
    );
    assert_eq!(first_blocking(&ok.findings).map(|f| f.code), None);
    assert_eq!(primary_reason(ok.verdict, &ok.findings), MOVABLE);
}
