//! The zone part of the spec: zone groups and their resources.

use serde::Deserialize;

use super::one;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Brand {
    Native,
    Solaris10,
    Solaris,
    Ipkg,
    Lipkg,
    Lx,
}

impl Brand {
    pub fn as_str(self) -> &'static str {
        match self {
            Brand::Native => "native",
            Brand::Solaris10 => "solaris10",
            Brand::Solaris => "solaris",
            Brand::Ipkg => "ipkg",
            Brand::Lipkg => "lipkg",
            Brand::Lx => "lx",
        }
    }

    /// Zone images that are IPS images with an `entire` incorporation.
    pub fn is_ips(self) -> bool {
        matches!(self, Brand::Solaris | Brand::Ipkg | Brand::Lipkg)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Root {
    /// inherit-pkg-dir /lib /platform /sbin /usr.
    #[default]
    Sparse,
    Whole,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ZoneState {
    Configured,
    Installed,
    #[default]
    Running,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IpType {
    Shared,
    Exclusive,
}

/// A deliberately broken `detach -n` output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ManifestFault {
    #[default]
    Ok,
    /// The command was killed after half its output: not well-formed XML.
    Truncated,
}

/// A group of zones: on one host, or `per_host` on each host whose name matches `hosts`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoneGroup {
    /// Name pattern: `{n}`/`{n:03}` is the zone's number in the group, `{host}` its host.
    pub name: String,
    #[serde(default)]
    pub host: Option<String>,
    /// Host name glob (`*` matches any run of characters).
    #[serde(default)]
    pub hosts: Option<String>,
    #[serde(default = "one")]
    pub per_host: u32,
    #[serde(default = "one")]
    pub first: u32,
    pub brand: Brand,
    #[serde(default)]
    pub root: Root,
    /// Inherited directories besides the standard four (sparse native zones).
    #[serde(default)]
    pub extra_ipds: Vec<String>,
    #[serde(default)]
    pub state: ZoneState,
    /// Default: whether the zone is running.
    #[serde(default)]
    pub autoboot: Option<bool>,
    /// Default `/zones/{zone}` (`/system/zones/{zone}` on Solaris 11).
    #[serde(default)]
    pub zonepath: Option<String>,
    /// Default shared for native zones, exclusive otherwise.
    #[serde(default)]
    pub ip: Option<IpType>,
    #[serde(default)]
    pub net: Vec<NetSpec>,
    #[serde(default)]
    pub fs: Vec<FsSpec>,
    /// Delegated datasets (created on the zone's host).
    #[serde(default)]
    pub datasets: Vec<String>,
    #[serde(default)]
    pub rctls: Vec<RctlSpec>,
    #[serde(default)]
    pub attrs: Vec<AttrSpec>,
    #[serde(default)]
    pub pool: Option<String>,
    /// `ncpus` of dedicated-cpu: `4` or `4-8`.
    #[serde(default)]
    pub dedicated_cpu: Option<String>,
    #[serde(default)]
    pub importance: Option<u32>,
    /// capped-memory physical, GiB.
    #[serde(default)]
    pub capped_memory_gb: Option<u64>,
    #[serde(default)]
    pub limitpriv: Option<String>,
    #[serde(default)]
    pub scheduling_class: Option<String>,
    /// IPS zones: the image's `entire` version; default the host's.
    #[serde(default)]
    pub entire: Option<String>,
    #[serde(default)]
    pub manifest: ManifestFault,
}

/// A `net` resource. Placeholders `{zone}`, `{host}` and `{n}` work in `physical`; the
/// address is incremented by one per zone of the group.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetSpec {
    pub physical: String,
    /// `a.b.c.d/len` (shared IP: `address`; exclusive IP: `allowed-address`), or any text
    /// for a deliberately bad address (then not incremented).
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub defrouter: Option<String>,
}

/// An `fs` resource; placeholders work in `special`, `raw` and `dir`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FsSpec {
    pub dir: String,
    pub special: String,
    #[serde(rename = "type")]
    pub fs_type: String,
    #[serde(default)]
    pub raw: Option<String>,
    #[serde(default)]
    pub options: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RctlSpec {
    pub name: String,
    pub limit: String,
    #[serde(default = "default_action")]
    pub action: String,
    #[serde(default = "default_priv", rename = "priv")]
    pub privilege: String,
}

fn default_action() -> String {
    "deny".to_string()
}

fn default_priv() -> String {
    "privileged".to_string()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttrSpec {
    pub name: String,
    #[serde(rename = "type", default = "default_attr_type")]
    pub attr_type: String,
    pub value: String,
}

fn default_attr_type() -> String {
    "string".to_string()
}
