//! ZM4xx: resource controls, pools, privileges and the advisory capacity checks.

pub mod capped_memory_exceeds;
pub mod dedicated_cpu_exceeds;
pub mod limitpriv_unknown;
pub mod pool_unavailable;
pub mod rctl_unknown;
pub mod rctl_value_invalid;
pub mod scheduling_class_unknown;
