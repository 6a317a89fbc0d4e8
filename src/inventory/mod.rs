//! The operator's view of the fleet: the inventory file (hosts, how to reach them, which
//! zones to look at, how to weigh findings) and the naming rules that keep host and zone
//! names safe to use as file names and inside remote commands.
//!
//! - [`model`]: the checked inventory, defaults applied ([`Inventory`], [`HostSettings`]).
//! - [`load`]: reading `inventories/*.yaml` (`Inventory::load`), every error with its
//!   file, line and column.
//! - [`select`]: which zones become rows of the matrix ([`ZoneSelection`], [`Glob`]).
//! - [`names`]: host and zone name rules.
//! - [`yaml`]: what the inventory and the gating plan share: [`InputError`], [`Position`]
//!   and the parser limits.

pub mod load;
pub mod model;
pub mod names;
pub mod select;
pub mod yaml;

pub use load::INVENTORY_VERSION;
pub use model::{
    Become, Defaults, HostSettings, Inventory, InventoryHost, KnownHosts, Policy, Role, Transport,
};
pub use select::{Glob, GlobError, ZoneSelection};
pub use yaml::{InputError, Position};

/// A problem in an inventory file: `inventories/x.yaml:12:5: message`.
pub type InventoryError = InputError;
