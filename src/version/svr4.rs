//! SVR4 package version comparison, `pkg_vers_cmp` of the 2008+ native brand code
//! (domain.md §4.1).
//!
//! A version is split at its first comma into a main part (`11.10.0`) and an optional
//! revision (`REV=2005.01.21.15.53`). Main parts are compared field by field with
//! [`fld_cmp`]; on a tie the revision decides.
//!
//! # Not a total order on arbitrary strings
//!
//! `fld_cmp` compares numeric fields as numbers but falls back to `strcmp` of *just the two
//! differing fields* as soon as either is non-numeric, and then stops. That mix is not
//! transitive once non-numeric or overflowing fields appear: `9 < 10` (numbers),
//! `10 < 1a` and `1a < 9` (`strcmp`). It also stops at the first non-numeric field, so
//! `1.a.1` and `1.a.2` compare equal. This module reproduces those results exactly, because
//! the point is to predict what `zoneadm attach` decides; callers must not use
//! [`pkg_vers_cmp`] as a sort key for untrusted strings. On the versions Solaris packages
//! actually carry (dot-separated decimal fields, `REV=` followed by decimal fields) it is a
//! total order, and the property tests check exactly that domain.

use std::cmp::Ordering;

/// Compares two SVR4 package versions the way `pkg_vers_cmp` does.
///
/// `Less` means `a` is older than `b`. `zoneadm attach` without `-u` treats anything but
/// `Equal` as a version mismatch; `attach -u` refuses `Greater` (a downgrade).
pub fn pkg_vers_cmp(a: &str, b: &str) -> Ordering {
    let (main_a, rev_a) = split_rev(a);
    let (main_b, rev_b) = split_rev(b);

    let main = fld_cmp(main_a, main_b);
    if main != Ordering::Equal {
        return main;
    }

    match (rev_a, rev_b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(ra), Some(rb)) => match (ra.strip_prefix("REV="), rb.strip_prefix("REV=")) {
            (Some(fa), Some(fb)) => fld_cmp(fa, fb),
            // Either revision is not of the `REV=` kind: plain strcmp of the whole revisions.
            _ => ra.as_bytes().cmp(rb.as_bytes()),
        },
    }
}

/// Splits at the first comma: `("1.21", Some("REV=2005.01.17.23.31"))`.
fn split_rev(v: &str) -> (&str, Option<&str>) {
    match v.split_once(',') {
        Some((main, rev)) => (main, Some(rev)),
        None => (v, None),
    }
}

/// Steps through two dot-separated field lists the way the C `fld_cmp` does.
///
/// - A field made only of ASCII digits is numeric; the empty field is numeric and equals 0.
/// - A numeric field above `i32::MAX` counts as non-numeric: the C code converts with
///   `strtol` and returns the value as an `int`, and on the 32-bit zoneadm binaries of
///   Solaris 10 `strtol` reports `ERANGE` there.
/// - When either current field is non-numeric, the result is `strcmp` of those two fields
///   alone, and the walk stops.
/// - When every shared field is equal, the side with more fields is greater.
pub fn fld_cmp(a: &str, b: &str) -> Ordering {
    let mut fa = a.split('.');
    let mut fb = b.split('.');
    // `split` always yields at least one (possibly empty) field.
    let (mut xa, mut xb) = (fa.next().unwrap_or(""), fb.next().unwrap_or(""));
    loop {
        match (field_value(xa), field_value(xb)) {
            (Some(na), Some(nb)) => match na.cmp(&nb) {
                Ordering::Equal => {}
                other => return other,
            },
            _ => return xa.as_bytes().cmp(xb.as_bytes()),
        }
        match (fa.next(), fb.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(na), Some(nb)) => {
                xa = na;
                xb = nb;
            }
        }
    }
}

