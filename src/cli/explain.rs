//! `zonescan explain CODE`.

use anyhow::bail;

use super::{Exit, print_stdout};

pub fn run(code: &str) -> anyhow::Result<Exit> {
    match zonescan::report::rules::render_explanation(code) {
        Some(text) => print_stdout(&text),
        None => bail!("unknown rule code or name {code:?} (zonescan rules lists them)"),
    }
}
