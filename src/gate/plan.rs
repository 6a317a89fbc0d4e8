//! The plan of a maintenance window (`--plan FILE`): planned moves and evacuations, and
//! whether the matrix supports them.
//!
//! ```yaml
//! version: 1
//! moves:
//!   - zone: web01          # or web01@s10-fra-01, or a separate `from: s10-fra-01`,
//!     to: s10-fra-02       #   when zones of that name are on several hosts
//! evacuate:
//!   - s10-fra-01
//! ```
//!
//! A move holds when its pair's verdict is `ok`, `warn` or `update`. An evacuation holds
//! when every zone on the host has at least one such target that the plan does not also
//! evacuate. Names the snapshot does not know make a requirement fail (the plan may be
//! right and the scan incomplete); a plan that contradicts itself is refused on loading.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::RequirementResult;
use crate::engine::{Cell, FleetResult, PairResult, Verdict};
use crate::inventory::names::{validate_host_name, validate_zone_name};
use crate::inventory::yaml::{self, InputError, Position};
use crate::rules::{Finding, Severity};

/// The plan format this zonescan reads.
pub const PLAN_VERSION: u32 = 1;

/// A problem in a plan file: `plans/window.yaml:4:11: message`.
pub type PlanError = InputError;

/// What a maintenance window intends to do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// The file it was read from, as given.
    pub path: PathBuf,
    /// In file order.
    pub moves: Vec<PlannedMove>,
    /// In file order; no host twice.
    pub evacuate: Vec<Evacuation>,
}

/// A zone that is to move to another host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedMove {
    pub zone: String,
    /// The zone's host, when the plan names it (`web01@s10-fra-01` or `from:`).
    pub from: Option<String>,
    pub to: String,
    /// Where the move's `zone:` value is in the plan file.
    pub at: Position,
}

impl PlannedMove {
    /// `move web01 -> s10-fra-02`, or `move web01@s10-fra-01 -> s10-fra-02`.
    pub fn requirement(&self) -> String {
        match &self.from {
            Some(from) => format!("move {}@{from} -> {}", self.zone, self.to),
            None => format!("move {} -> {}", self.zone, self.to),
        }
    }
}

/// A host that every zone must be able to leave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evacuation {
    pub host: String,
    /// Where the host name is in the plan file.
    pub at: Position,
}

impl Evacuation {
    /// `evacuate s10-fra-01`.
    pub fn requirement(&self) -> String {
        format!("evacuate {}", self.host)
    }
}

type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    version: S<u32>,
    moves: Option<Vec<RawMove>>,
    evacuate: Option<Vec<S<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMove {
    zone: S<String>,
    from: Option<S<String>>,
    to: S<String>,
}

impl Plan {
    /// Reads and checks a plan file.
    pub fn load(path: &Path) -> Result<Plan, PlanError> {
        let text = yaml::read_text(path)?;
        Self::parse(&text, path)
    }

    /// Checks plan text; `path` names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Plan, PlanError> {
        let raw: RawPlan = yaml::parse_yaml(text, path)?;
        let err = |at: Position, message: String| PlanError::new(path, at, message);
        if raw.version.value != PLAN_VERSION {
            return Err(err(
                Position::of(&raw.version),
                format!(
                    "plan version {} is not supported; this zonescan reads version {PLAN_VERSION}",
                    raw.version.value
                ),
            ));
        }

        let mut evacuate: Vec<Evacuation> = Vec::new();
        for host in raw.evacuate.unwrap_or_default() {
            let at = Position::of(&host);
            validate_host_name(&host.value)
                .map_err(|e| err(at, format!("invalid host name {:?}: {e}", host.value)))?;
            if let Some(first) = evacuate.iter().find(|e| e.host == host.value) {
                return Err(err(
                    at,
                    format!(
                        "{} is already evacuated (first at line {})",
                        host.value, first.at.line
                    ),
                ));
            }
            evacuate.push(Evacuation {
                host: host.value,
                at,
            });
        }

        let mut moves: Vec<PlannedMove> = Vec::new();
        for m in raw.moves.unwrap_or_default() {
            let at = Position::of(&m.zone);
            let (zone, at_host) = match m.zone.value.split_once('@') {
                Some((zone, host)) => (zone.to_string(), Some(host.to_string())),
                None => (m.zone.value.clone(), None),
            };
            validate_zone_name(&zone)
                .map_err(|e| err(at, format!("invalid zone name {zone:?}: {e}")))?;
            let from = match (at_host, &m.from) {
                (Some(_), Some(from)) => {
                    return Err(err(
                        Position::of(from),
                        format!(
                            "the zone's host is given twice ({} and from: {}); give it once",
                            m.zone.value, from.value
                        ),
                    ));
                }
                (Some(host), None) => {
                    validate_host_name(&host)
                        .map_err(|e| err(at, format!("invalid host name {host:?}: {e}")))?;
                    Some(host)
                }
                (None, Some(from)) => {
                    validate_host_name(&from.value).map_err(|e| {
                        err(
                            Position::of(from),
                            format!("invalid host name {:?}: {e}", from.value),
                        )
                    })?;
                    Some(from.value.clone())
                }
                (None, None) => None,
            };
            let to_at = Position::of(&m.to);
            let to = m.to.value;
            validate_host_name(&to)
                .map_err(|e| err(to_at, format!("invalid host name {to:?}: {e}")))?;
            if from.as_deref() == Some(to.as_str()) {
                return Err(err(to_at, format!("moves {zone} from {to} to itself")));
            }
            if evacuate.iter().any(|e| e.host == to) {
                return Err(err(
                    to_at,
                    format!("moves {zone} to {to}, which this plan evacuates"),
                ));
            }
            let same_zone = |p: &PlannedMove| {
                p.zone == zone
                    && (p.from.is_none() || from.is_none() || p.from.as_deref() == from.as_deref())
            };
            if let Some(first) = moves.iter().find(|p| same_zone(p)) {
                return Err(err(
                    at,
                    format!(
                        "zone {zone} is already moved at line {} ({})",
                        first.at.line,
                        first.requirement()
                    ),
                ));
            }
            moves.push(PlannedMove { zone, from, to, at });
        }

