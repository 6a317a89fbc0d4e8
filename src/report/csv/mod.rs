//! `matrix.csv`, `pairs.csv` and `findings.csv`, streamed into any `Write` (10 million
//! pairs never become one string): rows are rendered in batches on every core and written
//! in order ([`super::parallel`]).
//!
//! - `matrix.csv`: `zone,source_host,brand,state,<host>...`, one row per zone, one column
//!   per candidate host; each cell `ok`, `warn`, `update`, `unknown`, `fail`, or `self`
//!   on the zone's own host.
//! - `pairs.csv`: `zone,source_host,host,verdict,errors,warnings,updates,unknowns,codes,
//!   first_blocking_code,first_blocking_message,change`: one row per evaluated pair;
//!   `codes` is every distinct finding code in finding order, separated by spaces;
//!   the first blocking finding is the first error, else the first "could not check"
//!   finding (empty for pairs that can move); `change` is `worse`, `better` or empty.
//! - `findings.csv`: `zone,source_host,host,verdict,code,severity,message,evidence`: one
//!   row per finding; evidence may span lines (quoted), cut after
//!   [`EVIDENCE_LINES`](super::EVIDENCE_LINES) lines.
//!
//! With [`LongForm::NonOk`] `pairs.csv` and `findings.csv` keep the same columns but list
//! only pairs whose verdict is not `ok`. With [`LongForm::Grouped`] they list only those
//! too, grouped, under other columns (so a reader tells the form from the header):
//!
//! - `pairs.csv`: `zone,source_host,hosts,pairs,outcome,verdict,errors,warnings,updates,
//!   unknowns,codes,first_blocking_code,first_blocking_message,change`: one row per
//!   (zone, outcome, change), in matrix order of their first pair; `hosts` are the
//!   group's candidate hosts in column order, separated by spaces, `pairs` how many,
//!   `outcome` the index of their outcome in `report.json`'s `outcomes`. A group spans
//!   several hosts, so `first_blocking_message` is a `str.format` template with the
//!   zone and source host filled in and `{host}` for the target (literal braces doubled).
//! - `findings.csv`: `outcome,pairs,verdict,code,severity,message,evidence`: one row per
//!   finding of each distinct outcome that is not `ok`, in outcome order, with how many
//!   pairs have it; message and evidence are the templates of `report.json` (`{zone}`,
//!   `{host}`, `{source_host}`, literal braces doubled), evidence cut as above.
//!
//! `zonescan` writes the grouped form above [`AUTO_GROUPED_ABOVE`](super::AUTO_GROUPED_ABOVE)
//! pairs unless told otherwise ([`LongForm::auto`]); `report.json` records the form
//! (`options.long_form`). Every text cell that a
//! spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, tab or carriage
//! return) is prefixed with `'`.

mod grouped;

use std::borrow::Cow;
use std::io::{self, Write};

use rayon::prelude::*;

use super::parallel::write_batches;
use super::shared::Shared;
use super::summary::{count_severity, first_blocking};
use super::{LongForm, ReportInput, direction_str};
use crate::engine::classes::render;
use crate::engine::{FleetResult, Outcome, PairView, Verdict};
use crate::gate::Direction;
use crate::rules::{Finding, Severity};

pub use grouped::{GROUPED_FINDINGS_COLUMNS, GROUPED_PAIRS_COLUMNS};

/// The fixed leading columns of `matrix.csv`; a column per candidate host follows.
pub const MATRIX_COLUMNS: [&str; 4] = ["zone", "source_host", "brand", "state"];

