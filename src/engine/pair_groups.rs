//! Which candidate hosts give a zone the same `Pair` results, found without running the
//! `Pair` checks on every pair.
//!
//! A `Pair` check reads the target only through what the zone names: its interfaces and
//! links by name, its probed paths, and whether an address, zone name, zonepath, link or
//! dataset of the zone is already present there. The last kind is rare: a fleet-wide
//! index of those values lists, for each zone, the few hosts where one is present (its
//! *exceptions*); there, the checks run on the pair itself. On every other host the
//! answers are "absent", and what remains (interfaces and links by name, probed paths)
//! takes few values across a fleet: hosts that answer alike form one *group*, and the
//! checks run once per zone and group. A host lacking a fact the checks read is a group of
//! its own, since the checks' messages name it.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt, HashSet};
use rayon::prelude::*;

use super::classes::fingerprint;
use crate::facts::HostFacts;
use crate::facts::paths::PathKind;
use crate::manifest::Manifest;
use crate::rules::TargetIndex;
use crate::rules::link_users::LinkUsers;
use crate::rules::network::bare_address;
use crate::rules::storage::{fs_program, mountable};

/// What the `Pair` checks may ask a target about a zone, beyond presence of its own values.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Question {
    /// The IP interfaces named so (families, and whether lent to a zone).
    Interface(String),
    /// Whether a datalink of that name exists.
    Link(String),
    /// What the `paths` probe saw there.
    Path(String),
}

/// What the `Pair` checks can learn about a zone from one target, as a comparable value.
#[derive(Debug, Hash)]
enum Answer {
    Interfaces(Vec<(crate::facts::ifconfig::Family, bool)>),
    Link(bool),
    Present(PathKind),
    Missing,
}

/// The per-host facts the questions are answered from; `None` for a host lacking a fact
/// the `Pair` checks read.
struct Generic<'s> {
    interfaces: HashMap<&'s str, Vec<(crate::facts::ifconfig::Family, bool)>>,
    links: HashSet<&'s str>,
    paths: &'s crate::facts::paths::Paths,
}

impl<'s> Generic<'s> {
    fn new(facts: &'s HostFacts, index: &TargetIndex<'s>) -> Option<Self> {
        let (Ok(_), Ok(dladm), Ok(_), Ok(paths)) =
            (&facts.zones, &facts.dladm, &facts.zfs, &facts.paths)
        else {
            return None;
        };
        let mut interfaces: HashMap<&str, Vec<_>> = HashMap::new();
        for i in index.interfaces().ok()? {
            interfaces
                .entry(i.physical)
                .or_default()
                .push((i.family, i.zone.is_none()));
        }
        for v in interfaces.values_mut() {
            v.sort();
            v.dedup();
        }
        Some(Generic {
            interfaces,
            links: dladm.iter().map(|l| l.name.as_str()).collect(),
            paths,
        })
    }

    /// `None`: the answer names the host (a path it could not examine or did not probe).
    fn answer(&self, question: &Question) -> Option<Answer> {
        Some(match question {
            Question::Interface(p) => {
                Answer::Interfaces(self.interfaces.get(p.as_str()).cloned().unwrap_or_default())
            }
            Question::Link(p) => Answer::Link(self.links.contains(p.as_str())),
            Question::Path(p) => match self.paths.present.get(p) {
                Some(entry) => Answer::Present(entry.kind),
                None if self.paths.missing.contains(p) => Answer::Missing,
                None => return None,
            },
        })
    }
}

/// Columns (indexes into the matrix's candidate columns) per value.
type Holders<'s> = HashMap<&'s str, Vec<u32>>;

/// Where the zone-specific values are present across the fleet, and each column's
/// answers to the other questions.
struct FleetIndex<'s> {
    zone_names: Holders<'s>,
    addresses: Holders<'s>,
    /// Links that a non-global zone uses ([`LinkUsers`]).
    busy_links: Holders<'s>,
    datasets: Holders<'s>,
    /// Zonepaths of non-global zones, trailing slashes trimmed.
    zonepaths: BTreeMap<&'s str, Vec<u32>>,
    generic: Vec<Option<Generic<'s>>>,
}