        if moves.is_empty() && evacuate.is_empty() {
            return Err(err(
                Position::of(&raw.version),
                "the plan has no moves and no evacuations".into(),
            ));
        }
        Ok(Plan {
            path: path.to_path_buf(),
            moves,
            evacuate,
        })
    }
}

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
    fn targets(&self, row: usize) -> impl Iterator<Item = (&'a str, &'a PairResult)> + '_ {
        self.fleet
            .row(row)
            .iter()
            .enumerate()
            .filter_map(move |(c, cell)| match cell {
                Cell::Pair(p) => {
                    let host = self
                        .fleet
                        .column_host(c)
                        .map_or(p.host.as_str(), |h| &h.name);
                    Some((host, p))
                }
                Cell::SelfHost => None,
            })
    }
}

fn evaluate_move(m: &PlannedMove, index: &FleetIndex<'_>) -> RequirementResult {
    let requirement = m.requirement();
    let fail = |why: String| RequirementResult {
        requirement: requirement.clone(),
        holds: false,
        explanation: format!("{requirement} fails: {why}"),
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
    match fleet.cell(row, column) {
        Some(Cell::Pair(p)) if p.verdict.is_movable() => RequirementResult {
            requirement,
            holds: true,
            explanation: format!(
                "{} can go to {} ({})",
                m.zone,
                m.to,
                verdict_note(p.verdict)
            ),
        },
        Some(Cell::Pair(p)) => {
            let (what, code) = blockers(p);
            let state = if p.verdict == Verdict::Unknown {
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
            }
        }
        Some(Cell::SelfHost) => fail(format!(
            "{} is already on {}; a move needs another host",
            m.zone, m.to
        )),
        None => fail("the matrix has no cell for this pair".into()),
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
fn blocking(p: &PairResult) -> impl Iterator<Item = &Finding> {
    let severity = match p.verdict {
        Verdict::Fail => Some(Severity::Error),
        Verdict::Unknown => Some(Severity::Unknown),
        Verdict::Ok | Verdict::Warn | Verdict::Update => None,
    };
    p.findings
        .iter()
        .filter(move |f| Some(f.severity) == severity)
}

/// `ZM105 ERROR: attempt to ... (and 3 more blocking findings)`, and the first code.
fn blockers(p: &PairResult) -> (String, Option<&'static str>) {
    let all: Vec<&Finding> = blocking(p).collect();
    let Some(first) = all.first() else {
        return (format!("{} with no finding recorded", p.verdict), None);
    };
    let more = match all.len() - 1 {
        0 => String::new(),
        1 => " (and 1 more blocking finding)".into(),
        n => format!(" (and {n} more blocking findings)"),
    };
    (
        format!("{} {}{more}", first.code, one_line(&first.message)),
        Some(first.code),
    )
}

/// The first line of a message, whitespace collapsed, at most [`MESSAGE_MAX`] characters.
fn one_line(message: &str) -> String {
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
    let fail = |why: String| RequirementResult {
        requirement: requirement.clone(),
        holds: false,
        explanation: format!("{requirement} fails: {why}"),
    };
    let fleet = index.fleet;
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
    let rows = index.rows_on(&e.host);
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
        .filter(|(_, p)| p.verdict.is_movable())
        .min_by_key(|(_, p)| p.verdict)
    {
        return ZoneOutcome::Target(host, p.verdict);
    }
    let only_evacuated: Vec<&str> = inside
        .iter()
        .filter(|(_, p)| p.verdict.is_movable())
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
    let mut counts: BTreeMap<&'static str, (usize, &Finding)> = BTreeMap::new();
    for (_, p) in &outside {
        let mut seen = BTreeSet::new();
        for f in blocking(p) {
            if seen.insert(f.code) {
                counts.entry(f.code).or_insert((0, f)).0 += 1;
            }
        }
    }
    // Ties go to the lower code (BTreeMap order), so the explanation is stable.
    let top = counts.iter().fold(
        None::<(&'static str, usize, &Finding)>,
        |best, (&code, &(n, f))| match best {
            Some((_, m, _)) if m >= n => best,
            _ => Some((code, n, f)),
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
            format!("{code} on {n} of {total} {noun}: {}", one_line(&f.message)),
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
        .find(|(_, p)| p.verdict == Verdict::Unknown)
        .filter(|_| code.is_none_or(|c| !c.starts_with("ZU")))
        .map(|(host, p)| format!("; {host} is unknown: {}", blockers(p).0))
        .unwrap_or_default();
    ZoneOutcome::Stuck(
        format!("{zone} has no target outside the evacuated hosts ({reason}{unknown}{also})"),
        code,
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests;
