//! Checking a plan's requirements on the matrix, each with a one-line explanation a person
//! can act on.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Evacuation, Plan, PlannedMove};
use crate::engine::{Cell, FleetResult, PairView, Verdict};
use crate::gate::{RequirementPairs, RequirementResult};
use crate::rules::{Finding, Severity};

/// Every requirement of `plan` checked on the matrix: the moves, then the evacuations, in
/// file order.
pub fn evaluate(plan: &Plan, fleet: &FleetResult) -> Vec<RequirementResult> {
    let evacuated: BTreeSet<&str> = plan.evacuate.iter().map(|e| e.host.as_str()).collect();
    let index = FleetIndex::new(fleet);
    let moves = plan.moves.iter().map(|m| evaluate_move(m, &index));
    let evacuations = plan
        .evacuate
        .iter()
        .map(|e| evaluate_evacuation(e, &evacuated, &index));
    moves.chain(evacuations).collect()
}

/// Longest finding message quoted in an explanation.
const MESSAGE_MAX: usize = 120;
/// Zones listed by name in a holding evacuation's explanation.
const LIST_MAX: usize = 6;

/// Lookups by name into a [`FleetResult`].
struct FleetIndex<'a> {
    fleet: &'a FleetResult,
    /// Host name -> index into `fleet.hosts`.
    hosts: HashMap<&'a str, usize>,
    /// Index into `fleet.hosts` -> matrix column.
    columns: HashMap<usize, usize>,
}

impl<'a> FleetIndex<'a> {
    fn new(fleet: &'a FleetResult) -> Self {
        FleetIndex {
            fleet,
            hosts: fleet
                .hosts
                .iter()
                .enumerate()
                .map(|(i, h)| (h.name.as_str(), i))
                .collect(),
            columns: fleet
                .columns
                .iter()
                .enumerate()
                .map(|(c, &h)| (h, c))
                .collect(),
        }
    }

    fn has_host(&self, name: &str) -> bool {
        self.hosts.contains_key(name)
    }

    /// The matrix column of a host.
    fn column(&self, host: &str) -> Option<usize> {
        self.hosts
            .get(host)
            .and_then(|h| self.columns.get(h))
            .copied()
    }

    /// Zone rows named `zone`, on `host` when given.
    fn rows(&self, zone: &str, host: Option<&str>) -> Vec<usize> {
        self.fleet
            .zones
            .iter()
            .enumerate()
            .filter(|(_, z)| z.name == zone && host.is_none_or(|h| z.host == h))
            .map(|(r, _)| r)
            .collect()
    }

    /// Zone rows on `host`.
    fn rows_on(&self, host: &str) -> Vec<usize> {
        self.fleet
            .zones
            .iter()
            .enumerate()
            .filter(|(_, z)| z.host == host)
            .map(|(r, _)| r)
            .collect()
    }

    /// The evaluated pairs of a zone row, with the name of their host.
    fn targets(&self, row: usize) -> impl Iterator<Item = (&'a str, PairView<'a>)> + '_ {
        let fleet: &'a FleetResult = self.fleet;
        (0..fleet.columns.len()).filter_map(move |c| {
            let p = fleet.pair(row, c)?;
            Some((p.host(), p))
        })
    }
}

fn evaluate_move(m: &PlannedMove, index: &FleetIndex<'_>) -> RequirementResult {
    let requirement = m.requirement();
    let fail = |why: String| RequirementResult {
        requirement: requirement.clone(),
        holds: false,
        explanation: format!("{requirement} fails: {why}"),
        pairs: RequirementPairs::default(),
    };
    let fleet = index.fleet;

    if let Some(from) = &m.from
        && !index.has_host(from)
    {
        return fail(format!("host {from} is not in the snapshot"));
    }
    let rows = index.rows(&m.zone, m.from.as_deref());
    let row = match rows[..] {
        [row] => row,
        [] => {
            let elsewhere: Vec<&str> = index
                .rows(&m.zone, None)
                .into_iter()
                .filter_map(|r| fleet.zones.get(r).map(|z| z.host.as_str()))
                .collect();
            return fail(match (&m.from, elsewhere.is_empty()) {
                (Some(from), false) => format!(
                    "zone {} is not on {from} in the snapshot (it is on {})",
                    m.zone,
                    elsewhere.join(", ")
                ),
                _ => format!("zone {} is not in the snapshot", m.zone),
            });
        }
        _ => {
            let hosts: Vec<&str> = rows
                .iter()
                .filter_map(|&r| fleet.zones.get(r).map(|z| z.host.as_str()))
                .collect();
            return fail(format!(
                "zone {} is on {} hosts ({}); write {}@HOST or add from: HOST",
                m.zone,
                hosts.len(),
                hosts.join(", "),
                m.zone
            ));
        }
    };
    if !index.has_host(&m.to) {
        return fail(format!("host {} is not in the snapshot", m.to));
    }
    let Some(column) = index.column(&m.to) else {
        return fail(format!(
            "host {} is not a candidate host; give it the candidate role in the inventory",
            m.to
        ));
    };
    let pairs = RequirementPairs {
        rows: vec![row],
        columns: vec![column],
    };
    let cell = fleet.cell(row, column);
    match (cell, fleet.pair(row, column)) {
        (_, Some(p)) if p.verdict().is_movable() => RequirementResult {
            requirement,
            holds: true,
            explanation: format!(
                "{} can go to {} ({})",
                m.zone,
                m.to,
                verdict_note(p.verdict())
            ),
            pairs,
        },
        (_, Some(p)) => {
            let (what, code) = blockers(&p);
            let state = if p.verdict() == Verdict::Unknown {
                "is unknown"
            } else {
                "fails"
            };
            let hint = code
                .map(|c| format!("; run: zonescan explain {c}"))
                .unwrap_or_default();
            RequirementResult {
                requirement: requirement.clone(),
                holds: false,
                explanation: format!("{requirement} {state}: {what}{hint}"),
                pairs,
            }
        }
        (Some(Cell::SelfHost), None) => fail(format!(
            "{} is already on {}; a move needs another host",
            m.zone, m.to
        )),
        (_, None) => fail("the matrix has no cell for this pair".into()),
    }
}

