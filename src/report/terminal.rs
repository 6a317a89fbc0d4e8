//! The summary printed at the end of a fleet run: what the snapshot is, how many zones can
//! move where, what blocks the rest, and whether the plan holds. Made to be read at 100
//! columns; long lists stop after [`LIST_LIMIT`] lines and point to `report.json`.

use std::fmt::Write as _;

use super::summary::{FleetSummary, ZoneSummary};
use super::time::{age_seconds, format_age};
use super::{LongForm, ReportInput, direction_str};
use crate::engine::FleetResult;

/// At most this many zones, hosts, unreachable hosts and changes are listed.
pub const LIST_LIMIT: usize = 20;

/// Lines that could grow without bound (zone lines, reason summaries) are cut here.
const WIDTH: usize = 100;

/// The terminal summary.
pub fn render_terminal(
    fleet: &FleetResult,
    summary: &FleetSummary,
    input: &ReportInput<'_>,
) -> String {
    render_with_limit(fleet, summary, input, LIST_LIMIT)
}

fn render_with_limit(
    fleet: &FleetResult,
    summary: &FleetSummary,
    input: &ReportInput<'_>,
    limit: usize,
) -> String {
    let mut out = String::new();
    header(&mut out, fleet, summary, input);
    zones(&mut out, summary, limit);
    hosts(&mut out, summary, limit);
    reasons(&mut out, summary);
    unreachable(&mut out, fleet, limit);
    slowest(&mut out, fleet);
    requirements(&mut out, input);
    changes(&mut out, input, limit);
    out
}

fn header(out: &mut String, fleet: &FleetResult, s: &FleetSummary, input: &ReportInput<'_>) {
    let snap = &fleet.snapshot;
    let _ = write!(out, "Snapshot {}", snap.path);
    if let Some(created) = &snap.created {
        let _ = write!(out, ", created {created}");
        let age = age_seconds(input.now_epoch(), Some(created));
        match age {
            Some(a) if a < 0 => {
                let _ = write!(out, " ({} in the future: check the clocks)", format_age(-a));
            }
            Some(a) => {
                let _ = write!(out, " ({} ago)", format_age(a));
            }
            None => {}
        }
    }
    if let Some(tool) = &snap.tool {
        let _ = write!(out, ", by {tool}");
    }
    out.push('\n');
    let v = &s.verdicts;
    let _ = writeln!(
        out,
        "{} hosts ({} candidates), {} zones, {} pairs",
        fleet.hosts.len(),
        fleet.columns.len(),
        fleet.zones.len(),
        s.pairs,
    );
    let _ = writeln!(
        out,
        "verdicts: {} ok, {} warn, {} update, {} unknown, {} fail",
        v.ok, v.warn, v.update, v.unknown, v.fail
    );
    match input.options.long_form {
        LongForm::All => {}
        LongForm::NonOk => {
            let _ = writeln!(out, "pairs.csv and findings.csv list non-ok pairs only");
        }
        LongForm::Grouped => {
            let _ = writeln!(
                out,
                "pairs.csv and findings.csv list non-ok pairs grouped by zone and outcome"
            );
        }
    }
}

fn more(out: &mut String, total: usize, shown: usize, what: &str) {
    if total > shown {
        let _ = writeln!(
            out,
            "  ... and {} more {what}; see report.json",
            total - shown
        );
    }
}

