//! The SVR4 package database facts of a Solaris 10 host: `svr4-pkginfo`, `svr4-depend`,
//! `svr4-contents-dirs` and `svr4-gz-only` (domain.md §3.4), combined into [`Svr4Db`].
//!
//! The parsers read what the native brand's `sw_inventory` reads, the way it reads it
//! (`get_pkginfo`, `parse_info`, `add_dependents`, `get_path_pkgs`, `add_pkg_list` and
//! `load_gz_only_pkg_list` in `sw_support.c`): lines it would ignore are ignored here too,
//! and the few quirks that change its result are kept and documented where they happen.
//! The selection logic itself (which packages and patches a zone gets) is
//! [`crate::software::target`].

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::collect::RawFact;
use crate::version::patch::{PatchId, base_of};

use super::ParseError;

/// One `PATCH_INFO_<id>=Installed: ...` entry (backed-out entries are dropped).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InstalledPatch {
    pub id: PatchId,
    /// Base ids from `Obsoletes:` (revisions dropped).
    pub obsoletes: Vec<String>,
}

/// One `/var/sadm/pkg/<pkg>/pkginfo`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PkgInfo {
    pub name: String,
    /// `VERSION=`; empty when the file has none.
    pub version: String,
    /// `SUNW_PKG_ALLZONES=true`, exactly.
    pub allzones: bool,
    /// `SUNW_PKG_THISZONE=true`, exactly.
    pub thiszone: bool,
    /// Installed patches in file order, every revision as listed (the inventory keeps the
    /// highest revision per base id).
    pub patches: Vec<InstalledPatch>,
}

/// A directory line of `/var/sadm/install/contents`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DirOwners {
    pub path: String,
    /// Package names with any status prefix (`!`, `#`, ...) stripped.
    ///
    /// Like `add_pkg_list`, only a first character that is not a letter is removed: an
    /// editable-file flag or alternate class suffix (`SUNWfoo\`, `SUNWfoo:class`, contents(4)
    /// and libinst's `putcfile`) stays on the name, so that such an entry does not match the
    /// package, exactly as on Solaris. Duplicates within the line are dropped.
    pub packages: Vec<String>,
}

/// The host's SVR4 package database, as far as `sw_inventory` reads it. Hosts at one
/// patch level have the same one: the tables are shared, and a copy costs a few counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Svr4Db {
    /// In the dump's (readdir) order.
    pub packages: Arc<Vec<PkgInfo>>,
    /// Package name -> index into `packages`.
    pub index: Arc<BTreeMap<String, usize>>,
    /// Package -> its `P` dependencies, in file order.
    pub depends: Arc<BTreeMap<String, Vec<String>>>,
    pub dirs: Arc<Vec<DirOwners>>,
    pub gz_only: Arc<BTreeSet<String>>,
}

/// Where the dumps' `==> <path>` section headers are.
const HEADER: &str = "==> ";

/// A section header of the `for f in ...; do echo "==> $f"; ...` dumps, or `None` when the
/// line is not one. Also accepts the `==> path <==` headers of `tail`/`head` on several
/// files, for hand-assembled snapshots.
fn header_path(line: &str) -> Option<&str> {
    let path = line.strip_prefix(HEADER)?;
    Some(path.strip_suffix(" <==").unwrap_or(path).trim_end())
}

/// The package directory name of `<root>/var/sadm/pkg/<pkg>/<suffix>`. `Ok(None)` for an
/// unexpanded shell glob (`/var/sadm/pkg/*/pkginfo`: no package matched).
fn package_of<'a>(path: &'a str, suffix: &str, line: usize) -> Result<Option<&'a str>, ParseError> {
    let bad = || {
        ParseError::new(
            line,
            format!("expected a /var/sadm/pkg/<pkg>/{suffix} path, found {path:?}"),
        )
    };
    let dir = path.strip_suffix(suffix).ok_or_else(bad)?;
    let dir = dir.strip_suffix('/').ok_or_else(bad)?;
    let name = dir.rsplit('/').next().unwrap_or("");
    if name == "*" {
        return Ok(None);
    }
    if name.is_empty() || !dir.contains('/') {
        return Err(bad());
    }
    Ok(Some(name))
}

/// Lines with their 1-based numbers.
fn numbered(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().map(|(i, l)| (i + 1, l))
}

