use std::path::Path;

use super::evaluate::one_line;
use super::*;
use crate::engine::FleetResult;
use crate::gate::testing::{finding, fleet, ok, own, with};
use crate::gate::{RequirementPairs, RequirementResult};

const PATH: &str = "plans/window.yaml";

fn parse(text: &str) -> Result<Plan, PlanError> {
    Plan::parse(text, Path::new(PATH))
}

#[track_caller]
fn assert_error(text: &str, line: u64, column: u64, needle: &str) {
    match parse(text) {
        Ok(plan) => panic!("expected an error, got {plan:?}"),
        Err(e) => {
            assert_eq!(e.path, Path::new(PATH));
            assert_eq!((e.line, e.column), (line, column), "{}", e.message);
            assert!(
                e.message.contains(needle),
                "{needle:?} not in {:?}",
                e.message
            );
        }
    }
}

#[test]
fn reads_moves_and_evacuations() {
    let plan = parse(
        "\
version: 1
moves:
  - zone: web01
    to: s10-fra-02
  - zone: app01@s10-fra-05
    to: s10-ams-03
  - {zone: db01, from: s10-fra-01, to: s10-ams-04}
evacuate:
  - s10-fra-01
",
    )
    .unwrap();
    assert_eq!(plan.path, Path::new(PATH));
    assert_eq!(
        plan.moves,
        [
            PlannedMove {
                zone: "web01".into(),
                from: None,
                to: "s10-fra-02".into(),
                at: Position::new(3, 11),
            },
            PlannedMove {
                zone: "app01".into(),
                from: Some("s10-fra-05".into()),
                to: "s10-ams-03".into(),
                at: Position::new(5, 11),
            },
            PlannedMove {
                zone: "db01".into(),
                from: Some("s10-fra-01".into()),
                to: "s10-ams-04".into(),
                at: Position::new(7, 12),
            },
        ]
    );
    assert_eq!(
        plan.moves[1].requirement(),
        "move app01@s10-fra-05 -> s10-ams-03"
    );
    assert_eq!(
        plan.evacuate,
        [Evacuation {
            host: "s10-fra-01".into(),
            at: Position::new(9, 5),
        }]
    );
    assert_eq!(plan.evacuate[0].requirement(), "evacuate s10-fra-01");
}

#[test]
fn plan_errors_have_positions() {
    assert_error("moves: []\n", 1, 1, "missing field `version`");
    assert_error(
        "version: 3\nevacuate: [a]\n",
        1,
        10,
        "plan version 3 is not supported",
    );
    assert_error("version: 1\n", 1, 10, "no moves and no evacuations");
    assert_error(
        "version: 1\nevacuate: [a]\nmove: []\n",
        3,
        1,
        "unknown field `move`",
    );
    assert_error(
        "version: 1\nmoves:\n  - zone: web01\n    to: b\n    target: c\n",
        5,
        5,
        "unknown field `target`",
    );
    assert_error(
        "version: 1\nmoves:\n  - zone: web01\n",
        3,
        5,
        "missing field `to`",
    );
    assert_error(
        "version: 1\nmoves:\n  - zone: global\n    to: b\n",
        3,
        11,
        "invalid zone name \"global\"",
    );
    assert_error(
        "version: 1\nmoves:\n  - zone: web01@-x\n    to: b\n",
        3,
        11,
        "invalid host name \"-x\"",
    );
    assert_error(
        "version: 1\nmoves:\n  - zone: web01@a\n    from: a\n    to: b\n",
        4,
        11,
        "the zone's host is given twice",
    );
    assert_error(
        "version: 1\nmoves:\n  - {zone: web01, from: a, to: a}\n",
        3,
        32,
        "moves web01 from a to itself",
    );
    assert_error(
        "version: 1\nmoves:\n  - {zone: web01, to: b}\n  - {zone: web01@a, to: c}\n",
        4,
        12,
        "zone web01 is already moved at line 3 (move web01 -> b)",
    );
    assert_error(
        "version: 1\nevacuate: [a, b, a]\n",
        2,
        18,
        "a is already evacuated (first at line 2)",
    );
    assert_error(
        "version: 1\nmoves:\n  - {zone: web01, to: a}\nevacuate: [a]\n",
        3,
        23,
        "moves web01 to a, which this plan evacuates",
    );
    assert_error(
        "version: 1\nevacuate: [a]\nevacuate: [b]\n",
        3,
        1,
        "duplicate",
    );
}

#[test]
fn moves_of_zones_on_distinct_hosts_are_not_duplicates() {
    let plan = parse(
        "version: 1\nmoves:\n  - {zone: app01@a, to: c}\n  - {zone: app01, from: b, to: c}\n",
    )
    .unwrap();
    assert_eq!(plan.moves.len(), 2);
}

