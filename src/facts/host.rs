//! [`HostFacts`]: every fact of one host, parsed once.

use std::collections::BTreeMap;

use super::shared::Parsers;
use super::{
    Fact, FactError, FactProblem, ParseError, brands, default_brand, dispadmin, dladm, dtd,
    ifconfig, ipadm, ips, memory, paths, pooladm, ppriv, psrinfo, rctladm, release, showrev, svr4,
    uname, zfs, zoneadm_list,
};
use crate::collect::catalogue::OnNonZero;
use crate::collect::{FactId, RawFact, RawHost};
use crate::manifest::{Manifest, ManifestError, parse_manifest};
use crate::version::ips::Fmri;

/// The `/etc/zones/<zone>.xml` of a zone already on a host.
pub type ZoneConfig = Result<Manifest, ManifestError>;

/// The parsed facts of one host.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HostFacts {
    pub name: String,
    pub uname: Fact<uname::Uname>,
    pub release: Fact<release::Release>,
    pub zones: Fact<Vec<zoneadm_list::ZoneEntry>>,
    pub brands: Fact<brands::Brands>,
    pub default_brand: Fact<default_brand::DefaultBrand>,
    pub dtd: Fact<dtd::Dtd>,
    pub ifconfig: Fact<Vec<ifconfig::Interface>>,
    pub ipadm: Fact<Vec<ipadm::IpadmAddr>>,
    pub dladm: Fact<Vec<dladm::Datalink>>,
    pub zfs: Fact<zfs::ZfsList>,
    pub cpus: Fact<psrinfo::Cpus>,
    pub memory: Fact<memory::Memory>,
    pub pools: Fact<pooladm::Pools>,
    pub rctls: Fact<rctladm::Rctls>,
    pub privileges: Fact<ppriv::Privileges>,
    pub sched_classes: Fact<dispadmin::SchedClasses>,
    /// Combined from the four `svr4-*` facts.
    pub svr4: Fact<svr4::Svr4Db>,
    pub showrev: Fact<Vec<showrev::ShowrevPatch>>,
    pub ips_entire: Fact<Fmri>,
    pub paths: Fact<paths::Paths>,
    /// `config.xml` of zones present on this host, by zone name.
    pub zone_configs: BTreeMap<String, ZoneConfig>,
}

impl HostFacts {
    /// Parses every fact of a host directory.
    pub fn from_raw(raw: &RawHost) -> HostFacts {
        HostFacts::parse(raw, None)
    }

    /// [`HostFacts::from_raw`], with each distinct output parsed once across the hosts
    /// loaded with `parsers`.
    pub fn from_raw_shared(raw: &RawHost, parsers: &Parsers) -> HostFacts {
        HostFacts::parse(raw, Some(parsers))
    }

    fn parse(raw: &RawHost, parsers: Option<&Parsers>) -> HostFacts {
        let get = |id: FactId| FactSource { raw, id, parsers };
        let svr4 = svr4_db(raw, parsers);
        let zone_configs = raw
            .zones
            .iter()
            .filter_map(|(name, zone)| {
                let bytes = zone.config.as_ref()?;
                let config = match parsers {
                    Some(p) => p.manifests.parse(bytes),
                    None => parse_manifest(bytes),
                };
                Some((name.clone(), config))
            })
            .collect();
        HostFacts {
            name: raw.name.clone(),
            uname: get(FactId::UnameA).parse(uname::parse),
            release: get(FactId::Release).parse(release::parse),
            zones: get(FactId::ZoneadmList).parse(zoneadm_list::parse),
            brands: get(FactId::Brands).parse(brands::parse),
            default_brand: get(FactId::DefaultBrand).parse(default_brand::parse),
            dtd: get(FactId::ZonecfgDtd).parse(dtd::parse),
            ifconfig: get(FactId::Ifconfig).parse(ifconfig::parse),
            ipadm: get(FactId::IpadmAddr).parse(ipadm::parse),
            dladm: get(FactId::DladmLink).parse(dladm::parse),
            zfs: get(FactId::ZfsList).parse(zfs::parse),
            cpus: get(FactId::Psrinfo).parse(psrinfo::parse),
            memory: get(FactId::Memory).parse(memory::parse),
            pools: get(FactId::Pooladm).parse(pooladm::parse),
            rctls: get(FactId::Rctladm).parse(rctladm::parse),
            privileges: get(FactId::Ppriv).parse(ppriv::parse),
            sched_classes: get(FactId::Dispadmin).parse(dispadmin::parse),
            svr4,
            showrev: get(FactId::Showrev).parse(showrev::parse),
            ips_entire: get(FactId::IpsEntire).parse(ips::parse),
            paths: get(FactId::Paths).parse(paths::parse),
            zone_configs,
        }
    }

