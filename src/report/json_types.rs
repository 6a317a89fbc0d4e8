//! The wire types of `report.json`, apart from the domain types so that the schema changes
//! only on purpose. They borrow from the domain and serialize; nothing reads them back.
//! The document's layout is described in [`super::json`].

use std::collections::BTreeMap;

use std::borrow::Cow;

use foldhash::{HashMap, HashMapExt};
use serde::ser::{Serialize, SerializeSeq, Serializer};
use serde_json::value::RawValue;

use crate::engine::classes::{SOURCE, TARGET, ZONE, has_placeholder};
use crate::engine::{CheckCoverage, CheckStatus, FleetHost, FleetZone, Outcome, Roles};
use crate::gate::{PairChange, RequirementResult};
use crate::report::shared::{Excerpts, address};
use crate::report::summary;
use crate::report::time::age_seconds;

/// Version of `report.json`: bumped on any change a reader could notice, other than new
/// fields.
pub const FLEET_SCHEMA_VERSION: u32 = 2;

/// How the reports were written.
#[derive(Debug, serde::Serialize)]
pub struct Options {
    /// `all`, `non_ok` or `grouped`: which pairs `pairs.csv` and `findings.csv` list, and
    /// how; `cells` and `outcomes` always cover every pair.
    pub long_form: &'static str,
}

/// Where the data came from, and how old it is.
#[derive(Debug, serde::Serialize)]
pub struct Snapshot<'a> {
    pub path: &'a str,
    pub created: Option<&'a str>,
    pub tool: Option<&'a str>,
    /// `generated_at` minus `created`, in seconds; `null` when either is unknown.
    pub age_seconds: Option<i64>,
}

/// A host of the snapshot.
#[derive(Debug, serde::Serialize)]
pub struct Host<'a> {
    pub name: &'a str,
    pub roles: Roles,
    pub tags: &'a BTreeMap<String, String>,
    pub release: Option<&'a str>,
    pub collected_at: Option<&'a str>,
    /// `generated_at` minus `collected_at`, in seconds, when both are known.
    pub age_seconds: Option<i64>,
    pub unreachable: bool,
    pub problems: &'a [String],
    /// The host's recorded command times added up, in ms (serial collection time).
    pub collection_ms: Option<u64>,
}

impl<'a> Host<'a> {
    pub fn new(host: &'a FleetHost, now: Option<i64>) -> Self {
        let collected_at = host.collected_at.as_deref();
        Host {
            name: &host.name,
            roles: host.roles,
            tags: &host.tags,
            release: host.release.as_deref(),
            collected_at,
            age_seconds: age_seconds(now, collected_at),
            unreachable: host.unreachable,
            problems: &host.problems,
            collection_ms: host.collection_ms,
        }
    }
}

/// A zone: one row of the matrix.
#[derive(Debug, serde::Serialize)]
pub struct Zone<'a> {
    pub name: &'a str,
    pub host: &'a str,
    pub brand: &'a str,
    pub state: &'a str,
    pub problem: Option<&'a str>,
}

impl<'a> From<&'a FleetZone> for Zone<'a> {
    fn from(z: &'a FleetZone) -> Self {
        Zone {
            name: &z.name,
            host: &z.host,
            brand: &z.brand,
            state: &z.state,
            problem: z.problem.as_deref(),
        }
    }
}

/// `outcomes[]`: one distinct outcome, shared by every cell pointing to it. Its texts are
/// templates ([`template`]) that each pair fills in with its own names.
#[derive(Debug, serde::Serialize)]
pub struct OutcomeRecord<'a> {
    pub verdict: &'static str,
    pub findings: Findings<'a>,
    pub coverage: Encoded<'a, Coverage<'a>>,
}

impl<'a> OutcomeRecord<'a> {
    /// `excerpts`: the fleet's evidence excerpts, cut once for every report; `once`: what
    /// outcomes share, encoded once.
    pub(crate) fn new(o: &'a Outcome, excerpts: &'a Excerpts<'a>, once: &'a EncodedOnce) -> Self {
        let coverage = match once.coverage.get(&address(&o.coverage)) {
            Some(raw) => Encoded::Raw(raw),
            None => Encoded::Value(Coverage(&o.coverage)),
        };
        OutcomeRecord {
            verdict: o.verdict.as_str(),
            findings: Findings {
                findings: &o.findings,
                excerpts,
                once,
            },
            coverage,
        }
    }
}

