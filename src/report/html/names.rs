//! When a pair's dictionary entry is one that other pairs of its outcome have too, so that
//! the pack templates each outcome once (or once per name written in it) instead of each
//! pair.
//!
//! The dictionary keeps a pair's texts with the pair's names replaced by placeholders
//! ([`template`](super::pack::template) of the filled-in text). For an outcome whose texts
//! name the pair through placeholders (one shared by many pairs), that is the outcome's
//! texts with their placeholders renamed, the same for every pair of the outcome, provided
//! that none of the pair's names
//!
//! - could merge with a name filled in next to it (a placeholder beside a character that
//!   names are made of, or beside another placeholder),
//! - occurs inside another of the pair's names, is equal to one, or is too short to be
//!   replaced at all.
//!
//! A name of the pair that also occurs in the text literally becomes a placeholder too, so
//! the entry is then the same for the pairs of the outcome with that name in that role.
//! [`NameIndex`] gives that key: it scans each outcome once (with one automaton of every
//! name of the fleet), and each pair by a few lookups. Only the pairs it gives no key are
//! templated one by one; every pair gets exactly the entry it always got.

use aho_corasick::AhoCorasick;
use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

use super::pack::MIN_NAME;
use crate::engine::classes::{SOURCE, TARGET, ZONE};
use crate::engine::{CheckCoverage, CheckStatus, FleetResult, Outcome};
use crate::report::shared::{Excerpts, address};

/// The characters of zone and host names (the Solaris rules allow no others).
fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

fn placeholder(c: char) -> bool {
    matches!(c, ZONE | TARGET | SOURCE)
}

/// What a text holds that the shortcut must know.
#[derive(Debug, Clone, Default)]
struct Scan {
    /// The names (pattern ids) that occur in it, sorted.
    found: Vec<u32>,
    /// A placeholder beside a name character or another placeholder.
    unbounded: bool,
}

impl Scan {
    fn add(&mut self, other: &Scan) {
        self.found.extend_from_slice(&other.found);
        self.unbounded |= other.unbounded;
    }

    fn finish(mut self) -> Scan {
        self.found.sort_unstable();
        self.found.dedup();
        self
    }
}

/// The fleet's names and where they occur.
pub(super) struct NameIndex {
    /// Per zone row, the pattern of its zone's name and of its source host's; `None` for
    /// a name the shortcut cannot vouch for.
    zone: Vec<Option<u32>>,
    source: Vec<Option<u32>>,
    /// Per matrix column, the pattern of its host's name.
    target: Vec<Option<u32>>,
    /// Per pattern, the patterns occurring in it (itself included), sorted.
    inside: Vec<Vec<u32>>,
    /// Per outcome, what its texts hold; `None` when there is no automaton.
    outcomes: Option<Vec<Scan>>,
}

impl NameIndex {
    pub(super) fn new(fleet: &FleetResult, excerpts: &Excerpts<'_>) -> Self {
        let mut patterns = Patterns::default();
        let zone = fleet.zones.iter().map(|z| patterns.id(&z.name)).collect();
        let source = fleet.zones.iter().map(|z| patterns.id(&z.host)).collect();
        let target = (0..fleet.columns.len())
            .map(|c| fleet.column_host(c).and_then(|h| patterns.id(&h.name)))
            .collect();
        let patterns = patterns.names;
        let automaton = AhoCorasick::new(&patterns).ok();
        let scan = |text: &str| scan(automaton.as_ref(), text);
        let inside = patterns.iter().map(|p| scan(p).found).collect();
        let outcomes = automaton.as_ref().map(|_| {
            let evidence: Vec<Scan> = (0..excerpts.len())
                .into_par_iter()
                .map(|i| scan(excerpts.cut_at(i)))
                .collect();
            // Outcomes share a few coverage lists: each is scanned once.
            let mut coverage: HashMap<usize, Scan> = HashMap::new();
            for o in &fleet.outcomes {
                coverage
                    .entry(address(&o.coverage))
                    .or_insert_with(|| coverage_scan(&o.coverage, &scan));
            }
            fleet
                .outcomes
                .par_iter()
                .map(|o| outcome_scan(o, excerpts, &evidence, &coverage, &scan))
                .collect()
        });
        NameIndex {
            zone,
            source,
            target,
            inside,
            outcomes,
        }
    }

