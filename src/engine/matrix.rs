//! Evaluates the whole matrix in parallel: every selected zone of a source host against
//! every candidate host. The result does not depend on the thread count or on the order
//! of hosts in the snapshot: rows and columns are sorted, and each cell depends only on
//! its zone and its host.
//!
//! By default the work is shared by equivalence classes ([`super::classes`]): `Class`
//! checks run once per (zone class, source class, target class), `Zone` checks once per
//! (zone, target DTD), and only `Pair` checks run for every pair. Equal outcomes are
//! stored once. With `no_dedup`, every rule runs on every pair from scratch; the two give
//! the same result (a test holds them to it).

use foldhash::{HashMap, HashMapExt};
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::classes::{self, Names, SOURCE, TARGET, ZONE};
use super::fleet::{Cell, FleetResult, FleetZone};
use super::interner::{Interner, intern, renumber};
use super::load::{LoadedHost, LoadedSnapshot, LoadedZone};
use super::pair_groups::{PairPlan, Sharing};
use super::policy::apply_policy;
use super::stage::{Stage, assemble};
use super::{Outcome, ZoneSubject, outcome_from_scratch, unreadable};
use crate::facts::HostFacts;
use crate::inventory::Policy;
use crate::manifest::Manifest;
use crate::rules::{Pair, PairCache, Scope, TargetIndex};

/// Decides which zones become rows (the inventory's zone selection).
pub type ZoneFilter<'a> = dyn Fn(&FleetZone, &LoadedHost) -> bool + Sync + 'a;

/// What to evaluate and how.
pub struct MatrixOptions<'a> {
    /// Which zones become rows (the inventory's zone selection); all when `None`.
    pub zone_filter: Option<&'a ZoneFilter<'a>>,
    pub policy: &'a Policy,
    /// Runs every rule on every pair from scratch, sharing nothing (`--no-dedup`).
    pub no_dedup: bool,
}

/// The fleet laid out as a matrix: hosts sorted by name, candidate columns, zone rows.
struct Layout<'s> {
    hosts: Vec<&'s LoadedHost>,
    columns: Vec<usize>,
    /// (index into `hosts` of the zone's host, the zone).
    rows: Vec<(usize, &'s LoadedZone)>,
}

impl<'s> Layout<'s> {
    fn new(snapshot: &'s LoadedSnapshot, options: &MatrixOptions<'_>) -> Self {
        let mut hosts: Vec<&LoadedHost> = snapshot.hosts.iter().collect();
        hosts.sort_by(|a, b| a.info.name.cmp(&b.info.name));
        let columns = hosts
            .iter()
            .enumerate()
            .filter(|(_, h)| h.info.roles.candidate)
            .map(|(i, _)| i)
            .collect();
        let mut rows: Vec<(usize, &LoadedZone)> = hosts
            .iter()
            .enumerate()
            .filter(|(_, h)| h.info.roles.source)
            .flat_map(|(i, h)| h.zones.iter().map(move |z| (i, z)))
            .filter(|(i, z)| {
                options
                    .zone_filter
                    .is_none_or(|keep| keep(&z.info, hosts[*i]))
            })
            .collect();
        rows.sort_by(|(_, a), (_, b)| {
            (&a.info.name, &a.info.host).cmp(&(&b.info.name, &b.info.host))
        });
        Layout {
            hosts,
            columns,
            rows,
        }
    }

    fn names(&self, row: usize, column: usize) -> Names<'s> {
        let (source, zone) = self.rows[row];
        Names {
            zone: &zone.info.name,
            target: &self.hosts[self.columns[column]].info.name,
            source: &self.hosts[source].info.name,
        }
    }
}