fn zones(out: &mut String, s: &FleetSummary, limit: usize) {
    if s.zones.is_empty() {
        return;
    }
    let mut zones: Vec<&ZoneSummary> = s.zones.iter().collect();
    // Stable: equal counts stay in matrix order (zone name, then host).
    zones.sort_by_key(|z| z.movable_count);
    zones.truncate(limit);
    let label = |z: &ZoneSummary| format!("{}@{}", z.zone, z.host);
    let width = zones
        .iter()
        .map(|z| label(z).chars().count())
        .max()
        .unwrap_or(0);
    let counts = zones
        .iter()
        .map(|z| format!("{}/{}", z.movable_count, z.evaluated).len())
        .max()
        .unwrap_or(0);
    out.push_str("\nZones: how many hosts can take each (fewest first)\n");
    for z in &zones {
        let mut line = format!(
            "  {:<width$}  {:>counts$} hosts",
            label(z),
            format!("{}/{}", z.movable_count, z.evaluated)
        );
        if !z.best.is_empty() {
            let best: Vec<String> = z
                .best
                .iter()
                .map(|b| format!("{} ({})", b.host, b.verdict))
                .collect();
            let _ = write!(line, "  best: {}", best.join(", "));
        }
        out.push_str(&fit(&line, WIDTH));
        out.push('\n');
    }
    more(out, s.zones.len(), zones.len(), "zones");
}

fn hosts(out: &mut String, s: &FleetSummary, limit: usize) {
    if s.hosts.is_empty() {
        return;
    }
    let mut hosts: Vec<_> = s.hosts.iter().collect();
    // Stable: equal counts stay in name order.
    hosts.sort_by_key(|h| std::cmp::Reverse(h.zones_it_can_take));
    hosts.truncate(limit);
    let width = hosts
        .iter()
        .map(|h| h.host.chars().count())
        .max()
        .unwrap_or(0);
    let counts = hosts
        .iter()
        .map(|h| format!("{}/{}", h.zones_it_can_take, h.evaluated).len())
        .max()
        .unwrap_or(0);
    out.push_str("\nHosts: how many zones each can take (most first)\n");
    for h in &hosts {
        let line = format!(
            "  {:<width$}  can take {:>counts$} zones",
            h.host,
            format!("{}/{}", h.zones_it_can_take, h.evaluated)
        );
        out.push_str(&fit(&line, WIDTH));
        out.push('\n');
    }
    more(out, s.hosts.len(), hosts.len(), "hosts");
}

fn reasons(out: &mut String, s: &FleetSummary) {
    if s.pairs == 0 {
        return;
    }
    let count = s.pairs.to_string().len();
    let code = s.reasons.iter().map(|r| r.code.len()).max().unwrap_or(0);
    out.push_str("\nBlocking reasons: the first blocking finding of each pair\n");
    for r in &s.reasons {
        let line = format!("  {:>count$}  {:<code$}  {}", r.pairs, r.code, r.summary);
        out.push_str(&fit(line.trim_end(), WIDTH));
        out.push('\n');
    }
    let total: usize = s.reasons.iter().map(|r| r.pairs).sum();
    let _ = writeln!(out, "  {total:>count$}  pairs");
}

/// Hosts listed as the slowest to collect.
const SLOWEST: usize = 5;

/// The hosts whose commands took longest, by recorded command time.
fn slowest(out: &mut String, fleet: &FleetResult) {
    let mut timed: Vec<(&str, u64)> = fleet
        .hosts
        .iter()
        .filter_map(|h| Some((h.name.as_str(), h.collection_ms?)))
        .collect();
    if timed.is_empty() {
        return;
    }
    timed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let width = timed
        .iter()
        .take(SLOWEST)
        .map(|(n, _)| n.chars().count())
        .max()
        .unwrap_or(0);
    out.push_str("\nSlowest hosts to collect (command time, added up)\n");
    for (name, ms) in timed.iter().take(SLOWEST) {
        #[allow(clippy::cast_precision_loss)] // milliseconds far below 2^52
        let secs = *ms as f64 / 1000.0;
        out.push_str(&format!("  {name:<width$}  {secs:>8.1} s\n"));
    }
}

