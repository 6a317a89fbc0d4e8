//! The matrix of `report.html`, packed so that 10 million pairs fit in a few megabytes and
//! the page never holds one element per pair:
//!
//! - `cells`: one byte per cell, row by row: the verdict in bits 0-2 ([`CELL_CODES`]
//!   order: `ok`=0 ... `fail`=4, `self`=5) and the change since the baseline in bits 3-4
//!   (1 worse, 2 better);
//! - `index`: per zone row, its distinct details (`k` LEB128 detail ids after a LEB128 `k`),
//!   then one little-endian local index per cell, 1 byte wide when `k <= 256`, 2 when
//!   `k <= 65536`, else 4 (`self` cells hold 0);
//! - `dict`: JSON `{strings, findings, flists, clists, details}`: every distinct string,
//!   finding (`[code, severity, message, evidence|-1]`, string ids), finding list, coverage
//!   list (`[[code, status, reason|-1]]`, status 0 ran, 1 not applicable, 2 not run,
//!   3 skipped) and detail (`[finding list, coverage list, primary reason]`).
//!
//! Messages name the pair's zone, source host and target (`source s10-a runs 5.10, target
//! s11-b runs 5.11`), which would make nearly every pair's findings distinct. The dictionary
//! keeps them as templates instead: each of those three names is replaced by a placeholder
//! ([`ZONE`], [`SOURCE`], [`TARGET`], private-use characters; a private-use character of
//! the text itself is escaped with [`ESCAPE`]) that the page fills in for the pair shown.
//! Pairs of one zone class on one kind of host then share their findings, so the
//! dictionary stays small while the per-cell data is a byte or two. Each part is gzipped (the page
//! inflates it with `DecompressionStream`) and base64-encoded, which is inert inside a
//! `<script>` element.

use std::borrow::Cow;
use std::hash::Hash;
use std::io::{self, Write};

use base64::Engine as _;
use flate2::Compression;
use flate2::write::GzEncoder;
use foldhash::{HashMap, HashMapExt};
use serde::Serialize;

use super::names::{Literal, NameIndex};
use crate::engine::{CheckStatus, FleetResult, Outcome, PairView, Verdict};
use crate::gate::Direction;
use crate::report::ChangeIndex;
use crate::report::shared::{Excerpts, address};
use crate::report::summary::primary_reason;

/// The cell codes, in the order of their numbers: the page's verdict table follows it.
pub const CELL_CODES: [&str; 6] = ["ok", "warn", "update", "unknown", "fail", "self"];
const SELF_CODE: u8 = 5;
/// Severities as the dictionary numbers them.
pub const SEVERITIES: [&str; 5] = ["error", "unknown", "update", "warning", "info"];

/// Placeholders of the dictionary's templates.
pub const ZONE: char = '\u{E000}';
pub const SOURCE: char = '\u{E001}';
pub const TARGET: char = '\u{E002}';
/// Precedes a character of the text that is one of these four.
pub const ESCAPE: char = '\u{E003}';
/// Shorter names are left in place: they save little and would match inside words.
pub(super) const MIN_NAME: usize = 3;

/// `text` with the pair's names replaced by placeholders, the longest name first so that a
/// name inside another stays in it. Filling the placeholders in gives `text` back.
pub fn template(text: &str, names: [(&str, char); 3]) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, ZONE | SOURCE | TARGET | ESCAPE) {
            out.push(ESCAPE);
        }
        out.push(ch);
    }
    let mut names = names;
    names.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
    for (name, mark) in names {
        // A name holding a placeholder character would match across an escape.
        let plain = !name.contains([ZONE, SOURCE, TARGET, ESCAPE]);
        if plain && name.len() >= MIN_NAME && out.contains(name) {
            out = out.replace(name, mark.encode_utf8(&mut [0; 4]));
        }
    }
    out
}

