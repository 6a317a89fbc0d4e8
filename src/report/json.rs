//! `report.json`: the whole matrix for programs, streamed into any `Write`.
//!
//! One JSON object (schema version [`FLEET_SCHEMA_VERSION`]). The layout is compact and
//! line-oriented so that two reports diff well: every top-level key starts a line, and
//! every array of records (hosts, zones, matrix and cell rows, outcomes, summary entries,
//! requirements, changes) has one record per line. Key order is fixed; nothing depends on
//! hash order. Its size grows with the zones times hosts only through `matrix` and `cells`
//! (a few bytes a pair); findings and coverage are written once per distinct outcome.
//!
//! ```text
//! {"schema_version":2,
//! "generated_at":"2026-11-25T18:06:08Z",           the caller's "now"
//! "options":{"long_form":"all"},                     or "non_ok", "grouped": what the CSVs list
//! "snapshot":{"path":..,"created":..|null,"tool":..|null,"age_seconds":..|null},
//! "summary":{"pairs":6,"verdicts":{"ok":1,"warn":1,"update":1,"unknown":1,"fail":2},
//!   "zones":[{"zone","host","movable_count","evaluated","best":[{"host","verdict","warnings"}]}],
//!   "hosts":[{"host","zones_it_can_take","evaluated","verdicts":{..}}],
//!   "reasons":[{"code","pairs","summary"}]},    one per pair: counts add up to "pairs"
//! "requirements":[{"requirement","holds","explanation"}],   in plan order
//! "changes":[{"zone","source_host","host","before"|null,"after","direction"}],
//! "hosts":[{"name","roles":{"source","candidate"},"tags":{..},"release"|null,
//!   "collected_at"|null,"age_seconds"|null,"unreachable","problems":[..],
//!   "collection_ms"|null}],                          recorded command times added up
//! "zones":[{"name","host","brand","state","problem"|null}],     the matrix rows
//! "columns":["s10-a",..],                                       the matrix columns
//! "matrix":[["self","ok","warn"],..],        one row per zone: ok|warn|update|unknown|fail|self
//! "cells":[[null,0,1],..],                   one row per zone: an index into outcomes|null (self)
//! "outcomes":[{"verdict",
//!   "findings":[{"code","severity","message","evidence"?}],
//!   "coverage":[{"code","status":"ran"|"not_applicable"|"not_run"|"skipped","reason"?}]}]}
//! ```
//!
//! The pair of zone row `r` and column `c` has the verdict `matrix[r][c]` and the findings
//! and coverage of `outcomes[cells[r][c]]`; pairs with equal results share one outcome.
//! Findings and coverage have the shape of `zonescan check --format json`, evidence cut to
//! its excerpt ([`super::evidence_excerpt`]). Their texts (message, evidence, reason) are
//! Python `str.format` templates ([`wire::template`]): `{zone}`, `{host}` (the target) and
//! `{source_host}` stand for the pair's names and literal braces are doubled, so
//! `text.format(zone=.., host=.., source_host=..)` gives the pair's text. `options` does not
//! change this document: `long_form` only says what the CSVs list. Reasons are ranked by
//! pairs, then code; `(movable)` counts the pairs whose zone can move. Changes are sorted by
//! (zone, source_host, host).

use std::io::{self, Write};

use serde::Serialize;

use super::ReportInput;
use super::json_types::{self as wire, FLEET_SCHEMA_VERSION, Options, Requirement, Snapshot};
use super::parallel::{push_decimal, write_batches};
use super::shared::Shared;
use super::summary::FleetSummary;
use super::time::age_seconds;
use crate::engine::{Cell, FleetResult};

/// Writes the JSON text of `report.json`, ending with a newline.
pub fn write_json(
    out: impl Write,
    fleet: &FleetResult,
    summary: &FleetSummary,
    input: &ReportInput<'_>,
) -> io::Result<()> {
    write_json_shared(out, fleet, summary, input, &Shared::new(fleet, input))
}

/// Zone rows of `matrix` and `cells` rendered per batch.
const ROWS_PER_BATCH: usize = 64;
/// Outcomes rendered per batch.
const OUTCOMES_PER_BATCH: usize = 256;

