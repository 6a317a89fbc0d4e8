//! IPS brands: the zone's `entire` against the target's (domain.md §2.5).
//!
//! A real attach of an `ipkg`/`solaris` zone checks that the zone image can be brought in
//! line with the global zone's incorporation: without `-u` only when nothing has to change,
//! with `-u` when the zone only has to move forward. Comparing the two `entire` versions
//! approximates that: same version, target newer (`-u`), or target older (fails).
//!
//! Versions are compared as pkg5 compares them for `==`, `<` and `>` (release, branch,
//! timestamp; [`IpsVersion::cmp_ignoring_build`]): two `entire`s that differ only in the
//! build component are the same. The publisher and the package name are not compared.

use std::cmp::Ordering;

use crate::version::ips::{Fmri, IpsVersion};

/// How the target's `entire` relates to the zone's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntireRelation {
    Same,
    /// Attaches with `-u` (the zone image is updated).
    TargetNewer,
    /// The zone would have to be downgraded: attach fails.
    TargetOlder,
}

/// Compares the zone's `entire` with the target global zone's. An FMRI without a version
/// counts as older than any with one (pkg5: a missing component is the smaller).
pub fn compare_entire(zone: &Fmri, target: &Fmri) -> EntireRelation {
    let order = match (&zone.version, &target.version) {
        (Some(z), Some(t)) => IpsVersion::cmp_ignoring_build(t, z),
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
    };
    match order {
        Ordering::Equal => EntireRelation::Same,
        Ordering::Greater => EntireRelation::TargetNewer,
        Ordering::Less => EntireRelation::TargetOlder,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may panic on bad input.
mod tests {
    use super::*;

    fn f(s: &str) -> Fmri {
        Fmri::parse(s).unwrap()
    }

    #[test]
    fn same() {
        assert_eq!(
            compare_entire(
                &f("pkg://solaris/entire@11.4-11.4.42.0.1.111.0:20220223T100004Z"),
                &f("pkg://solaris/entire@11.4-11.4.42.0.1.111.0:20220223T100004Z"),
            ),
            EntireRelation::Same
        );
    }

    #[test]
    fn publisher_and_build_do_not_matter() {
        assert_eq!(
            compare_entire(
                &f("pkg://solaris/entire@0.5.11,5.11-0.175.1.0.0.24.2:20120919T184117Z"),
                &f("pkg://other/entire@0.5.11,5.12-0.175.1.0.0.24.2:20120919T184117Z"),
            ),
            EntireRelation::Same
        );
    }

    #[test]
    fn newer_sru_on_the_target() {
        assert_eq!(
            compare_entire(
                &f("pkg://solaris/entire@11.4-11.4.42.0.1.111.0:20220223T100004Z"),
                &f("pkg://solaris/entire@11.4-11.4.51.0.1.132.3:20221018T141522Z"),
            ),
            EntireRelation::TargetNewer
        );
    }

    #[test]
    fn older_release_on_the_target() {
        assert_eq!(
            compare_entire(
                &f("pkg://solaris/entire@11.4-11.4.42.0.1.111.0:20220223T100004Z"),
                &f("pkg://solaris/entire@0.5.11,5.11-0.175.3.36.0.6.0:20180725T181612Z"),
            ),
            EntireRelation::TargetOlder
        );
    }

    #[test]
    fn timestamp_breaks_ties() {
        assert_eq!(
            compare_entire(
                &f("pkg://omnios/entire@11-151046.0:20230503T123456Z"),
                &f("pkg://omnios/entire@11-151046.0:20230101T000000Z"),
            ),
            EntireRelation::TargetOlder
        );
    }

    #[test]
    fn a_missing_version_is_the_smaller() {
        assert_eq!(
            compare_entire(&f("pkg:/entire"), &f("pkg:/entire@1")),
            EntireRelation::TargetNewer
        );
        assert_eq!(
            compare_entire(&f("pkg:/entire@1"), &f("pkg:/entire")),
            EntireRelation::TargetOlder
        );
        assert_eq!(
            compare_entire(&f("pkg:/entire"), &f("pkg:/entire")),
            EntireRelation::Same
        );
    }
}
