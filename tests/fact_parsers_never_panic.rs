//! Host fact parsers read whatever a host (or a hand-assembled snapshot) put in a file, so
//! no input may make them panic, and a complaint must name a line that exists.
//!
//! Three kinds of input: arbitrary text, a soup of the tokens the formats are made of
//! (which reaches far deeper into the parsers than random text does), and real outputs
//! from the fixtures with random edits.

use proptest::prelude::*;

use zonescan::collect::RawFact;
use zonescan::facts::{
    ParseError, brands, default_brand, dispadmin, dladm, ifconfig, ipadm, memory, paths, pooladm,
    ppriv, psrinfo, rctladm, release, showrev, uname, zfs, zoneadm_list,
};

/// Runs every parser on `raw` and returns the error line of each that failed.
fn parse_all(raw: &RawFact) -> Vec<(&'static str, ParseError)> {
    fn check<T>(
        name: &'static str,
        r: Result<T, ParseError>,
    ) -> Option<(&'static str, ParseError)> {
        r.err().map(|e| (name, e))
    }
    [
        check("uname", uname::parse(raw)),
        check("release", release::parse(raw)),
        check("zoneadm_list", zoneadm_list::parse(raw)),
        check("brands", brands::parse(raw)),
        check("default_brand", default_brand::parse(raw)),
        check("ifconfig", ifconfig::parse(raw)),
        check("ipadm", ipadm::parse(raw)),
        check("dladm", dladm::parse(raw)),
        check("zfs", zfs::parse(raw)),
        check("psrinfo", psrinfo::parse(raw)),
        check("memory", memory::parse(raw)),
        check("pooladm", pooladm::parse(raw)),
        check("rctladm", rctladm::parse(raw)),
        check("ppriv", ppriv::parse(raw)),
        check("dispadmin", dispadmin::parse(raw)),
        check("showrev", showrev::parse(raw)),
        check("paths", paths::parse(raw)),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Every error names line 0 (the whole output) or a line of stdout.
fn errors_name_real_lines(raw: &RawFact) -> Result<(), TestCaseError> {
    let lines = raw.stdout.lines().count();
    for (parser, error) in parse_all(raw) {
        prop_assert!(
            error.line <= lines,
            "{parser}: line {} of a {lines}-line output ({error})",
            error.line
        );
    }
    Ok(())
}

/// Real stdout of each fact.
const SEEDS: &[&str] = &[
    include_str!("fixtures/facts/brands/s10.out"),
    include_str!("fixtures/facts/default-brand/s10.xml"),
    include_str!("fixtures/facts/default-brand/ipkg.xml"),
    include_str!("fixtures/facts/dispadmin/s10.out"),
    include_str!("fixtures/facts/dladm-link/s10.out"),
    include_str!("fixtures/facts/dladm-link/s11.out"),
    include_str!("fixtures/facts/dladm-link/illumos.out"),
    include_str!("fixtures/facts/dladm-link/s11-parseable.out"),
    include_str!("fixtures/facts/ifconfig/s10-shared-ip.out"),
    include_str!("fixtures/facts/ifconfig/s11.out"),
    include_str!("fixtures/facts/ipadm-addr/s11.out"),
    include_str!("fixtures/facts/memory/s11-sparc.out"),
    include_str!("fixtures/facts/paths/solaris.out"),
    include_str!("fixtures/facts/paths/gnu.out"),
    include_str!("fixtures/facts/pooladm/active.out"),
    include_str!("fixtures/facts/ppriv/s10.out"),
    include_str!("fixtures/facts/psrinfo/mixed.out"),
    include_str!("fixtures/facts/rctladm/s10.out"),
    include_str!("fixtures/facts/release/s10-1-13-sparc.out"),
    include_str!("fixtures/facts/showrev/s10.out"),
    include_str!("fixtures/facts/uname-a/s10.out"),
    include_str!("fixtures/facts/zfs-list/s11.out"),
    include_str!("fixtures/facts/zoneadm-list/s10-later.out"),
    include_str!("fixtures/facts/zoneadm-list/s11.out"),
];

/// Real stderr of the facts parsed whatever their exit status.
const ERR_SEEDS: &[&str] = &[
    include_str!("fixtures/facts/paths/solaris.err"),
    include_str!("fixtures/facts/paths/gnu.err"),
    include_str!("fixtures/facts/pooladm/inactive.err"),
];

/// The pieces the formats are made of, plus a few that break them.
const TOKENS: &[&str] = &[
    "\n",
    "\n",
    "\n",
    " ",
    " ",
    "\t",
    "\t",
    "\r\n",
    ":",
    ":",
    "\\",
    "\\:",
    "/",
    ",",
    "-",
    "--",
    "=",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "'",
    "\"",
    "0",
    "1",
    "13,",
    "255",
    "99999999999999999999",
    "é",
    "\u{0}",
    "SunOS",
    "5.10",
    "s10s_u11wos_24a",
    "s10x_wos",
    "global",
    "running",
    "excl",
    "shared",
    "/usr/lib/brand/",
    "/config.xml",
    "<zone",
    " brand=\"",
    "\"/>",
    "</zone>",
    "<!DOCTYPE zone [<!ENTITY x \"y\">]>",
    "&x;",
    ": flags=",
    "<UP,IPv4>",
    "<IPv6>",
    "inet",
    "inet6",
    "zone",
    "tunnel",
    "type:",
    "mtu:",
    "device:",
    "aggregation:",
    "LINK",
    "CLASS",
    "OVER",
    "ZONE",
    "BRIDGE",
    "filesystem",
    "snapshot",
    "on",
    "off",
    "on-line",
    "no-intr",
    "Memory size:",
    "Megabytes",
    "Terabytes",
    "system",
    "pool",
    "pool ",
    "pooladm:",
    "zone.max-lwps",
    "syslog=off",
    "no-basic",
    "proc_info",
    "CONFIGURED CLASSES",
    "====",
    "FSS",
    "(Fair Share)",
    "Patch:",
    "147147-26",
    "Obsoletes:",
    "Packages:",
    "total",
    "drwx------",
    "crw-rw-rw-",
    "root",
    "Jan",
    "12",
    "10:15",
    "2019",
    "/zones/web01",
    "No such file or directory",
    "ls: cannot access ",
    "'/a'\\''b'",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..80).prop_map(|t| t.concat())
}

/// A seed with random insertions, deletions and an optional cut, at character positions.
fn mutated() -> impl Strategy<Value = String> {
    (
        prop::sample::select([SEEDS, ERR_SEEDS].concat()),
        prop::collection::vec(
            (any::<prop::sample::Index>(), prop::sample::select(TOKENS)),
            0..6,
        ),
        prop::collection::vec(any::<prop::sample::Index>(), 0..4),
        prop::option::of(any::<prop::sample::Index>()),
    )
        .prop_map(|(seed, inserts, deletes, cut)| {
            let mut chars: Vec<char> = seed.chars().collect();
            for (at, token) in inserts {
                let at = at.index(chars.len() + 1);
                chars.splice(at..at, token.chars());
            }
            for at in deletes {
                if !chars.is_empty() {
                    chars.remove(at.index(chars.len()));
                }
            }
            if let Some(cut) = cut {
                chars.truncate(cut.index(chars.len() + 1));
            }
            chars.into_iter().collect()
        })
}

fn exit_code() -> impl Strategy<Value = i32> {
    prop_oneof![Just(0), Just(1), Just(2), any::<i32>()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text(stdout in any::<String>(), stderr in any::<String>(), exit in exit_code()) {
        errors_name_real_lines(&RawFact { stdout, stderr, exit })?;
    }

    #[test]
    fn token_soup(stdout in soup(), stderr in soup(), exit in exit_code()) {
        errors_name_real_lines(&RawFact { stdout, stderr, exit })?;
    }

    #[test]
    fn edited_real_outputs(stdout in mutated(), stderr in mutated(), exit in exit_code()) {
        errors_name_real_lines(&RawFact { stdout, stderr, exit })?;
    }
}

#[test]
fn every_seed_is_accepted_by_some_parser() {
    // Guards the mutation strategy: if no parser accepted a seed, its edits would only
    // ever exercise error paths.
    for seed in SEEDS {
        let raw = RawFact {
            stdout: (*seed).to_string(),
            ..RawFact::default()
        };
        assert!(
            parse_all(&raw).len() < 17,
            "no parser accepts the seed {seed:?}"
        );
    }
}
