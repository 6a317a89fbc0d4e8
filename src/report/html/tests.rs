#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use super::*;
use crate::engine::{FleetHost, FleetZone};
use crate::report::ReportOptions;
use crate::report::test_fleet::{changes, fleet, input, pair, requirements};
use crate::rules::{Finding, Severity};

fn render_page(f: &FleetResult, input: &ReportInput<'_>) -> String {
    let mut out = Vec::new();
    write_html(&mut out, f, &FleetSummary::new(f), input).unwrap();
    String::from_utf8(out).unwrap()
}

const EVIL: &str = "</script><img src=x onerror=alert(1)>\"'&<>";

#[test]
fn one_self_contained_page_with_a_policy_against_requests() {
    let (f, r, c) = (fleet(), requirements(), changes());
    let html = render_page(&f, &input(&r, &c, ReportOptions::default()));
    assert!(html.starts_with("<!DOCTYPE html>"));
    let policy = csp(&SCRIPTS.concat());
    let script_src = policy
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap();
    assert!(script_src.contains("'sha256-") && !script_src.contains("unsafe"));
    assert!(html.contains(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        policy.replace('\'', "&#39;")
    )));
    assert!(html.contains(&format!("<script>{}</script>", SCRIPTS.concat())));
    for external in ["src=", "href=\"http", "url(", "@import", "<link"] {
        assert!(!html.contains(external), "{external} in the page");
    }
    assert!(html.contains("<span class=\"n\" id=\"count-fail\">2</span>"));
    assert!(html.contains("<span class=\"n\" id=\"count-ok\">1</span>"));
    assert!(html.contains("data-requirement=\"1\""));
    assert!(html.contains("<span id=\"changes-worse\">1</span>"));
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let (f, r, c) = (fleet(), requirements(), changes());
    let a = render_page(&f, &input(&r, &c, ReportOptions::default()));
    let b = render_page(&f, &input(&r, &c, ReportOptions::default()));
    assert_eq!(a, b);
}

#[test]
fn scripts_and_styles_cannot_close_their_element() {
    for asset in SCRIPTS.iter().chain([&CSS]) {
        let lower = asset.to_ascii_lowercase();
        assert!(!lower.contains("</script"), "an asset closes <script>");
        assert!(!lower.contains("</style"), "an asset closes <style>");
        assert!(!lower.contains("<!--"), "an asset opens a comment");
        assert!(!lower.contains("innerhtml"), "an asset parses markup");
    }
}

#[test]
fn names_and_messages_are_data_never_markup() {
    let mut f = fleet();
    f.hosts[0].name = format!("h{EVIL}");
    f.hosts[1].tags.insert("dc".into(), EVIL.into());
    f.hosts[3].problems = vec![EVIL.into()];
    f.zones[0].name = format!("z{EVIL}");
    f.zones[0].host = f.hosts[0].name.clone();
    let evil = pair(
        &f.zones[0].name,
        "s10-b",
        crate::engine::Verdict::Fail,
        vec![Finding {
            code: "ZM105",
            severity: Severity::Error,
            message: EVIL.into(),
            evidence: Some(EVIL.into()),
        }],
    );
    f.cells[1] = f.push_outcome(evil.into());
    let html = render_page(&f, &input(&[], &[], ReportOptions::default()));
    assert!(!html.contains("<img"), "raw markup from the data");
    assert!(!html.contains("onerror=alert(1)>\""));
    // The unreachable host's problem is in the header, escaped.
    assert!(html.contains(
        "&#60;/script&#62;&#60;img src=x onerror=alert(1)&#62;&#34;&#39;&#38;&#60;&#62;"
    ));
    // Exactly the page's own script elements close.
    assert_eq!(html.matches("</script>").count(), 5);
}

#[test]
fn a_fleet_without_pairs_still_renders() {
    let f = FleetResult {
        hosts: vec![FleetHost {
            name: "lonely".into(),
            ..FleetHost::default()
        }],
        zones: vec![FleetZone::default()],
        ..FleetResult::default()
    };
    let html = render_page(&f, &ReportInput::default());
    assert!(html.contains("id=\"pairs-count\">0</dd>"));
}

#[test]
fn verdict_counts_come_in_cell_code_order() {
    use crate::engine::Verdict;
    use crate::report::summary::VerdictCounts;
    let mut counts = VerdictCounts::default();
    for (n, v) in [
        Verdict::Ok,
        Verdict::Warn,
        Verdict::Update,
        Verdict::Unknown,
        Verdict::Fail,
    ]
    .into_iter()
    .enumerate()
    {
        for _ in 0..=n {
            counts.add(v);
        }
    }
    for v in [
        Verdict::Ok,
        Verdict::Warn,
        Verdict::Update,
        Verdict::Unknown,
        Verdict::Fail,
    ] {
        let slot = usize::from(super::pack::verdict_code(v));
        assert_eq!(counts.in_order()[slot], counts.get(v), "{v:?}");
    }
}