/// `ok`, `warn`, or `update: attach with zoneadm attach -u`.
fn verdict_note(verdict: Verdict) -> String {
    match verdict {
        Verdict::Update => "update: attach with zoneadm attach -u".into(),
        v => v.as_str().into(),
    }
}

/// The findings that make a pair not movable: its errors when it fails, its "could not
/// check" findings when it is unknown.
fn blocking<'a>(p: &PairView<'a>) -> impl Iterator<Item = &'a Finding> + use<'a> {
    let severity = match p.verdict() {
        Verdict::Fail => Some(Severity::Error),
        Verdict::Unknown => Some(Severity::Unknown),
        Verdict::Ok | Verdict::Warn | Verdict::Update => None,
    };
    p.findings()
        .iter()
        .filter(move |f| Some(f.severity) == severity)
}

/// `ZM105 ERROR: attempt to ... (and 3 more blocking findings)`, and the first code.
fn blockers(p: &PairView<'_>) -> (String, Option<&'static str>) {
    let all: Vec<&Finding> = blocking(p).collect();
    let Some(first) = all.first() else {
        return (format!("{} with no finding recorded", p.verdict()), None);
    };
    let more = match all.len() - 1 {
        0 => String::new(),
        1 => " (and 1 more blocking finding)".into(),
        n => format!(" (and {n} more blocking findings)"),
    };
    (
        format!("{} {}{more}", first.code, one_line(&p.text(&first.message))),
        Some(first.code),
    )
}

/// The first line of a message, whitespace collapsed, at most [`MESSAGE_MAX`] characters.
pub(super) fn one_line(message: &str) -> String {
    let words: Vec<&str> = message.split_whitespace().collect();
    let flat = words.join(" ");
    if flat.chars().count() <= MESSAGE_MAX {
        return flat;
    }
    let mut cut: String = flat.chars().take(MESSAGE_MAX - 3).collect();
    cut.push_str("...");
    cut
}