/// A value as it serializes, or its JSON encoded once before: for the long texts and lists
/// that many outcomes share, which would otherwise be escaped again for each.
#[derive(Debug)]
pub enum Encoded<'a, T> {
    Value(T),
    Raw(&'a RawValue),
}

impl<T: Serialize> Serialize for Encoded<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Encoded::Value(v) => v.serialize(s),
            Encoded::Raw(raw) => raw.serialize(s),
        }
    }
}

/// The JSON of what many outcomes share, encoded once: the template of each evidence
/// excerpt (by its index in [`Excerpts`]) and each distinct coverage list (by address).
#[derive(Debug, Default)]
pub(crate) struct EncodedOnce {
    evidence: Vec<Box<RawValue>>,
    coverage: HashMap<usize, Box<RawValue>>,
}

impl EncodedOnce {
    pub(crate) fn new(outcomes: &[Outcome], excerpts: &Excerpts<'_>) -> serde_json::Result<Self> {
        use rayon::prelude::*;
        let evidence = (0..excerpts.len())
            .into_par_iter()
            .map(|i| serde_json::value::to_raw_value(excerpts.template_at(i)))
            .collect::<serde_json::Result<_>>()?;
        let mut lists: HashMap<usize, &[CheckCoverage]> = HashMap::new();
        for o in outcomes {
            lists.entry(address(&o.coverage)).or_insert(&o.coverage);
        }
        let coverage = lists
            .into_par_iter()
            .map(|(at, list)| Ok((at, serde_json::value::to_raw_value(&Coverage(list))?)))
            .collect::<serde_json::Result<_>>()?;
        Ok(EncodedOnce { evidence, coverage })
    }
}

/// `text` as a Python `str.format` template: literal braces doubled, the name placeholders
/// of [`crate::engine::classes`] written `{zone}`, `{host}` (the target) and
/// `{source_host}`; borrowed when there is nothing to change. A reader gets a pair's text
/// with `text.format(zone=..., host=..., source_host=...)`.
pub fn template(text: &str) -> Cow<'_, str> {
    if !text.contains(['{', '}']) && !has_placeholder(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '{' => out.push_str("{{"),
            '}' => out.push_str("}}"),
            ZONE => out.push_str("{zone}"),
            TARGET => out.push_str("{host}"),
            SOURCE => out.push_str("{source_host}"),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// An outcome's findings, as `check --format json` shows them: `code`, `severity`,
/// `message`, and `evidence` (its excerpt, [`evidence_excerpt`](super::evidence_excerpt))
/// when there is some.
#[derive(Debug)]
pub struct Findings<'a> {
    findings: &'a [crate::rules::Finding],
    excerpts: &'a Excerpts<'a>,
    once: &'a EncodedOnce,
}

#[derive(Debug, serde::Serialize)]
struct Finding<'a> {
    code: &'a str,
    severity: &'static str,
    message: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<Encoded<'a, Cow<'a, str>>>,
}

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.findings.len()))?;
        for f in self.findings {
            let evidence = f.evidence.as_ref().map(|e| {
                let once = self
                    .excerpts
                    .index_of(e)
                    .and_then(|i| self.once.evidence.get(i));
                match once {
                    Some(raw) => Encoded::Raw(raw),
                    None => Encoded::Value(self.excerpts.template(e)),
                }
            });
            seq.serialize_element(&Finding {
                code: f.code,
                severity: f.severity.as_str(),
                message: template(&f.message),
                evidence,
            })?;
        }
        seq.end()
    }
}

/// An outcome's coverage, as `check --format json` shows it: `code`, `status` (`ran`,
/// `not_applicable`, `not_run`, `skipped`), and `reason` for the last two.
#[derive(Debug)]
pub struct Coverage<'a>(pub &'a [CheckCoverage]);

#[derive(Debug, serde::Serialize)]
struct CoverageItem<'a> {
    code: &'a str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<Cow<'a, str>>,
}

impl Serialize for Coverage<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|c| {
            let (status, reason) = match &c.status {
                CheckStatus::Ran => ("ran", None),
                CheckStatus::NotApplicable => ("not_applicable", None),
                CheckStatus::NotRun { reason } => ("not_run", Some(template(reason))),
                CheckStatus::Skipped { reason } => ("skipped", Some(template(reason))),
            };
            CoverageItem {
                code: c.code,
                status,
                reason,
            }
        }))
    }
}

/// Pairs per verdict.
#[derive(Debug, serde::Serialize)]
pub struct VerdictCounts {
    pub ok: usize,
    pub warn: usize,
    pub update: usize,
    pub unknown: usize,
    pub fail: usize,
}

