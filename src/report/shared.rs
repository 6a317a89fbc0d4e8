//! What several fleet reports derive from the distinct outcomes, computed once per run and
//! shared by every writer ([`Shared`]): evidence excerpts and the pairs of each outcome.
//! Work here is per distinct outcome or per distinct evidence text, never per pair, so that
//! ten million pairs cost no more text handling than the outcomes they share.

use std::borrow::Cow;
use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

use super::json_types::template;
use super::{ChangeIndex, ReportInput, evidence_excerpt};
use crate::engine::{Cell, FleetResult};

/// The evidence excerpts of a fleet ([`evidence_excerpt`]), cut once per distinct evidence
/// text: outcomes share their evidence (one software report stands behind every zone of a
/// class on a target), so this is far less than once per outcome, let alone per pair.
/// Their placeholders are still to be filled in per pair.
#[derive(Debug)]
pub(crate) struct Excerpts<'a> {
    /// Index into `cut` by the address of the shared text.
    by_text: HashMap<usize, usize>,
    cut: Vec<Excerpt<'a>>,
}

#[derive(Debug)]
struct Excerpt<'a> {
    cut: Cow<'a, str>,
    /// The excerpt as a `str.format` template ([`template`]), when that differs from it.
    template: Option<String>,
}

/// The key of a text or list that outcomes share: its address, which every outcome holding
/// the same `Arc` shares (equal addresses, equal contents).
pub(crate) fn address<T: ?Sized>(shared: &Arc<T>) -> usize {
    Arc::as_ptr(shared).cast::<u8>() as usize
}

impl<'a> Excerpts<'a> {
    pub(crate) fn new(fleet: &'a FleetResult) -> Self {
        let mut by_text = HashMap::new();
        let mut texts: Vec<&'a str> = Vec::new();
        for f in fleet.outcomes.iter().flat_map(|o| &o.findings) {
            if let Some(e) = &f.evidence {
                by_text.entry(address(e)).or_insert_with(|| {
                    texts.push(e);
                    texts.len() - 1
                });
            }
        }
        let cut = texts
            .par_iter()
            .map(|text| {
                let cut = evidence_excerpt(text);
                let template = match template(&cut) {
                    Cow::Borrowed(_) => None,
                    Cow::Owned(t) => Some(t),
                };
                Excerpt { cut, template }
            })
            .collect();
        Excerpts { by_text, cut }
    }

    /// The number of distinct excerpts.
    pub(crate) fn len(&self) -> usize {
        self.cut.len()
    }

    /// The index of an evidence text's excerpt, `0..len()`.
    pub(crate) fn index_of(&self, evidence: &Arc<str>) -> Option<usize> {
        self.by_text.get(&address(evidence)).copied()
    }

    /// The excerpt of index `i` (`""` past the end).
    pub(crate) fn cut_at(&self, i: usize) -> &str {
        self.cut.get(i).map_or("", |e| &e.cut)
    }

    /// The template of the excerpt of index `i` (`""` past the end).
    pub(crate) fn template_at(&self, i: usize) -> &str {
        self.cut
            .get(i)
            .map_or("", |e| e.template.as_deref().unwrap_or(&e.cut))
    }

    fn get(&self, evidence: &Arc<str>) -> Option<&Excerpt<'a>> {
        self.index_of(evidence).and_then(|i| self.cut.get(i))
    }

    /// The excerpt of an evidence text of the fleet's outcomes (the text itself, uncut,
    /// for one from elsewhere).
    pub(crate) fn cut<'s>(&'s self, evidence: &'s Arc<str>) -> &'s str {
        self.get(evidence).map_or(evidence, |e| &e.cut)
    }

    /// The excerpt as a `str.format` template, as `report.json` writes it.
    pub(crate) fn template<'s>(&'s self, evidence: &'s Arc<str>) -> Cow<'s, str> {
        match self.get(evidence) {
            Some(Excerpt {
                template: Some(t), ..
            }) => Cow::Borrowed(t),
            Some(e) => Cow::Borrowed(&e.cut),
            None => template(evidence_excerpt(evidence).as_ref())
                .into_owned()
                .into(),
        }
    }
}

/// The number of pairs pointing to each outcome, by outcome index.
pub(crate) fn outcome_pairs(fleet: &FleetResult) -> Vec<usize> {
    let n = fleet.outcomes.len();
    fleet
        .cells
        .par_chunks(1 << 16)
        .fold(
            || vec![0usize; n],
            |mut counts, chunk| {
                for cell in chunk {
                    if let Cell::Pair { outcome, .. } = cell
                        && let Some(c) = usize::try_from(*outcome)
                            .ok()
                            .and_then(|i| counts.get_mut(i))
                    {
                        *c += 1;
                    }
                }
                counts
            },
        )
        .reduce(
            || vec![0usize; n],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                a
            },
        )
}

/// What the writers of one run share, computed once.
pub(crate) struct Shared<'a> {
    pub(crate) excerpts: Excerpts<'a>,
    pub(crate) changes: ChangeIndex<'a>,
}

impl<'a> Shared<'a> {
    pub(crate) fn new(fleet: &'a FleetResult, input: &ReportInput<'a>) -> Self {
        Shared {
            excerpts: Excerpts::new(fleet),
            changes: ChangeIndex::new(input.changes),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::engine::{Outcome, Verdict};
    use crate::report::EVIDENCE_LINES;
    use crate::report::test_fleet::{big_fleet, finding};
    use crate::rules::Severity;

    #[test]
    fn shared_evidence_is_cut_once_and_templated() {
        let mut f = big_fleet(2, 2);
        let long: String = (0..EVIDENCE_LINES + 3)
            .map(|i| format!("{{{i}}}\n"))
            .collect();
        let text: Arc<str> = long.into();
        let mut with = finding("ZM105", Severity::Error, "downgrade");
        with.evidence = Some(text.clone());
        for _ in 0..2 {
            f.push_outcome(Outcome {
                verdict: Verdict::Fail,
                findings: vec![with.clone()],
                coverage: Vec::new().into(),
            });
        }
        let e = Excerpts::new(&f);
        assert_eq!(e.cut.len(), 1, "one excerpt for two outcomes");
        let cut = e.cut(&text);
        assert_eq!(cut.lines().count(), EVIDENCE_LINES + 1);
        assert!(cut.starts_with("{0}\n"));
        assert!(e.template(&text).starts_with("{{0}}\n{{1}}\n"));
    }

    #[test]
    fn counts_the_pairs_of_each_outcome() {
        let f = big_fleet(4, 3);
        let counts = outcome_pairs(&f);
        assert_eq!(counts.len(), f.outcomes.len());
        assert_eq!(counts.iter().sum::<usize>(), f.pair_count());
        assert!(
            counts.iter().all(|&c| c == 1),
            "big_fleet stores one per pair"
        );
    }
}