const DOWNGRADE: &str = "ERROR: attempt to downgrade package SUNWcsr 11.10.0,REV=2005.01.21.15.53 \
                         to 11.10.0,REV=2005.01.21.15.50";
const RCTLADM: &str = "could not run ZM401: host s10-ams-03: fact rctladm: timed out after 60 s";

/// Columns (candidates, by name): s10-ams-03, s10-ams-04, s10-fra-01, s10-fra-02.
/// s10-fra-05 is a source only.
fn demo() -> FleetResult {
    fleet(
        &[
            ("s10-fra-01", true, true),
            ("s10-fra-02", false, true),
            ("s10-ams-03", false, true),
            ("s10-ams-04", false, true),
            ("s10-fra-05", true, false),
        ],
        &[
            ("app01", "s10-fra-01"),
            ("app01", "s10-fra-05"),
            ("db01", "s10-fra-01"),
            ("web01", "s10-fra-01"),
        ],
        vec![
            vec![ok(), ok(), own(), ok()],
            vec![ok(), with(vec![finding("ZM105", DOWNGRADE)]), ok(), ok()],
            vec![
                with(vec![finding("ZU001", RCTLADM)]),
                with(vec![
                    finding("ZM105", DOWNGRADE),
                    finding("ZM501", "zone db01 is already configured on s10-ams-04"),
                ]),
                own(),
                with(vec![finding("ZM105", DOWNGRADE)]),
            ],
            vec![
                with(vec![finding("ZM104", "update: patch 150400-65 is newer")]),
                with(vec![finding("ZM304", "/export/web01/data does not exist")]),
                own(),
                with(vec![finding("ZM202", "warning: e1000g0 is not plumbed")]),
            ],
        ],
    )
}

fn plan(moves: &[(&str, Option<&str>, &str)], evacuate: &[&str]) -> Plan {
    Plan {
        path: PATH.into(),
        moves: moves
            .iter()
            .map(|&(zone, from, to)| PlannedMove {
                zone: zone.into(),
                from: from.map(Into::into),
                to: to.into(),
                at: Position::default(),
            })
            .collect(),
        evacuate: evacuate
            .iter()
            .map(|&host| Evacuation {
                host: host.into(),
                at: Position::default(),
            })
            .collect(),
    }
}

/// The result of one move on `fleet`.
fn one_move(fleet: &FleetResult, zone: &str, from: Option<&str>, to: &str) -> RequirementResult {
    let mut results = evaluate(&plan(&[(zone, from, to)], &[]), fleet);
    assert_eq!(results.len(), 1);
    results.remove(0)
}

fn one_evacuation(fleet: &FleetResult, hosts: &[&str]) -> RequirementResult {
    let results = evaluate(&plan(&[], hosts), fleet);
    assert_eq!(results.len(), hosts.len());
    results.into_iter().next().unwrap()
}

#[test]
fn a_movable_pair_holds() {
    let f = demo();
    let r = one_move(&f, "web01", None, "s10-fra-02");
    assert_eq!(r.requirement, "move web01 -> s10-fra-02");
    assert!(r.holds);
    assert_eq!(r.explanation, "web01 can go to s10-fra-02 (warn)");
    assert_eq!(
        r.pairs,
        RequirementPairs {
            rows: vec![3],
            columns: vec![3]
        },
        "the zone's row and the target's column"
    );
    let r = one_move(&f, "web01", None, "s10-ams-03");
    assert!(r.holds);
    assert_eq!(
        r.explanation,
        "web01 can go to s10-ams-03 (update: attach with zoneadm attach -u)"
    );
    let r = one_move(&f, "app01", Some("s10-fra-05"), "s10-fra-01");
    assert!(r.holds);
    assert_eq!(r.requirement, "move app01@s10-fra-05 -> s10-fra-01");
    assert_eq!(r.explanation, "app01 can go to s10-fra-01 (ok)");
}

#[test]
fn a_failing_pair_names_its_first_error_and_how_many_more() {
    let f = demo();
    let r = one_move(&f, "db01", None, "s10-fra-02");
    assert!(!r.holds);
    assert_eq!(
        r.explanation,
        format!("move db01 -> s10-fra-02 fails: ZM105 {DOWNGRADE}; run: zonescan explain ZM105")
    );
    let r = one_move(&f, "db01", None, "s10-ams-04");
    assert!(!r.holds);
    assert!(
        r.explanation
            .ends_with("(and 1 more blocking finding); run: zonescan explain ZM105"),
        "{}",
        r.explanation
    );
}