/// Parses the `svr4-pkginfo` dump: a `==> /var/sadm/pkg/<pkg>/pkginfo` line per package,
/// then its `VERSION=`, `SUNW_PKG_ALLZONES=`, `SUNW_PKG_THISZONE=`, `PATCHLIST=` and
/// `PATCH_INFO_*=` lines. Packages come out in dump order.
///
/// Matching follows `get_pkginfo`: keys must start the line, the zone flags count only as
/// exactly `=true`, the last `VERSION=` wins, other lines are ignored. `PATCH_INFO_` values
/// that do not start with `Installed:` (backed-out patches) are dropped; an installed one
/// whose id is not a patch id is an error.
pub fn parse_pkginfo(raw: &RawFact) -> Result<Vec<PkgInfo>, ParseError> {
    let mut packages: Vec<PkgInfo> = Vec::new();
    // `None` before the first header, `Some(false)` inside a skipped (glob) section.
    let mut in_package: Option<bool> = None;
    for (no, line) in numbered(&raw.stdout) {
        if let Some(path) = header_path(line) {
            in_package = Some(match package_of(path, "pkginfo", no)? {
                Some(name) => {
                    packages.push(PkgInfo {
                        name: name.to_string(),
                        version: String::new(),
                        allzones: false,
                        thiszone: false,
                        patches: Vec::new(),
                    });
                    true
                }
                None => false,
            });
            continue;
        }
        let Some(inside) = in_package else {
            if line.trim().is_empty() {
                continue;
            }
            return Err(ParseError::new(
                no,
                "expected a `==> /var/sadm/pkg/<pkg>/pkginfo` line first",
            ));
        };
        let Some(pkg) = packages.last_mut().filter(|_| inside) else {
            continue;
        };
        if let Some(version) = line.strip_prefix("VERSION=") {
            pkg.version = version.to_string();
        } else if line == "SUNW_PKG_ALLZONES=true" {
            pkg.allzones = true;
        } else if line == "SUNW_PKG_THISZONE=true" {
            pkg.thiszone = true;
        } else if let Some(info) = line.strip_prefix("PATCH_INFO_")
            && let Some(patch) = parse_patch_info(info, no)?
        {
            pkg.patches.push(patch);
        }
    }
    Ok(packages)
}

/// `<id>=Installed: <date> From: <host> Obsoletes: a-01 b-02 Requires: ... Incompatibles: ...`
/// (the text after `PATCH_INFO_`), as `parse_info` reads it.
fn parse_patch_info(info: &str, line: usize) -> Result<Option<InstalledPatch>, ParseError> {
    let Some((id, value)) = info.split_once('=') else {
        return Ok(None);
    };
    if !value.starts_with("Installed:") {
        return Ok(None);
    }
    let id = PatchId::parse(id).map_err(|e| ParseError::new(line, e.to_string()))?;
    let mut obsoletes = Vec::new();
    let mut in_obsoletes = false;
    for token in value.split(' ').filter(|t| !t.is_empty()) {
        match token {
            "Obsoletes:" => in_obsoletes = true,
            "Installed:" | "Requires:" | "From:" | "Incompatibles:" => in_obsoletes = false,
            _ if in_obsoletes => {
                let base = base_of(token);
                if !base.is_empty() {
                    obsoletes.push(base.to_string());
                }
            }
            _ => {}
        }
    }
    Ok(Some(InstalledPatch { id, obsoletes }))
}

/// Parses the `svr4-depend` dump: a `==> /var/sadm/pkg/<pkg>/install/depend` line per
/// package that has a depend file, then its `P` lines (`P SUNWcar\tCore Architecture, (Root)`).
///
/// As in `add_dependents`, a line counts when it starts with `P`; the package is the first
/// space- or tab-separated token after its first two characters. The C code leaves the
/// line's newline on that token when nothing follows it, so it never finds such a package:
/// a `P` line with no name after the package is therefore ignored here too (real depend
/// files always carry the name). Other lines are ignored.
pub fn parse_depend(raw: &RawFact) -> Result<BTreeMap<String, Vec<String>>, ParseError> {
    let mut depends: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current: Option<Option<String>> = None;
    for (no, line) in numbered(&raw.stdout) {
        if let Some(path) = header_path(line) {
            let name = package_of(path, "install/depend", no)?.map(str::to_string);
            if let Some(name) = &name {
                depends.entry(name.clone()).or_default();
            }
            current = Some(name);
            continue;
        }
        let Some(package) = &current else {
            if line.trim().is_empty() {
                continue;
            }
            return Err(ParseError::new(
                no,
                "expected a `==> /var/sadm/pkg/<pkg>/install/depend` line first",
            ));
        };
        let Some(package) = package else { continue };
        if let Some(dep) = depend_target(line)
            && let Some(list) = depends.get_mut(package)
        {
            list.push(dep.to_string());
        }
    }
    Ok(depends)
}