fn unreachable(out: &mut String, fleet: &FleetResult, limit: usize) {
    let hosts: Vec<_> = fleet.hosts.iter().filter(|h| h.unreachable).collect();
    let troubled: Vec<&str> = fleet
        .hosts
        .iter()
        .filter(|h| !h.unreachable && !h.problems.is_empty())
        .map(|h| h.name.as_str())
        .collect();
    if hosts.is_empty() && troubled.is_empty() {
        return;
    }
    if !hosts.is_empty() {
        let width = hosts
            .iter()
            .take(limit)
            .map(|h| h.name.chars().count())
            .max()
            .unwrap_or(0);
        out.push_str("\nUnreachable hosts: every pair with them is unknown\n");
        for h in hosts.iter().take(limit) {
            let problem = h.problems.first().map_or("", String::as_str);
            let line = format!("  {:<width$}  {problem}", h.name);
            out.push_str(&fit(line.trim_end(), WIDTH));
            out.push('\n');
        }
        more(
            out,
            hosts.len(),
            hosts.len().min(limit),
            "unreachable hosts",
        );
    }
    if !troubled.is_empty() {
        let named = troubled
            .iter()
            .take(limit)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        let rest = troubled.len().saturating_sub(limit);
        let tail = if rest > 0 {
            format!(" and {rest} more")
        } else {
            String::new()
        };
        let line = format!(
            "Collection problems on {named}{tail} (their facts that failed are unknown; see report.json)"
        );
        out.push_str(&fit(&line, WIDTH));
        out.push('\n');
    }
}

fn requirements(out: &mut String, input: &ReportInput<'_>) {
    let reqs = input.requirements;
    if reqs.is_empty() {
        return;
    }
    let holding = reqs.iter().filter(|r| r.holds).count();
    let _ = writeln!(
        out,
        "\nRequirements: {holding} of {} hold{}",
        reqs.len(),
        if holding == 1 && reqs.len() == 1 {
            "s"
        } else {
            ""
        }
    );
    for r in reqs {
        let mark = if r.holds { "PASS" } else { "FAIL" };
        let _ = writeln!(out, "  {mark}  {}", r.requirement);
        if !r.explanation.is_empty() {
            let _ = writeln!(out, "        {}", r.explanation);
        }
    }
}

fn changes(out: &mut String, input: &ReportInput<'_>, limit: usize) {
    let changes = input.sorted_changes();
    if changes.is_empty() {
        return;
    }
    let worse = changes
        .iter()
        .filter(|c| c.direction == crate::gate::Direction::Worse)
        .count();
    let _ = writeln!(
        out,
        "\nChanges since the baseline: {worse} worse, {} better",
        changes.len() - worse
    );
    // Worse first: they are what a gate stops on.
    let mut shown = changes.clone();
    shown.sort_by_key(|c| c.direction);
    shown.truncate(limit);
    for c in &shown {
        let before = c.before.map_or("(new)", |v| v.as_str());
        let line = format!(
            "  {:<6}  {}@{} -> {}: {before} -> {}",
            direction_str(c.direction),
            c.zone,
            c.source_host,
            c.host,
            c.after
        );
        out.push_str(&fit(&line, WIDTH));
        out.push('\n');
    }
    more(out, changes.len(), shown.len(), "changes");
}

