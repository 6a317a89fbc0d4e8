//! The spec expanded: every host and zone with its name, addresses and resources
//! resolved, and checked for what a real fleet could not have (a native zone on Solaris
//! 11, a zone on a host nobody could reach, duplicate names).

use std::collections::{BTreeMap, HashSet};
use std::net::Ipv4Addr;

use super::os;
use super::pattern::{expand, glob, offset_cidr};
use super::spec::{
    AttrSpec, Brand, DatasetSpec, FactFault, HostGroup, IpType, Machine, ManifestFault, Os,
    RctlSpec, Role, Root, Spec, ZoneGroup, ZoneState,
};
use crate::collect::FactId;
use crate::inventory::Become;
use crate::inventory::names::{validate_host_name, validate_zone_name};

const MAX_PACKAGES: usize = 1800;
const MAX_PATCHES: usize = 5000;
const MAX_LEVELS: u32 = 10;

/// The standard inherited-pkg-dirs of a sparse-root zone.
pub const SPARSE_IPDS: [&str; 4] = ["/lib", "/platform", "/sbin", "/usr"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iface {
    pub link: String,
    pub addr: Ipv4Addr,
    pub prefix: u8,
}

#[derive(Debug, Clone)]
pub struct HostPlan {
    pub name: String,
    pub os: Os,
    pub machine: Machine,
    pub model: String,
    /// Index into the spec's families.
    pub family: Option<usize>,
    pub level: u32,
    /// `entire` version (Solaris 11, OmniOS); empty on Solaris 10.
    pub entire: String,
    pub source: bool,
    pub candidate: bool,
    pub tags: BTreeMap<String, String>,
    pub address: Option<Ipv4Addr>,
    pub links: Vec<String>,
    pub interfaces: Vec<Iface>,
    pub cpus: u32,
    pub memory_gb: u32,
    pub pools: Option<Vec<String>>,
    pub fss: bool,
    pub fs_types: Vec<String>,
    pub paths: Vec<String>,
    pub datasets: Vec<DatasetSpec>,
    pub replica_of: Vec<usize>,
    pub faults: BTreeMap<FactId, FactFault>,
    pub unreachable: bool,
    pub escalation: Become,
    /// Indexes into [`Plan::zones`], in spec order.
    pub zones: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct NetPlan {
    pub physical: String,
    pub address: Option<String>,
    pub defrouter: Option<String>,
}

#[derive(Debug, Clone)]
pub struct FsPlan {
    pub dir: String,
    pub special: String,
    pub fs_type: String,
    pub raw: Option<String>,
    pub options: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ZonePlan {
    pub name: String,
    pub host: usize,
    pub brand: Brand,
    /// Inherited-pkg-dirs (empty for whole-root and non-native zones).
    pub ipds: Vec<String>,
    pub state: ZoneState,
    pub autoboot: bool,
    pub zonepath: String,
    pub exclusive: bool,
    pub nets: Vec<NetPlan>,
    pub fs: Vec<FsPlan>,
    pub datasets: Vec<String>,
    pub rctls: Vec<RctlSpec>,
    pub attrs: Vec<AttrSpec>,
    pub pool: Option<String>,
    /// (ncpu_min, ncpu_max).
    pub dedicated_cpu: Option<(String, String)>,
    pub importance: Option<u32>,
    pub mcap_bytes: Option<u64>,
    pub limitpriv: Option<String>,
    pub scheduling_class: Option<String>,
    pub entire: Option<String>,
    pub manifest_fault: ManifestFault,
}

impl ZonePlan {
    /// Installed or further: the zone owns its zonepath, datasets and storage.
    pub fn is_installed(&self) -> bool {
        self.state >= ZoneState::Installed
    }

    pub fn is_running(&self) -> bool {
        self.state == ZoneState::Running
    }
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub hosts: Vec<HostPlan>,
    pub zones: Vec<ZonePlan>,
}

impl Plan {
    /// Whether `detach -n` is recorded for the zone: a reachable source host, installed.
    pub fn has_manifest(&self, zone: &ZonePlan) -> bool {
        self.hosts
            .get(zone.host)
            .is_some_and(|h| h.source && !h.unreachable)
            && zone.is_installed()
    }
}

/// Expands and checks a spec.
pub fn plan(spec: &Spec) -> Result<Plan, String> {
    for f in &spec.families {
        // The filler names run out beyond ~1,990 packages, and patch ids beyond a few
        // tens of thousands; these limits leave room for the levels' additions.
        if f.packages > MAX_PACKAGES || f.patches > MAX_PATCHES || f.levels > MAX_LEVELS {
            return Err(format!(
                "family {}: at most {MAX_PACKAGES} packages, {MAX_PATCHES} patches and {MAX_LEVELS} levels",
                f.name
            ));
        }
        if !f.os.is_s10() {
            return Err(format!(
                "family {}: families are Solaris 10 (s10uN)",
                f.name
            ));
        }
    }
    let mut plan = Plan::default();
    for group in &spec.hosts {
        for i in 0..group.count {
            let host = host_plan(spec, group, i)?;
            if plan.hosts.iter().any(|h| h.name == host.name) {
                return Err(format!("host {} is defined twice", host.name));
            }
            plan.hosts.push(host);
        }
    }
    resolve_replicas(spec, &mut plan)?;
    for group in &spec.zones {
        zone_group(group, &mut plan)?;
    }
    Ok(plan)
}

fn host_plan(spec: &Spec, g: &HostGroup, i: u32) -> Result<HostPlan, String> {
    let name = expand(&g.name, g.first.saturating_add(i), None, None)?;
    validate_host_name(&name).map_err(|e| format!("host {name:?}: {e}"))?;
    let at = |what: &str| format!("host {name}: {what}");
    let family = match (&g.family, g.os) {
        (Some(f), Os::S10(_)) => {
            let index = spec
                .families
                .iter()
                .position(|x| &x.name == f)
                .ok_or_else(|| at(&format!("unknown family {f:?}")))?;
            let fam = &spec.families[index];
            if fam.os != g.os || fam.arch != g.machine.arch() {
                return Err(at(&format!(
                    "family {f} is {} {}, the host {} {}",
                    fam.os,
                    fam.arch.as_str(),
                    g.os,
                    g.machine.arch().as_str()
                )));
            }
            if g.level == 0 || g.level > fam.levels.max(1) {
                return Err(at(&format!("family {f} has no level {}", g.level)));
            }
            Some(index)
        }
        (None, Os::S10(_)) => return Err(at("a Solaris 10 host needs a family")),
        (Some(_), _) => return Err(at("only Solaris 10 hosts have an SVR4 family")),
        (None, _) => None,
    };
    match (g.os, g.machine) {
        (Os::S11_4, Machine::Sun4u) => return Err(at("Solaris 11.4 does not run on sun4u")),
        (Os::OmniOs, m) if m != Machine::I86pc => return Err(at("OmniOS runs on i86pc only")),
        _ => {}
    }
    let entire = match g.os {
        Os::S10(_) => String::new(),
        os => g
            .entire
            .clone()
            .unwrap_or_else(|| os::default_entire(os).to_string()),
    };
    let interfaces = g
        .interfaces
        .iter()
        .map(|s| {
            let (addr, prefix) = offset_cidr(&s.address, i).ok_or_else(|| {
                at(&format!(
                    "interface address {:?} is not a.b.c.d/len",
                    s.address
                ))
            })?;
            Ok(Iface {
                link: s.link.clone(),
                addr,
                prefix,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let address = g
        .address
        .map(|a| Ipv4Addr::from(u32::from(a).wrapping_add(i)))
        .or_else(|| interfaces.first().map(|f| f.addr));
    let mut faults = BTreeMap::new();
    for (fact, fault) in &g.faults {
        let id: FactId = fact.parse().map_err(|e| at(&format!("faults: {e}")))?;
        faults.insert(id, *fault);
    }
    let roles = g
        .roles
        .clone()
        .unwrap_or(vec![Role::Source, Role::Candidate]);
    Ok(HostPlan {
        model: g
            .model
            .clone()
            .unwrap_or_else(|| os::default_model(g.os, g.machine).to_string()),
        links: g
            .links
            .clone()
            .unwrap_or_else(|| os::default_links(g.os, g.machine)),
        name,
        os: g.os,
        machine: g.machine,
        family,
        level: g.level,
        entire,
        source: roles.contains(&Role::Source),
        candidate: roles.contains(&Role::Candidate),
        tags: g.tags.clone(),
        address,
        interfaces,
        cpus: g.cpus.max(1),
        memory_gb: g.memory_gb.max(1),
        pools: g.pools.clone(),
        fss: g.fss.unwrap_or_else(|| os::default_fss(g.os)),
        fs_types: g.fs_types.clone(),
        paths: g.paths.clone(),
        datasets: g.datasets.clone(),
        replica_of: Vec::new(),
        faults,
        unreachable: g.unreachable,
        escalation: g.escalation,
        zones: Vec::new(),
    })
}

fn resolve_replicas(spec: &Spec, plan: &mut Plan) -> Result<(), String> {
    let mut index = 0;
    for g in &spec.hosts {
        for _ in 0..g.count {
            let mut replicas = Vec::new();
            for r in &g.replica_of {
                let i = plan
                    .hosts
                    .iter()
                    .position(|h| &h.name == r)
                    .ok_or_else(|| format!("replica_of: unknown host {r:?}"))?;
                replicas.push(i);
            }
            if let Some(h) = plan.hosts.get_mut(index) {
                h.replica_of = replicas;
            }
            index += 1;
        }
    }
    Ok(())
}

fn zone_group(g: &ZoneGroup, plan: &mut Plan) -> Result<(), String> {
    let targets: Vec<usize> = match (&g.host, &g.hosts) {
        (Some(h), None) => vec![
            plan.hosts
                .iter()
                .position(|x| &x.name == h)
                .ok_or_else(|| format!("zone group {:?}: unknown host {h:?}", g.name))?,
        ],
        (None, Some(pattern)) => plan
            .hosts
            .iter()
            .enumerate()
            .filter(|(_, h)| glob(pattern, &h.name))
            .map(|(i, _)| i)
            .collect(),
        _ => {
            return Err(format!(
                "zone group {:?}: give exactly one of host and hosts",
                g.name
            ));
        }
    };
    let mut k: u32 = 0;
    for host in targets {
        for _ in 0..g.per_host {
            let zone = zone_plan(g, plan, host, k)?;
            let index = plan.zones.len();
            plan.zones.push(zone);
            if let Some(h) = plan.hosts.get_mut(host) {
                h.zones.push(index);
            }
            k += 1;
        }
    }
    Ok(())
}

fn zone_plan(g: &ZoneGroup, plan: &Plan, host_index: usize, k: u32) -> Result<ZonePlan, String> {
    let host = plan
        .hosts
        .get(host_index)
        .ok_or_else(|| "internal: host index out of range".to_string())?;
    let n = g.first.saturating_add(k);
    let name = expand(&g.name, n, Some(&host.name), None)?;
    validate_zone_name(&name).map_err(|e| format!("zone {name:?}: {e}"))?;
    let at = |what: &str| format!("zone {name} on {}: {what}", host.name);
    let used: HashSet<&str> = host
        .zones
        .iter()
        .filter_map(|&z| plan.zones.get(z))
        .map(|z| z.name.as_str())
        .collect();
    if used.contains(name.as_str()) {
        return Err(at("defined twice"));
    }
    if host.unreachable {
        return Err(at("the host is unreachable: nothing is known of its zones"));
    }
    let brand_ok = match g.brand {
        Brand::Native => host.os.is_s10(),
        Brand::Solaris | Brand::Solaris10 => host.os == Os::S11_4,
        Brand::Ipkg | Brand::Lipkg | Brand::Lx => host.os == Os::OmniOs,
    };
    if !brand_ok {
        return Err(at(&format!(
            "brand {} does not exist on {}",
            g.brand.as_str(),
            host.os
        )));
    }
    let x = |text: &str| expand(text, n, Some(&host.name), Some(&name));
    let exclusive = match (g.ip, g.brand) {
        (Some(IpType::Exclusive), _) => true,
        (Some(IpType::Shared), Brand::Solaris | Brand::Solaris10) => {
            return Err(at(
                "Solaris 11 zones are generated with an exclusive-IP anet",
            ));
        }
        (Some(IpType::Shared), _) => false,
        (None, b) => b != Brand::Native,
    };
    if matches!(g.brand, Brand::Solaris | Brand::Solaris10) && !g.net.is_empty() {
        return Err(at(
            "Solaris 11 zones get one anet; net resources are not supported",
        ));
    }
    let nets = g
        .net
        .iter()
        .map(|net| {
            let address = net.address.as_ref().map(|a| match offset_cidr(a, k) {
                Some((addr, len)) => format!("{addr}/{len}"),
                None => a.clone(),
            });
            Ok(NetPlan {
                physical: x(&net.physical)?,
                address,
                defrouter: net.defrouter.clone(),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let fs =
        g.fs.iter()
            .map(|f| {
                Ok(FsPlan {
                    dir: x(&f.dir)?,
                    special: x(&f.special)?,
                    fs_type: f.fs_type.clone(),
                    raw: f.raw.as_deref().map(x).transpose()?,
                    options: f.options.clone(),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
    let ipds = if g.brand == Brand::Native && g.root == Root::Sparse {
        SPARSE_IPDS
            .iter()
            .map(|s| s.to_string())
            .chain(g.extra_ipds.iter().cloned())
            .collect()
    } else {
        Vec::new()
    };
    let dedicated_cpu = g.dedicated_cpu.as_ref().map(|d| match d.split_once('-') {
        Some((lo, hi)) => (lo.trim().to_string(), hi.trim().to_string()),
        None => (d.trim().to_string(), d.trim().to_string()),
    });
    Ok(ZonePlan {
        zonepath: x(g
            .zonepath
            .as_deref()
            .unwrap_or(os::default_zonepath(host.os)))?,
        datasets: g.datasets.iter().map(|d| x(d)).collect::<Result<_, _>>()?,
        name,
        host: host_index,
        brand: g.brand,
        ipds,
        state: g.state,
        autoboot: g.autoboot.unwrap_or(g.state == ZoneState::Running),
        exclusive,
        nets,
        fs,
        rctls: g.rctls.clone(),
        attrs: g.attrs.clone(),
        pool: g.pool.clone(),
        dedicated_cpu,
        importance: g.importance,
        mcap_bytes: g.capped_memory_gb.map(|gb| gb << 30),
        limitpriv: g.limitpriv.clone(),
        scheduling_class: g.scheduling_class.clone(),
        entire: g.entire.clone(),
        manifest_fault: g.manifest,
    })
}