    /// A host of which nothing is known: every fact is missing. The starting point for
    /// hosts built in code (tests, generated fleets).
    pub fn empty(name: &str) -> HostFacts {
        let missing = |fact: FactId| FactError {
            host: name.to_string(),
            fact,
            problem: FactProblem::Missing,
        };
        HostFacts {
            name: name.to_string(),
            uname: Err(missing(FactId::UnameA)),
            release: Err(missing(FactId::Release)),
            zones: Err(missing(FactId::ZoneadmList)),
            brands: Err(missing(FactId::Brands)),
            default_brand: Err(missing(FactId::DefaultBrand)),
            dtd: Err(missing(FactId::ZonecfgDtd)),
            ifconfig: Err(missing(FactId::Ifconfig)),
            ipadm: Err(missing(FactId::IpadmAddr)),
            dladm: Err(missing(FactId::DladmLink)),
            zfs: Err(missing(FactId::ZfsList)),
            cpus: Err(missing(FactId::Psrinfo)),
            memory: Err(missing(FactId::Memory)),
            pools: Err(missing(FactId::Pooladm)),
            rctls: Err(missing(FactId::Rctladm)),
            privileges: Err(missing(FactId::Ppriv)),
            sched_classes: Err(missing(FactId::Dispadmin)),
            svr4: Err(missing(FactId::Svr4Pkginfo)),
            showrev: Err(missing(FactId::Showrev)),
            ips_entire: Err(missing(FactId::IpsEntire)),
            paths: Err(missing(FactId::Paths)),
            zone_configs: BTreeMap::new(),
        }
    }

    /// Whether the host runs Solaris 10 (`uname -r` 5.10), if known.
    pub fn is_solaris10(&self) -> Option<bool> {
        self.uname.as_ref().ok().map(uname::Uname::is_solaris10)
    }
}

/// The four `svr4-*` facts of a host, in one database. The first problem in reading order
/// is the one reported: each part is checked (collected, exited 0), then parsed, in turn.
fn svr4_db(raw: &RawHost, parsers: Option<&Parsers>) -> Fact<svr4::Svr4Db> {
    let source = |id: FactId| FactSource { raw, id, parsers };
    let garbled = |(id, e)| source(id).error(FactProblem::Garbled(e));
    // An unavailable part comes after any problem in parsing the parts before it.
    let collected = |id: FactId, before: &[&RawFact]| {
        source(id)
            .collected()
            .map_err(|unavailable| svr4_garbled(before, parsers).map_or(unavailable, garbled))
    };
    let pkginfo = collected(FactId::Svr4Pkginfo, &[])?;
    let depend = collected(FactId::Svr4Depend, &[pkginfo])?;
    let dirs = collected(FactId::Svr4ContentsDirs, &[pkginfo, depend])?;
    let gz_only = collected(FactId::Svr4GzOnly, &[pkginfo, depend, dirs])?;
    let parts = [pkginfo, depend, dirs, gz_only];
    // Hosts at one patch level share the four outputs: the database is built once.
    let db = match parsers {
        Some(p) => p.shared("svr4", &parts, || parse_svr4(parts)),
        None => parse_svr4(parts),
    };
    db.map_err(garbled)
}

type Svr4Problem = (FactId, ParseError);