impl<'s> FleetIndex<'s> {
    /// `targets[c]` and `indexes[c]`: the facts and lookups of column `c`.
    fn new(targets: &[&'s HostFacts], indexes: &[TargetIndex<'s>]) -> Self {
        let mut ix = FleetIndex {
            zone_names: HashMap::new(),
            addresses: HashMap::new(),
            busy_links: HashMap::new(),
            datasets: HashMap::new(),
            zonepaths: BTreeMap::new(),
            generic: Vec::with_capacity(targets.len()),
        };
        for (column, (facts, index)) in targets.iter().zip(indexes).enumerate() {
            let c = u32::try_from(column).unwrap_or(u32::MAX);
            // Columns come in order: a column is listed once however often it holds a value.
            let hold = |cols: &mut Vec<u32>| {
                if cols.last() != Some(&c) {
                    cols.push(c);
                }
            };
            let add = |map: &mut Holders<'s>, key: &'s str| hold(map.entry(key).or_default());
            for z in facts.zones.iter().flatten() {
                add(&mut ix.zone_names, &z.name);
                if !z.is_global() {
                    hold(
                        ix.zonepaths
                            .entry(z.zonepath.trim_end_matches('/'))
                            .or_default(),
                    );
                }
            }
            for i in index.interfaces().into_iter().flatten() {
                add(&mut ix.addresses, i.address);
            }
            for config in facts.zone_configs.values().flatten() {
                for n in &config.networks {
                    if let Some(a) = n.address.as_deref() {
                        add(&mut ix.addresses, bare_address(a));
                    }
                }
            }
            // The links the link checks find a user of: the index they look in says.
            for link in index.link_users().into_iter().flat_map(LinkUsers::links) {
                add(&mut ix.busy_links, link);
            }
            for name in facts.zfs.iter().flat_map(|z| z.datasets.keys()) {
                add(&mut ix.datasets, name);
            }
            ix.generic.push(Generic::new(facts, index));
        }
        ix
    }