#[test]
fn an_unknown_pair_says_what_could_not_be_checked() {
    let r = one_move(&demo(), "db01", None, "s10-ams-03");
    assert!(!r.holds);
    assert_eq!(
        r.explanation,
        format!("move db01 -> s10-ams-03 is unknown: ZU001 {RCTLADM}; run: zonescan explain ZU001")
    );
}

#[test]
fn names_the_snapshot_does_not_know_fail_the_move() {
    let f = demo();
    let check = |zone, from, to, expected: &str| {
        let r = one_move(&f, zone, from, to);
        assert!(!r.holds, "{r:?}");
        assert_eq!(r.explanation, expected);
    };
    check(
        "web09",
        None,
        "s10-fra-02",
        "move web09 -> s10-fra-02 fails: zone web09 is not in the snapshot",
    );
    check(
        "web01",
        None,
        "s10-fra-99",
        "move web01 -> s10-fra-99 fails: host s10-fra-99 is not in the snapshot",
    );
    check(
        "web01",
        Some("s10-fra-99"),
        "s10-fra-02",
        "move web01@s10-fra-99 -> s10-fra-02 fails: host s10-fra-99 is not in the snapshot",
    );
    check(
        "web01",
        Some("s10-fra-05"),
        "s10-fra-02",
        "move web01@s10-fra-05 -> s10-fra-02 fails: zone web01 is not on s10-fra-05 in the \
         snapshot (it is on s10-fra-01)",
    );
    check(
        "app01",
        None,
        "s10-fra-02",
        "move app01 -> s10-fra-02 fails: zone app01 is on 2 hosts (s10-fra-01, s10-fra-05); \
         write app01@HOST or add from: HOST",
    );
    check(
        "web01",
        None,
        "s10-fra-05",
        "move web01 -> s10-fra-05 fails: host s10-fra-05 is not a candidate host; give it the \
         candidate role in the inventory",
    );
    check(
        "web01",
        None,
        "s10-fra-01",
        "move web01 -> s10-fra-01 fails: web01 is already on s10-fra-01; a move needs another \
         host",
    );
}

#[test]
fn an_evacuation_names_zones_without_a_target_and_the_common_reason() {
    let r = one_evacuation(&demo(), &["s10-fra-01"]);
    assert_eq!(r.requirement, "evacuate s10-fra-01");
    assert!(!r.holds);
    assert_eq!(
        r.explanation,
        format!(
            "evacuate s10-fra-01 fails: db01 has no target outside the evacuated hosts (ZM105 \
             on 2 of 3 candidates: {}; s10-ams-03 is unknown: ZU001 {RCTLADM}); run: zonescan \
             explain ZM105",
            one_line(DOWNGRADE)
        )
    );
}

#[test]
fn an_evacuation_holds_when_every_zone_has_a_target() {
    let f = demo();
    let r = one_evacuation(&f, &["s10-fra-05"]);
    assert!(r.holds);
    assert_eq!(r.explanation, "1 zone, with a target: app01 -> s10-ams-03");

    // Without db01, s10-fra-01 can be emptied: the best target of each zone is named.
    let mut f = demo();
    let width = f.columns.len();
    f.zones.remove(2);
    f.cells.drain(2 * width..3 * width);
    let r = one_evacuation(&f, &["s10-fra-01"]);
    assert!(r.holds, "{r:?}");
    assert_eq!(
        r.explanation,
        "2 zones, each with a target: app01 -> s10-ams-03, web01 -> s10-fra-02 (warn)"
    );
}

#[test]
fn targets_that_are_evacuated_too_do_not_count() {
    let f = demo();
    // app01@s10-fra-05 could only go to hosts that are evacuated as well.
    let results = evaluate(
        &plan(
            &[],
            &["s10-fra-05", "s10-ams-03", "s10-fra-01", "s10-fra-02"],
        ),
        &f,
    );
    let r = &results[0];
    assert!(!r.holds);
    assert_eq!(
        r.pairs,
        RequirementPairs {
            rows: vec![1],
            columns: vec![1]
        },
        "the host's zones against the one candidate not evacuated (s10-ams-04)"
    );
    assert!(
        r.explanation.starts_with(
            "evacuate s10-fra-05 fails: app01 has no target outside the evacuated hosts \
             (ZM105 on 1 of 1 candidate: ERROR: attempt to downgrade"
        ),
        "{}",
        r.explanation
    );
    assert!(
        r.explanation.ends_with(
            "; it could go to s10-ams-03, s10-fra-01, s10-fra-02, which the plan evacuates); \
             run: zonescan explain ZM105"
        ),
        "{}",
        r.explanation
    );

    let results = evaluate(
        &plan(
            &[],
            &[
                "s10-fra-05",
                "s10-ams-03",
                "s10-ams-04",
                "s10-fra-01",
                "s10-fra-02",
            ],
        ),
        &f,
    );
    assert_eq!(
        results[0].explanation,
        "evacuate s10-fra-05 fails: app01 has no candidate host outside the evacuated hosts; \
         it could go to s10-ams-03, s10-fra-01, s10-fra-02, which the plan evacuates"
    );
}