/// Wall time of the phases of an evaluation, in order.
pub type Timings = Vec<(&'static str, Duration)>;

/// Builds the matrix from a loaded snapshot. Host roles must already be final.
pub fn evaluate_matrix(snapshot: &LoadedSnapshot, options: &MatrixOptions<'_>) -> FleetResult {
    evaluate_matrix_timed(snapshot, options).0
}

/// [`evaluate_matrix`], with the time its phases took.
pub fn evaluate_matrix_timed(
    snapshot: &LoadedSnapshot,
    options: &MatrixOptions<'_>,
) -> (FleetResult, Timings) {
    let mut timings = Timings::new();
    let layout = Layout::new(snapshot, options);
    let (cells, mut outcomes) = if options.no_dedup {
        let start = Instant::now();
        let result = every_pair(&layout);
        timings.push(("every rule on every pair", start.elapsed()));
        result
    } else {
        by_class(&layout, &mut timings)
    };
    let start = Instant::now();
    outcomes
        .par_iter_mut()
        .for_each(|o| apply_policy(options.policy, o));
    let cells = with_verdicts(cells, &outcomes);
    timings.push(("policy and verdicts", start.elapsed()));
    let fleet = FleetResult {
        snapshot: snapshot.info.clone(),
        hosts: layout.hosts.iter().map(|h| h.info.clone()).collect(),
        zones: layout.rows.iter().map(|(_, z)| z.info.clone()).collect(),
        columns: layout.columns,
        cells,
        outcomes,
    };
    (fleet, timings)
}

/// The cells with the verdicts of their (final) outcomes.
fn with_verdicts(mut cells: Vec<Cell>, outcomes: &[Outcome]) -> Vec<Cell> {
    cells.par_iter_mut().for_each(|cell| {
        if let Cell::Pair { verdict, outcome } = cell
            && let Some(o) = usize::try_from(*outcome).ok().and_then(|i| outcomes.get(i))
        {
            *verdict = o.verdict;
        }
    });
    cells
}

/// Every rule on every pair, from scratch.
fn every_pair(layout: &Layout<'_>) -> (Vec<Cell>, Vec<Outcome>) {
    fill(
        layout,
        |row, column, local: &mut HashMap<Outcome, u32>, shared| {
            let (source, zone) = layout.rows[row];
            let names = layout.names(row, column);
            let subject = ZoneSubject {
                name: names.zone,
                manifest: zone.manifest.as_ref().map_err(String::as_str),
                entire: zone.entire.as_ref(),
            };
            let target = &layout.hosts[layout.columns[column]].facts;
            let source = &layout.hosts[source].facts;
            let outcome = outcome_from_scratch(&subject, target, Some(source), &names);
            intern(local, shared, outcome, Outcome::clone)
        },
    )
}

/// Fills every cell, rows in parallel: `self` on the zone's own host, otherwise the outcome
/// `outcome_of(row, column, row state, shared interner)` stores; then numbers the outcomes
/// in order of first use.
fn fill<K: Hash + Eq + Clone + Send, L: Default>(
    layout: &Layout<'_>,
    outcome_of: impl Fn(usize, usize, &mut L, &Mutex<Interner<K>>) -> u32 + Sync,
) -> (Vec<Cell>, Vec<Outcome>) {
    let shared = Mutex::new(Interner::<K>::new());
    let mut cells: Vec<Cell> = layout
        .rows
        .par_iter()
        .enumerate()
        // Rows cost very different amounts (a zone whose values are present on many hosts
        // is checked there pair by pair, and such zones sit together): small pieces let
        // idle threads take over the rest.
        .with_max_len(4)
        .flat_map_iter(|(row, &(source, _))| {
            let mut local = L::default();
            let (shared, outcome_of) = (&shared, &outcome_of);
            (0..layout.columns.len())
                .map(move |column| {
                    if layout.columns[column] == source {
                        return Cell::SelfHost;
                    }
                    Cell::Pair {
                        verdict: super::Verdict::Unknown,
                        outcome: outcome_of(row, column, &mut local, shared),
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let outcomes = shared.into_inner().map(|s| s.outcomes).unwrap_or_default();
    let outcomes = renumber(&mut cells, outcomes);
    (cells, outcomes)
}

/// Interned host views of one kind, one per class.
struct Classes<V> {
    /// Class of each host (index into `Layout::hosts`).
    of_host: Vec<usize>,
    views: Vec<V>,
    /// The first host of each class.
    first: Vec<usize>,
}

impl<V: Send> Classes<V> {
    /// Groups `items` by the fingerprint `view` gives, keeping the first view of each.
    fn group<T: Sync>(items: &[T], view: impl Fn(&T) -> (u128, V) + Sync + Send) -> Self {
        let keyed: Vec<(u128, V)> = items.par_iter().map(view).collect();
        let mut index: HashMap<u128, usize> = HashMap::new();
        let (mut views, mut first) = (Vec::new(), Vec::new());
        let of_host = keyed
            .into_iter()
            .enumerate()
            .map(|(i, (key, v))| {
                *index.entry(key).or_insert_with(|| {
                    views.push(v);
                    first.push(i);
                    views.len() - 1
                })
            })
            .collect();
        Classes {
            of_host,
            views,
            first,
        }
    }
}

/// A zone's class view, with its `entire` as the view shows it.
struct ZoneView {
    manifest: Manifest,
    entire: Option<crate::facts::Fact<crate::version::ips::Fmri>>,
}

/// How a pair's outcome is told apart from others.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Unreadable(String),
    Staged {
        /// Index of the pair's `Class` stage.
        class: u32,
        /// Its `Zone` stage, among the distinct ones.
        zone: u32,
        /// Its `Pair` stage, among the distinct ones.
        pair: u32,
        /// Whether the target's name sorts before the source's ("could not run" findings
        /// are ordered by host name).
        target_first: bool,
    },
}

/// Distinct stages, numbered as first stored.
#[derive(Default)]
struct Stages {
    ids: HashMap<Arc<Stage>, u32>,
    /// By number.
    all: Vec<Arc<Stage>>,
}

impl Stages {
    fn id(&mut self, stage: Stage) -> (u32, Arc<Stage>) {
        if let Some((shared, &id)) = self.ids.get_key_value(&stage) {
            return (id, shared.clone());
        }
        let id = u32::try_from(self.all.len()).unwrap_or(u32::MAX);
        let stage = Arc::new(stage);
        self.ids.insert(stage.clone(), id);
        self.all.push(stage.clone());
        (id, stage)
    }
}

/// What a row remembers while its cells are filled.
#[derive(Default)]
struct RowCache {
    outcomes: HashMap<Key, u32>,
    /// The `Pair` stage of each host group of the row's zone.
    groups: HashMap<usize, (u32, Arc<Stage>)>,
    /// Outcome by (column kind, host group, target first), for hosts without exceptions:
    /// the common case, looked up without hashing.
    table: Vec<u32>,
    /// The outcome of every cell of a row that cannot be checked (no manifest).
    unreadable: Option<u32>,
}

/// The default evaluation, by equivalence classes.
fn by_class(layout: &Layout<'_>, timings: &mut Timings) -> (Vec<Cell>, Vec<Outcome>) {
    let start = Instant::now();
    let hosts = &layout.hosts;
    let host_classes = Classes::group(hosts, |h| {
        let view = classes::host_view(&h.facts, TARGET);
        (classes::host_class(&view), view)
    });
    // The same views named as the source, from each class's first host.
    let source_views: Vec<HostFacts> = host_classes
        .first
        .iter()
        .map(|&h| classes::host_view(&hosts[h].facts, SOURCE))
        .collect();
    let dtd_classes = Classes::group(hosts, |h| {
        let view = classes::dtd_view(&h.facts);
        (classes::fingerprint(&view.dtd), view)
    });

    // Zone classes, and the (zone class, source class) combinations the rows hold.
    let zone_keys: Vec<Option<(u128, ZoneView)>> = layout
        .rows
        .par_iter()
        .map(|(_, z)| {
            let m = z.manifest.as_ref().ok()?;
            let manifest = classes::zone_view(m);
            let entire = classes::entire_view(z.entire.as_ref());
            let key = classes::zone_class(&manifest, entire.as_ref());
            Some((key, ZoneView { manifest, entire }))
        })
        .collect();
    let mut combos: HashMap<(u128, usize), usize> = HashMap::new();
    let mut combo_views: Vec<(ZoneView, usize)> = Vec::new();
    let row_combo: Vec<Option<usize>> = zone_keys
        .into_iter()
        .zip(&layout.rows)
        .map(|(keyed, &(source, _))| {
            let (key, view) = keyed?;
            let source_class = host_classes.of_host[source];
            Some(*combos.entry((key, source_class)).or_insert_with(|| {
                combo_views.push((view, source_class));
                combo_views.len() - 1
            }))
        })
        .collect();

    // Column classes, numbered densely so stages sit in plain vectors.
    let dense = |of_host: &[usize]| -> (Vec<usize>, Vec<usize>) {
        let mut seen: HashMap<usize, usize> = HashMap::new();
        let mut reps = Vec::new();
        let per_column = layout
            .columns
            .iter()
            .map(|&h| {
                *seen.entry(of_host[h]).or_insert_with(|| {
                    reps.push(of_host[h]);
                    reps.len() - 1
                })
            })
            .collect();
        (per_column, reps)
    };
    let (column_class, target_reps) = dense(&host_classes.of_host);
    let (column_dtd, dtd_reps) = dense(&dtd_classes.of_host);

    timings.push(("classes: views and classes", start.elapsed()));
    let start = Instant::now();
    let zone_name = ZONE.to_string();
    let class_stages: Vec<Stage> = (0..combo_views.len() * target_reps.len())
        .into_par_iter()
        .map(|i| {
            let (zone, source_class) = &combo_views[i / target_reps.len()];
            let target = &host_classes.views[target_reps[i % target_reps.len()]];
            let cache = PairCache::default();
            let pair = Pair {
                zone: &zone_name,
                manifest: &zone.manifest,
                zone_entire: zone.entire.as_ref(),
                target,
                source: Some(&source_views[*source_class]),
                cache: &cache,
                index: None,
            };
            Stage::run(&pair, Some(Scope::Class))
        })
        .collect();
    timings.push(("classes: class checks", start.elapsed()));
    let start = Instant::now();
    // Zone stages are mostly alike (nothing wrong with the zone itself): numbered by
    // content, so that outcomes are shared across zones.
    let mut zone_set = Stages::default();
    let zone_stage_ids: Vec<u32> = (0..layout.rows.len() * dtd_reps.len())
        .into_par_iter()
        .map(|i| {
            let (_, zone) = layout.rows[i / dtd_reps.len()];
            let Ok(manifest) = &zone.manifest else {
                return Stage::default();
            };
            let cache = PairCache::default();
            let pair = Pair {
                zone: &zone_name,
                manifest,
                zone_entire: None,
                target: &dtd_classes.views[dtd_reps[i % dtd_reps.len()]],
                source: None,
                cache: &cache,
                index: None,
            };
            Stage::run(&pair, Some(Scope::Zone))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|stage| zone_set.id(stage).0)
        .collect();
    let zone_stages = zone_set.all;

    timings.push(("classes: zone checks", start.elapsed()));
    let start = Instant::now();
    // What the pair checks look up on each target, once per column rather than per pair,
    // and which hosts answer alike for each zone.
    let indexes: Vec<TargetIndex<'_>> = layout
        .columns
        .par_iter()
        .map(|&h| TargetIndex::new(&hosts[h].facts))
        .collect();
    let column_facts: Vec<&HostFacts> = layout.columns.iter().map(|&h| &hosts[h].facts).collect();
    let rows: Vec<Option<(&str, &Manifest)>> = layout
        .rows
        .iter()
        .map(|(_, z)| Some((z.info.name.as_str(), z.manifest.as_ref().ok()?)))
        .collect();
    let plan = PairPlan::new(&column_facts, &indexes, &rows);
    timings.push(("classes: host groups for pair checks", start.elapsed()));
    let start = Instant::now();
    let (targets, dtds) = (target_reps.len(), dtd_reps.len());
    // Columns alike in target class and DTD class are one kind: within a row, a cell's
    // outcome depends only on its kind, its host group and the order of the host names.
    let mut kind_ids: HashMap<(usize, usize), u32> = HashMap::new();
    let column_kind: Vec<u32> = (0..layout.columns.len())
        .map(|c| {
            let next = u32::try_from(kind_ids.len()).unwrap_or(u32::MAX);
            *kind_ids
                .entry((column_class[c], column_dtd[c]))
                .or_insert(next)
        })
        .collect();
    let kinds = kind_ids.len();
    let pair_set = Mutex::new(Stages::default());
    let result = fill(layout, |row, column, local: &mut RowCache, shared| {
        let (source, zone) = layout.rows[row];
        let (Ok(manifest), Some(combo), Some(sharing)) =
            (&zone.manifest, row_combo[row], plan.sharing(row, column))
        else {
            // The whole row is unreadable: its key is built once, not per cell.
            if let Some(id) = local.unreadable {
                return id;
            }
            let reason = zone.manifest.as_ref().err().map_or("", String::as_str);
            let id = intern(
                &mut local.outcomes,
                shared,
                Key::Unreadable(reason.to_string()),
                |_| unreadable(reason),
            );
            local.unreadable = Some(id);
            return id;
        };
        // Hosts are sorted by name, so their indexes order them.
        let target_first = layout.columns[column] < source;
        let slot = match sharing {
            Sharing::Exception => None,
            Sharing::Group { group, groups } => {
                if local.table.is_empty() {
                    local.table = vec![u32::MAX; kinds * groups * 2];
                }
                let slot = ((column_kind[column] as usize * groups + group) << 1)
                    | usize::from(target_first);
                if let Some(&id) = local.table.get(slot).filter(|&&id| id != u32::MAX) {
                    return id;
                }
                Some(slot)
            }
        };
        let names = layout.names(row, column);
        let run = || {
            let cache = PairCache::default();
            let pair = Pair {
                zone: names.zone,
                manifest,
                zone_entire: zone.entire.as_ref(),
                target: &layout.hosts[layout.columns[column]].facts,
                source: Some(&layout.hosts[source].facts),
                cache: &cache,
                index: Some(&indexes[column]),
            };
            let stage = Stage::run(&pair, Some(Scope::Pair));
            pair_set
                .lock()
                .map(|mut set| set.id(stage))
                .unwrap_or_else(|_| (u32::MAX, Arc::default()))
        };
        // A host where a value of the zone is present is checked on its own; the others
        // share their group's result.
        let (pair_id, pair_stage) = match sharing {
            Sharing::Exception => run(),
            Sharing::Group { group, .. } => local.groups.entry(group).or_insert_with(run).clone(),
        };
        let class = combo * targets + column_class[column];
        let zone_id = zone_stage_ids[row * dtds + column_dtd[column]];
        let key = Key::Staged {
            class: u32::try_from(class).unwrap_or(u32::MAX),
            zone: zone_id,
            pair: pair_id,
            target_first,
        };
        let id = intern(&mut local.outcomes, shared, key, |_| {
            assemble(
                &[
                    &class_stages[class],
                    zone_stages[zone_id as usize].as_ref(),
                    pair_stage.as_ref(),
                ],
                &names,
            )
        });
        if let Some(entry) = slot.and_then(|slot| local.table.get_mut(slot)) {
            *entry = id;
        }
        id
    });
    timings.push(("per-pair checks and outcomes", start.elapsed()));
    result
}