/// The package a `P` line names, if `add_dependents` would find it.
fn depend_target(line: &str) -> Option<&str> {
    if !line.starts_with('P') {
        return None;
    }
    let rest = line.get(2..)?;
    let is_delim = |c: char| c == ' ' || c == '\t';
    let rest = rest.trim_start_matches(is_delim);
    let end = rest.find(is_delim)?;
    let token = &rest[..end];
    (!token.is_empty()).then_some(token)
}

/// Parses `svr4-contents-dirs`: the `d` lines of `/var/sadm/install/contents`,
/// `path d class mode owner group pkg...` with single spaces between fields.
///
/// Every line must have that shape (the fact's `nawk` selects nothing else); anything
/// else is an error naming the line. Package tokens are read as [`DirOwners::packages`]
/// explains.
pub fn parse_contents_dirs(raw: &RawFact) -> Result<Vec<DirOwners>, ParseError> {
    let mut dirs = Vec::new();
    for (no, line) in numbered(&raw.stdout) {
        if line.trim().is_empty() {
            continue;
        }
        // strtok(" "): runs of spaces are one separator; a tab is part of a field.
        let mut fields = line.split(' ').filter(|f| !f.is_empty());
        let path = fields.next().unwrap_or("");
        let ftype = fields.next();
        if ftype != Some("d") {
            return Err(ParseError::new(
                no,
                format!(
                    "expected a directory entry `path d class mode owner group pkg...`, found {line:?}"
                ),
            ));
        }
        if fields.by_ref().take(4).count() < 4 {
            return Err(ParseError::new(
                no,
                format!("directory entry {path:?} lacks class, mode, owner or group"),
            ));
        }
        let mut packages: Vec<String> = Vec::new();
        for token in fields {
            let name = strip_status(token);
            if !name.is_empty() && !packages.iter().any(|p| p == name) {
                packages.push(name.to_string());
            }
        }
        dirs.push(DirOwners {
            path: path.to_string(),
            packages,
        });
    }
    Ok(dirs)
}

/// Drops a leading character that is not a letter (`!SUNWfoo`, `*SUNWbar`, `#SUNWbaz`).
fn strip_status(token: &str) -> &str {
    match token.chars().next() {
        Some(c) if !c.is_ascii_alphabetic() => &token[c.len_utf8()..],
        _ => token,
    }
}

