//! The grouped long form ([`LongForm::Grouped`](crate::report::LongForm)): `pairs.csv`
//! with a row per (zone, outcome, change) of the pairs that are not `ok`, `findings.csv`
//! with a row per finding of each distinct outcome that is not `ok`. The module docs of
//! [`super`] give the columns. A row is written per group or per outcome, never per pair,
//! so both files grow with the problems found rather than with zones times hosts.

use std::borrow::Cow;
use std::io::{self, Write};

use foldhash::{HashMap, HashMapExt};

use rayon::prelude::*;

use super::{OutcomeLine, header, neutralise, push_field, rows_per_batch, writer};
use crate::engine::classes::{SOURCE, TARGET, ZONE};
use crate::engine::{Cell, FleetResult, Verdict};
use crate::gate::Direction;
use crate::report::json_types::template;
use crate::report::parallel::{push_decimal, write_batches};
use crate::report::shared::{Excerpts, outcome_pairs};
use crate::report::{ChangeIndex, LongForm};

/// The columns of grouped `pairs.csv`.
pub const GROUPED_PAIRS_COLUMNS: [&str; 14] = [
    "zone",
    "source_host",
    "hosts",
    "pairs",
    "outcome",
    "verdict",
    "errors",
    "warnings",
    "updates",
    "unknowns",
    "codes",
    "first_blocking_code",
    "first_blocking_message",
    "change",
];

/// The columns of grouped `findings.csv`.
pub const GROUPED_FINDINGS_COLUMNS: [&str; 7] = [
    "outcome", "pairs", "verdict", "code", "severity", "message", "evidence",
];

/// Outcomes rendered per batch of `findings.csv`.
const OUTCOMES_PER_BATCH: usize = 1024;

/// `text` as a `str.format` template for one zone on one source host: literal braces
/// doubled, the zone and source placeholders filled in (their braces doubled too), the
/// target's written `{host}`. A group's message is one such template for all its hosts.
pub fn host_template<'a>(text: &'a str, zone: &str, source: &str) -> Cow<'a, str> {
    if !text.contains(['{', '}', ZONE, SOURCE, TARGET]) {
        return Cow::Borrowed(text);
    }
    let escaped = |out: &mut String, s: &str| {
        for c in s.chars() {
            match c {
                '{' => out.push_str("{{"),
                '}' => out.push_str("}}"),
                c => out.push(c),
            }
        }
    };
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            ZONE => escaped(&mut out, zone),
            SOURCE => escaped(&mut out, source),
            TARGET => out.push_str("{host}"),
            c => escaped(&mut out, c.encode_utf8(&mut [0; 4])),
        }
    }
    Cow::Owned(out)
}

/// One group of a zone's row: its key and its columns, in column order.
struct Group {
    outcome: u32,
    verdict: Verdict,
    change: Option<Direction>,
    columns: Vec<usize>,
}

/// The groups of one zone row, in order of their first pair.
fn groups(fleet: &FleetResult, row: usize, changes: &ChangeIndex<'_>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<(u32, Option<Direction>), usize> = HashMap::new();
    let zone = fleet.zones.get(row);
    for (column, cell) in fleet.row(row).iter().enumerate() {
        let Cell::Pair { verdict, outcome } = *cell else {
            continue;
        };
        if !LongForm::Grouped.includes(verdict) {
            continue;
        }
        let change = match (zone, fleet.column_host(column)) {
            (Some(z), Some(h)) => changes.get(&z.name, &z.host, &h.name),
            _ => None,
        };
        let i = *index.entry((outcome, change)).or_insert_with(|| {
            groups.push(Group {
                outcome,
                verdict,
                change,
                columns: Vec::new(),
            });
            groups.len() - 1
        });
        if let Some(g) = groups.get_mut(i) {
            g.columns.push(column);
        }
    }
    groups
}

/// Writes grouped `pairs.csv`.
/// `lines`: what each outcome's rows say of it, by outcome index.
pub(super) fn write_pairs(
    out: &mut dyn Write,
    fleet: &FleetResult,
    changes: &ChangeIndex<'_>,
    lines: &[OutcomeLine<'_>],
) -> io::Result<()> {
    header(out, &GROUPED_PAIRS_COLUMNS)?;
    let per_batch = rows_per_batch(fleet.columns.len());
    write_batches(out, fleet.zones.len(), per_batch, |rows, buffer| {
        let mut w = writer(buffer);
        let mut hosts = String::new();
        for row in rows {
            let Some(zone) = fleet.zones.get(row) else {
                continue;
            };
            for g in groups(fleet, row, changes) {
                let Some(line) = usize::try_from(g.outcome).ok().and_then(|i| lines.get(i)) else {
                    continue;
                };
                hosts.clear();
                for &column in &g.columns {
                    if !hosts.is_empty() {
                        hosts.push(' ');
                    }
                    hosts.push_str(fleet.column_host(column).map_or("", |h| h.name.as_str()));
                }
                let group: [Cow<'_, str>; 5] = [
                    neutralise(&zone.name),
                    neutralise(&zone.host),
                    neutralise(&hosts),
                    Cow::Owned(g.columns.len().to_string()),
                    Cow::Owned(g.outcome.to_string()),
                ];
                let rest = line.fields(g.verdict, g.change, |m| {
                    host_template(m, &zone.name, &zone.host)
                });
                w.write_record(group.iter().chain(&rest).map(|c| c.as_bytes()))?;
            }
        }
        w.flush()
    })
}

/// Writes grouped `findings.csv`. Rows are put together by hand so that each evidence
/// excerpt, which many outcomes share and which runs to kilobytes, is encoded once.
pub(super) fn write_findings(
    out: &mut dyn Write,
    fleet: &FleetResult,
    excerpts: &Excerpts<'_>,
) -> io::Result<()> {
    header(out, &GROUPED_FINDINGS_COLUMNS)?;
    let pairs = outcome_pairs(fleet);
    let evidence: Vec<Vec<u8>> = (0..excerpts.len())
        .into_par_iter()
        .map(|i| {
            let mut field = Vec::new();
            push_field(&mut field, &neutralise(excerpts.template_at(i)));
            field
        })
        .collect();
    write_batches(
        out,
        fleet.outcomes.len(),
        OUTCOMES_PER_BATCH,
        |outcomes, buffer| {
            for id in outcomes {
                let (Some(outcome), Some(&count)) = (fleet.outcomes.get(id), pairs.get(id)) else {
                    continue;
                };
                // An outcome no pair points to describes nothing.
                if outcome.verdict == Verdict::Ok || count == 0 {
                    continue;
                }
                for f in &outcome.findings {
                    push_decimal(buffer, id as u64);
                    buffer.push(b',');
                    push_decimal(buffer, count as u64);
                    buffer.push(b',');
                    buffer.extend_from_slice(outcome.verdict.as_str().as_bytes());
                    buffer.push(b',');
                    push_field(buffer, &neutralise(f.code));
                    buffer.push(b',');
                    buffer.extend_from_slice(f.severity.as_str().as_bytes());
                    buffer.push(b',');
                    push_field(buffer, &neutralise(&template(&f.message)));
                    buffer.push(b',');
                    if let Some(e) = &f.evidence {
                        match excerpts.index_of(e).and_then(|i| evidence.get(i)) {
                            Some(field) => buffer.extend_from_slice(field),
                            None => push_field(buffer, &neutralise(&excerpts.template(e))),
                        }
                    }
                    buffer.push(b'\n');
                }
            }
            Ok(())
        },
    )
}

#[cfg(test)]
mod tests;
