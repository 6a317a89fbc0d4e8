//! The SVR4 package database facts of a Solaris 10 host: `svr4-pkginfo`, `svr4-depend`,
//! `svr4-contents-dirs` and `svr4-gz-only` (domain.md §3.4), combined into [`Svr4Db`].

use std::collections::{BTreeMap, BTreeSet};

use crate::collect::RawFact;
use crate::version::patch::PatchId;

use super::ParseError;

/// One `PATCH_INFO_<id>=Installed: ...` entry (backed-out entries are dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalledPatch {
    pub id: PatchId,
    /// Base ids from `Obsoletes:` (revisions dropped).
    pub obsoletes: Vec<String>,
}

/// One `/var/sadm/pkg/<pkg>/pkginfo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PkgInfo {
    pub name: String,
    pub version: String,
    pub allzones: bool,
    pub thiszone: bool,
    pub patches: Vec<InstalledPatch>,
}

/// A directory line of `/var/sadm/install/contents`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirOwners {
    pub path: String,
    /// Package names with any status prefix (`!`, `#`, ...) stripped.
    pub packages: Vec<String>,
}

/// The host's SVR4 package database, as far as `sw_inventory` reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Svr4Db {
    /// In the dump's (readdir) order.
    pub packages: Vec<PkgInfo>,
    /// Package name -> index into `packages`.
    pub index: BTreeMap<String, usize>,
    /// Package -> its `P` dependencies, in file order.
    pub depends: BTreeMap<String, Vec<String>>,
    pub dirs: Vec<DirOwners>,
    pub gz_only: BTreeSet<String>,
}

pub fn parse_pkginfo(raw: &RawFact) -> Result<Vec<PkgInfo>, ParseError> {
    let _ = raw;
    Err(ParseError::new(0, "parser not written yet"))
}

pub fn parse_depend(raw: &RawFact) -> Result<BTreeMap<String, Vec<String>>, ParseError> {
    let _ = raw;
    Err(ParseError::new(0, "parser not written yet"))
}

pub fn parse_contents_dirs(raw: &RawFact) -> Result<Vec<DirOwners>, ParseError> {
    let _ = raw;
    Err(ParseError::new(0, "parser not written yet"))
}

pub fn parse_gz_only(raw: &RawFact) -> Result<BTreeSet<String>, ParseError> {
    let _ = raw;
    Err(ParseError::new(0, "parser not written yet"))
}

impl Svr4Db {
    pub fn new(
        packages: Vec<PkgInfo>,
        depends: BTreeMap<String, Vec<String>>,
        dirs: Vec<DirOwners>,
        gz_only: BTreeSet<String>,
    ) -> Svr4Db {
        let index = packages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.clone(), i))
            .collect();
        Svr4Db {
            packages,
            index,
            depends,
            dirs,
            gz_only,
        }
    }
}
