//! Version semantics exactly as Solaris applies them (domain.md §4): SVR4 package versions
//! (`pkg_vers_cmp`), patch ids keyed by base id, and IPS FMRI ordering.

pub mod ips;
pub mod patch;
pub mod svr4;