/// The numeric value of a field, `None` when the C code would call it non-numeric.
fn field_value(field: &str) -> Option<u32> {
    if !field.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if field.is_empty() {
        return Some(0);
    }
    // Leading zeros are fine (`01` is 1); anything above i32::MAX overflows in the C code.
    let digits = field.trim_start_matches('0');
    if digits.len() > 10 {
        return None;
    }
    let value: u64 = if digits.is_empty() {
        0
    } else {
        digits.parse().ok()?
    };
    if value > i32::MAX as u64 {
        return None;
    }
    u32::try_from(value).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may panic on bad input.
mod tests {
    use super::*;
    use Ordering::{Equal, Greater, Less};

    fn check(a: &str, b: &str, expected: Ordering) {
        assert_eq!(pkg_vers_cmp(a, b), expected, "{a} vs {b}");
        assert_eq!(pkg_vers_cmp(b, a), expected.reverse(), "{b} vs {a}");
    }

    // The test vectors of domain.md §4.1.

    #[test]
    fn numeric_fields_compare_as_numbers() {
        check("2.6.0", "2.20.0", Less);
    }

    #[test]
    fn rev_fields_compare_as_numbers() {
        check("1.21,REV=2005.01.17.23.31", "1.21,REV=2005.01.18.0.1", Less);
    }

    #[test]
    fn a_rev_beats_no_rev() {
        check("11.10.0", "11.10.0,REV=2005.01.21.15.53", Less);
    }

    #[test]
    fn long_revs() {
        check(
            "2.6.0,REV=101.0.3.2005.12.06.20.27",
            "2.6.0,REV=101.0.3.2005.12.19.21.22",
            Less,
        );
    }

    #[test]
    fn non_numeric_fields_compare_by_strcmp_of_the_field() {
        check("1.0a", "1.0b", Less);
        assert_eq!(pkg_vers_cmp("1.0a", "1.0b"), "0a".cmp("0b"));
    }

    #[test]
    fn the_empty_field_is_zero() {
        check("1..2", "1.0.2", Equal);
    }

    #[test]
    fn leading_zeros_do_not_matter() {
        check("5.01", "5.1", Equal);
    }

    // Further behaviour of the C code.

    #[test]
    fn more_fields_is_greater() {
        check("1.2", "1.2.0", Less);
        check("1.", "1", Greater);
        check("", "0", Equal);
    }

    #[test]
    fn strcmp_stops_the_walk() {
        // Only the first non-numeric pair is looked at.
        check("1.a.1", "1.a.2", Equal);
        check("1.0a.9", "1.0b.1", Less);
        // Numeric against non-numeric is strcmp too.
        check("1.10", "1.9a", Less);
    }

    #[test]
    fn overflowing_fields_are_non_numeric() {
        check("2147483647", "2147483646", Greater);
        // 2147483648 overflows: strcmp("2147483648", "9") < 0.
        check("2147483648", "9", Less);
        check("99999999999999999999", "1", Greater);
    }

    #[test]
    fn only_the_first_comma_splits() {
        check("1.0,REV=1,x", "1.0,REV=1,y", Less);
        assert_eq!(split_rev("1.0,REV=1,x"), ("1.0", Some("REV=1,x")));
    }

    #[test]
    fn revs_without_rev_prefix_are_strcmp() {
        check("1.0,PATCH=9", "1.0,PATCH=10", Greater);
        check("1.0,REV=9", "1.0,PATCH=10", Greater);
        check("1.0,REV=9", "1.0,REV=10", Less);
        check("1.0,", "1.0,REV=1", Less);
    }

    #[test]
    fn main_part_decides_before_the_rev() {
        check("1.1,REV=2000", "1.2,REV=1999", Less);
    }

    #[test]
    fn equal_strings_are_equal() {
        for v in [
            "",
            ",",
            "1",
            "a.b",
            "11.10.0,REV=2005.01.21.15.53",
            "1.0,x",
            "é.ü",
        ] {
            check(v, v, Equal);
        }
    }

    #[test]
    fn non_ascii_does_not_panic() {
        let _ = pkg_vers_cmp("1.ü", "1.2");
        let _ = pkg_vers_cmp("١٢", "12");
        check("١٢", "١٢", Equal);
    }
}
