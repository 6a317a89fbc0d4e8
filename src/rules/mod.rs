//! The rule set.