/// What is known about one zone of an evacuated host.
enum ZoneOutcome<'a> {
    /// Its best target outside the evacuated hosts.
    Target(&'a str, Verdict),
    /// Why it has none, and the code to explain.
    Stuck(String, Option<&'static str>),
}

fn evaluate_evacuation(
    e: &Evacuation,
    evacuated: &BTreeSet<&str>,
    index: &FleetIndex<'_>,
) -> RequirementResult {
    let requirement = e.requirement();
    let fleet = index.fleet;
    let rows = index.rows_on(&e.host);
    // The pairs it is decided on: the host's zones against every candidate kept.
    let pairs = RequirementPairs {
        columns: (0..fleet.columns.len())
            .filter(|&c| {
                fleet
                    .column_host(c)
                    .is_some_and(|h| !evacuated.contains(h.name.as_str()))
            })
            .collect(),
        rows: rows.clone(),
    };
    let fail = |why: String| RequirementResult {
        requirement: requirement.clone(),
        holds: false,
        explanation: format!("{requirement} fails: {why}"),
        pairs: pairs.clone(),
    };
    let Some(host) = index
        .hosts
        .get(e.host.as_str())
        .and_then(|&h| fleet.hosts.get(h))
    else {
        return fail(format!("host {} is not in the snapshot", e.host));
    };
    if host.unreachable {
        let problem = host
            .problems
            .first()
            .map(|p| format!(" ({})", one_line(p)))
            .unwrap_or_default();
        return fail(format!(
            "{} could not be reached, so its zones are not known{problem}",
            e.host
        ));
    }
    if rows.is_empty() {
        if !host.roles.source {
            return fail(format!(
                "{} is not a source host, so its zones were not scanned; give it the source \
                 role in the inventory",
                e.host
            ));
        }
        return RequirementResult {
            requirement,
            holds: true,
            explanation: format!("{} has no zones to move", e.host),
            pairs,
        };
    }

    let outcomes: Vec<(&str, ZoneOutcome<'_>)> = rows
        .iter()
        .filter_map(|&r| fleet.zones.get(r).map(|z| (z.name.as_str(), r)))
        .map(|(zone, r)| (zone, zone_outcome(zone, r, evacuated, index)))
        .collect();

    let stuck: Vec<(&str, Option<&'static str>)> = outcomes
        .iter()
        .filter_map(|(_, o)| match o {
            ZoneOutcome::Stuck(why, code) => Some((why.as_str(), *code)),
            ZoneOutcome::Target(..) => None,
        })
        .collect();
    if stuck.is_empty() {
        let n = outcomes.len();
        let listed: Vec<String> = outcomes
            .iter()
            .take(LIST_MAX)
            .filter_map(|(zone, o)| match o {
                ZoneOutcome::Target(host, Verdict::Ok) => Some(format!("{zone} -> {host}")),
                ZoneOutcome::Target(host, v) => Some(format!("{zone} -> {host} ({v})")),
                ZoneOutcome::Stuck(..) => None,
            })
            .collect();
        let more = if n > LIST_MAX {
            format!(", and {} more", n - LIST_MAX)
        } else {
            String::new()
        };
        let head = if n == 1 {
            "1 zone, with a target".to_string()
        } else {
            format!("{n} zones, each with a target")
        };
        return RequirementResult {
            requirement,
            holds: true,
            explanation: format!("{head}: {}{more}", listed.join(", ")),
            pairs,
        };
    }
    let reasons: Vec<&str> = stuck.iter().map(|(why, _)| *why).collect();
    let hint = stuck
        .iter()
        .find_map(|(_, code)| *code)
        .map(|c| format!("; run: zonescan explain {c}"))
        .unwrap_or_default();
    fail(format!("{}{hint}", reasons.join("; ")))
}

fn zone_outcome<'a>(
    zone: &str,
    row: usize,
    evacuated: &BTreeSet<&str>,
    index: &FleetIndex<'a>,
) -> ZoneOutcome<'a> {
    let (outside, inside): (Vec<_>, Vec<_>) = index
        .targets(row)
        .partition(|(host, _)| !evacuated.contains(host));
    if let Some((host, p)) = outside
        .iter()
        .filter(|(_, p)| p.verdict().is_movable())
        .min_by_key(|(_, p)| p.verdict())
    {
        return ZoneOutcome::Target(host, p.verdict());
    }
    let only_evacuated: Vec<&str> = inside
        .iter()
        .filter(|(_, p)| p.verdict().is_movable())
        .map(|(h, _)| *h)
        .collect();
    let also = if only_evacuated.is_empty() {
        String::new()
    } else {
        format!(
            "; it could go to {}, which the plan evacuates",
            only_evacuated.join(", ")
        )
    };
    if outside.is_empty() {
        return ZoneOutcome::Stuck(
            format!("{zone} has no candidate host outside the evacuated hosts{also}"),
            None,
        );
    }

    // The most common blocking code across the candidates, each candidate counted once.
    // Each code with its count and the message of its first finding, names filled in.
    let mut counts: BTreeMap<&'static str, (usize, String)> = BTreeMap::new();
    for (_, p) in &outside {
        let mut seen = BTreeSet::new();
        for f in blocking(p) {
            if seen.insert(f.code) {
                counts
                    .entry(f.code)
                    .or_insert_with(|| (0, p.text(&f.message).into_owned()))
                    .0 += 1;
            }
        }
    }
    // Ties go to the lower code (BTreeMap order), so the explanation is stable.
    let top = counts.iter().fold(
        None::<(&'static str, usize, &str)>,
        |best, (&code, (n, message))| match best {
            Some((_, m, _)) if m >= *n => best,
            _ => Some((code, *n, message.as_str())),
        },
    );
    let total = outside.len();
    let noun = if total == 1 {
        "candidate"
    } else {
        "candidates"
    };
    let (reason, code) = match top {
        Some((code, n, f)) => (
            format!("{code} on {n} of {total} {noun}: {}", one_line(f)),
            Some(code),
        ),
        None => (
            format!("no blocking finding recorded on {total} {noun}"),
            None,
        ),
    };
    // An unknown candidate may turn out movable once its facts are collected: name the
    // first such one, unless the most common reason already is "could not check".
    let unknown = outside
        .iter()
        .find(|(_, p)| p.verdict() == Verdict::Unknown)
        .filter(|_| code.is_none_or(|c| !c.starts_with("ZU")))
        .map(|(host, p)| format!("; {host} is unknown: {}", blockers(p).0))
        .unwrap_or_default();
    ZoneOutcome::Stuck(
        format!("{zone} has no target outside the evacuated hosts ({reason}{unknown}{also})"),
        code,
    )
}
