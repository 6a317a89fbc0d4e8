//! Pair evaluation.
