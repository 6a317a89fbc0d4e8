//! Evaluates the whole matrix in parallel: every selected zone of a source host against
//! every candidate host. The result does not depend on the thread count or on the order
//! of hosts in the snapshot: rows and columns are sorted, and each cell depends only on
//! its zone and its host.

use rayon::prelude::*;

use super::fleet::{Cell, FleetResult, FleetZone};
use super::load::{LoadedHost, LoadedSnapshot};
use super::policy::apply_policy;
use std::collections::HashMap;

use super::{ZoneSubject, evaluate_pair_shared};
use crate::inventory::Policy;
use crate::rules::{NativeCache, SharedNative};
use crate::software::{Inventory, ZoneLayout};

/// Decides which zones become rows (the inventory's zone selection).
pub type ZoneFilter<'a> = dyn Fn(&FleetZone, &LoadedHost) -> bool + Sync + 'a;

/// What to evaluate and how.
pub struct MatrixOptions<'a> {
    /// Which zones become rows (the inventory's zone selection); all when `None`.
    pub zone_filter: Option<&'a ZoneFilter<'a>>,
    pub policy: &'a Policy,
}

/// Builds the matrix from a loaded snapshot. Host roles must already be final.
pub fn evaluate_matrix(snapshot: &LoadedSnapshot, options: &MatrixOptions<'_>) -> FleetResult {
    let mut hosts: Vec<&LoadedHost> = snapshot.hosts.iter().collect();
    hosts.sort_by(|a, b| a.info.name.cmp(&b.info.name));
    let columns: Vec<usize> = hosts
        .iter()
        .enumerate()
        .filter(|(_, h)| h.info.roles.candidate)
        .map(|(i, _)| i)
        .collect();
    let mut rows: Vec<(&LoadedHost, &super::load::LoadedZone)> = hosts
        .iter()
        .filter(|h| h.info.roles.source)
        .flat_map(|h| h.zones.iter().map(move |z| (*h, z)))
        .filter(|(h, z)| options.zone_filter.is_none_or(|keep| keep(&z.info, h)))
        .collect();
    rows.sort_by(|(_, a), (_, b)| (&a.info.name, &a.info.host).cmp(&(&b.info.name, &b.info.host)));

    // Zones with the same inventory and layout form one software class: the native
    // comparison is computed once per class and target, and shared.
    let mut classes: HashMap<(&Inventory, ZoneLayout), usize> = HashMap::new();
    let row_class: Vec<usize> = rows
        .iter()
        .map(|(_, z)| match &z.manifest {
            Ok(m) => {
                let next = classes.len();
                *classes.entry((&m.inventory, m.layout())).or_insert(next)
            }
            Err(_) => usize::MAX,
        })
        .collect();
    let native_cache = NativeCache::default();
    let (hosts_ref, columns_ref, cache) = (&hosts, &columns, &native_cache);
    let cells: Vec<Cell> = rows
        .par_iter()
        .zip(row_class.par_iter())
        .flat_map_iter(|((source, zone), &class)| {
            let subject = ZoneSubject {
                name: &zone.info.name,
                manifest: zone.manifest.as_ref().map_err(String::as_str),
                entire: zone.entire.as_ref(),
            };
            columns_ref.iter().map(move |&c| {
                let target = hosts_ref[c];
                if target.info.name == source.info.name {
                    return Cell::SelfHost;
                }
                let shared = SharedNative {
                    cache,
                    class,
                    target: c,
                };
                let mut result = evaluate_pair_shared(
                    &subject,
                    &target.facts,
                    Some(&source.facts),
                    Some(shared),
                );
                apply_policy(options.policy, &mut result);
                Cell::Pair(result)
            })
        })
        .collect();

    FleetResult {
        snapshot: snapshot.info.clone(),
        hosts: hosts.iter().map(|h| h.info.clone()).collect(),
        zones: rows.iter().map(|(_, z)| z.info.clone()).collect(),
        columns,
        cells,
    }
}
