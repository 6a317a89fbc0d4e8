//! The typed manifest (domain.md §1.3). Attribute names follow the XML, in snake case.

use std::sync::Arc;

use crate::software::{Inventory, ZoneLayout};

/// Global zone properties: the attributes of `<zone>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ZoneProps {
    pub name: String,
    pub zonepath: String,
    pub autoboot: String,
    pub pool: Option<String>,
    pub limitpriv: Option<String>,
    pub bootargs: Option<String>,
    /// `None` or empty: the target's default brand applies.
    pub brand: Option<String>,
    pub scheduling_class: Option<String>,
    /// `None` for shared (the attribute is written only as `exclusive`).
    pub ip_type: Option<String>,
    pub hostid: Option<String>,
    pub fs_allowed: Option<String>,
    pub version: Option<String>,
    /// SmartOS.
    pub debugid: Option<String>,
}

impl ZoneProps {
    pub fn is_exclusive_ip(&self) -> bool {
        self.ip_type.as_deref() == Some("exclusive")
    }

    /// The brand as written, `None` when absent or empty.
    pub fn explicit_brand(&self) -> Option<&str> {
        self.brand.as_deref().filter(|b| !b.is_empty())
    }
}

/// `add fs`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Filesystem {
    pub special: String,
    pub raw: Option<String>,
    pub directory: String,
    pub fs_type: String,
    pub options: Vec<String>,
}

/// `add net`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Network {
    pub address: Option<String>,
    pub allowed_address: Option<String>,
    pub defrouter: Option<String>,
    pub physical: String,
    /// SmartOS/OmniOS.
    pub global_nic: Option<String>,
    pub mac_addr: Option<String>,
    pub vlan_id: Option<String>,
    /// SmartOS `<net-attr name= value=>` children.
    pub net_attrs: Vec<(String, String)>,
}

/// One `<rctl-value>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RctlValue {
    pub privilege: String,
    pub limit: String,
    pub action: String,
}

/// `add rctl` (or an alias such as `max-lwps`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Rctl {
    pub name: String,
    pub values: Vec<RctlValue>,
}

/// `add attr`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Attr {
    pub name: String,
    pub attr_type: String,
    pub value: String,
}

/// `add dataset`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DatasetRes {
    pub name: String,
    /// SmartOS.
    pub alias: Option<String>,
}

/// `dedicated-cpu`: `<pset>` and `<tmp_pool>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DedicatedCpu {
    pub ncpu_min: String,
    pub ncpu_max: String,
    pub importance: Option<String>,
}

/// `add admin`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Admin {
    pub user: String,
    pub auths: String,
}

/// illumos `security-flags`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SecurityFlags {
    pub default: Option<String>,
    pub lower: Option<String>,
    pub upper: Option<String>,
}

/// `<dev-perm>`: device-node ownership replayed on the target.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DevPerm {
    pub name: String,
    pub uid: String,
    pub gid: String,
    pub mode: String,
    pub acl: String,
}

/// An element the typed model does not know (an S11 `anet`, a future resource), kept
/// with its attributes so that reports can name it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct UnknownElement {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// 1-based line in the manifest.
    pub line: u32,
}

/// One distinct element shape: what DTD validation needs, without the bulk of the
/// inventory. Inventory elements (`package`, `patch`, `obsoletes`, `incompatible`,
/// `dev-perm`) are CDATA-only in every zonecfg DTD, so their attribute values are left out
/// and 1,200 packages collapse into one shape.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ElementShape {
    pub name: String,
    /// `None` for the root.
    pub parent: Option<String>,
    /// Attribute names with values (values are `None` for inventory elements), sorted.
    pub attrs: Vec<(String, Option<String>)>,
    /// Child element names in document order. A native root has thousands: documents with
    /// the same list share it ([`super::ManifestParser`]).
    pub children: Arc<[String]>,
    /// What the element holds besides child elements.
    pub other_content: OtherContent,
    /// First line where this shape occurs.
    pub line: u32,
}

/// What an element holds besides child elements. libxml2's validation cares: an `EMPTY`
/// element may hold nothing at all, not even white space or a comment, while element
/// content allows white space, comments and processing instructions between children.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OtherContent {
    #[default]
    None,
    /// White-space text, comments or processing instructions only.
    Ignorable,
    /// Character data other than white space (zonecfg never writes any).
    Text,
}

/// A parsed manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Manifest {
    pub zone: ZoneProps,
    pub filesystems: Vec<Filesystem>,
    pub inherited_pkg_dirs: Vec<String>,
    pub networks: Vec<Network>,
    pub devices: Vec<String>,
    pub deleted_devices: Vec<String>,
    pub rctls: Vec<Rctl>,
    pub attrs: Vec<Attr>,
    pub datasets: Vec<DatasetRes>,
    pub dedicated_cpu: Option<DedicatedCpu>,
    /// `capped-memory physical`, bytes as written.
    pub mcap_physcap: Option<String>,
    pub admins: Vec<Admin>,
    pub security_flags: Option<SecurityFlags>,
    /// The native software inventory (empty for brands without one).
    pub inventory: Arc<Inventory>,
    pub dev_perms: Vec<DevPerm>,
    pub unknown_elements: Vec<UnknownElement>,
    /// The DOCTYPE's system id (`file:///usr/share/lib/xml/dtd/zonecfg.dtd.1`), if any.
    pub doctype_system: Option<String>,
    /// Distinct element shapes, sorted, for DTD validation.
    pub shapes: Vec<ElementShape>,
}

impl Manifest {
    /// Whether the document carries an SVR4 inventory (a native `detach -n`).
    pub fn has_inventory(&self) -> bool {
        !self.inventory.packages.is_empty()
    }

    /// The brand the document itself implies: its `brand` attribute, or `native` when it
    /// names none but carries an SVR4 inventory (only the native brand's detach writes one,
    /// and Solaris 10 templates name no brand). `None`: the target's default brand applies.
    pub fn own_brand(&self) -> Option<&str> {
        match self.zone.explicit_brand() {
            Some(b) => Some(b),
            None if self.has_inventory() => Some("native"),
            None => None,
        }
    }

    /// The layout that decides the target inventory.
    pub fn layout(&self) -> ZoneLayout {
        ZoneLayout {
            inherited_pkg_dirs: self.inherited_pkg_dirs.clone(),
            fs_dirs: self
                .filesystems
                .iter()
                .map(|f| f.directory.clone())
                .collect(),
        }
    }
}
