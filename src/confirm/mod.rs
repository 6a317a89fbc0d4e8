//! `--confirm`: asks targets themselves. For up to N pairs of each equivalence class
//! (same zone software inventory and layout × same host software inventory), the
//! collected manifest is sent to the target's `zoneadm attach -n -`, and what Solaris says
//! is set against what zonescan predicted from its own checks.

pub mod attach_report;
pub mod predict;
pub mod run;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

pub use attach_report::{AttachReport, SwSection, parse_attach_report};
pub use predict::{Prediction, predict};

use crate::engine::{
    FleetResult, LoadedHost, LoadedSnapshot, LoadedZone, ZoneSubject, evaluate_pair,
};
use crate::facts::HostFacts;
use crate::manifest::Manifest;
use crate::report::csv::neutralise;
use crate::software::{Inventory, ZoneLayout};

/// How many pairs of each class are confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PerClass {
    Up(usize),
    All,
}

impl std::str::FromStr for PerClass {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "all" {
            return Ok(PerClass::All);
        }
        match s.parse::<usize>() {
            Ok(n) if n > 0 => Ok(PerClass::Up(n)),
            _ => Err(format!("{s:?} is neither a positive number nor `all`")),
        }
    }
}

/// A pair chosen for confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selected {
    pub zone: String,
    pub source: String,
    pub target: String,
    pub prediction: Prediction,
}

/// Host software inventories compared for classes: the SVR4 database, the patches and
/// the IPS incorporation.
fn same_software(a: &HostFacts, b: &HostFacts) -> bool {
    a.svr4 == b.svr4 && a.showrev == b.showrev && a.ips_entire == b.ips_entire
}

/// A matrix row's zone with what selection needs of it.
struct RowZone<'a> {
    zone: &'a LoadedZone,
    manifest: &'a Manifest,
    source: &'a LoadedHost,
    /// Its software class (inventory and layout).
    class: usize,
}

/// Picks up to `per_class` pairs of each (zone class, host class), in matrix order; pairs
/// whose manifest is unreadable or whose target was unreachable are not sent.
pub fn select(
    fleet: &FleetResult,
    snapshot: &LoadedSnapshot,
    per_class: PerClass,
) -> Vec<Selected> {
    let hosts: HashMap<&str, &LoadedHost> = snapshot
        .hosts
        .iter()
        .map(|h| (h.info.name.as_str(), h))
        .collect();
    // Each row's zone, its source host and its software class, looked up once per row.
    let mut zone_classes: HashMap<(&Inventory, ZoneLayout), usize> = HashMap::new();
    let rows: Vec<Option<RowZone<'_>>> = fleet
        .zones
        .iter()
        .map(|info| {
            let source = hosts.get(info.host.as_str())?;
            let zone = source.zones.iter().find(|z| z.info.name == info.name)?;
            let manifest = zone.manifest.as_ref().ok()?;
            let next = zone_classes.len();
            let class = *zone_classes
                .entry((&manifest.inventory, manifest.layout()))
                .or_insert(next);
            Some(RowZone {
                zone,
                manifest,
                source,
                class,
            })
        })
        .collect();
    let mut host_classes: Vec<&HostFacts> = Vec::new();
    let mut host_class_of: HashMap<&str, usize> = HashMap::new();
    let mut taken: HashMap<(usize, usize), usize> = HashMap::new();
    let mut selected = Vec::new();
    for (row, column, _) in fleet.pairs() {
        let (Some(Some(r)), Some(target_info)) = (rows.get(row), fleet.column_host(column)) else {
            continue;
        };
        let Some(target) = hosts
            .get(target_info.name.as_str())
            .filter(|_| !target_info.unreachable)
        else {
            continue;
        };
        let hc = *host_class_of
            .entry(target_info.name.as_str())
            .or_insert_with(|| {
                match host_classes
                    .iter()
                    .position(|h| same_software(h, &target.facts))
                {
                    Some(i) => i,
                    None => {
                        host_classes.push(&target.facts);
                        host_classes.len() - 1
                    }
                }
            });
        let count = taken.entry((r.class, hc)).or_insert(0);
        if matches!(per_class, PerClass::Up(n) if *count >= n) {
            continue;
        }
        *count += 1;
        // What Solaris will check does not depend on the operator's policy: the pair is
        // evaluated again without it (ignored codes and changed severities would hide
        // what zoneadm reports).
        let subject = ZoneSubject {
            name: &r.zone.info.name,
            manifest: Ok(r.manifest),
            entire: r.zone.entire.as_ref(),
        };
        let unweighed = evaluate_pair(&subject, &target.facts, Some(&r.source.facts));
        selected.push(Selected {
            zone: r.zone.info.name.clone(),
            source: r.source.info.name.clone(),
            target: target_info.name.clone(),
            prediction: predict(
                &unweighed,
                r.manifest.own_brand().unwrap_or("native"),
                &target.facts,
            ),
        });
    }
    selected
}

/// Whether Solaris said what zonescan predicted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "agreement", content = "detail")]
pub enum Agreement {
    Agree,
    Disagree(String),
    /// The target could not be asked, or zonescan had no prediction.
    Unknown(String),
}

