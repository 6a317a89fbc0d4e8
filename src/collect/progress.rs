//! Progress of a collection on stderr: one bar per phase (hosts connected, facts
//! collected, zones detached, paths probed), never one per host. Hidden when stderr is
//! not a terminal or when the caller asks for quiet.

use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::catalogue::CATALOGUE;

/// The bars of one collection.
pub struct Progress {
    multi: MultiProgress,
    hosts: ProgressBar,
    facts: ProgressBar,
    zones: ProgressBar,
    paths: ProgressBar,
}

/// Facts run per host in pass 1 (every catalogue entry but `paths`).
fn facts_per_host() -> u64 {
    u64::try_from(CATALOGUE.len().saturating_sub(1)).unwrap_or(u64::MAX)
}

impl Progress {
    /// Bars on stderr, unless `quiet` (indicatif itself hides them when stderr is not a
    /// terminal).
    pub fn new(quiet: bool) -> Progress {
        let target = if quiet {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        };
        let multi = MultiProgress::with_draw_target(target);
        let bar = |label: &str| {
            let style = ProgressStyle::with_template(&format!(
                "{label:<16} [{{bar:30}}] {{pos:>6}}/{{len:<6}} {{elapsed:>4}} {{msg}}"
            ))
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
            let b = multi.add(ProgressBar::new(0).with_style(style));
            b.enable_steady_tick(Duration::from_millis(200));
            b
        };
        Progress {
            hosts: bar("hosts connected"),
            facts: bar("facts collected"),
            zones: bar("zones detached"),
            paths: bar("paths probed"),
            multi,
        }
    }

    /// No bars at all (library callers, tests).
    pub fn hidden() -> Progress {
        Progress::new(true)
    }

    pub fn start(&self, hosts: usize) {
        let hosts = u64::try_from(hosts).unwrap_or(u64::MAX);
        self.hosts.set_length(hosts);
        self.facts
            .set_length(hosts.saturating_mul(facts_per_host()));
    }

    pub fn host_connected(&self) {
        self.hosts.inc(1);
    }

    /// A host that could not be reached: its facts count as done (not attempted).
    pub fn host_failed(&self) {
        self.hosts.inc(1);
        self.facts.inc(facts_per_host());
        self.hosts.set_message("(some hosts unreachable)");
    }

    pub fn fact_done(&self) {
        self.facts.inc(1);
    }

    /// Zones to detach become known as the zone lists come in.
    pub fn zones_found(&self, zones: usize) {
        self.zones
            .inc_length(u64::try_from(zones).unwrap_or(u64::MAX));
    }

    pub fn zone_done(&self) {
        self.zones.inc(1);
    }

    pub fn start_paths(&self, hosts: usize) {
        self.paths
            .set_length(u64::try_from(hosts).unwrap_or(u64::MAX));
    }

    pub fn paths_done(&self) {
        self.paths.inc(1);
    }

    pub fn finish(&self) {
        for bar in [&self.hosts, &self.facts, &self.zones, &self.paths] {
            bar.finish();
        }
        let _ = self.multi.clear();
    }
}