/// An outcome's text as the dictionary keeps it for every pair that shares its entry
/// ([`NameIndex`]): its name placeholders renamed to the dictionary's and the dictionary's
/// own placeholder characters escaped, which is what [`template`] gives for such a pair's
/// filled-in text.
fn renamed(text: &str) -> Cow<'_, str> {
    use crate::engine::classes as pair;
    if !text.contains([pair::ZONE, pair::TARGET, pair::SOURCE, ESCAPE]) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            pair::ZONE => out.push(ZONE),
            pair::TARGET => out.push(TARGET),
            pair::SOURCE => out.push(SOURCE),
            ESCAPE => out.extend([ESCAPE, ESCAPE]),
            ch => out.push(ch),
        }
    }
    Cow::Owned(out)
}

/// The number of a verdict in [`CELL_CODES`].
pub fn verdict_code(verdict: Verdict) -> u8 {
    match verdict {
        Verdict::Ok => 0,
        Verdict::Warn => 1,
        Verdict::Update => 2,
        Verdict::Unknown => 3,
        Verdict::Fail => 4,
    }
}

/// The packed matrix, each part gzipped and base64-encoded.
#[derive(Debug)]
pub struct Packed {
    pub cells: String,
    pub index: String,
    pub dict: String,
    /// Per check code: pairs where it ran, did not apply, could not run, was skipped.
    pub coverage: Vec<(String, [usize; 4])>,
}

/// Assigns ids to values in order of first appearance.
struct Interner<K> {
    ids: HashMap<K, u32>,
    values: Vec<K>,
}

impl<K: Hash + Eq + Clone> Interner<K> {
    fn new() -> Self {
        Interner {
            ids: HashMap::new(),
            values: Vec::new(),
        }
    }

    fn id(&mut self, key: K) -> u32 {
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = u32::try_from(self.values.len()).unwrap_or(u32::MAX);
        self.values.push(key.clone());
        self.ids.insert(key, id);
        id
    }
}

/// What the walk has templated already, for the pairs that share entries ([`NameIndex`]).
#[derive(Default)]
struct Seen {
    /// The entry of each outcome for the pairs whose names it does not hold literally.
    outcomes: Vec<Option<(u32, u32)>>,
    /// The entry of an outcome for the pairs with some names it holds literally.
    literal: HashMap<(u32, Literal), (u32, u32)>,
    /// The string of each evidence text, by its address.
    evidence: HashMap<usize, u32>,
    /// The coverage list of each coverage, by its address.
    coverage: HashMap<usize, u32>,
}

/// A string id, or -1 for none (the dictionary's JSON uses -1 for absent strings).
type StrRef = i64;

#[derive(Serialize)]
struct Dict<'a> {
    strings: &'a [String],
    findings: &'a [(u32, u8, u32, StrRef)],
    flists: &'a [Vec<u32>],
    clists: &'a [Vec<(u32, u8, StrRef)>],
    details: &'a [(u32, u32, u32)],
}

/// Builds the dictionary while walking the pairs.
struct DictBuilder {
    strings: Interner<String>,
    findings: Interner<(u32, u8, u32, StrRef)>,
    flists: Interner<Vec<u32>>,
    clists: Interner<Vec<(u32, u8, StrRef)>>,
    details: Interner<(u32, u32, u32)>,
    /// Uses of each coverage list, for the fleet's coverage totals.
    clist_uses: Vec<usize>,
}

impl DictBuilder {
    fn string(&mut self, s: &str) -> u32 {
        // Look up by &str first: most strings repeat, and cloning each would dominate.
        match self.strings.ids.get(s) {
            Some(&id) => id,
            None => self.strings.id(s.to_string()),
        }
    }

    /// A text of an outcome as a template: for one pair ([`template`] of the text filled
    /// in), or for every pair that shares the outcome's entry ([`renamed`]).
    fn text(&mut self, text: &str, pair: Option<&PairView<'_>>) -> u32 {
        match pair {
            Some(p) => {
                let names = [(p.zone(), ZONE), (p.source(), SOURCE), (p.host(), TARGET)];
                self.string(&template(&p.text(text), names))
            }
            None => self.string(&renamed(text)),
        }
    }