/// [`write_json`] with what the reports share already computed.
pub(crate) fn write_json_shared(
    out: impl Write,
    fleet: &FleetResult,
    summary: &FleetSummary,
    input: &ReportInput<'_>,
    shared: &Shared<'_>,
) -> io::Result<()> {
    let now = input.now_epoch();
    let mut j = Lines { out };
    j.raw("{")?;
    j.field(true, "schema_version", &FLEET_SCHEMA_VERSION)?;
    j.field(false, "generated_at", input.generated_at)?;
    let options = Options {
        long_form: input.options.long_form.as_str(),
    };
    j.field(false, "options", &options)?;
    let snapshot = &fleet.snapshot;
    let snapshot = Snapshot {
        path: &snapshot.path,
        created: snapshot.created.as_deref(),
        tool: snapshot.tool.as_deref(),
        age_seconds: age_seconds(now, snapshot.created.as_deref()),
    };
    j.field(false, "snapshot", &snapshot)?;

    j.key(false, "summary")?;
    j.raw("{")?;
    j.raw("\"pairs\":")?;
    j.value(&summary.pairs)?;
    j.raw(",\"verdicts\":")?;
    j.value(&wire::VerdictCounts::from(&summary.verdicts))?;
    j.raw(",\"zones\":")?;
    j.array(summary.zones.iter().map(wire::ZoneSummary::from))?;
    j.raw(",\"hosts\":")?;
    j.array(summary.hosts.iter().map(wire::HostSummary::from))?;
    j.raw(",\"reasons\":")?;
    j.array(summary.reasons.iter().map(wire::Reason::from))?;
    j.raw("}")?;

    j.key(false, "requirements")?;
    j.array(input.requirements.iter().map(Requirement::from))?;
    j.key(false, "changes")?;
    j.array(input.sorted_changes().into_iter().map(wire::Change::from))?;
    j.key(false, "hosts")?;
    j.array(fleet.hosts.iter().map(|h| wire::Host::new(h, now)))?;
    j.key(false, "zones")?;
    j.array(fleet.zones.iter().map(wire::Zone::from))?;
    j.key(false, "columns")?;
    let columns: Vec<&str> = (0..fleet.columns.len())
        .map(|c| fleet.column_host(c).map_or("", |h| h.name.as_str()))
        .collect();
    j.value(&columns)?;
    // The two arrays of a record per cell are written by hand: serde's per-value
    // machinery is most of their cost at ten million cells, and their texts need no
    // escaping (verdict labels, numbers, null).
    j.key(false, "matrix")?;
    j.batches(fleet.zones.len(), ROWS_PER_BATCH, |row, buffer| {
        buffer.push(b'[');
        for (i, cell) in fleet.row(row).iter().enumerate() {
            if i > 0 {
                buffer.push(b',');
            }
            buffer.push(b'"');
            buffer.extend_from_slice(cell.label().as_bytes());
            buffer.push(b'"');
        }
        buffer.push(b']');
        Ok(())
    })?;
    j.key(false, "cells")?;
    j.batches(fleet.zones.len(), ROWS_PER_BATCH, |row, buffer| {
        buffer.push(b'[');
        for (i, cell) in fleet.row(row).iter().enumerate() {
            if i > 0 {
                buffer.push(b',');
            }
            match cell {
                Cell::SelfHost => buffer.extend_from_slice(b"null"),
                Cell::Pair { outcome, .. } => push_decimal(buffer, u64::from(*outcome)),
            }
        }
        buffer.push(b']');
        Ok(())
    })?;
    j.key(false, "outcomes")?;
    let once = wire::EncodedOnce::new(&fleet.outcomes, &shared.excerpts)?;
    j.batches(fleet.outcomes.len(), OUTCOMES_PER_BATCH, |i, buffer| {
        let Some(o) = fleet.outcomes.get(i) else {
            return Ok(());
        };
        let record = wire::OutcomeRecord::new(o, &shared.excerpts, &once);
        serde_json::to_writer(buffer, &record).map_err(io::Error::from)
    })?;
    j.raw("}\n")?;
    j.out.flush()
}

/// Writes compact JSON with a line break before each top-level key and each array record.
struct Lines<W> {
    out: W,
}