    /// The sorted columns where a value of the zone is present: the pairs the `Pair`
    /// checks must see whole.
    fn exceptions(&self, name: &str, m: &Manifest) -> Vec<u32> {
        let mut out = Vec::new();
        let mut add = |cols: Option<&Vec<u32>>| out.extend(cols.into_iter().flatten());
        add(self.zone_names.get(name));
        for n in &m.networks {
            if let Some(a) = n.address.as_deref() {
                add(self.addresses.get(bare_address(a)));
            }
            if m.zone.is_exclusive_ip() {
                add(self.busy_links.get(n.physical.as_str()));
            }
        }
        for d in &m.datasets {
            add(self.datasets.get(d.name.as_str()));
        }
        for fs in m.filesystems.iter().filter(|f| f.fs_type == "zfs") {
            add(self.datasets.get(fs.special.as_str()));
        }
        // Zonepaths overlap when one is the other or lies below it.
        let ours = m.zone.zonepath.trim_end_matches('/');
        for (i, _) in ours.match_indices('/') {
            add(self.zonepaths.get(&ours[..i]));
        }
        add(self.zonepaths.get(ours));
        let below = format!("{ours}/");
        for (path, cols) in self.zonepaths.range(below.as_str()..) {
            if !path.starts_with(&below) {
                break;
            }
            add(Some(cols));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Groups the columns by their answers to `questions`: a group id per column, and the
    /// number of groups. Hosts lacking a fact, or whose answer names them, are groups of
    /// their own.
    fn groups(&self, questions: &Questions) -> Grouping {
        let mut ids: HashMap<u128, u32> = HashMap::new();
        let mut count = 0u32;
        let mut fresh = || {
            count += 1;
            count - 1
        };
        let of_column = self
            .generic
            .iter()
            .map(|g| {
                let answers: Option<Vec<Answer>> = g
                    .as_ref()
                    .and_then(|g| questions.0.iter().map(|q| g.answer(q)).collect());
                match answers {
                    Some(a) => *ids.entry(fingerprint(&a)).or_insert_with(&mut fresh),
                    None => fresh(),
                }
            })
            .collect();
        Grouping {
            of_column,
            count: count as usize,
        }
    }
}

/// The host groups of one set of questions.
struct Grouping {
    of_column: Vec<u32>,
    count: usize,
}

/// How the `Pair` checks are shared in a matrix: per row, its exceptions and which
/// grouping of the columns applies.
pub(super) struct PairPlan {
    /// Per row (`None`: no manifest): its grouping and its exception columns, sorted.
    rows: Vec<Option<(usize, Vec<u32>)>>,
    /// Per distinct set of questions.
    groupings: Vec<Grouping>,
}

/// Where a row's cell stands in the plan.
pub(super) enum Sharing {
    /// Checked on its own.
    Exception,
    /// Shares the result of its group (of `groups` for this row).
    Group { group: usize, groups: usize },
}

impl PairPlan {
    /// `targets[c]` and `indexes[c]`: the facts and lookups of column `c`; `rows[r]`: the
    /// zone name and manifest of row `r`.
    pub(super) fn new(
        targets: &[&HostFacts],
        indexes: &[TargetIndex<'_>],
        rows: &[Option<(&str, &Manifest)>],
    ) -> PairPlan {
        let index = FleetIndex::new(targets, indexes);
        let planned: Vec<Option<(Questions, Vec<u32>)>> = rows
            .par_iter()
            .map(|row| {
                let (name, m) = (*row)?;
                Some((Questions::of(m), index.exceptions(name, m)))
            })
            .collect();
        let mut ids: HashMap<Questions, usize> = HashMap::new();
        let mut distinct: Vec<Questions> = Vec::new();
        let rows = planned
            .into_iter()
            .map(|plan| {
                let (questions, exceptions) = plan?;
                let id = *ids.entry(questions).or_insert_with_key(|q| {
                    distinct.push(q.clone());
                    distinct.len() - 1
                });
                Some((id, exceptions))
            })
            .collect();
        let groupings = distinct.par_iter().map(|q| index.groups(q)).collect();
        PairPlan { rows, groupings }
    }

    /// How the cell at (`row`, `column`) is checked; `None` when the row has no manifest.
    pub(super) fn sharing(&self, row: usize, column: usize) -> Option<Sharing> {
        let (grouping, exceptions) = self.rows.get(row)?.as_ref()?;
        let c = u32::try_from(column).unwrap_or(u32::MAX);
        if exceptions.binary_search(&c).is_ok() {
            return Some(Sharing::Exception);
        }
        let grouping = self.groupings.get(*grouping)?;
        Some(Sharing::Group {
            group: *grouping.of_column.get(column)? as usize,
            groups: grouping.count,
        })
    }
}

/// The questions of one zone, sorted: zones asking the same share their grouping.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Questions(Vec<Question>);

impl Questions {
    fn of(m: &Manifest) -> Questions {
        let mut q = Vec::new();
        for n in &m.networks {
            q.push(Question::Interface(n.physical.clone()));
            if m.zone.is_exclusive_ip() {
                q.push(Question::Link(n.physical.clone()));
            }
        }
        for dir in &m.inherited_pkg_dirs {
            q.push(Question::Path(dir.clone()));
        }
        // What the storage checks probe: see `rules::storage::paths_to_probe`, and raw
        // devices of every file system (ZM303 looks at those whatever the type).
        for fs in mountable(m) {
            q.push(Question::Path(fs.special.clone()));
            q.push(Question::Path(fs_program(&fs.fs_type, "mount")));
            q.push(Question::Path(fs_program(&fs.fs_type, "fsck")));
        }
        for fs in &m.filesystems {
            if let Some(raw) = fs.raw.as_deref().filter(|r| !r.is_empty()) {
                q.push(Question::Path(raw.to_string()));
            }
        }
        q.sort();
        q.dedup();
        Questions(q)
    }
}
