//! `matrix.csv`, `pairs.csv` and `findings.csv`, streamed record by record into any
//! `Write` (10 million pairs never become one string).
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
//! With [`LongForm::NonOk`](super::LongForm) `pairs.csv` and `findings.csv` keep the same
//! columns but list only pairs whose verdict is not `ok`; `report.json` records which
//! (`options.long_form`).
//!
//! Every text cell that a spreadsheet would take for a formula (starting with `=`, `+`,
//! `-`, `@`, tab or carriage return) is prefixed with `'`.

use std::borrow::Cow;
use std::io::{self, Write};

use super::summary::{count_severity, first_blocking};
use super::{ChangeIndex, Excerpts, ReportInput, direction_str, listed_pairs};
use crate::engine::FleetResult;
use crate::engine::classes::render;
use crate::rules::Severity;

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

/// A cell a spreadsheet would not execute: text starting with `=`, `+`, `-`, `@`, tab or
/// carriage return gets a leading `'`.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

fn writer<W: Write>(out: W) -> ::csv::Writer<W> {
    ::csv::WriterBuilder::new().from_writer(out)
}

/// Writes `matrix.csv`: one row per zone, one column per candidate host.
pub fn write_matrix(out: impl Write, fleet: &FleetResult) -> io::Result<()> {
    let mut w = writer(out);
    let mut header: Vec<Cow<'_, str>> = MATRIX_COLUMNS.iter().map(|&c| Cow::Borrowed(c)).collect();
    for column in 0..fleet.columns.len() {
        let name = fleet.column_host(column).map_or("", |h| h.name.as_str());
        header.push(neutralise(name));
    }
    w.write_record(header.iter().map(|c| c.as_bytes()))?;
    let mut record: Vec<Cow<'_, str>> = Vec::with_capacity(header.len());
    for (row, zone) in fleet.zones.iter().enumerate() {
        record.clear();
        record.extend([
            neutralise(&zone.name),
            neutralise(&zone.host),
            neutralise(&zone.brand),
            neutralise(&zone.state),
        ]);
        record.extend(fleet.row(row).iter().map(|c| Cow::Borrowed(c.label())));
        w.write_record(record.iter().map(|c| c.as_bytes()))?;
    }
    w.flush()
}

/// Writes `pairs.csv`: one row per listed pair.
pub fn write_pairs(
    out: impl Write,
    fleet: &FleetResult,
    input: &ReportInput<'_>,
) -> io::Result<()> {
    let changes = ChangeIndex::new(input.changes);
    let mut w = writer(out);
    w.write_record(PAIRS_COLUMNS)?;
    let mut codes = String::new();
    for row in listed_pairs(fleet, &changes, input.options) {
        let p = row.pair;
        codes.clear();
        let mut seen: Vec<&str> = Vec::new();
        for f in p.findings() {
            if !seen.contains(&f.code) {
                seen.push(f.code);
                if !codes.is_empty() {
                    codes.push(' ');
                }
                codes.push_str(f.code);
            }
        }
        let blocking = first_blocking(p.findings());
        let count = |s: Severity| count_severity(p.findings(), s).to_string();
        let message = blocking.map_or(Cow::Borrowed(""), |f| p.text(&f.message));
        let record: [Cow<'_, str>; 12] = [
            neutralise(p.zone()),
            neutralise(row.source_host),
            neutralise(p.host()),
            Cow::Borrowed(p.verdict().as_str()),
            Cow::Owned(count(Severity::Error)),
            Cow::Owned(count(Severity::Warning)),
            Cow::Owned(count(Severity::Update)),
            Cow::Owned(count(Severity::Unknown)),
            neutralise(&codes),
            neutralise(blocking.map_or("", |f| f.code)),
            neutralise(&message),
            Cow::Borrowed(row.change.map_or("", direction_str)),
        ];
        w.write_record(record.iter().map(|c| c.as_bytes()))?;
    }
    w.flush()
}

