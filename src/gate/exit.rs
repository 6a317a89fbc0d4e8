//! The exit status of a fleet run, from the requirements, the changes and the unknowns.

use std::str::FromStr;

use super::{Direction, PairChange, RequirementResult};

/// How many `unknown` pairs a run tolerates: a count, or a percentage of all pairs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MaxUnknown {
    Pairs(usize),
    Percent(f64),
}

/// A `--max-unknown` value that is neither `N` nor `N%`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a number of pairs (N) or a percentage of pairs (N%)")]
pub struct MaxUnknownError(String);

impl FromStr for MaxUnknown {
    type Err = MaxUnknownError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || MaxUnknownError(s.to_string());
        match s.strip_suffix('%') {
            Some(p) => {
                let p: f64 = p.trim().parse().map_err(|_| bad())?;
                if (0.0..=100.0).contains(&p) {
                    Ok(MaxUnknown::Percent(p))
                } else {
                    Err(bad())
                }
            }
            None => s.trim().parse().map(MaxUnknown::Pairs).map_err(|_| bad()),
        }
    }
}

impl MaxUnknown {
    /// Whether `unknown` of `pairs` is more than allowed.
    pub fn exceeded(self, unknown: usize, pairs: usize) -> bool {
        match self {
            MaxUnknown::Pairs(n) => unknown > n,
            // Rounded down: 10% of 15 pairs allows 1 unknown pair, not 1.5.
            MaxUnknown::Percent(p) => {
                let allowed = (p * pairs as f64 / 100.0).floor() as usize;
                unknown > allowed
            }
        }
    }
}

/// What a fleet run concludes, in exit-status order of precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateOutcome {
    /// Every requirement holds (exit 0).
    Pass,
    /// A requirement fails, or a pair got worse under `--fail-on-regression` (exit 1).
    Fail,
    /// More pairs are unknown than `--max-unknown` allows (exit 3): the data cannot carry
    /// a decision, whatever the requirements say.
    Incomplete,
}

/// Decides the outcome of a run.
pub fn decide(
    requirements: &[RequirementResult],
    changes: &[PairChange],
    fail_on_regression: bool,
    unknown_pairs: usize,
    pairs: usize,
    max_unknown: Option<MaxUnknown>,
) -> GateOutcome {
    if max_unknown.is_some_and(|m| m.exceeded(unknown_pairs, pairs)) {
        return GateOutcome::Incomplete;
    }
    let regressed = fail_on_regression && changes.iter().any(|c| c.direction == Direction::Worse);
    if regressed || requirements.iter().any(|r| !r.holds) {
        GateOutcome::Fail
    } else {
        GateOutcome::Pass
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Verdict;

    fn req(holds: bool) -> RequirementResult {
        RequirementResult {
            requirement: "move a -> b".into(),
            holds,
            explanation: String::new(),
            pairs: Default::default(),
        }
    }

    fn change(direction: Direction) -> PairChange {
        PairChange {
            zone: "a".into(),
            source_host: "h1".into(),
            host: "h2".into(),
            before: Some(Verdict::Ok),
            after: Verdict::Fail,
            direction,
        }
    }

    #[test]
    fn max_unknown_parses_counts_and_percentages() {
        assert_eq!("3".parse(), Ok(MaxUnknown::Pairs(3)));
        assert_eq!("2.5%".parse(), Ok(MaxUnknown::Percent(2.5)));
        assert!("x".parse::<MaxUnknown>().is_err());
        assert!("120%".parse::<MaxUnknown>().is_err());
        assert!(MaxUnknown::Pairs(3).exceeded(4, 100));
        assert!(!MaxUnknown::Pairs(3).exceeded(3, 100));
        assert!(MaxUnknown::Percent(10.0).exceeded(11, 100));
        assert!(!MaxUnknown::Percent(10.0).exceeded(10, 100));
    }

    #[test]
    fn outcomes() {
        assert_eq!(
            decide(&[req(true)], &[], false, 0, 10, None),
            GateOutcome::Pass
        );
        assert_eq!(
            decide(&[req(false)], &[], false, 0, 10, None),
            GateOutcome::Fail
        );
        let worse = [change(Direction::Worse)];
        assert_eq!(decide(&[], &worse, false, 0, 10, None), GateOutcome::Pass);
        assert_eq!(decide(&[], &worse, true, 0, 10, None), GateOutcome::Fail);
        let better = [change(Direction::Better)];
        assert_eq!(decide(&[], &better, true, 0, 10, None), GateOutcome::Pass);
        let max = Some(MaxUnknown::Pairs(1));
        assert_eq!(
            decide(&[req(false)], &[], false, 2, 10, max),
            GateOutcome::Incomplete
        );
        assert_eq!(decide(&[], &[], false, 1, 10, max), GateOutcome::Pass);
    }
}