fn parse_svr4(
    [pkginfo, depend, dirs, gz_only]: [&RawFact; 4],
) -> Result<svr4::Svr4Db, Svr4Problem> {
    let garbled = |id| move |e| (id, e);
    Ok(svr4::Svr4Db::new(
        svr4::parse_pkginfo(pkginfo).map_err(garbled(FactId::Svr4Pkginfo))?,
        svr4::parse_depend(depend).map_err(garbled(FactId::Svr4Depend))?,
        svr4::parse_contents_dirs(dirs).map_err(garbled(FactId::Svr4ContentsDirs))?,
        svr4::parse_gz_only(gz_only).map_err(garbled(FactId::Svr4GzOnly))?,
    ))
}

/// The first parse problem among the first parts of the database (pkginfo, depend,
/// contents-dirs, in that order).
fn svr4_garbled(parts: &[&RawFact], parsers: Option<&Parsers>) -> Option<Svr4Problem> {
    type Check = fn(&RawFact) -> Option<ParseError>;
    let checks: [(FactId, Check); 3] = [
        (FactId::Svr4Pkginfo, |r| svr4::parse_pkginfo(r).err()),
        (FactId::Svr4Depend, |r| svr4::parse_depend(r).err()),
        (FactId::Svr4ContentsDirs, |r| {
            svr4::parse_contents_dirs(r).err()
        }),
    ];
    parts.iter().zip(checks).find_map(|(raw, (id, check))| {
        let problem = match parsers {
            Some(p) => p.shared(id.name(), &[raw], || check(raw)),
            None => check(raw),
        };
        problem.map(|e| (id, e))
    })
}

/// The `entire` of a zone image (`zones/<zone>/ips-entire.out` on the zone's host).
pub fn zone_entire(raw: &RawHost, zone: &str) -> Fact<Fmri> {
    let error = |problem| FactError {
        host: raw.name.clone(),
        fact: FactId::IpsEntire,
        problem,
    };
    match raw
        .zones
        .get(zone)
        .and_then(|z| z.facts.get(&FactId::IpsEntire))
    {
        None => Err(error(FactProblem::Missing)),
        Some(f) if f.exit != 0 => Err(error(FactProblem::CommandFailed {
            exit: f.exit,
            stderr: f.stderr.clone(),
        })),
        Some(f) => ips::parse(f).map_err(|e| error(FactProblem::Garbled(e))),
    }
}

struct FactSource<'a> {
    raw: &'a RawHost,
    id: FactId,
    parsers: Option<&'a Parsers>,
}

impl<'a> FactSource<'a> {
    fn error(&self, problem: FactProblem) -> FactError {
        FactError {
            host: self.raw.name.clone(),
            fact: self.id,
            problem,
        }
    }

    fn parse<T: Clone + Send + Sync + 'static>(
        &self,
        parser: fn(&RawFact) -> Result<T, ParseError>,
    ) -> Fact<T> {
        let fact = self.collected()?;
        let parsed = match self.parsers {
            Some(p) => p.fact(self.id, fact, parser),
            None => parser(fact),
        };
        parsed.map_err(|e| self.error(FactProblem::Garbled(e)))
    }

    /// The fact's output, unless it was not collected or its command failed.
    fn collected(&self) -> Result<&'a RawFact, FactError> {
        let Some(fact) = self.raw.fact(self.id) else {
            let recorded = self
                .raw
                .errors
                .iter()
                .find(|e| e.fact.as_deref() == Some(self.id.name()) && e.zone.is_none());
            return Err(self.error(match recorded {
                Some(e) => FactProblem::NotCollected {
                    message: e.message.clone(),
                },
                None => FactProblem::Missing,
            }));
        };
        if fact.exit != 0 && self.id.spec().on_nonzero == OnNonZero::Unavailable {
            return Err(self.error(FactProblem::CommandFailed {
                exit: fact.exit,
                stderr: fact.stderr.clone(),
            }));
        }
        Ok(fact)
    }
}