/// Writes `findings.csv`: one row per finding of every listed pair.
pub fn write_findings(
    out: impl Write,
    fleet: &FleetResult,
    input: &ReportInput<'_>,
) -> io::Result<()> {
    let changes = ChangeIndex::default();
    let excerpts = Excerpts::new(fleet);
    let mut w = writer(out);
    w.write_record(FINDINGS_COLUMNS)?;
    for row in listed_pairs(fleet, &changes, input.options) {
        let p = row.pair;
        let cut = excerpts.of(p.outcome_id);
        for (i, f) in p.findings().iter().enumerate() {
            // Cut first: the names hold no line breaks, so cutting and filling in commute.
            let evidence = cut.get(i).and_then(Option::as_deref).unwrap_or("");
            let evidence = render(evidence, &p.names);
            let message = p.text(&f.message);
            let record: [Cow<'_, str>; 8] = [
                neutralise(p.zone()),
                neutralise(row.source_host),
                neutralise(p.host()),
                Cow::Borrowed(p.verdict().as_str()),
                neutralise(f.code),
                Cow::Borrowed(f.severity.as_str()),
                neutralise(&message),
                neutralise(&evidence),
            ];
            w.write_record(record.iter().map(|c| c.as_bytes()))?;
        }
    }
    w.flush()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::report::test_fleet::{changes, fleet, input, requirements};
    use crate::report::{LongForm, ReportOptions};

    fn text(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        write(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn neutralises_formulas() {
        assert_eq!(neutralise("=1+1"), "'=1+1");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("\rx"), "'\rx");
        assert_eq!(neutralise("a=1"), "a=1");
        assert_eq!(neutralise(""), "");
        assert!(matches!(neutralise("web01"), Cow::Borrowed(_)));
    }

    #[test]
    fn matrix() {
        let f = fleet();
        assert_eq!(
            text(|out| write_matrix(out, &f)),
            "\
zone,source_host,brand,state,s10-a,s10-b,s10-c
app01,s10-a,native,installed,self,ok,warn
db01,s10-a,native,installed,self,fail,unknown
web01,s10-b,native,installed,update,self,fail
"
        );
    }

    #[test]
    fn pairs() {
        let (f, r, c) = (fleet(), requirements(), changes());
        let all = input(&r, &c, ReportOptions::default());
        assert_eq!(
            text(|out| write_pairs(out, &f, &all)),
            r#"zone,source_host,host,verdict,errors,warnings,updates,unknowns,codes,first_blocking_code,first_blocking_message,change
app01,s10-a,s10-b,ok,0,0,0,0,,,,
app01,s10-a,s10-c,warn,0,1,0,0,ZM010,,,
db01,s10-a,s10-b,fail,1,1,0,0,ZM010 ZM105,ZM105,"'=HYPERLINK(""http://x"",""downgrade"")",worse
db01,s10-a,s10-c,unknown,0,0,0,1,ZU001,ZU001,could not run ZM101: pkginfo timed out,
web01,s10-b,s10-a,update,0,0,1,0,ZM101,,,better
web01,s10-b,s10-c,fail,1,0,0,1,ZM503 ZU001,ZM503,address 10.0.0.5 is in use,
"#
        );
    }

    #[test]
    fn pairs_non_ok_keeps_the_columns() {
        let (f, c) = (fleet(), changes());
        let non_ok = input(
            &[],
            &c,
            ReportOptions {
                long_form: LongForm::NonOk,
            },
        );
        let out = text(|out| write_pairs(out, &f, &non_ok));
        let mut lines = out.lines();
        assert_eq!(lines.next(), Some(PAIRS_COLUMNS.join(",").as_str()));
        let pairs: Vec<_> = lines
            .map(|l| l.split(',').take(4).collect::<Vec<_>>().join(","))
            .collect();
        assert_eq!(
            pairs,
            [
                "app01,s10-a,s10-c,warn",
                "db01,s10-a,s10-b,fail",
                "db01,s10-a,s10-c,unknown",
                "web01,s10-b,s10-a,update",
                "web01,s10-b,s10-c,fail",
            ]
        );
    }

    #[test]
    fn findings() {
        let f = fleet();
        let all = input(&[], &[], ReportOptions::default());
        assert_eq!(
            text(|out| write_findings(out, &f, &all)),
            r#"zone,source_host,host,verdict,code,severity,message,evidence
app01,s10-a,s10-c,warn,ZM010,warning,release 5.11 differs from 5.10,'+5.11 11.4.42
db01,s10-a,s10-b,fail,ZM010,warning,'-release is older,
db01,s10-a,s10-b,fail,ZM105,error,"'=HYPERLINK(""http://x"",""downgrade"")","'@SUM(1+1)
SUNWcsu 11.10.0,REV=2005"
db01,s10-a,s10-c,unknown,ZU001,unknown,could not run ZM101: pkginfo timed out,
web01,s10-b,s10-a,update,ZM101,update,"packages differ: SUNWcsu, SUNWcsr",
web01,s10-b,s10-c,fail,ZM503,error,address 10.0.0.5 is in use,
web01,s10-b,s10-c,fail,ZU001,unknown,could not run ZM401: rctladm failed,
"#
        );
    }

    #[test]
    fn csv_reads_back() {
        let (f, r, c) = (fleet(), requirements(), changes());
        let all = input(&r, &c, ReportOptions::default());
        let out = text(|out| write_findings(out, &f, &all));
        let mut reader = ::csv::Reader::from_reader(out.as_bytes());
        let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 7);
        assert_eq!(&rows[2][7], "'@SUM(1+1)\nSUNWcsu 11.10.0,REV=2005");
    }
}