/// The line cut to `width` characters, ending with `…` when cut.
fn fit(line: &str, width: usize) -> String {
    if line.chars().count() <= width {
        return line.to_string();
    }
    let mut cut: String = line.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ReportOptions;
    use crate::report::test_fleet::{big_fleet, changes, fleet, input, requirements};

    #[test]
    fn small_fleet() {
        let (f, r, c) = (fleet(), requirements(), changes());
        let text = render_terminal(
            &f,
            &FleetSummary::new(&f),
            &input(&r, &c, ReportOptions::default()),
        );
        let zm105 = crate::rules::find_rule("ZM105").map_or("", |r| r.summary);
        let zm503 = crate::rules::find_rule("ZM503").map_or("", |r| r.summary);
        let zu001 = crate::rules::unknown::FACT_UNAVAILABLE.summary;
        let expected = format!(
            "\
Snapshot inventories/demo, created 2026-11-25T12:00:00Z (6h 6m ago), by zonescan 0.1.0
4 hosts (3 candidates), 3 zones, 6 pairs
verdicts: 1 ok, 1 warn, 1 update, 1 unknown, 2 fail

Zones: how many hosts can take each (fewest first)
  db01@s10-a   0/2 hosts
  web01@s10-b  1/2 hosts  best: s10-a (update)
  app01@s10-a  2/2 hosts  best: s10-b (ok), s10-c (warn)

Hosts: how many zones each can take (most first)
  s10-a  can take 1/1 zones
  s10-b  can take 1/2 zones
  s10-c  can take 1/3 zones

Blocking reasons: the first blocking finding of each pair
  3  (movable)  the zone can move there (ok, warn or update)
  1  ZM105      {zm105}
  1  ZM503      {zm503}
  1  ZU001      {zu001}
  6  pairs

Unreachable hosts: every pair with them is unknown
  s9-old  ssh: connection timed out
Collection problems on s10-c (their facts that failed are unknown; see report.json)

Requirements: 1 of 2 hold
  PASS  move web01 -> s10-a
        web01 can move to s10-a with attach -u
  FAIL  evacuate s10-a
        db01 has no host that can take it

Changes since the baseline: 1 worse, 1 better
  worse   db01@s10-a -> s10-b: ok -> fail
  better  web01@s10-b -> s10-a: fail -> update
"
        );
        assert_eq!(text, expected);
    }

    #[test]
    fn big_fleets_are_capped_and_fit_100_columns() {
        let f = big_fleet(120, 30);
        let s = FleetSummary::new(&f);
        let text = render_terminal(&f, &s, &ReportInput::default());
        assert!(text.contains("  ... and 100 more zones; see report.json\n"));
        assert!(text.contains("  ... and 10 more hosts; see report.json\n"));
        assert!(text.lines().all(|l| l.chars().count() <= WIDTH), "{text}");
        let total = format!("  {}  pairs\n", s.pairs);
        assert!(text.contains(&total), "{text}");
        // The zones shown are those with the fewest hosts.
        let fewest = s.zones.iter().map(|z| z.movable_count).min().unwrap_or(0);
        let first_zone = text
            .lines()
            .skip_while(|l| !l.starts_with("Zones"))
            .nth(1)
            .unwrap_or("");
        assert!(
            first_zone.contains(&format!(" {fewest}/29 hosts")),
            "{first_zone}"
        );
    }

    #[test]
    fn non_ok_and_future_snapshots_are_said() {
        let mut f = fleet();
        f.snapshot.created = Some("2026-11-25T19:06:08Z".into());
        let text = render_with_limit(
            &f,
            &FleetSummary::new(&f),
            &input(
                &[],
                &[],
                ReportOptions {
                    long_form: LongForm::NonOk,
                },
            ),
            1,
        );
        assert!(text.contains("(1h 0m in the future: check the clocks)"));
        assert!(text.contains("\npairs.csv and findings.csv list non-ok pairs only\n"));
        assert!(text.contains("  ... and 2 more zones; see report.json\n"));
        assert!(!text.contains("Requirements"));
        assert!(!text.contains("Changes"));
    }

    #[test]
    fn the_grouped_form_is_said() {
        let f = fleet();
        let grouped = ReportOptions {
            long_form: LongForm::Grouped,
        };
        let text = render_terminal(&f, &FleetSummary::new(&f), &input(&[], &[], grouped));
        assert!(text.contains(
            "\npairs.csv and findings.csv list non-ok pairs grouped by zone and outcome\n"
        ));
    }

    #[test]
    fn long_lines_are_cut() {
        assert_eq!(fit("abcdef", 6), "abcdef");
        assert_eq!(fit("abcdefg", 6), "abcde…");
    }
}