/// The columns of `pairs.csv`.
pub const PAIRS_COLUMNS: [&str; 12] = [
    "zone",
    "source_host",
    "host",
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

/// The columns of `findings.csv`.
pub const FINDINGS_COLUMNS: [&str; 8] = [
    "zone",
    "source_host",
    "host",
    "verdict",
    "code",
    "severity",
    "message",
    "evidence",
];

/// Cells rendered per batch: enough to keep a thread busy, little enough to keep memory
/// flat.
const CELLS_PER_BATCH: usize = 1 << 16;

/// A cell a spreadsheet would not execute: text starting with `=`, `+`, `-`, `@`, tab or
/// carriage return gets a leading `'`.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// Appends one field as the report's CSV writer writes it (quoted when it holds a comma, a
/// quote or a line break, quotes doubled), for rows put together by hand from fields
/// encoded once.
fn push_field(out: &mut Vec<u8>, field: &str) {
    let bytes = field.as_bytes();
    if !bytes
        .iter()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
    {
        out.extend_from_slice(bytes);
        return;
    }
    out.push(b'"');
    for part in bytes.split_inclusive(|&b| b == b'"') {
        out.extend_from_slice(part);
        if part.last() == Some(&b'"') {
            out.push(b'"');
        }
    }
    out.push(b'"');
}

/// A CSV writer with the reports' settings, for header rows and row batches alike.
pub(super) fn writer<W: Write>(out: W) -> ::csv::Writer<W> {
    ::csv::WriterBuilder::new().from_writer(out)
}

/// Writes one header row.
fn header(out: &mut dyn Write, columns: &[&str]) -> io::Result<()> {
    let mut w = writer(out);
    w.write_record(columns)?;
    w.flush()
}

/// Zone rows per batch for a matrix `width` cells wide.
fn rows_per_batch(width: usize) -> usize {
    (CELLS_PER_BATCH / width.max(1)).max(1)
}

/// Writes `matrix.csv`: one row per zone, one column per candidate host.
pub fn write_matrix(out: impl Write, fleet: &FleetResult) -> io::Result<()> {
    let mut out = out;
    let mut names: Vec<Cow<'_, str>> = MATRIX_COLUMNS.iter().map(|&c| Cow::Borrowed(c)).collect();
    for column in 0..fleet.columns.len() {
        let name = fleet.column_host(column).map_or("", |h| h.name.as_str());
        names.push(neutralise(name));
    }
    let names: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
    header(&mut out, &names)?;
    let per_batch = rows_per_batch(fleet.columns.len());
    write_batches(&mut out, fleet.zones.len(), per_batch, |rows, buffer| {
        let mut w = writer(buffer);
        for row in rows {
            let Some(zone) = fleet.zones.get(row) else {
                continue;
            };
            for field in [&zone.name, &zone.host, &zone.brand, &zone.state] {
                w.write_field(neutralise(field).as_bytes())?;
            }
            for cell in fleet.row(row) {
                w.write_field(cell.label())?;
            }
            w.write_record(None::<&[u8]>)?;
        }
        w.flush()
    })?;
    out.flush()
}

/// What `pairs.csv` says of an outcome, whichever pair has it.
struct OutcomeLine<'a> {
    /// Errors, warnings, updates, unknowns.
    counts: [String; 4],
    codes: String,
    blocking: Option<&'a Finding>,
}

impl<'a> OutcomeLine<'a> {
    fn new(outcome: &'a Outcome) -> Self {
        let findings = &outcome.findings;
        let mut codes = String::new();
        let mut seen: Vec<&str> = Vec::new();
        for f in findings {
            if !seen.contains(&f.code) {
                seen.push(f.code);
                if !codes.is_empty() {
                    codes.push(' ');
                }
                codes.push_str(f.code);
            }
        }
        let count = |s: Severity| count_severity(findings, s).to_string();
        OutcomeLine {
            counts: [
                count(Severity::Error),
                count(Severity::Warning),
                count(Severity::Update),
                count(Severity::Unknown),
            ],
            codes,
            blocking: first_blocking(findings),
        }
    }

    /// The columns of `pairs.csv` from `verdict` to `change`, which the listed and grouped
    /// forms share: `verdict`, the four counts, `codes`, the first blocking finding's code
    /// and its message as `message` gives it for the row, and `change`.
    fn fields<'s>(
        &'s self,
        verdict: Verdict,
        change: Option<Direction>,
        message: impl FnOnce(&'a str) -> Cow<'s, str>,
    ) -> [Cow<'s, str>; 9] {
        let message = self
            .blocking
            .map_or(Cow::Borrowed(""), |f| message(&f.message));
        // Neutralised into a value of its own, as the row outlives this call.
        let prefixed = match neutralise(&message) {
            Cow::Owned(prefixed) => Some(prefixed),
            Cow::Borrowed(_) => None,
        };
        let [errors, warnings, updates, unknowns] = &self.counts;
        [
            Cow::Borrowed(verdict.as_str()),
            Cow::Borrowed(errors),
            Cow::Borrowed(warnings),
            Cow::Borrowed(updates),
            Cow::Borrowed(unknowns),
            neutralise(&self.codes),
            neutralise(self.blocking.map_or("", |f| f.code)),
            prefixed.map_or(message, Cow::Owned),
            Cow::Borrowed(change.map_or("", direction_str)),
        ]
    }
}

