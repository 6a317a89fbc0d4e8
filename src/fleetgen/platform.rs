//! Per-host platform facts: `psrinfo`, `pooladm` and `zoneadm list -cp`.

use std::fmt::Write;

use super::clock::{DAY, civil};
use super::os::Output;
use super::plan::{HostPlan, ZonePlan};
use super::rng::Rng;
use super::spec::{Brand, Os, ZoneState};

/// The zones of one host with what only exists at run time: zone ids and UUIDs.
pub struct HostZones<'a> {
    pub zones: Vec<&'a ZonePlan>,
    /// Zone id of each zone (`None` when not running), in `zones` order.
    pub ids: Vec<Option<u32>>,
    pub uuids: Vec<String>,
}

impl<'a> HostZones<'a> {
    pub fn new(seed: u64, host: &HostPlan, zones: Vec<&'a ZonePlan>) -> HostZones<'a> {
        let mut rng = Rng::new(seed, &format!("zones/{}", host.name));
        // Zone ids grow with every boot since the global zone's: start somewhere.
        let mut next = rng.range(1, 6) as u32;
        let mut ids = Vec::new();
        let mut uuids = Vec::new();
        for z in &zones {
            ids.push(z.is_running().then(|| {
                let id = next;
                next += 1;
                id
            }));
            // Configured zones have no UUID yet: it is assigned at install.
            uuids.push(if z.is_installed() {
                rng.uuid()
            } else {
                String::new()
            });
        }
        HostZones { zones, ids, uuids }
    }
}

/// `psrinfo`: every CPU on-line since the last boot, a few weeks to months ago.
pub fn psrinfo(seed: u64, host: &HostPlan, created: i64) -> String {
    let mut rng = Rng::new(seed, &format!("boot/{}", host.name));
    let boot = created - rng.range(3, 240) as i64 * DAY - rng.range(0, DAY as u64) as i64;
    let mut out = String::new();
    for cpu in 0..host.cpus {
        let since = civil(boot + i64::from(cpu.min(1)));
        let _ = writeln!(out, "{cpu}\ton-line   since {}", since.psrinfo());
    }
    out
}

/// `pooladm`: the dynamic configuration, or the error when pools are not enabled. Each
/// pool besides the default gets a processor set of a quarter of the CPUs, from the top.
pub fn pooladm(seed: u64, host: &HostPlan) -> Output {
    let Some(pools) = &host.pools else {
        return Output {
            stdout: String::new(),
            stderr: "pooladm: couldn't open pools state file: Facility is not active\n".into(),
            exit: 1,
        };
    };
    let mut rng = Rng::new(seed, &format!("pools/{}", host.name));
    let size = (host.cpus / 4).max(1);
    let usable = pools
        .iter()
        .take(((host.cpus.saturating_sub(1)) / size) as usize)
        .collect::<Vec<_>>();
    let pset_of = |pool: &str| format!("pset_{}", pool.strip_prefix("pool_").unwrap_or(pool));
    let mut out = String::from(
        "\nsystem default\n\tstring\tsystem.comment \n\tint\tsystem.version 1\n\tboolean\tsystem.bind-default true\n\tstring\tsystem.poold.objectives wt-load\n",
    );
    let mut pool_block = |name: &str, id: usize, default: bool, pset: &str| {
        let _ = write!(
            out,
            "\n\tpool {name}\n\t\tint\tpool.sys_id {id}\n\t\tboolean\tpool.active true\n\t\tboolean\tpool.default {default}\n\t\tint\tpool.importance {}\n\t\tstring\tpool.comment \n\t\tpset\t{pset}\n",
            if default { 1 } else { 2 }
        );
    };
    pool_block("pool_default", 0, true, "pset_default");
    for (i, pool) in usable.iter().enumerate() {
        pool_block(pool, i + 1, false, &pset_of(pool));
    }
    let extra = size * usable.len() as u32;
    let default_cpus: Vec<u32> = (0..host.cpus - extra).collect();
    pset(
        &mut out,
        &mut rng,
        "pset_default",
        -1,
        (1, 65536),
        &default_cpus,
    );
    for (i, pool) in usable.iter().enumerate() {
        let first = host.cpus - extra + size * i as u32;
        let cpus: Vec<u32> = (first..first + size).collect();
        let min = (size / 2).max(1);
        pset(
            &mut out,
            &mut rng,
            &pset_of(pool),
            i as i64 + 1,
            (min, size),
            &cpus,
        );
    }
    Output::ok(out)
}

fn pset(
    out: &mut String,
    rng: &mut Rng,
    name: &str,
    id: i64,
    (min, max): (u32, u32),
    cpus: &[u32],
) {
    let default = id < 0;
    let load = rng.range(0, cpus.len() as u64 / 2 + 1);
    let _ = write!(
        out,
        "\n\tpset {name}\n\t\tint\tpset.sys_id {id}\n\t\tboolean\tpset.default {default}\n\t\tuint\tpset.min {min}\n\t\tuint\tpset.max {max}\n\t\tstring\tpset.units population\n\t\tuint\tpset.load {load}\n\t\tuint\tpset.size {}\n\t\tstring\tpset.comment \n",
        cpus.len()
    );
    for cpu in cpus {
        let _ = write!(
            out,
            "\n\t\tcpu\n\t\t\tint\tcpu.sys_id {cpu}\n\t\t\tstring\tcpu.comment \n\t\t\tstring\tcpu.status on-line\n"
        );
    }
}

fn state_name(state: ZoneState) -> &'static str {
    match state {
        ZoneState::Configured => "configured",
        ZoneState::Installed => "installed",
        ZoneState::Running => "running",
    }
}

/// `zoneadm list -cp`: the global zone, running zones by id, then the others.
pub fn zoneadm_list(host: &HostPlan, hz: &HostZones<'_>) -> String {
    let global_brand = match host.os {
        Os::S10(_) => "native",
        Os::S11_4 => "solaris",
        Os::OmniOs => "ipkg",
    };
    let mut order: Vec<usize> = (0..hz.zones.len()).collect();
    order.sort_by_key(|&i| (hz.ids[i].is_none(), hz.ids[i]));
    let mut out = String::new();
    let line =
        |id: String, name: &str, state: &str, path: &str, uuid: &str, brand: &str, ip: &str| {
            let path = path.replace(':', "\\:");
            match host.os {
                Os::S10(u) if u < 4 => format!("{id}:{name}:{state}:{path}:\n"),
                Os::S11_4 => format!("{id}:{name}:{state}:{path}:{uuid}:{brand}:{ip}:-:none:\n"),
                _ => format!("{id}:{name}:{state}:{path}:{uuid}:{brand}:{ip}\n"),
            }
        };
    out.push_str(&line(
        "0".into(),
        "global",
        "running",
        "/",
        "",
        global_brand,
        "shared",
    ));
    for i in order {
        let z = hz.zones[i];
        let id = hz.ids[i].map_or("-".to_string(), |n| n.to_string());
        let ip = if z.exclusive { "excl" } else { "shared" };
        let brand = match z.brand {
            Brand::Native => "native",
            b => b.as_str(),
        };
        out.push_str(&line(
            id,
            &z.name,
            state_name(z.state),
            &z.zonepath,
            &hz.uuids[i],
            brand,
            ip,
        ));
    }
    out
}