impl From<&summary::VerdictCounts> for VerdictCounts {
    fn from(c: &summary::VerdictCounts) -> Self {
        VerdictCounts {
            ok: c.ok,
            warn: c.warn,
            update: c.update,
            unknown: c.unknown,
            fail: c.fail,
        }
    }
}

#[derive(Debug, serde::Serialize)]
pub struct BestHost<'a> {
    pub host: &'a str,
    pub verdict: &'static str,
    pub warnings: usize,
}

/// `summary.zones[]`.
#[derive(Debug, serde::Serialize)]
pub struct ZoneSummary<'a> {
    pub zone: &'a str,
    pub host: &'a str,
    pub movable_count: usize,
    pub evaluated: usize,
    pub best: Vec<BestHost<'a>>,
}

impl<'a> From<&'a summary::ZoneSummary> for ZoneSummary<'a> {
    fn from(z: &'a summary::ZoneSummary) -> Self {
        ZoneSummary {
            zone: &z.zone,
            host: &z.host,
            movable_count: z.movable_count,
            evaluated: z.evaluated,
            best: z
                .best
                .iter()
                .map(|b| BestHost {
                    host: &b.host,
                    verdict: b.verdict.as_str(),
                    warnings: b.warnings,
                })
                .collect(),
        }
    }
}

/// `summary.hosts[]`.
#[derive(Debug, serde::Serialize)]
pub struct HostSummary<'a> {
    pub host: &'a str,
    pub zones_it_can_take: usize,
    pub evaluated: usize,
    pub verdicts: VerdictCounts,
}

impl<'a> From<&'a summary::HostSummary> for HostSummary<'a> {
    fn from(h: &'a summary::HostSummary) -> Self {
        HostSummary {
            host: &h.host,
            zones_it_can_take: h.zones_it_can_take,
            evaluated: h.evaluated,
            verdicts: (&h.verdicts).into(),
        }
    }
}

/// `summary.reasons[]`.
#[derive(Debug, serde::Serialize)]
pub struct Reason<'a> {
    pub code: &'a str,
    pub pairs: usize,
    pub summary: &'a str,
}

impl<'a> From<&'a summary::ReasonCount> for Reason<'a> {
    fn from(r: &'a summary::ReasonCount) -> Self {
        Reason {
            code: r.code,
            pairs: r.pairs,
            summary: r.summary,
        }
    }
}

/// `requirements[]`.
#[derive(Debug, serde::Serialize)]
pub struct Requirement<'a> {
    pub requirement: &'a str,
    pub holds: bool,
    pub explanation: &'a str,
}

impl<'a> From<&'a RequirementResult> for Requirement<'a> {
    fn from(r: &'a RequirementResult) -> Self {
        Requirement {
            requirement: &r.requirement,
            holds: r.holds,
            explanation: &r.explanation,
        }
    }
}

/// `changes[]`.
#[derive(Debug, serde::Serialize)]
pub struct Change<'a> {
    pub zone: &'a str,
    pub source_host: &'a str,
    pub host: &'a str,
    /// `null` for a pair that was not in the baseline.
    pub before: Option<&'static str>,
    pub after: &'static str,
    pub direction: &'static str,
}

impl<'a> From<&'a PairChange> for Change<'a> {
    fn from(c: &'a PairChange) -> Self {
        Change {
            zone: &c.zone,
            source_host: &c.source_host,
            host: &c.host,
            before: c.before.map(|v| v.as_str()),
            after: c.after.as_str(),
            direction: super::direction_str(c.direction),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_doubles_braces() {
        assert_eq!(template("{a} }{"), "{{a}} }}{{");
    }

    #[test]
    fn template_names_each_placeholder() {
        assert_eq!(template(&format!("zone {ZONE}")), "zone {zone}");
        assert_eq!(template(&format!("to {TARGET}")), "to {host}");
        assert_eq!(template(&format!("from {SOURCE}")), "from {source_host}");
        assert_eq!(
            template(&format!("{ZONE}@{SOURCE} -> {TARGET} {{x}}")),
            "{zone}@{source_host} -> {host} {{x}}"
        );
    }

    #[test]
    fn template_borrows_plain_text() {
        assert!(matches!(
            template("plain, (text)"),
            Cow::Borrowed("plain, (text)")
        ));
        assert!(matches!(template(""), Cow::Borrowed("")));
    }
}
