//! IPS FMRIs, `pkg://<publisher>/<name>@<release>[,<build>]-<branch>:<timestamp>`, ordered as
//! pkg5's `version.py` orders them (domain.md §4.3).
//!
//! # Order and equality
//!
//! pkg5 orders versions by release (an integer list, a prefix being smaller), then branch,
//! then timestamp, a missing component being smaller than a present one. Its `==` ignores
//! the build component, which only breaks ties in `__cmp__`.
//!
//! Rust needs `Eq` and `Ord` to agree, so [`IpsVersion`] implements both by hand: `Ord` is
//! pkg5's `__cmp__` (release, branch, timestamp, then build), and `Eq` is "`cmp` returns
//! `Equal`", which therefore *does* look at the build. Neither looks at
//! [`IpsVersion::text`]. For pkg5's build-blind equality use
//! [`IpsVersion::cmp_ignoring_build`], which is what the `entire` comparison uses.

use std::cmp::Ordering;
use std::fmt;

/// A parsed FMRI.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fmri {
    pub publisher: Option<String>,
    pub name: String,
    pub version: Option<IpsVersion>,
}

/// The version part of an FMRI.
#[derive(Debug, Clone)]
pub struct IpsVersion {
    pub release: Vec<u64>,
    pub build: Option<Vec<u64>>,
    pub branch: Option<Vec<u64>>,
    /// `20220223T100004Z`.
    pub timestamp: Option<String>,
    /// As written, for display.
    pub text: String,
}

/// A string that is not an FMRI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Hash)]
#[error("{text:?} is not an IPS FMRI: {reason}")]
pub struct FmriError {
    pub text: String,
    pub reason: String,
}

impl Fmri {
    /// Parses `pkg://publisher/name@version`, `pkg:/name@version` or `name@version`; the
    /// version is optional (`pkg:/entire`).
    pub fn parse(s: &str) -> Result<Fmri, FmriError> {
        let err = |reason: &str| FmriError {
            text: s.to_string(),
            reason: reason.to_string(),
        };
        let (publisher, rest) = if let Some(rest) = s.strip_prefix("pkg://") {
            let (publisher, rest) = rest
                .split_once('/')
                .ok_or_else(|| err("no '/' after the publisher"))?;
            let publisher = (!publisher.is_empty()).then(|| publisher.to_string());
            (publisher, rest)
        } else if let Some(rest) = s.strip_prefix("pkg:/") {
            (None, rest)
        } else {
            (None, s)
        };
        let (name, version) = match rest.split_once('@') {
            Some((name, version)) => (name, Some(version)),
            None => (rest, None),
        };
        if name.is_empty() {
            return Err(err("empty package name"));
        }
        if name.starts_with('/') || name.ends_with('/') || name.contains("//") {
            return Err(err("empty package name component"));
        }
        if let Some(c) = name.chars().find(|c| !is_name_char(*c)) {
            return Err(err(&format!("character {c:?} in the package name")));
        }
        let version = match version {
            Some(v) => Some(IpsVersion::parse(v).map_err(|e| err(&e))?),
            None => None,
        };
        Ok(Fmri {
            publisher,
            name: name.to_string(),
            version,
        })
    }
}

/// Characters pkg5 allows in package names (`fmri.py`: letters, digits, `_-.+/`; we also
/// let `,` through, which some very old names used).
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '+' | '/' | ',')
}

impl fmt::Display for Fmri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.publisher {
            Some(p) => write!(f, "pkg://{p}/{}", self.name)?,
            None => write!(f, "pkg:/{}", self.name)?,
        }
        if let Some(v) = &self.version {
            write!(f, "@{}", v.text)?;
        }
        Ok(())
    }
}

