//! Helpers shared by integration tests (`mod common;`). Each test crate uses only some of
//! them, hence the dead_code allowance.
#![allow(dead_code)]

pub mod dispatcher;
pub mod emuhost;
pub mod grouped_csv;
pub mod report_json;
pub mod sshd;
pub mod sshfleet;