    /// The detail of `outcome` and its coverage list, as ids: for one pair of it, or (no
    /// `pair`) for every pair that shares its entry, whose evidence and coverage entries
    /// `seen` then remembers by their shared texts.
    fn detail(
        &mut self,
        outcome: &Outcome,
        pair: Option<&PairView<'_>>,
        excerpts: &Excerpts<'_>,
        seen: &mut Seen,
    ) -> (u32, u32) {
        let mut flist = Vec::with_capacity(outcome.findings.len());
        for f in &outcome.findings {
            let code = self.string(f.code);
            let message = self.text(&f.message, pair);
            let evidence = f.evidence.as_ref().map_or(-1, |e| {
                let id = match (pair, seen.evidence.get(&address(e))) {
                    (None, Some(&id)) => id,
                    _ => {
                        let id = self.text(excerpts.cut(e), pair);
                        if pair.is_none() {
                            seen.evidence.insert(address(e), id);
                        }
                        id
                    }
                };
                i64::from(id)
            });
            let severity = SEVERITIES
                .iter()
                .position(|s| *s == f.severity.as_str())
                .and_then(|p| u8::try_from(p).ok())
                .unwrap_or(0);
            flist.push(self.findings.id((code, severity, message, evidence)));
        }
        let coverage = address(&outcome.coverage);
        let known = seen.coverage.get(&coverage).filter(|_| pair.is_none());
        let clist = match known {
            Some(&id) => Err(id),
            None => {
                let mut clist = Vec::with_capacity(outcome.coverage.len());
                for c in outcome.coverage.iter() {
                    let code = self.string(c.code);
                    let (status, reason) = match &c.status {
                        CheckStatus::Ran => (0, -1),
                        CheckStatus::NotApplicable => (1, -1),
                        CheckStatus::NotRun { reason } => (2, i64::from(self.text(reason, pair))),
                        CheckStatus::Skipped { reason } => (3, i64::from(self.text(reason, pair))),
                    };
                    clist.push((code, status, reason));
                }
                Ok(clist)
            }
        };
        // Ids in the order a walk templating every pair on its own hands them out.
        let flist = self.flists.id(flist);
        let clist = match clist {
            Err(id) => id,
            Ok(clist) => {
                let id = self.clists.id(clist);
                if pair.is_none() {
                    seen.coverage.insert(coverage, id);
                }
                id
            }
        };
        let reason = self.string(primary_reason(outcome.verdict, &outcome.findings));
        (self.details.id((flist, clist, reason)), clist)
    }

    /// Counts one more pair with coverage list `clist`.
    fn count_use(&mut self, clist: u32) {
        let Ok(i) = usize::try_from(clist) else {
            return;
        };
        if self.clist_uses.len() <= i {
            self.clist_uses.resize(i + 1, 0);
        }
        if let Some(slot) = self.clist_uses.get_mut(i) {
            *slot += 1;
        }
    }

    /// Per check code, in order of first appearance: pairs per coverage status.
    fn coverage(&self) -> Vec<(String, [usize; 4])> {
        let mut totals: Vec<(u32, [usize; 4])> = Vec::new();
        for (list, &uses) in self.clists.values.iter().zip(&self.clist_uses) {
            for &(code, status, _) in list {
                let i = match totals.iter().position(|(c, _)| *c == code) {
                    Some(i) => i,
                    None => {
                        totals.push((code, [0; 4]));
                        totals.len() - 1
                    }
                };
                if let Some(slot) = totals
                    .get_mut(i)
                    .and_then(|(_, t)| t.get_mut(usize::from(status)))
                {
                    *slot += uses;
                }
            }
        }
        totals
            .into_iter()
            .map(|(code, t)| {
                let name = usize::try_from(code)
                    .ok()
                    .and_then(|i| self.strings.values.get(i))
                    .cloned()
                    .unwrap_or_default();
                (name, t)
            })
            .collect()
    }
}

fn leb128(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// gzip, then base64.
fn gzip_base64(bytes: &[u8]) -> io::Result<String> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(bytes)?;
    let zipped = gz.finish()?;
    Ok(base64::engine::general_purpose::STANDARD.encode(zipped))
}

/// Packs the matrix of `fleet`, with each pair's change against the baseline.
/// `excerpts`: the fleet's evidence excerpts.
pub(crate) fn pack(
    fleet: &FleetResult,
    changes: &ChangeIndex<'_>,
    excerpts: &Excerpts<'_>,
) -> io::Result<Packed> {
    let names = NameIndex::new(fleet, excerpts);
    pack_with(fleet, changes, excerpts, Some(&names))
}