impl IpsVersion {
    /// Parses `release[,build][-branch][:timestamp]`, e.g. `0.5.11,5.11-0.175.1.0.0.24.2:20120919T184117Z`.
    ///
    /// Like pkg5, the components are found at the first `:`, the first `-` and the first `,`;
    /// an empty build or branch counts as absent. The release is required. Dot sequences
    /// are non-negative integers (leading zeros are tolerated). The timestamp must have the
    /// ISO 8601 basic form `YYYYMMDDTHHMMSSZ` that `pkg` prints, so that comparing it as
    /// text compares it in time.
    pub fn parse(s: &str) -> Result<IpsVersion, String> {
        let (rest, timestamp) = match s.split_once(':') {
            Some((rest, ts)) => (rest, Some(ts)),
            None => (s, None),
        };
        let (rest, branch) = match rest.split_once('-') {
            Some((rest, branch)) => (rest, Some(branch)),
            None => (rest, None),
        };
        let (release, build) = match rest.split_once(',') {
            Some((release, build)) => (release, Some(build)),
            None => (rest, None),
        };
        if release.is_empty() {
            return Err("the version has no release".into());
        }
        let release = dot_sequence(release, "release")?;
        let build = build
            .filter(|b| !b.is_empty())
            .map(|b| dot_sequence(b, "build"))
            .transpose()?;
        let branch = branch
            .filter(|b| !b.is_empty())
            .map(|b| dot_sequence(b, "branch"))
            .transpose()?;
        let timestamp = match timestamp {
            Some(ts) if is_iso_timestamp(ts) => Some(ts.to_string()),
            Some(ts) => {
                return Err(format!(
                    "timestamp {ts:?} is not of the form YYYYMMDDTHHMMSSZ"
                ));
            }
            None => None,
        };
        Ok(IpsVersion {
            release,
            build,
            branch,
            timestamp,
            text: s.to_string(),
        })
    }

    /// pkg5's `<`/`>`/`==`: release, then branch, then timestamp; the build is ignored.
    pub fn cmp_ignoring_build(&self, other: &IpsVersion) -> Ordering {
        self.release
            .cmp(&other.release)
            // `Option` orders `None` first: a missing component is the smaller.
            .then_with(|| self.branch.cmp(&other.branch))
            .then_with(|| self.timestamp.cmp(&other.timestamp))
    }
}

fn dot_sequence(s: &str, what: &str) -> Result<Vec<u64>, String> {
    s.split('.')
        .map(|field| {
            if field.is_empty() || !field.bytes().all(|c| c.is_ascii_digit()) {
                return Err(format!("{what} {s:?} is not a dot sequence of integers"));
            }
            field
                .parse::<u64>()
                .map_err(|_| format!("{what} {s:?} has a number too large"))
        })
        .collect()
}

fn is_iso_timestamp(ts: &str) -> bool {
    let b = ts.as_bytes();
    b.len() == 16
        && b[..8].iter().all(u8::is_ascii_digit)
        && b[8] == b'T'
        && b[9..15].iter().all(u8::is_ascii_digit)
        && b[15] == b'Z'
}

impl Ord for IpsVersion {
    /// pkg5's `__cmp__`: [`IpsVersion::cmp_ignoring_build`], then the build breaks ties
    /// (a missing build is the smaller).
    fn cmp(&self, other: &Self) -> Ordering {
        self.cmp_ignoring_build(other)
            .then_with(|| self.build.cmp(&other.build))
    }
}

impl PartialOrd for IpsVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for IpsVersion {
    /// Agrees with [`Ord`]: equal release, branch, timestamp *and build*; the text is not
    /// compared.
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for IpsVersion {}

impl std::hash::Hash for IpsVersion {
    /// What [`Ord`] compares, so that equal versions hash alike; `text` is not hashed.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (&self.release, &self.branch, &self.timestamp, &self.build).hash(state);
    }
}

impl fmt::Display for IpsVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may panic on bad input.
mod tests {
    use super::*;

    fn v(s: &str) -> IpsVersion {
        IpsVersion::parse(s).unwrap()
    }

    #[test]
    fn parses_solaris_11_4() {
        let f =
            Fmri::parse("pkg://solaris/entire@11.4-11.4.42.0.1.111.0:20220223T100004Z").unwrap();
        assert_eq!(f.publisher.as_deref(), Some("solaris"));
        assert_eq!(f.name, "entire");
        let ver = f.version.unwrap();
        assert_eq!(ver.release, vec![11, 4]);
        assert_eq!(ver.build, None);
        assert_eq!(ver.branch, Some(vec![11, 4, 42, 0, 1, 111, 0]));
        assert_eq!(ver.timestamp.as_deref(), Some("20220223T100004Z"));
        assert_eq!(ver.text, "11.4-11.4.42.0.1.111.0:20220223T100004Z");
    }

    #[test]
    fn parses_openindiana() {
        let f = Fmri::parse("pkg:/entire@0.5.11-0.151.1.8:20130305T105206Z").unwrap();
        assert_eq!(f.publisher, None);
        assert_eq!(f.name, "entire");
        let ver = f.version.unwrap();
        assert_eq!(ver.release, vec![0, 5, 11]);
        assert_eq!(ver.branch, Some(vec![0, 151, 1, 8]));
    }