impl<W: Write> Lines<W> {
    fn raw(&mut self, text: &str) -> io::Result<()> {
        self.out.write_all(text.as_bytes())
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, value).map_err(io::Error::from)
    }

    /// `"key":` at the start of a line (after a comma unless `first`).
    fn key(&mut self, first: bool, key: &str) -> io::Result<()> {
        if !first {
            self.raw(",\n")?;
        }
        self.value(key)?;
        self.raw(":")
    }

    fn field<T: Serialize + ?Sized>(
        &mut self,
        first: bool,
        key: &str,
        value: &T,
    ) -> io::Result<()> {
        self.key(first, key)?;
        self.value(value)
    }

    /// [`Lines::array`] of `count` records rendered on every core: `record(i, buffer)`
    /// appends the JSON of record `i`.
    fn batches(
        &mut self,
        count: usize,
        per_batch: usize,
        record: impl Fn(usize, &mut Vec<u8>) -> io::Result<()> + Sync,
    ) -> io::Result<()> {
        self.raw("[")?;
        write_batches(&mut self.out, count, per_batch, |range, buffer| {
            for i in range {
                buffer.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
                record(i, buffer)?;
            }
            Ok(())
        })?;
        self.raw(if count > 0 { "\n]" } else { "]" })
    }

    /// `[` record per line `]`; `[]` when empty.
    fn array<T: Serialize>(&mut self, items: impl IntoIterator<Item = T>) -> io::Result<()> {
        self.raw("[")?;
        let mut any = false;
        for item in items {
            self.raw(if any { ",\n" } else { "\n" })?;
            self.value(&item)?;
            any = true;
        }
        self.raw(if any { "\n]" } else { "]" })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::report::test_fleet::{NOW, big_fleet, changes, fleet, input, requirements};
    use crate::report::{LongForm, ReportOptions};

    fn render(f: &FleetResult, input: &ReportInput<'_>) -> String {
        let mut out = Vec::new();
        write_json(&mut out, f, &FleetSummary::new(f), input).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn round_trips_with_schema_version_2() {
        let (f, r, c) = (fleet(), requirements(), changes());
        let text = render(&f, &input(&r, &c, ReportOptions::default()));
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["schema_version"], 2);
        assert_eq!(v["generated_at"], NOW);
        assert_eq!(v["options"], json!({"long_form": "all"}));
        assert_eq!(
            v["snapshot"],
            json!({
                "path": "inventories/demo",
                "created": "2026-11-25T12:00:00Z",
                "tool": "zonescan 0.1.0",
                "age_seconds": 21968
            })
        );
        assert_eq!(v["columns"], json!(["s10-a", "s10-b", "s10-c"]));
        assert_eq!(
            v["matrix"],
            json!([
                ["self", "ok", "warn"],
                ["self", "fail", "unknown"],
                ["update", "self", "fail"]
            ])
        );
        assert_eq!(v["hosts"].as_array().unwrap().len(), 4);
        assert_eq!(v["hosts"][0]["age_seconds"], 7568);
        assert_eq!(v["hosts"][1]["age_seconds"], Value::Null);
        assert_eq!(v["hosts"][1]["tags"], json!({"site": "fra"}));
        assert_eq!(v["hosts"][3]["unreachable"], true);
        assert_eq!(
            v["zones"][2],
            json!({"name": "web01", "host": "s10-b", "brand": "native", "state": "installed", "problem": null})
        );

        assert_eq!(
            v["cells"],
            json!([[null, 0, 1], [null, 2, 3], [4, null, 5]]),
            "aligned with the matrix"
        );
        let outcomes = v["outcomes"].as_array().unwrap();
        assert_eq!(outcomes.len(), 6);
        assert_eq!(
            outcomes[2],
            json!({
                "verdict": "fail",
                "findings": [
                    {"code": "ZM010", "severity": "warning", "message": "-release is older"},
                    {"code": "ZM105", "severity": "error",
                     "message": "=HYPERLINK(\"http://x\",\"downgrade\")",
                     "evidence": "@SUM(1+1)\nSUNWcsu 11.10.0,REV=2005"}
                ],
                "coverage": [
                    {"code": "ZM001", "status": "ran"},
                    {"code": "ZM301", "status": "not_applicable"}
                ]
            })
        );
        assert_eq!(
            outcomes[3]["coverage"][1],
            json!({"code": "ZM101", "status": "not_run", "reason": "pkginfo timed out"})
        );
        assert!(v.get("pairs").is_none());

        let summary = &v["summary"];
        assert_eq!(summary["pairs"], 6);
        assert_eq!(
            summary["verdicts"],
            json!({"ok": 1, "warn": 1, "update": 1, "unknown": 1, "fail": 2})
        );
        assert_eq!(
            summary["zones"][0],
            json!({"zone": "app01", "host": "s10-a", "movable_count": 2, "evaluated": 2,
                   "best": [{"host": "s10-b", "verdict": "ok", "warnings": 0},
                            {"host": "s10-c", "verdict": "warn", "warnings": 1}]})
        );
        assert_eq!(
            summary["hosts"][2],
            json!({"host": "s10-c", "zones_it_can_take": 1, "evaluated": 3,
                   "verdicts": {"ok": 0, "warn": 1, "update": 0, "unknown": 1, "fail": 1}})
        );
        let reasons: Vec<(&str, u64)> = summary["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["code"].as_str().unwrap(), r["pairs"].as_u64().unwrap()))
            .collect();
        assert_eq!(
            reasons,
            [("(movable)", 3), ("ZM105", 1), ("ZM503", 1), ("ZU001", 1)]
        );
        assert_eq!(
            v["requirements"],
            json!([
                {"requirement": "move web01 -> s10-a", "holds": true,
                 "explanation": "web01 can move to s10-a with attach -u"},
                {"requirement": "evacuate s10-a", "holds": false,
                 "explanation": "db01 has no host that can take it"}
            ])
        );
        assert_eq!(
            v["changes"],
            json!([
                {"zone": "db01", "source_host": "s10-a", "host": "s10-b",
                 "before": "ok", "after": "fail", "direction": "worse"},
                {"zone": "web01", "source_host": "s10-b", "host": "s10-a",
                 "before": "fail", "after": "update", "direction": "better"}
            ])
        );
    }

    #[test]
    fn one_record_per_line() {
        let (f, r, c) = (fleet(), requirements(), changes());
        let text = render(&f, &input(&r, &c, ReportOptions::default()));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "{\"schema_version\":2,");
        assert_eq!(lines[1], "\"generated_at\":\"2026-11-25T18:06:08Z\",");
        let start = lines.iter().position(|l| *l == "\"matrix\":[").unwrap();
        assert_eq!(
            &lines[start..start + 5],
            [
                "\"matrix\":[",
                "[\"self\",\"ok\",\"warn\"],",
                "[\"self\",\"fail\",\"unknown\"],",
                "[\"update\",\"self\",\"fail\"]",
                "],"
            ]
        );
        assert_eq!(lines[start + 5], "\"cells\":[");
        assert_eq!(lines[start + 6], "[null,0,1],");
        let outcomes = lines.iter().position(|l| *l == "\"outcomes\":[").unwrap();
        assert_eq!(outcomes, start + 10, "one line per cell row");
        assert_eq!(
            lines.len(),
            outcomes + 6 + 2,
            "one line per outcome, then ]}}"
        );
        assert_eq!(lines.last(), Some(&"]}"));
        assert!(text.ends_with("]}\n"));
    }

    #[test]
    fn unknown_ages_are_null_and_empty_lists_are_empty() {
        let f = big_fleet(3, 2);
        let text = render(
            &f,
            &ReportInput {
                generated_at: "not a time",
                ..ReportInput::default()
            },
        );
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["snapshot"]["age_seconds"], Value::Null);
        assert_eq!(v["requirements"], json!([]));
        assert_eq!(v["changes"], json!([]));
        assert!(text.contains("\n\"requirements\":[],\n"));
    }

    #[test]
    fn the_long_form_changes_only_the_recorded_option() {
        let f = fleet();
        let all = render(&f, &input(&[], &[], ReportOptions::default()));
        for form in [LongForm::NonOk, LongForm::Grouped] {
            let options = ReportOptions { long_form: form };
            let text = render(&f, &input(&[], &[], options));
            assert_eq!(
                text,
                all.replace(
                    "\"options\":{\"long_form\":\"all\"}",
                    &format!("\"options\":{{\"long_form\":\"{}\"}}", form.as_str())
                ),
                "cells and outcomes cover every pair whatever the CSVs list"
            );
        }
    }

    #[test]
    fn shared_outcomes_are_written_once_as_templates() {
        use crate::engine::classes::{SOURCE, TARGET, ZONE};
        use crate::engine::{Cell, Outcome, Verdict};
        use crate::report::EVIDENCE_LINES;
        use crate::report::test_fleet::finding;
        use crate::rules::Severity;

        let mut f = big_fleet(2, 3);
        let mut message = finding(
            "ZM105",
            Severity::Error,
            &format!("{ZONE} on {SOURCE} cannot go to {TARGET}: {{x}}"),
        );
        let evidence: String = (0..EVIDENCE_LINES + 2)
            .map(|i| format!("{ZONE} {i}\n"))
            .collect();
        message.evidence = Some(evidence.into());
        let shared = Outcome {
            verdict: Verdict::Fail,
            findings: vec![message],
            coverage: Vec::new().into(),
        };
        f.outcomes.clear();
        let cell = f.push_outcome(shared);
        f.cells = f
            .cells
            .iter()
            .map(|c| if *c == Cell::SelfHost { *c } else { cell })
            .collect();
        let v: Value = serde_json::from_str(&render(&f, &ReportInput::default())).unwrap();
        assert_eq!(v["cells"], json!([[null, 0, 0], [0, null, 0]]));
        let outcomes = v["outcomes"].as_array().unwrap();
        assert_eq!(outcomes.len(), 1, "one record for four pairs");
        let found = &outcomes[0]["findings"][0];
        assert_eq!(
            found["message"],
            "{zone} on {source_host} cannot go to {host}: {{x}}"
        );
        let evidence = found["evidence"].as_str().unwrap();
        assert!(evidence.starts_with("{zone} 0\n{zone} 1\n"), "{evidence}");
        assert!(
            evidence.ends_with("\n... 2 more lines (zonescan check --format text prints them all)"),
            "cut as every fleet report cuts it: {evidence}"
        );
    }

    #[test]
    fn change_order_does_not_matter() {
        let (f, r) = (fleet(), requirements());
        let mut c = changes();
        let a = render(&f, &input(&r, &c, ReportOptions::default()));
        c.reverse();
        let b = render(&f, &input(&r, &c, ReportOptions::default()));
        assert_eq!(a, b);
    }
}
