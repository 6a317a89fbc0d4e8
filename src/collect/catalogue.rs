//! The fact catalogue of snapshot-format.md: every id, its fixed command and what a
//! non-zero exit status means for it.

use std::fmt;
use std::str::FromStr;

/// Every host-level fact zonescan knows. The ids are an interface: never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FactId {
    UnameA,
    Release,
    ZoneadmList,
    Brands,
    DefaultBrand,
    ZonecfgDtd,
    Ifconfig,
    IpadmAddr,
    DladmLink,
    ZfsList,
    Psrinfo,
    Memory,
    Pooladm,
    Rctladm,
    Ppriv,
    Dispadmin,
    Svr4Pkginfo,
    Svr4Depend,
    Svr4ContentsDirs,
    Svr4GzOnly,
    Showrev,
    IpsEntire,
    Paths,
}

/// How a non-zero exit status of the fact's command is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OnNonZero {
    /// The fact could not be collected.
    Unavailable,
    /// The output is still data: `pooladm` says "not active" this way, `cat` of an absent
    /// gz-only-packages file means "none", `ls` reports missing paths on stderr.
    Parse,
}

/// Under which identity a command may run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunAs {
    /// The login user; no `become` prefix.
    User,
    /// Never as root: `rctladm -l` run by root rewrites `/etc/rctladm.conf`
    /// (`rctladm_save_config` in rctladm.c), so a root login must skip it.
    NeverRoot,
}

/// One catalogue entry.
#[derive(Debug, Clone, Copy)]
pub struct FactSpec {
    pub id: FactId,
    pub name: &'static str,
    /// The command, fixed text, run under `LC_ALL=C`. `paths` gets quoted paths appended.
    pub command: &'static str,
    pub on_nonzero: OnNonZero,
    pub run_as: RunAs,
}

const fn spec(id: FactId, name: &'static str, command: &'static str) -> FactSpec {
    FactSpec {
        id,
        name,
        command,
        on_nonzero: OnNonZero::Unavailable,
        run_as: RunAs::User,
    }
}

const fn data_on_error(id: FactId, name: &'static str, command: &'static str) -> FactSpec {
    FactSpec {
        id,
        name,
        command,
        on_nonzero: OnNonZero::Parse,
        run_as: RunAs::User,
    }
}

const fn never_as_root(spec: FactSpec) -> FactSpec {
    FactSpec {
        run_as: RunAs::NeverRoot,
        ..spec
    }
}

/// The whole catalogue, in a stable order.
pub const CATALOGUE: &[FactSpec] = &[
    spec(FactId::UnameA, "uname-a", "/usr/bin/uname -a"),
    spec(FactId::Release, "release", "/usr/bin/cat /etc/release"),
    spec(
        FactId::ZoneadmList,
        "zoneadm-list",
        "/usr/sbin/zoneadm list -cp",
    ),
    spec(
        FactId::Brands,
        "brands",
        "/usr/bin/ls -1 /usr/lib/brand/*/config.xml",
    ),
    spec(
        FactId::DefaultBrand,
        "default-brand",
        "/usr/bin/cat /etc/zones/SUNWdefault.xml",
    ),
    spec(
        FactId::ZonecfgDtd,
        "zonecfg-dtd",
        "/usr/bin/cat /usr/share/lib/xml/dtd/zonecfg.dtd.1",
    ),
    spec(FactId::Ifconfig, "ifconfig", "/usr/sbin/ifconfig -a"),
    spec(
        FactId::IpadmAddr,
        "ipadm-addr",
        "/usr/sbin/ipadm show-addr -p -o addrobj,type,state,addr",
    ),
    spec(FactId::DladmLink, "dladm-link", "/usr/sbin/dladm show-link"),
    spec(
        FactId::ZfsList,
        "zfs-list",
        "/usr/sbin/zfs list -H -o name,type,mountpoint,zoned",
    ),
    spec(FactId::Psrinfo, "psrinfo", "/usr/sbin/psrinfo"),
    spec(FactId::Memory, "memory", "/usr/sbin/prtconf"),
    data_on_error(FactId::Pooladm, "pooladm", "/usr/sbin/pooladm"),
    never_as_root(spec(FactId::Rctladm, "rctladm", "/usr/sbin/rctladm -l")),
    spec(FactId::Ppriv, "ppriv", "/usr/bin/ppriv -l"),
    spec(FactId::Dispadmin, "dispadmin", "/usr/sbin/dispadmin -l"),
    spec(
        FactId::Svr4Pkginfo,
        "svr4-pkginfo",
        "for f in /var/sadm/pkg/*/pkginfo; do echo \"==> $f\"; /usr/bin/egrep '^(VERSION|SUNW_PKG_ALLZONES|SUNW_PKG_THISZONE|PATCHLIST|PATCH_INFO_[^=]*)=' \"$f\"; done",
    ),
    spec(
        FactId::Svr4Depend,
        "svr4-depend",
        "for d in /var/sadm/pkg/*/install/depend; do echo \"==> $d\"; /usr/bin/grep '^P' \"$d\"; done",
    ),
    spec(
        FactId::Svr4ContentsDirs,
        "svr4-contents-dirs",
        "/usr/bin/nawk '$2 == \"d\"' /var/sadm/install/contents",
    ),
    data_on_error(
        FactId::Svr4GzOnly,
        "svr4-gz-only",
        "/usr/bin/cat /var/sadm/install/gz-only-packages",
    ),
    spec(FactId::Showrev, "showrev", "/usr/bin/showrev -p"),
    spec(
        FactId::IpsEntire,
        "ips-entire",
        "/usr/bin/pkg list -H -v entire",
    ),
    data_on_error(FactId::Paths, "paths", "/usr/bin/ls -ldL --"),
];

