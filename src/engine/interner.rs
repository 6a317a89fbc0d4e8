//! Distinct outcomes of a matrix, each stored once: rows look their keys up in a cache of
//! their own first, then in the interner all rows share.

use std::hash::Hash;
use std::sync::Mutex;

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::fleet::Cell;
use super::{CheckCoverage, Outcome};

/// Distinct outcomes, numbered in the order they were first stored.
pub(super) struct Interner<K> {
    ids: HashMap<K, u32>,
    pub(super) outcomes: Vec<Outcome>,
    /// The distinct coverage lists: outcomes far outnumber them, and each is 38 entries.
    coverages: HashSet<Arc<[CheckCoverage]>>,
}

impl<K: Hash + Eq> Interner<K> {
    pub(super) fn new() -> Self {
        Interner {
            ids: HashMap::new(),
            outcomes: Vec::new(),
            coverages: HashSet::new(),
        }
    }

    fn get(&self, key: &K) -> Option<u32> {
        self.ids.get(key).copied()
    }

    fn insert(&mut self, key: K, outcome: impl FnOnce() -> Outcome) -> u32 {
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = u32::try_from(self.outcomes.len()).unwrap_or(u32::MAX);
        let mut outcome = outcome();
        match self.coverages.get(&*outcome.coverage) {
            Some(shared) => outcome.coverage = shared.clone(),
            None => {
                self.coverages.insert(outcome.coverage.clone());
            }
        }
        self.outcomes.push(outcome);
        self.ids.insert(key, id);
        id
    }
}

/// Looks `key` up in a row's own cache, then in the shared interner, and stores the
/// outcome `make` gives when it is new. Outcome ids depend on which thread stores first;
/// [`renumber`] makes them deterministic afterwards.
pub(super) fn intern<K: Hash + Eq + Clone>(
    local: &mut HashMap<K, u32>,
    shared: &Mutex<Interner<K>>,
    key: K,
    make: impl FnOnce(&K) -> Outcome,
) -> u32 {
    if let Some(&id) = local.get(&key) {
        return id;
    }
    let found = shared.lock().ok().and_then(|s| s.get(&key));
    let id = match found {
        Some(id) => id,
        None => {
            // Assembled outside the lock; if another row stored the key meanwhile, its
            // outcome (an equal one) is kept.
            let outcome = make(&key);
            match shared.lock() {
                Ok(mut s) => s.insert(key.clone(), || outcome),
                Err(_) => u32::MAX,
            }
        }
    };
    local.insert(key, id);
    id
}

/// Renumbers outcomes in order of first use, row by row, so that the result does not
/// depend on which thread stored an outcome first.
pub(super) fn renumber(cells: &mut [Cell], outcomes: Vec<Outcome>) -> Vec<Outcome> {
    let mut new_id = vec![u32::MAX; outcomes.len()];
    let mut order = Vec::with_capacity(outcomes.len());
    for cell in cells.iter_mut() {
        if let Cell::Pair { outcome, .. } = cell {
            let old = *outcome as usize;
            if let Some(slot) = new_id.get_mut(old) {
                if *slot == u32::MAX {
                    *slot = u32::try_from(order.len()).unwrap_or(u32::MAX);
                    order.push(old);
                }
                *outcome = *slot;
            }
        }
    }
    let mut outcomes: Vec<Option<Outcome>> = outcomes.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|old| outcomes.get_mut(old).and_then(Option::take))
        .collect()
}