    /// What the entry of the pair of zone row `row` and matrix column `column`, whose
    /// outcome is `outcome`, depends on besides the outcome: the pair's zone, source host
    /// and target names (as patterns) that its texts hold literally, `None` for each that
    /// they do not. `None` when the pair must be templated on its own.
    pub(super) fn key(&self, row: usize, column: usize, outcome: u32) -> Option<Literal> {
        let z = self.zone.get(row).copied().flatten()?;
        let s = self.source.get(row).copied().flatten()?;
        let t = self.target.get(column).copied().flatten()?;
        let scan = self
            .outcomes
            .as_ref()?
            .get(usize::try_from(outcome).ok()?)?;
        if scan.unbounded {
            return None;
        }
        let inside = |outer: u32, inner: u32| {
            usize::try_from(outer)
                .ok()
                .and_then(|i| self.inside.get(i))
                .is_none_or(|found| found.binary_search(&inner).is_ok())
        };
        // Equal names share a pattern, which is inside itself.
        let tangled = [(z, s), (s, z), (z, t), (t, z), (s, t), (t, s)]
            .iter()
            .any(|&(outer, inner)| inside(outer, inner));
        if tangled {
            return None;
        }
        let literal = |n: u32| scan.found.binary_search(&n).is_ok().then_some(n);
        Some([literal(z), literal(s), literal(t)])
    }
}

/// The pair's zone, source host and target names its outcome's texts hold literally (as
/// patterns of [`NameIndex`]).
pub(super) type Literal = [Option<u32>; 3];

/// The distinct names the shortcut can vouch for, numbered.
#[derive(Default)]
struct Patterns<'f> {
    names: Vec<&'f str>,
    ids: HashMap<&'f str, u32>,
}

impl<'f> Patterns<'f> {
    /// The number of `name`, `None` when it is too short or has a character names do not
    /// (then templating may treat it differently).
    fn id(&mut self, name: &'f str) -> Option<u32> {
        if name.len() < MIN_NAME || !name.chars().all(name_char) {
            return None;
        }
        let next = u32::try_from(self.names.len()).ok()?;
        Some(*self.ids.entry(name).or_insert_with(|| {
            self.names.push(name);
            next
        }))
    }
}

/// The names occurring in `text` and whether its placeholders are bounded.
fn scan(automaton: Option<&AhoCorasick>, text: &str) -> Scan {
    let mut out = Scan::default();
    if let Some(a) = automaton {
        match a.try_find_overlapping_iter(text) {
            Ok(matches) => out
                .found
                .extend(matches.filter_map(|m| u32::try_from(m.pattern().as_usize()).ok())),
            // Never for the automaton built here; a scan that cannot run vouches for
            // nothing.
            Err(_) => out.unbounded = true,
        }
    }
    let mut previous: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if placeholder(c) {
            let beside = |n: Option<char>| n.is_some_and(|n| name_char(n) || placeholder(n));
            if beside(previous) || beside(chars.peek().copied()) {
                out.unbounded = true;
            }
        }
        previous = Some(c);
    }
    out.finish()
}

fn coverage_scan(coverage: &[CheckCoverage], scan: &impl Fn(&str) -> Scan) -> Scan {
    let mut out = Scan::default();
    for c in coverage {
        if let CheckStatus::NotRun { reason } | CheckStatus::Skipped { reason } = &c.status {
            out.add(&scan(reason));
        }
    }
    out.finish()
}