/// Parses `svr4-gz-only`: one package name per line; lines starting with `#` and empty
/// lines are skipped, as `load_gz_only_pkg_list` does. The command is `cat` of a file that
/// need not exist: a non-zero exit status with no output means there is no file, so no
/// package is global-zone only.
pub fn parse_gz_only(raw: &RawFact) -> Result<BTreeSet<String>, ParseError> {
    if raw.exit != 0 && raw.stdout.trim().is_empty() {
        return Ok(BTreeSet::new());
    }
    Ok(raw
        .stdout
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
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
            packages: Arc::new(packages),
            index: Arc::new(index),
            depends: Arc::new(depends),
            dirs: Arc::new(dirs),
            gz_only: Arc::new(gz_only),
        }
    }

    /// The pkginfo of a package, if the host has one.
    pub fn package(&self, name: &str) -> Option<&PkgInfo> {
        self.index.get(name).and_then(|&i| self.packages.get(i))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may panic on bad input.
mod tests {
    use super::*;

    const PKGINFO: &str = "\
==> /var/sadm/pkg/SUNWcakr/pkginfo
VERSION=11.10.0,REV=2005.08.25.02.12
SUNW_PKG_ALLZONES=true
SUNW_PKG_THISZONE=false
PATCHLIST=147147-26 148027-03
PATCH_INFO_147147-26=Installed: Tue Aug 09 10:12:45 PDT 2011 From: mum Obsoletes: 144500-19 142909-17 Requires: 118833-36 Incompatibles:
PATCH_INFO_148027-03=backed out
PATCH_INFO_147147-20=Installed: Mon Jan 10 10:12:45 PST 2011 From: mum Obsoletes: Requires: Incompatibles:
==> /var/sadm/pkg/SUNWcsr/pkginfo
VERSION=11.10.0,REV=2005.01.21.15.53
SUNW_PKG_THISZONE=true
==> /var/sadm/pkg/SUNWzoneu/pkginfo
";

    #[test]
    fn pkginfo_dump() {
        let pkgs = parse_pkginfo(&RawFact::from_stdout(PKGINFO)).unwrap();
        assert_eq!(pkgs.len(), 3);
        let cakr = &pkgs[0];
        assert_eq!(cakr.name, "SUNWcakr");
        assert_eq!(cakr.version, "11.10.0,REV=2005.08.25.02.12");
        assert!(cakr.allzones);
        assert!(!cakr.thiszone);
        assert_eq!(
            cakr.patches,
            vec![
                InstalledPatch {
                    id: PatchId::parse("147147-26").unwrap(),
                    obsoletes: vec!["144500".into(), "142909".into()],
                },
                InstalledPatch {
                    id: PatchId::parse("147147-20").unwrap(),
                    obsoletes: vec![],
                },
            ]
        );
        assert_eq!(pkgs[1].name, "SUNWcsr");
        assert!(pkgs[1].thiszone);
        assert!(!pkgs[1].allzones);
        assert_eq!(pkgs[2].name, "SUNWzoneu");
        assert_eq!(pkgs[2].version, "");
    }

    #[test]
    fn pkginfo_flags_must_be_exactly_true() {
        let pkgs = parse_pkginfo(&RawFact::from_stdout(
            "==> /var/sadm/pkg/A/pkginfo\nSUNW_PKG_ALLZONES=TRUE\nSUNW_PKG_THISZONE=true \n",
        ))
        .unwrap();
        assert!(!pkgs[0].allzones);
        assert!(!pkgs[0].thiszone);
    }

    #[test]
    fn pkginfo_ignores_other_lines_and_takes_the_last_version() {
        let pkgs = parse_pkginfo(&RawFact::from_stdout(
            "\n==> /var/sadm/pkg/A/pkginfo\nNAME=Core\n  VERSION=9\nVERSION=1\nVERSION=2\n\n",
        ))
        .unwrap();
        assert_eq!(pkgs[0].version, "2");
    }

    #[test]
    fn pkginfo_accepts_tail_headers_and_other_roots() {
        let pkgs = parse_pkginfo(&RawFact::from_stdout(
            "==> /a/var/sadm/pkg/SUNWcsu/pkginfo <==\nVERSION=1\n",
        ))
        .unwrap();
        assert_eq!(pkgs[0].name, "SUNWcsu");
    }

    #[test]
    fn pkginfo_unexpanded_glob_means_no_packages() {
        let pkgs = parse_pkginfo(&RawFact::from_stdout("==> /var/sadm/pkg/*/pkginfo\n")).unwrap();
        assert!(pkgs.is_empty());
    }

    #[test]
    fn pkginfo_errors_name_the_line() {
        let e = parse_pkginfo(&RawFact::from_stdout("VERSION=1\n")).unwrap_err();
        assert_eq!(e.line, 1);
        let e = parse_pkginfo(&RawFact::from_stdout(
            "==> /var/sadm/pkg/A/pkginfo\n==> /etc/passwd\n",
        ))
        .unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse_pkginfo(&RawFact::from_stdout(
            "==> /var/sadm/pkg/A/pkginfo\nPATCH_INFO_12-1=Installed: x\n",
        ))
        .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("12-1"));
        assert!(parse_pkginfo(&RawFact::from_stdout("==> pkginfo\n")).is_err());
        assert!(parse_pkginfo(&RawFact::from_stdout("==> /pkginfo\n")).is_err());
    }

    #[test]
    fn backed_out_patches_need_no_valid_id() {
        let pkgs = parse_pkginfo(&RawFact::from_stdout(
            "==> /var/sadm/pkg/A/pkginfo\nPATCH_INFO_12-1=backed out\nPATCH_INFO_x\n",
        ))
        .unwrap();
        assert!(pkgs[0].patches.is_empty());
    }

    #[test]
    fn patch_info_obsoletes_stop_at_the_next_keyword() {
        let p = parse_patch_info(
            "121454-02=Installed: Wed Dec  7 07:13:51 PST 2005 From: mum  Obsoletes: 120777-03  121087-02 119108 Requires: 119575-02 119255-06 Incompatibles: 100000-01",
            1,
        )
        .unwrap()
        .unwrap();
        assert_eq!(p.id.to_string(), "121454-02");
        assert_eq!(p.obsoletes, vec!["120777", "121087", "119108"]);
    }

    #[test]
    fn depend_dump() {
        let deps = parse_depend(&RawFact::from_stdout(
            "\
==> /var/sadm/pkg/SUNWcsu/install/depend
P SUNWcar\tCore Architecture, (Root)
P\tSUNWcakr  Core Solaris Kernel Architecture (Root)
P  SUNWkvm Core Architecture, (Kvm)
P SUNWnoname
==> /var/sadm/pkg/SUNWcsr/install/depend
==> /var/sadm/pkg/SUNWzoneu/install/depend
I SUNWold\tIncompatible
\t(sparc) 11.10.0
P SUNWzoner\tZones (Root)
",
        ))
        .unwrap();
        assert_eq!(
            deps["SUNWcsu"],
            vec!["SUNWcar", "SUNWcakr", "SUNWkvm"],
            "a P line without a name after the package is not found by zoneadm"
        );
        assert!(deps["SUNWcsr"].is_empty());
        assert_eq!(deps["SUNWzoneu"], vec!["SUNWzoner"]);
    }

    #[test]
    fn depend_errors() {
        assert_eq!(
            parse_depend(&RawFact::from_stdout("P SUNWcar x\n"))
                .unwrap_err()
                .line,
            1
        );
        assert_eq!(
            parse_depend(&RawFact::from_stdout("==> /var/sadm/pkg/A/pkginfo\n"))
                .unwrap_err()
                .line,
            1
        );
        assert!(
            parse_depend(&RawFact::from_stdout(
                "==> /var/sadm/pkg/*/install/depend\n"
            ))
            .unwrap()
            .is_empty()
        );
    }

    #[test]
    fn depend_target_never_panics_on_short_or_odd_lines() {
        assert_eq!(depend_target("P"), None);
        assert_eq!(depend_target("P "), None);
        assert_eq!(depend_target("Pé SUNWx y"), None);
        assert_eq!(depend_target("PX SUNWx y"), Some("SUNWx"));
    }

    #[test]
    fn contents_dirs() {
        let dirs = parse_contents_dirs(&RawFact::from_stdout(
            "\
/usr d none 0755 root sys SUNWcsr SUNWcsu
/usr/lib d none 0755 root bin !SUNWcsu *SUNWcsl #SUNWcsu SUNWfoo:none SUNWbar\\
/var/empty d none 0755 root sys

/opt  d none 0755 root sys  SUNWx
",
        ))
        .unwrap();
        assert_eq!(dirs.len(), 4);
        assert_eq!(dirs[0].path, "/usr");
        assert_eq!(dirs[0].packages, vec!["SUNWcsr", "SUNWcsu"]);
        assert_eq!(
            dirs[1].packages,
            vec!["SUNWcsu", "SUNWcsl", "SUNWfoo:none", "SUNWbar\\"]
        );
        assert!(dirs[2].packages.is_empty());
        assert_eq!(dirs[3].path, "/opt");
        assert_eq!(dirs[3].packages, vec!["SUNWx"]);
    }

    #[test]
    fn contents_errors_name_the_line() {
        let e = parse_contents_dirs(&RawFact::from_stdout(
            "/usr d none 0755 root sys A\n/etc/passwd e passwd 0644 root sys 1 2 3 A\n",
        ))
        .unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse_contents_dirs(&RawFact::from_stdout("/usr d none 0755 root\n")).unwrap_err();
        assert_eq!(e.line, 1);
        let e = parse_contents_dirs(&RawFact::from_stdout("/usr\td none 0755 root sys A\n"))
            .unwrap_err();
        assert_eq!(e.line, 1);
    }

    #[test]
    fn strip_status_handles_any_first_character() {
        assert_eq!(strip_status("!SUNWa"), "SUNWa");
        assert_eq!(strip_status("SUNWa"), "SUNWa");
        assert_eq!(strip_status("éSUNWa"), "SUNWa");
        assert_eq!(strip_status("!"), "");
        assert_eq!(strip_status(""), "");
    }

    #[test]
    fn gz_only() {
        let set = parse_gz_only(&RawFact::from_stdout("# comment\nSUNWfoo\n\nSUNWbar\n")).unwrap();
        assert_eq!(
            set.into_iter().collect::<Vec<_>>(),
            vec!["SUNWbar", "SUNWfoo"]
        );
    }

    #[test]
    fn gz_only_missing_file_is_empty() {
        let missing = RawFact {
            stdout: String::new(),
            stderr: "cat: cannot open /var/sadm/install/gz-only-packages\n".into(),
            exit: 2,
        };
        assert!(parse_gz_only(&missing).unwrap().is_empty());
    }

    #[test]
    fn db_lookup() {
        let db = Svr4Db::new(
            parse_pkginfo(&RawFact::from_stdout(PKGINFO)).unwrap(),
            BTreeMap::new(),
            Vec::new(),
            BTreeSet::new(),
        );
        assert_eq!(db.package("SUNWcsr").map(|p| p.thiszone), Some(true));
        assert!(db.package("SUNWnone").is_none());
    }
}
