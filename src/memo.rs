//! [`Memo`]: a value computed once per distinct input, shared between threads.
//!
//! A fleet repeats itself: hosts at one patch level carry byte-identical package dumps
//! (`gen-fleet` writes them as hard links to one file) and zones cloned from one image carry the same inventory.
//! Loading a snapshot parses each distinct input once and clones or shares the result.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use foldhash::fast::RandomState;

/// Values by the exact bytes of their input. The key is one or more byte strings (a fact's
/// output, its error output, its exit status...), compared in full on lookup: a hash
/// collision costs a comparison, never a wrong value. Each key's value is computed once,
/// even when threads ask for it at the same time.
pub struct Memo<V> {
    /// Seeded per memo, so that no input can be crafted to fill one bucket.
    state: RandomState,
    entries: Mutex<HashMap<u64, Vec<Entry<V>>>>,
}

struct Entry<V> {
    key: Box<[Box<[u8]>]>,
    value: Arc<OnceLock<V>>,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo {
            state: RandomState::default(),
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl<V: Clone> Memo<V> {
    /// The value for `key`, computed by `compute` the first time the key is seen.
    pub fn get_or_compute(&self, key: &[&[u8]], compute: impl FnOnce() -> V) -> V {
        let hash = hash_parts(&self.state, key);
        let cell = {
            // A poisoned lock (a panic elsewhere) only costs the sharing.
            let Ok(mut entries) = self.entries.lock() else {
                return compute();
            };
            let bucket = entries.entry(hash).or_default();
            match bucket.iter().find(|e| same_key(&e.key, key)) {
                Some(e) => e.value.clone(),
                None => {
                    let value = Arc::new(OnceLock::new());
                    bucket.push(Entry {
                        key: key.iter().map(|part| Box::from(*part)).collect(),
                        value: value.clone(),
                    });
                    value
                }
            }
        };
        // Computed outside the lock, so that distinct keys are computed in parallel; a
        // second thread asking for the same key waits for the first.
        cell.get_or_init(compute).clone()
    }

    /// How many distinct keys were seen.
    pub fn len(&self) -> usize {
        self.entries
            .lock()
            .map_or(0, |entries| entries.values().map(Vec::len).sum())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn hash_parts(state: &RandomState, parts: &[&[u8]]) -> u64 {
    let mut hasher = state.build_hasher();
    for part in parts {
        // The length keeps ("ab", "c") and ("a", "bc") apart.
        hasher.write_usize(part.len());
        hasher.write(part);
    }
    hasher.finish()
}

fn same_key(stored: &[Box<[u8]>], key: &[&[u8]]) -> bool {
    stored.len() == key.len() && stored.iter().zip(key).all(|(a, b)| **a == **b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn computes_once_per_distinct_key() {
        let memo: Memo<usize> = Memo::default();
        let calls = AtomicUsize::new(0);
        let get = |key: &[&[u8]]| {
            memo.get_or_compute(key, || {
                calls.fetch_add(1, Ordering::SeqCst);
                key.iter().map(|p| p.len()).sum()
            })
        };
        assert_eq!(get(&[b"ab", b"c"]), 3);
        assert_eq!(get(&[b"ab", b"c"]), 3);
        assert_eq!(get(&[b"a", b"bc"]), 3);
        assert_eq!(get(&[b"abc"]), 3);
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        assert_eq!(memo.len(), 3);
    }

    #[test]
    fn threads_share_one_computation() {
        let memo: Memo<Arc<String>> = Memo::default();
        let calls = AtomicUsize::new(0);
        let values: Vec<Arc<String>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| {
                    s.spawn(|| {
                        memo.get_or_compute(&[b"same"], || {
                            calls.fetch_add(1, Ordering::SeqCst);
                            Arc::new("value".to_string())
                        })
                    })
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        assert_eq!(values.len(), 8);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert!(values.iter().all(|v| Arc::ptr_eq(v, &values[0])));
    }
}