fn outcome_scan(
    o: &Outcome,
    excerpts: &Excerpts<'_>,
    evidence: &[Scan],
    coverage: &HashMap<usize, Scan>,
    scan: &impl Fn(&str) -> Scan,
) -> Scan {
    let mut out = Scan::default();
    for f in &o.findings {
        out.add(&scan(&f.message));
        if let Some(e) = &f.evidence {
            match excerpts.index_of(e).and_then(|i| evidence.get(i)) {
                Some(s) => out.add(s),
                None => out.add(&scan(excerpts.cut(e))),
            }
        }
    }
    match coverage.get(&address(&o.coverage)) {
        Some(s) => out.add(s),
        None => out.add(&coverage_scan(&o.coverage, scan)),
    }
    out.finish()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
pub(crate) mod tests {
    use super::*;
    use crate::engine::{Cell, FleetHost, FleetZone, Roles, Verdict};
    use crate::report::EVIDENCE_LINES;
    use crate::report::test_fleet::finding;
    use crate::rules::{Finding, Severity};

    fn automaton(names: &[&str]) -> AhoCorasick {
        AhoCorasick::new(names).unwrap()
    }

    #[test]
    fn scans_find_names_and_placeholders_beside_names() {
        let a = automaton(&["web01", "s10-a"]);
        let s = scan(Some(&a), &format!("zone {ZONE} on s10-a: web01x"));
        assert_eq!(s.found, [0, 1]);
        assert!(!s.unbounded);
        assert!(scan(Some(&a), &format!("/zones/{ZONE}x")).unbounded);
        assert!(scan(Some(&a), &format!("a{ZONE} ")).unbounded);
        assert!(scan(Some(&a), &format!(" {ZONE}{TARGET} ")).unbounded);
        assert!(!scan(Some(&a), &format!("{ZONE}: /{TARGET}/")).unbounded);
    }

    /// Outcomes shared by pairs whose names are short, inside one another, equal, or
    /// written literally in the texts (columns h1, s10-a, s10-ab, t5-x, web01x):
    ///
    /// ```text
    /// app01@t5-x     0  3  0  .  0      0: placeholders only, long evidence, a reason
    /// app02@t5-x     0  3  0  .  1      1: names web01 literally
    /// db01@h1        .  1  0  4  0      2: a placeholder beside a name character
    /// s10-a@web01x   0  3  0  0  .      3: names s10-a literally, in a reason too
    /// web@s10-ab     0  0  .  3  2      4: ok
    /// web01@s10-a    0  .  0  1  2
    /// ```
    pub(crate) fn tricky_fleet() -> FleetResult {
        let host = |name: &str| FleetHost {
            name: name.into(),
            roles: Roles::BOTH,
            ..FleetHost::default()
        };
        let zone = |name: &str, host: &str| FleetZone {
            name: name.into(),
            host: host.into(),
            ..FleetZone::default()
        };
        let mut f = FleetResult {
            hosts: ["h1", "s10-a", "s10-ab", "t5-x", "web01x"]
                .map(host)
                .to_vec(),
            zones: vec![
                zone("app01", "t5-x"),
                zone("app02", "t5-x"),
                zone("db01", "h1"),
                zone("s10-a", "web01x"),
                zone("web", "s10-ab"),
                zone("web01", "s10-a"),
            ],
            columns: vec![0, 1, 2, 3, 4],
            ..FleetResult::default()
        };
        let outcome = |verdict, findings: Vec<Finding>, reason: String| Outcome {
            verdict,
            findings,
            coverage: vec![CheckCoverage {
                code: "ZM101",
                status: CheckStatus::NotRun { reason },
            }]
            .into(),
        };
        let mut downgrade = finding(
            "ZM105",
            Severity::Error,
            &format!("{ZONE} cannot go from {SOURCE} to {TARGET}: {{x}}"),
        );
        let evidence: String = (0..EVIDENCE_LINES + 2)
            .map(|i| format!("{ZONE} pkg{i} on {TARGET}\n"))
            .collect();
        downgrade.evidence = Some(evidence.into());
        let cells = [
            f.push_outcome(outcome(
                Verdict::Fail,
                vec![downgrade],
                format!("host {TARGET}: pkginfo timed out"),
            )),
            f.push_outcome(outcome(
                Verdict::Warn,
                vec![finding(
                    "ZM202",
                    Severity::Warning,
                    &format!("zone web01 is literal on {TARGET}"),
                )],
                String::new(),
            )),
            f.push_outcome(outcome(
                Verdict::Fail,
                vec![finding(
                    "ZM502",
                    Severity::Error,
                    &format!("/zones/{ZONE}x overlaps"),
                )],
                String::new(),
            )),
            f.push_outcome(outcome(
                Verdict::Unknown,
                vec![finding("ZU001", Severity::Unknown, "s10-a said no")],
                "paths on s10-ab".into(),
            )),
            f.push_outcome(outcome(Verdict::Ok, Vec::new(), String::new())),
        ];
        let (o, s) = (|i: usize| cells[i], Cell::SelfHost);
        f.cells = vec![
            o(0),
            o(3),
            o(0),
            s,
            o(0), //
            o(0),
            o(3),
            o(0),
            s,
            o(1), //
            s,
            o(1),
            o(0),
            o(4),
            o(0), //
            o(0),
            o(3),
            o(0),
            o(0),
            s, //
            o(0),
            o(0),
            s,
            o(3),
            o(2), //
            o(0),
            s,
            o(0),
            o(1),
            o(2),
        ];
        f
    }

    #[test]
    fn pairs_share_their_outcome_entry_only_when_no_name_gets_in_the_way() {
        let f = tricky_fleet();
        let excerpts = Excerpts::new(&f);
        let names = NameIndex::new(&f, &excerpts);
        let id = |name: &str| names_of(&f, name);
        let cases = [
            ((0, 4, 0), Some([None; 3]), "app01@t5-x -> web01x"),
            ((1, 4, 1), Some([None; 3]), "web01 is not this pair's"),
            ((5, 3, 0), Some([None; 3]), "web01@s10-a -> t5-x"),
            (
                (5, 3, 1),
                Some([id("web01"), None, None]),
                "the zone's own name is literal",
            ),
            (
                (0, 1, 3),
                Some([None, None, id("s10-a")]),
                "the target is literal",
            ),
            ((4, 1, 0), None, "s10-a is inside s10-ab"),
            ((3, 0, 0), None, "h1 is too short"),
            ((2, 1, 1), None, "the source h1 is too short"),
            ((0, 4, 2), None, "a placeholder beside a name character"),
            ((3, 1, 3), None, "zone and target are both s10-a"),
        ];
        for ((row, column, outcome), key, why) in cases {
            assert_eq!(names.key(row, column, outcome), key, "{why}");
        }
    }

    /// The pattern of a name of the fleet, as [`NameIndex::new`] numbers them.
    fn names_of(f: &FleetResult, name: &str) -> Option<u32> {
        let mut patterns = Patterns::default();
        for z in &f.zones {
            patterns.id(&z.name);
        }
        for z in &f.zones {
            patterns.id(&z.host);
        }
        patterns.ids.get(name).copied()
    }
}