impl FactId {
    /// The catalogue entry of this id.
    pub fn spec(self) -> &'static FactSpec {
        // The catalogue lists every variant in declaration order; the test below holds it to that.
        &CATALOGUE[self as usize]
    }

    /// The id as written in file names and reports (`uname-a`).
    pub fn name(self) -> &'static str {
        self.spec().name
    }
}

impl fmt::Display for FactId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A fact id that is not in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Hash)]
#[error("unknown fact id {0:?}")]
pub struct UnknownFactId(pub String);

impl FromStr for FactId {
    type Err = UnknownFactId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CATALOGUE
            .iter()
            .find(|spec| spec.name == s)
            .map(|spec| spec.id)
            .ok_or_else(|| UnknownFactId(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_indexed_by_id() {
        for (i, spec) in CATALOGUE.iter().enumerate() {
            assert_eq!(spec.id as usize, i, "{}", spec.name);
            assert_eq!(spec.name.parse::<FactId>(), Ok(spec.id));
        }
        assert_eq!(CATALOGUE.len(), FactId::Paths as usize + 1);
    }

    /// Programs the catalogue may run, with the first argument they must be given
    /// (domain.md §6's read-only allow-list).
    const ALLOWED: &[(&str, Option<&str>)] = &[
        ("/usr/bin/uname", Some("-a")),
        ("/usr/bin/cat", None),
        ("/usr/bin/ls", None),
        ("/usr/bin/egrep", None),
        ("/usr/bin/grep", None),
        ("/usr/bin/nawk", None),
        ("/usr/sbin/zoneadm", Some("list")),
        ("/usr/sbin/ifconfig", Some("-a")),
        ("/usr/sbin/ipadm", Some("show-addr")),
        ("/usr/sbin/dladm", Some("show-link")),
        ("/usr/sbin/zfs", Some("list")),
        ("/usr/sbin/psrinfo", None),
        ("/usr/sbin/prtconf", None),
        ("/usr/sbin/pooladm", None),
        ("/usr/sbin/rctladm", Some("-l")),
        ("/usr/bin/ppriv", Some("-l")),
        ("/usr/sbin/dispadmin", Some("-l")),
        ("/usr/bin/showrev", Some("-p")),
        ("/usr/bin/pkg", Some("list")),
    ];

    #[test]
    fn rctladm_never_runs_as_root() {
        assert_eq!(FactId::Rctladm.spec().run_as, RunAs::NeverRoot);
    }

    #[test]
    fn commands_run_only_allowed_programs() {
        for spec in CATALOGUE {
            let words: Vec<&str> = spec.command.split_whitespace().collect();
            // Programs are invoked by absolute path; other /usr/... words are path arguments.
            let programs: Vec<(usize, &str)> = words
                .iter()
                .enumerate()
                .filter(|(_, w)| w.starts_with("/usr/bin/") || w.starts_with("/usr/sbin/"))
                .map(|(i, w)| (i, *w))
                .collect();
            assert!(
                !programs.is_empty(),
                "{} runs no absolute program",
                spec.name
            );
            for (i, program) in programs {
                let allowed = ALLOWED.iter().find(|(p, _)| *p == program);
                let Some((_, first_arg)) = allowed else {
                    panic!(
                        "{} runs {program}, which is not on the allow-list",
                        spec.name
                    );
                };
                if let Some(arg) = first_arg {
                    assert_eq!(words.get(i + 1), Some(arg), "{}: {program}", spec.name);
                }
            }
            // pooladm with any argument would change the pools configuration.
            if spec.command.contains("pooladm") {
                assert_eq!(spec.command.trim(), "/usr/sbin/pooladm");
            }
        }
    }
}
