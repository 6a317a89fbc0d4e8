//! Renders results for people and programs. Every renderer returns bytes (a `String`);
//! writing them out is the caller's business.

pub mod check;
pub mod rules;
pub mod time;
