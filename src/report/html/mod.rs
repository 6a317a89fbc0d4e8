//! `report.html`: one self-contained page for people, opened from a mail or a ticket with
//! no network. Everything is inline (CSS, JS, data) and a Content-Security-Policy forbids
//! any request. The summary (header, verdict counts, blocking reasons, requirements) is
//! rendered by an auto-escaping askama template, so it reads and prints without script;
//! the matrix, the tables and the pair details are drawn by the page's script from the
//! embedded data ([`model`] as JSON, [`pack`] for the per-pair data).
//!
//! The page never creates an element per pair: a canvas overview and a grid that renders
//! only the visible cells, with details looked up on demand. The output depends only on
//! its inputs, like every fleet report.

pub mod model;
mod names;
pub mod pack;
mod sha256;

use std::io::{self, Write};

use askama::Template;

use super::ReportInput;
use super::shared::Shared;
use super::summary::FleetSummary;
use super::time::format_age;
use crate::engine::FleetResult;
use crate::gate::Direction;
use model::Meta;
use pack::{CELL_CODES, pack};

/// The glyph of each cell code ([`CELL_CODES`] order), so that no verdict is told by
/// colour alone.
pub const GLYPHS: [&str; 6] = ["✓", "!", "↑", "?", "✗", "·"];

/// The page's stylesheet and scripts, in load order. They are plain files so that they
/// can be read and linted as CSS and JS; the template inserts them verbatim.
const CSS: &str = include_str!("assets/report.css");
const SCRIPTS: [&str; 6] = [
    include_str!("assets/data.js"),
    include_str!("assets/filter.js"),
    include_str!("assets/grid.js"),
    include_str!("assets/overview.js"),
    include_str!("assets/panels.js"),
    include_str!("assets/main.js"),
];

/// The policy of the page: its own script (by hash, so that no other script or inline
/// event handler runs), inline styles, `data:` images, and no request of any kind.
pub fn csp(script: &str) -> String {
    use base64::Engine as _;
    let hash = base64::engine::general_purpose::STANDARD.encode(sha256::sha256(script.as_bytes()));
    format!(
        "default-src 'none'; script-src 'sha256-{hash}'; style-src 'unsafe-inline'; \
         img-src data:; base-uri 'none'; form-action 'none'"
    )
}

/// A verdict count of the header.
struct Count {
    code: &'static str,
    glyph: &'static str,
    count: usize,
}

struct Unreachable<'a> {
    host: &'a str,
    problem: &'a str,
}

struct Reason<'a> {
    code: &'a str,
    pairs: usize,
    summary: &'a str,
    /// Its share of the pairs, in percent with one decimal, for the bar beside it.
    share: String,
}

struct Requirement<'a> {
    index: usize,
    holds: bool,
    requirement: &'a str,
    explanation: &'a str,
}

#[derive(Template)]
#[template(path = "report.html")]
struct Page<'a> {
    csp: String,
    css: &'static str,
    script: String,
    title: String,
    generated_at: &'a str,
    created: &'a str,
    age: Option<String>,
    tool: &'a str,
    hosts: usize,
    candidates: usize,
    zones: usize,
    pairs: usize,
    counts: Vec<Count>,
    unreachable: Vec<Unreachable<'a>>,
    /// Reachable hosts with some collection problem.
    hosts_with_problems: usize,
    reasons: Vec<Reason<'a>>,
    requirements: Vec<Requirement<'a>>,
    baseline: bool,
    worse: usize,
    better: usize,
    meta: Meta<'a>,
    cells: String,
    index: String,
    dict: String,
}

/// Writes the HTML text of `report.html`.
pub fn write_html(
    out: impl Write,
    fleet: &FleetResult,
    summary: &FleetSummary,
    input: &ReportInput<'_>,
) -> io::Result<()> {
    write_html_shared(out, fleet, summary, input, &Shared::new(fleet, input))
}

/// [`write_html`] with what the reports share already computed.
pub(crate) fn write_html_shared(
    out: impl Write,
    fleet: &FleetResult,
    summary: &FleetSummary,
    input: &ReportInput<'_>,
    shared: &Shared<'_>,
) -> io::Result<()> {
    let packed = pack(fleet, &shared.changes, &shared.excerpts)?;
    let mut out = out;
    render(&mut out, fleet, summary, input, packed)?;
    out.flush()
}

fn render(
    out: &mut dyn Write,
    fleet: &FleetResult,
    summary: &FleetSummary,
    input: &ReportInput<'_>,
    packed: pack::Packed,
) -> io::Result<()> {
    let meta = Meta::new(fleet, summary, input, packed.coverage);
    let counts = summary
        .verdicts
        .in_order()
        .into_iter()
        .zip(CELL_CODES.iter().zip(GLYPHS))
        .map(|(count, (code, glyph))| Count { code, glyph, count })
        .collect();
    let created = fleet.snapshot.created.as_deref().unwrap_or("unknown");
    let age = meta.snapshot.age_seconds.map(|a| {
        if a < 0 {
            format!("{} in the future: check the clocks", format_age(-a))
        } else {
            format!("{} old", format_age(a))
        }
    });
    let count_direction = |d: Direction| input.changes.iter().filter(|c| c.direction == d).count();
    let script = SCRIPTS.concat();
    let page = Page {
        csp: csp(&script),
        css: CSS,
        script,
        title: format!(
            "{} zones x {} hosts, snapshot {created}",
            fleet.zones.len(),
            fleet.columns.len()
        ),
        generated_at: input.generated_at,
        created,
        age,
        tool: fleet.snapshot.tool.as_deref().unwrap_or("unknown"),
        hosts: fleet.hosts.len(),
        candidates: fleet.columns.len(),
        zones: fleet.zones.len(),
        pairs: summary.pairs,
        counts,
        unreachable: fleet
            .hosts
            .iter()
            .filter(|h| h.unreachable)
            .map(|h| Unreachable {
                host: &h.name,
                problem: h.problems.first().map_or("", String::as_str),
            })
            .collect(),
        hosts_with_problems: fleet
            .hosts
            .iter()
            .filter(|h| !h.unreachable && !h.problems.is_empty())
            .count(),
        reasons: summary
            .reasons
            .iter()
            .map(|r| Reason {
                code: r.code,
                pairs: r.pairs,
                summary: r.summary,
                share: format!(
                    "{:.1}",
                    r.pairs as f64 * 100.0 / summary.pairs.max(1) as f64
                ),
            })
            .collect(),
        requirements: input
            .requirements
            .iter()
            .enumerate()
            .map(|(index, r)| Requirement {
                index,
                holds: r.holds,
                requirement: &r.requirement,
                explanation: &r.explanation,
            })
            .collect(),
        baseline: input.baseline,
        worse: count_direction(Direction::Worse),
        better: count_direction(Direction::Better),
        meta,
        cells: packed.cells,
        index: packed.index,
        dict: packed.dict,
    };
    page.write_into(out)
}

#[cfg(test)]
mod tests;