/// [`pack`], templating each pair on its own where `names` does not say it shares its
/// outcome's entry (every pair without `names`).
fn pack_with(
    fleet: &FleetResult,
    changes: &ChangeIndex<'_>,
    excerpts: &Excerpts<'_>,
    names: Option<&NameIndex>,
) -> io::Result<Packed> {
    let width = fleet.columns.len();
    let mut cells = Vec::with_capacity(fleet.cells.len());
    let mut index = Vec::with_capacity(fleet.cells.len());
    let mut dict = DictBuilder {
        strings: Interner::new(),
        findings: Interner::new(),
        flists: Interner::new(),
        clists: Interner::new(),
        details: Interner::new(),
        clist_uses: Vec::new(),
    };
    let mut locals: Vec<u32> = Vec::with_capacity(width);
    let mut seen = Seen {
        outcomes: vec![None; fleet.outcomes.len()],
        ..Seen::default()
    };
    // Pairs are walked in matrix order either way, so ids are handed out in the same
    // order as if every pair were templated on its own.
    for row in 0..fleet.zones.len() {
        let mut row_details: Interner<u32> = Interner::new();
        locals.clear();
        for column in 0..width {
            match fleet.pair(row, column) {
                None => {
                    cells.push(SELF_CODE);
                    locals.push(0);
                }
                Some(pair) => {
                    let change = match changes.get(pair.zone(), pair.source(), pair.host()) {
                        None => 0,
                        Some(Direction::Worse) => 1,
                        Some(Direction::Better) => 2,
                    };
                    cells.push(verdict_code(pair.verdict()) | change << 3);
                    let id = pair.outcome_id;
                    let key = names.and_then(|n| n.key(row, column, id));
                    let known = match key {
                        Some([None, None, None]) => usize::try_from(id)
                            .ok()
                            .and_then(|i| seen.outcomes.get(i).copied().flatten()),
                        Some(literal) => seen.literal.get(&(id, literal)).copied(),
                        None => None,
                    };
                    let (detail, clist) = match (known, key) {
                        (Some(known), _) => known,
                        (None, Some([None, None, None])) => {
                            let d = dict.detail(pair.outcome, None, excerpts, &mut seen);
                            if let Some(slot) = usize::try_from(id)
                                .ok()
                                .and_then(|i| seen.outcomes.get_mut(i))
                            {
                                *slot = Some(d);
                            }
                            d
                        }
                        (None, Some(literal)) => {
                            let d = dict.detail(pair.outcome, Some(&pair), excerpts, &mut seen);
                            seen.literal.insert((id, literal), d);
                            d
                        }
                        (None, None) => dict.detail(pair.outcome, Some(&pair), excerpts, &mut seen),
                    };
                    dict.count_use(clist);
                    locals.push(row_details.id(detail));
                }
            }
        }
        let k = row_details.values.len();
        leb128(&mut index, u32::try_from(k).unwrap_or(u32::MAX));
        for &d in &row_details.values {
            leb128(&mut index, d);
        }
        let wide = match k {
            0..=256 => 1,
            257..=65_536 => 2,
            _ => 4,
        };
        for &l in &locals {
            let bytes = l.to_le_bytes();
            index.extend_from_slice(bytes.get(..wide).unwrap_or(&bytes));
        }
    }
    let dict_json = serde_json::to_vec(&Dict {
        strings: &dict.strings.values,
        findings: &dict.findings.values,
        flists: &dict.flists.values,
        clists: &dict.clists.values,
        details: &dict.details.values,
    })
    .map_err(io::Error::from)?;
    let coverage = dict.coverage();
    drop(dict);
    let ((cells, index), dict) = rayon::join(
        || rayon::join(|| gzip_base64(&cells), || gzip_base64(&index)),
        || gzip_base64(&dict_json),
    );
    Ok(Packed {
        cells: cells?,
        index: index?,
        dict: dict?,
        coverage,
    })
}

#[cfg(test)]
mod tests;