    #[test]
    fn parses_a_bare_name_with_build() {
        let f = Fmri::parse("entire@0.5.11,5.11-0.175.1.0.0.24.2:20120919T184117Z").unwrap();
        assert_eq!(f.publisher, None);
        let ver = f.version.unwrap();
        assert_eq!(ver.release, vec![0, 5, 11]);
        assert_eq!(ver.build, Some(vec![5, 11]));
        assert_eq!(ver.branch, Some(vec![0, 175, 1, 0, 0, 24, 2]));
        assert_eq!(ver.timestamp.as_deref(), Some("20120919T184117Z"));
    }

    #[test]
    fn parses_omnios() {
        let f = Fmri::parse("pkg://omnios/entire@11-151046.0:20230503T123456Z").unwrap();
        assert_eq!(f.publisher.as_deref(), Some("omnios"));
        let ver = f.version.unwrap();
        assert_eq!(ver.release, vec![11]);
        assert_eq!(ver.branch, Some(vec![151046, 0]));
    }

    #[test]
    fn parses_names_with_slashes_and_no_version() {
        let f = Fmri::parse(
            "pkg://solaris/system/library@0.5.11,5.11-0.175.1.0.0.2.1:20120919T082311Z",
        )
        .unwrap();
        assert_eq!(f.name, "system/library");
        let f = Fmri::parse("pkg:/entire").unwrap();
        assert_eq!(f.name, "entire");
        assert_eq!(f.version, None);
        assert_eq!(f.to_string(), "pkg:/entire");
    }

    #[test]
    fn displays_round_trip() {
        let s = "pkg://solaris/entire@11.4-11.4.42.0.1.111.0:20220223T100004Z";
        assert_eq!(Fmri::parse(s).unwrap().to_string(), s);
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "pkg://",
            "pkg://solaris",
            "pkg:/",
            "@1.0",
            "entire@",
            "entire@,5.11-1",
            "entire@a.b",
            "entire@1..2",
            "entire@1.0-x",
            "entire@1.0-1:yesterday",
            "entire@1.0-1:20220223T100004",
            "entire@1.0,5.11.-1",
            "entire@99999999999999999999999",
            "ent ire@1.0",
            "pkg://solaris//entire@1",
            "entire@1.0-1:2022022３T100004Z",
        ] {
            assert!(Fmri::parse(bad).is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn error_names_the_text() {
        let e = Fmri::parse("entire@x").unwrap_err();
        assert_eq!(e.text, "entire@x");
        assert!(
            e.to_string()
                .starts_with("\"entire@x\" is not an IPS FMRI: release")
        );
    }

    #[test]
    fn empty_build_and_branch_are_absent() {
        let ver = v("1.0,-:20220223T100004Z");
        assert_eq!(ver.build, None);
        assert_eq!(ver.branch, None);
    }

    #[test]
    fn release_is_an_integer_list_and_a_prefix_is_smaller() {
        assert!(v("0.5.11") < v("0.5.12"));
        assert!(v("0.5.9") < v("0.5.11"));
        assert!(v("11") < v("11.4"));
        assert!(v("11.4") > v("0.5.11"));
    }

    #[test]
    fn branch_then_timestamp() {
        assert!(v("0.5.11-0.151.1.8") < v("0.5.11-0.151.1.9"));
        assert!(v("0.5.11-0.175.1.0.0.24.2") < v("0.5.11-0.175.2"));
        assert!(v("1-1:20200101T000000Z") < v("1-1:20200101T000001Z"));
        // Release decides before branch.
        assert!(v("0.5.12-0.1") > v("0.5.11-0.999"));
        // Branch decides before timestamp.
        assert!(v("1-2:20000101T000000Z") > v("1-1:20990101T000000Z"));
    }

    #[test]
    fn missing_components_are_smaller() {
        assert!(v("1") < v("1-0"));
        assert!(v("1-0") < v("1-0:20000101T000000Z"));
        assert!(v("1") < v("1,5.11"));
    }

    #[test]
    fn build_only_breaks_ties() {
        let a = v("0.5.11,5.10-1");
        let b = v("0.5.11,5.11-1");
        assert_eq!(a.cmp_ignoring_build(&b), Ordering::Equal);
        assert!(a < b);
        assert_ne!(a, b);
        // The build does not outrank the branch.
        assert!(v("0.5.11,5.12-1") < v("0.5.11,5.10-2"));
    }

    #[test]
    fn equality_ignores_the_text_and_agrees_with_ord() {
        let a = v("1.01-2");
        let b = v("1.1-2");
        assert_eq!(a, b);
        assert_eq!(a.cmp(&b), Ordering::Equal);
        assert_ne!(a.text, b.text);
    }
}