/// One confirmed pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Confirmation {
    pub zone: String,
    pub source: String,
    pub target: String,
    pub prediction: Prediction,
    /// What the target said, or why it could not be asked.
    pub report: Result<AttachReport, String>,
    pub agreement: Agreement,
}

fn sections_text(sections: &std::collections::BTreeSet<SwSection>) -> String {
    if sections.is_empty() {
        return "no sw_cmp section".into();
    }
    let names: Vec<&str> = sections.iter().map(|s| s.as_str()).collect();
    names.join(", ")
}

/// Sets the target's answer against the prediction.
pub fn agreement(prediction: &Prediction, report: &Result<AttachReport, String>) -> Agreement {
    let report = match report {
        Ok(r) => r,
        Err(e) => return Agreement::Unknown(format!("the target could not be asked: {e}")),
    };
    match prediction {
        Prediction::Undecided { reason } => {
            Agreement::Unknown(format!("zonescan could not decide: {reason}"))
        }
        Prediction::NotImplemented if report.not_implemented => Agreement::Agree,
        Prediction::NotImplemented => Agreement::Disagree(format!(
            "zonescan expected `The -n option is not yet implemented`; the target exited {}",
            report.exit
        )),
        Prediction::Pass if report.passed() => Agreement::Agree,
        Prediction::Pass => Agreement::Disagree(format!(
            "zonescan expected success; the target exited {} ({}{})",
            report.exit,
            sections_text(&report.sections),
            report
                .messages
                .first()
                .map(|m| format!("; {m}"))
                .unwrap_or_default()
        )),
        Prediction::Fail { codes, .. } if report.passed() => Agreement::Disagree(format!(
            "zonescan expected failure ({}); the target's dry run passed",
            codes.join(", ")
        )),
        Prediction::Fail { sections, .. } if *sections != report.sections => {
            Agreement::Disagree(format!(
                "both fail, but zonescan expected {} and the target printed {}",
                sections_text(sections),
                sections_text(&report.sections)
            ))
        }
        Prediction::Fail { .. } => Agreement::Agree,
    }
}

/// Agreement counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub agree: usize,
    pub disagree: usize,
    pub unknown: usize,
}

impl Tally {
    pub fn of(confirmations: &[Confirmation]) -> Tally {
        let mut t = Tally::default();
        for c in confirmations {
            match c.agreement {
                Agreement::Agree => t.agree += 1,
                Agreement::Disagree(_) => t.disagree += 1,
                Agreement::Unknown(_) => t.unknown += 1,
            }
        }
        t
    }

    /// Agreeing share of the pairs that could be compared, in percent.
    pub fn rate(&self) -> Option<f64> {
        let compared = self.agree + self.disagree;
        #[allow(clippy::cast_precision_loss)] // counts far below 2^52
        (compared > 0).then(|| 100.0 * self.agree as f64 / compared as f64)
    }
}

/// The terminal lines: the agreement rate and every disagreement.
pub fn render_summary(confirmations: &[Confirmation]) -> String {
    let t = Tally::of(confirmations);
    let mut out = format!(
        "Confirmation by the targets' `zoneadm attach -n`: {} pairs, {} agree, {} disagree, {} could not be compared",
        confirmations.len(),
        t.agree,
        t.disagree,
        t.unknown
    );
    if let Some(rate) = t.rate() {
        let _ = write!(out, " (agreement {rate:.1}%)");
    }
    out.push('\n');
    for c in confirmations {
        if let Agreement::Disagree(why) = &c.agreement {
            let _ = writeln!(
                out,
                "  DISAGREE {} ({}) on {}: {why}",
                c.zone, c.source, c.target
            );
        }
    }
    out
}

/// `confirm.csv`: one row per confirmed pair.
pub fn write_csv(out: &mut dyn Write, confirmations: &[Confirmation]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "zone",
        "source_host",
        "host",
        "predicted",
        "target_exit",
        "target_sections",
        "agreement",
        "detail",
    ])?;
    for c in confirmations {
        let (exit, sections) = match &c.report {
            Ok(r) => (r.exit.to_string(), sections_text(&r.sections)),
            Err(_) => (String::new(), String::new()),
        };
        let (agreement, detail) = match &c.agreement {
            Agreement::Agree => ("agree", String::new()),
            Agreement::Disagree(d) => ("disagree", d.clone()),
            Agreement::Unknown(d) => ("unknown", d.clone()),
        };
        w.write_record([
            neutralise(&c.zone).as_ref(),
            neutralise(&c.source).as_ref(),
            neutralise(&c.target).as_ref(),
            c.prediction.label(),
            &exit,
            &sections,
            agreement,
            neutralise(&detail).as_ref(),
        ])?;
    }
    w.flush()
}

/// `confirm.json`: the tally and every confirmation.
pub fn write_json(out: &mut dyn Write, confirmations: &[Confirmation]) -> io::Result<()> {
    #[derive(Serialize)]
    struct Doc<'a> {
        tally: Tally,
        agreement_percent: Option<f64>,
        pairs: &'a [Confirmation],
    }
    let tally = Tally::of(confirmations);
    serde_json::to_writer_pretty(
        &mut *out,
        &Doc {
            tally,
            agreement_percent: tally.rate(),
            pairs: confirmations,
        },
    )?;
    out.write_all(b"\n")
}
