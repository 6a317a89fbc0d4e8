//! Content-check results of child lists that documents share.
//!
//! A native zone's root holds thousands of `<package>` and `<patch>` children, and zones
//! cloned from one image hold the same list, parsed into one shared `Arc`. Matching it
//! against a content model costs a step per child, so the result is kept per list and
//! per element declaration: a fleet checks each distinct list once per distinct DTD.

use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

/// Lists shorter than this are checked every time: they are cheap, and rarely shared.
pub const SHARED_LIST_MIN: usize = 64;

/// At most this many lists are kept: lists that are not shared would only fill it.
const MAX_KEPT: usize = 4096;

/// A list, kept so that the address keying it stays its own, and its result.
type Kept = (Arc<[String]>, Option<String>);

/// Results by the address of their list.
#[derive(Default)]
pub struct ListChecks(Mutex<HashMap<usize, Kept>>);

impl ListChecks {
    /// What `check` gives for `list`, computed the first time this list is seen (every time
    /// for a short list).
    pub fn get_or_check(
        &self,
        list: &Arc<[String]>,
        check: impl FnOnce() -> Option<String>,
    ) -> Option<String> {
        if list.len() < SHARED_LIST_MIN {
            return check();
        }
        let key = Arc::as_ptr(list).cast::<()>() as usize;
        if let Ok(kept) = self.0.lock()
            && let Some((_, result)) = kept.get(&key)
        {
            return result.clone();
        }
        // Checked outside the lock; two threads may both check a new list, alike.
        let result = check();
        if let Ok(mut kept) = self.0.lock()
            && kept.len() < MAX_KEPT
        {
            kept.insert(key, (list.clone(), result.clone()));
        }
        result
    }
}

/// A cache: a copy starts empty.
impl Clone for ListChecks {
    fn clone(&self) -> Self {
        ListChecks::default()
    }
}

/// A cache does not make declarations differ.
impl PartialEq for ListChecks {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for ListChecks {}

impl Hash for ListChecks {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

impl fmt::Debug for ListChecks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ListChecks")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(n: usize) -> Arc<[String]> {
        (0..n).map(|i| format!("e{i}")).collect()
    }

    #[test]
    fn a_list_is_checked_once_and_another_list_again() {
        let checks = ListChecks::default();
        let (a, b) = (list(100), list(100));
        let mut runs = 0;
        for l in [&a, &a, &b, &a] {
            let got = checks.get_or_check(l, || {
                runs += 1;
                Some(format!("{}", l.len()))
            });
            assert_eq!(got.as_deref(), Some("100"));
        }
        // Equal contents, distinct lists: b is checked on its own.
        assert_eq!(runs, 2);
    }

    #[test]
    fn copies_start_empty_and_compare_equal() {
        let checks = ListChecks::default();
        let a = list(100);
        checks.get_or_check(&a, || None);
        let copy = checks.clone();
        let mut ran = false;
        copy.get_or_check(&a, || {
            ran = true;
            None
        });
        assert!(ran);
        assert_eq!(checks, copy);
    }
}
