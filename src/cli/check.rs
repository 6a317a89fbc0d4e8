//! `zonescan check`: one manifest against one host directory.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};

use zonescan::collect::RawHost;
use zonescan::engine::{ZoneSubject, evaluate_pair};
use zonescan::facts::{HostFacts, zone_entire};
use zonescan::manifest::parse::MAX_MANIFEST_BYTES;
use zonescan::manifest::parse_manifest;
use zonescan::report::check::{render_json, render_solaris, render_text};

use super::{Exit, print_stdout};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Verdict, findings with evidence, coverage.
    Text,
    /// One JSON object with status, findings and coverage.
    Json,
    /// The software differences exactly as `zoneadm attach -n` prints them.
    Solaris,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The zone's manifest (`zoneadm -z ZONE detach -n` output), or - for stdin.
    #[arg(long, value_name = "FILE|-")]
    manifest: PathBuf,
    /// The candidate host: a snapshot host directory (hosts/<name>/ with facts/*.out).
    #[arg(long, value_name = "DIR")]
    host: PathBuf,
    /// The zone's current host, for the release and platform comparisons.
    #[arg(long, value_name = "DIR")]
    source_host: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

fn read_manifest(path: &Path) -> anyhow::Result<Vec<u8>> {
    let limit = MAX_MANIFEST_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .take(limit)
            .read_to_end(&mut bytes)
            .context("reading the manifest from standard input")?;
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(limit).read_to_end(&mut bytes))
            .with_context(|| format!("reading manifest {}", path.display()))?;
    }
    Ok(bytes)
}

fn load_host(dir: &Path) -> anyhow::Result<RawHost> {
    RawHost::read(dir).with_context(|| format!("reading host directory {}", dir.display()))
}

pub fn run(args: &CheckArgs) -> anyhow::Result<Exit> {
    let bytes = read_manifest(&args.manifest)?;
    let shown = if args.manifest.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        args.manifest.display().to_string()
    };
    let manifest = match parse_manifest(&bytes) {
        Ok(m) => m,
        Err(e) => bail!("{shown}: {e}"),
    };
    let target_raw = load_host(&args.host)?;
    let target = HostFacts::from_raw(&target_raw);
    let source_raw = args.source_host.as_deref().map(load_host).transpose()?;
    let source = source_raw.as_ref().map(HostFacts::from_raw);

    // The zone image's `entire` is recorded in the source host's zone directory.
    let zone_name = manifest.zone.name.clone();
    let entire = source_raw.as_ref().map(|raw| zone_entire(raw, &zone_name));
    let subject = ZoneSubject {
        name: &zone_name,
        manifest: Ok(&manifest),
        entire: entire.as_ref(),
    };
    let result = evaluate_pair(&subject, &target, source.as_ref());
    let source_name = source.as_ref().map(|s| s.name.as_str());
    let text = match args.format {
        Format::Text => render_text(&result, source_name),
        Format::Json => render_json(&result, source_name)?,
        Format::Solaris => match render_solaris(&manifest, &target) {
            Some(text) => text,
            None => bail!(
                "{}: the target's SVR4 package database facts are unavailable",
                args.host.display()
            ),
        },
    };
    print_stdout(&text)?;
    Ok(if result.verdict.is_movable() {
        Exit::Success
    } else {
        Exit::Failure
    })
}