#[test]
fn evacuations_of_hosts_whose_zones_are_unknown_fail() {
    let mut f = demo();
    let r = one_evacuation(&f, &["s10-fra-02"]);
    assert!(!r.holds);
    assert_eq!(
        r.explanation,
        "evacuate s10-fra-02 fails: s10-fra-02 is not a source host, so its zones were not \
         scanned; give it the source role in the inventory"
    );
    let r = one_evacuation(&f, &["s10-fra-09"]);
    assert_eq!(
        r.explanation,
        "evacuate s10-fra-09 fails: host s10-fra-09 is not in the snapshot"
    );

    let host = f.hosts.iter_mut().find(|h| h.name == "s10-fra-05").unwrap();
    host.unreachable = true;
    host.problems = vec!["ssh: connect to host 10.20.0.15 port 22: Connection timed out".into()];
    let r = one_evacuation(&f, &["s10-fra-05"]);
    assert!(!r.holds);
    assert_eq!(
        r.explanation,
        "evacuate s10-fra-05 fails: s10-fra-05 could not be reached, so its zones are not known \
         (ssh: connect to host 10.20.0.15 port 22: Connection timed out)"
    );
}

#[test]
fn a_source_host_without_zones_is_evacuated_already() {
    let f = fleet(&[("a", true, true), ("b", false, true)], &[], vec![]);
    let r = one_evacuation(&f, &["a"]);
    assert!(r.holds);
    assert_eq!(r.explanation, "a has no zones to move");
}

#[test]
fn long_zone_lists_are_shortened() {
    let names: Vec<String> = (1..=8).map(|i| format!("z{i}")).collect();
    let zones: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "a")).collect();
    let f = fleet(
        &[("a", true, true), ("b", false, true)],
        &zones,
        (0..8).map(|_| vec![own(), ok()]).collect(),
    );
    let r = one_evacuation(&f, &["a"]);
    assert!(r.holds);
    assert_eq!(
        r.explanation,
        "8 zones, each with a target: z1 -> b, z2 -> b, z3 -> b, z4 -> b, z5 -> b, z6 -> b, \
         and 2 more"
    );
}

#[test]
fn results_come_in_plan_order_moves_first() {
    let results = evaluate(
        &plan(
            &[("web01", None, "s10-fra-02"), ("db01", None, "s10-fra-02")],
            &["s10-fra-05"],
        ),
        &demo(),
    );
    let reqs: Vec<&str> = results.iter().map(|r| r.requirement.as_str()).collect();
    assert_eq!(
        reqs,
        [
            "move web01 -> s10-fra-02",
            "move db01 -> s10-fra-02",
            "evacuate s10-fra-05"
        ]
    );
    assert_eq!(
        results.iter().map(|r| r.holds).collect::<Vec<_>>(),
        [true, false, true]
    );
}

#[test]
fn explanations_are_one_line() {
    let long = format!("first line\n{}", "x ".repeat(200));
    let f = fleet(
        &[("a", true, false), ("b", false, true)],
        &[("z", "a")],
        vec![vec![with(vec![finding("ZM001", &long)])]],
    );
    let r = one_move(&f, "z", None, "b");
    assert!(!r.explanation.contains('\n'), "{}", r.explanation);
    assert!(
        r.explanation.contains("ZM001 first line x x"),
        "{}",
        r.explanation
    );
    assert!(r.explanation.contains("...; run: zonescan explain ZM001"));
    assert!(r.explanation.len() < 220, "{}", r.explanation);
}

#[test]
fn the_demo_plan_fixture_loads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plans/demo-window.yaml");
    let plan = Plan::load(&path).unwrap();
    let reqs: Vec<String> = plan
        .moves
        .iter()
        .map(PlannedMove::requirement)
        .chain(plan.evacuate.iter().map(Evacuation::requirement))
        .collect();
    assert_eq!(
        reqs,
        [
            "move web01 -> s10-fra-02",
            "move db01@s10-fra-01 -> s10-ams-03",
            "move ips01@s11-fra-05 -> s11-fra-06",
            "evacuate s10-fra-01"
        ]
    );
}