/// Writes `pairs.csv` in the input's long form.
pub fn write_pairs(
    out: impl Write,
    fleet: &FleetResult,
    input: &ReportInput<'_>,
) -> io::Result<()> {
    write_pairs_shared(out, fleet, input, &Shared::new(fleet, input))
}

/// [`write_pairs`] with what the reports share already computed.
pub(crate) fn write_pairs_shared(
    out: impl Write,
    fleet: &FleetResult,
    input: &ReportInput<'_>,
    shared: &Shared<'_>,
) -> io::Result<()> {
    let mut out = out;
    // What a row says of its outcome, worked out once per outcome, not per pair.
    let lines: Vec<OutcomeLine<'_>> = fleet.outcomes.par_iter().map(OutcomeLine::new).collect();
    match input.options.long_form {
        LongForm::Grouped => grouped::write_pairs(&mut out, fleet, &shared.changes, &lines)?,
        form => write_listed(&mut out, fleet, form, &PAIRS_COLUMNS, |p, w| {
            let Some(line) = usize::try_from(p.outcome_id)
                .ok()
                .and_then(|i| lines.get(i))
            else {
                return Ok(());
            };
            let change = shared.changes.get(p.zone(), p.source(), p.host());
            let names = [
                neutralise(p.zone()),
                neutralise(p.source()),
                neutralise(p.host()),
            ];
            let rest = line.fields(p.verdict(), change, |m| p.text(m));
            w.write_record(names.iter().chain(&rest).map(|c| c.as_bytes()))
        })?,
    }
    out.flush()
}

/// Writes `findings.csv` in the input's long form.
pub fn write_findings(
    out: impl Write,
    fleet: &FleetResult,
    input: &ReportInput<'_>,
) -> io::Result<()> {
    write_findings_shared(out, fleet, input, &Shared::new(fleet, input))
}

/// [`write_findings`] with what the reports share already computed.
pub(crate) fn write_findings_shared(
    out: impl Write,
    fleet: &FleetResult,
    input: &ReportInput<'_>,
    shared: &Shared<'_>,
) -> io::Result<()> {
    let mut out = out;
    match input.options.long_form {
        LongForm::Grouped => grouped::write_findings(&mut out, fleet, &shared.excerpts)?,
        form => write_listed(&mut out, fleet, form, &FINDINGS_COLUMNS, |p, w| {
            for f in p.findings() {
                // Cut first: the names hold no line breaks, so cutting and filling in
                // commute.
                let evidence = f.evidence.as_ref().map(|e| shared.excerpts.cut(e));
                let evidence = render(evidence.unwrap_or(""), &p.names);
                let message = p.text(&f.message);
                let record: [Cow<'_, str>; 8] = [
                    neutralise(p.zone()),
                    neutralise(p.source()),
                    neutralise(p.host()),
                    Cow::Borrowed(p.verdict().as_str()),
                    neutralise(f.code),
                    Cow::Borrowed(f.severity.as_str()),
                    neutralise(&message),
                    neutralise(&evidence),
                ];
                w.write_record(record.iter().map(|c| c.as_bytes()))?;
            }
            Ok(())
        })?,
    }
    out.flush()
}

/// Writes a long form that lists pairs one by one (not [`LongForm::Grouped`]): the header
/// of `columns`, then, for each pair that `form` includes, in matrix order, the rows
/// `records` writes for it.
fn write_listed(
    out: &mut dyn Write,
    fleet: &FleetResult,
    form: LongForm,
    columns: &[&str],
    records: impl Fn(&PairView<'_>, &mut ::csv::Writer<&mut Vec<u8>>) -> ::csv::Result<()> + Sync,
) -> io::Result<()> {
    header(out, columns)?;
    let per_batch = rows_per_batch(fleet.columns.len());
    write_batches(out, fleet.zones.len(), per_batch, |rows, buffer| {
        let mut w = writer(buffer);
        for row in rows {
            for column in 0..fleet.columns.len() {
                let Some(p) = fleet.pair(row, column) else {
                    continue;
                };
                if form.includes(p.verdict()) {
                    records(&p, &mut w)?;
                }
            }
        }
        w.flush()
    })
}

#[cfg(test)]
mod tests;
