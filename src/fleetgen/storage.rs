//! Storage facts: `zfs list` and the `paths` probe.
//!
//! What exists on a host: the release's own datasets and directories, its zones' zonepath
//! datasets, fs specials, raw devices and delegated datasets, the same storage of the
//! hosts it is a replica of, and what the spec lists. The `paths` probe asks every host
//! about every path that some manifest of the fleet references, as the collector's second
//! pass does (snapshot-format.md), so most paths are absent on most hosts.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use super::clock::{DAY, civil};
use super::os::{self, Output};
use super::plan::{HostPlan, Plan, SPARSE_IPDS, ZonePlan};
use super::rng::{Rng, fnv1a};
use super::spec::{Brand, Os};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dataset {
    pub volume: bool,
    pub mountpoint: String,
    pub zoned: bool,
}

impl Dataset {
    fn fs(mountpoint: impl Into<String>, zoned: bool) -> Dataset {
        Dataset {
            volume: false,
            mountpoint: mountpoint.into(),
            zoned,
        }
    }
}

/// File system types zoneadm refuses for `add fs` (as the ZM301 rule reads them).
pub fn type_not_allowed(fs_type: &str) -> bool {
    matches!(fs_type, "proc" | "mntfs" | "autofs" | "cachefs") || fs_type.starts_with("nfs")
}

/// The `/usr/lib/fs/<type>/<program>` path zoneadm looks at.
pub fn fs_program(fs_type: &str, program: &str) -> String {
    format!("/usr/lib/fs/{fs_type}/{program}")
}

/// What exists on one host.
#[derive(Debug, Default)]
pub struct HostStorage {
    pub dirs: BTreeSet<String>,
    pub block_devices: BTreeSet<String>,
    pub char_devices: BTreeSet<String>,
    pub datasets: BTreeMap<String, Dataset>,
}

/// The dataset of a zonepath, where the release puts zonepaths on ZFS.
fn zonepath_dataset(os: Os, zonepath: &str) -> Option<String> {
    match os {
        Os::S10(u) if u >= 6 => zonepath
            .strip_prefix("/zones/")
            .map(|r| format!("zones/{r}")),
        Os::S11_4 => zonepath
            .strip_prefix("/system/zones/")
            .map(|r| format!("rpool/VARSHARE/zones/{r}")),
        Os::OmniOs => zonepath
            .strip_prefix("/zones/")
            .map(|r| format!("rpool/zones/{r}")),
        _ => None,
    }
}

/// The zone's data storage (not its root): fs specials, raw devices, datasets.
fn add_zone_data(s: &mut HostStorage, zone: &ZonePlan) {
    for fs in &zone.fs {
        if fs.fs_type == "zfs" {
            s.datasets
                .insert(fs.special.clone(), Dataset::fs("legacy", false));
        } else if !type_not_allowed(&fs.fs_type) {
            if fs.special.starts_with("/dev/dsk/") {
                s.block_devices.insert(fs.special.clone());
            } else if fs.special.starts_with('/') {
                s.dirs.insert(fs.special.clone());
            }
        }
        if let Some(raw) = &fs.raw {
            s.char_devices.insert(raw.clone());
        }
    }
    for ds in &zone.datasets {
        s.datasets
            .insert(ds.clone(), Dataset::fs(format!("/{ds}"), true));
    }
}

/// The zone's root datasets, by brand.
fn add_zone_root(s: &mut HostStorage, os: Os, zone: &ZonePlan) {
    let Some(root) = zonepath_dataset(os, &zone.zonepath) else {
        return;
    };
    s.datasets
        .insert(root.clone(), Dataset::fs(zone.zonepath.clone(), false));
    let children: &[(&str, &str, bool)] = match zone.brand {
        Brand::Solaris => &[
            ("rpool", "/rpool", true),
            ("rpool/ROOT", "legacy", true),
            ("rpool/ROOT/solaris", "/", true),
            ("rpool/ROOT/solaris/var", "/var", true),
            ("rpool/VARSHARE", "/var/share", true),
            ("rpool/export", "/export", true),
            ("rpool/export/home", "/export/home", true),
        ],
        Brand::Solaris10 => &[
            ("rpool", "/rpool", true),
            ("rpool/ROOT", "legacy", true),
            ("rpool/ROOT/zbe-0", "/", true),
        ],
        Brand::Ipkg | Brand::Lipkg | Brand::Lx => {
            &[("ROOT", "legacy", false), ("ROOT/zbe", "legacy", false)]
        }
        Brand::Native => &[],
    };
    for (name, mountpoint, zoned) in children {
        s.datasets
            .insert(format!("{root}/{name}"), Dataset::fs(*mountpoint, *zoned));
    }
}

/// The release's own datasets.
fn base_datasets(host: &HostPlan) -> Vec<(String, Dataset)> {
    let fs = |n: &str, m: &str| (n.to_string(), Dataset::fs(m, false));
    let vol = |n: &str| {
        (
            n.to_string(),
            Dataset {
                volume: true,
                mountpoint: "-".into(),
                zoned: false,
            },
        )
    };
    match host.os {
        Os::S10(u) if u < 6 => vec![
            fs("data", "/data"),
            fs("data/export", "/export"),
            fs("data/export/home", "/export/home"),
        ],
        Os::S10(u) => {
            let be = format!("rpool/ROOT/s10u{u}");
            vec![
                fs("rpool", "/rpool"),
                fs("rpool/ROOT", "legacy"),
                fs(&be, "/"),
                fs(&format!("{be}/var"), "/var"),
                vol("rpool/dump"),
                fs("rpool/export", "/export"),
                fs("rpool/export/home", "/export/home"),
                vol("rpool/swap"),
            ]
        }
        Os::S11_4 => {
            let sru = host.entire.split('.').nth(3).unwrap_or("0");
            let be = format!("rpool/ROOT/solaris-11.4.{sru}");
            vec![
                fs("rpool", "/rpool"),
                fs("rpool/ROOT", "legacy"),
                fs(&be, "/"),
                fs(&format!("{be}/var"), "/var"),
                fs("rpool/VARSHARE", "/var/share"),
                fs("rpool/VARSHARE/kvol", "/var/share/kvol"),
                fs("rpool/VARSHARE/pkg", "/var/share/pkg"),
                fs(
                    "rpool/VARSHARE/pkg/repositories",
                    "/var/share/pkg/repositories",
                ),
                fs("rpool/VARSHARE/sstore", "/var/share/sstore/repo"),
                fs("rpool/VARSHARE/tmp", "/var/tmp"),
                fs("rpool/VARSHARE/zones", "/system/zones"),
                vol("rpool/dump"),
                fs("rpool/export", "/export"),
                fs("rpool/export/home", "/export/home"),
                vol("rpool/swap"),
            ]
        }
        Os::OmniOs => {
            let release = host.entire.split(['-', '.']).nth(1).unwrap_or("0");
            vec![
                fs("rpool", "/rpool"),
                fs("rpool/ROOT", "legacy"),
                fs(&format!("rpool/ROOT/omnios-r{release}"), "/"),
                vol("rpool/dump"),
                fs("rpool/home", "/home"),
                vol("rpool/swap"),
                fs("rpool/zones", "/zones"),
            ]
        }
    }
}

/// Everything that exists on `host` (index `index` in the plan).
pub fn host_storage(plan: &Plan, index: usize) -> HostStorage {
    let mut s = HostStorage::default();
    let Some(host) = plan.hosts.get(index) else {
        return s;
    };
    s.datasets.extend(base_datasets(host));
    s.dirs.extend(SPARSE_IPDS.iter().map(|d| d.to_string()));
    s.dirs.extend(host.paths.iter().cloned());
    let own = host.zones.iter().filter_map(|&z| plan.zones.get(z));
    for zone in own.filter(|z| z.is_installed()) {
        add_zone_root(&mut s, host.os, zone);
        add_zone_data(&mut s, zone);
        s.dirs.extend(zone.ipds.iter().cloned());
    }
    for &r in &host.replica_of {
        let Some(other) = plan.hosts.get(r) else {
            continue;
        };
        for zone in other.zones.iter().filter_map(|&z| plan.zones.get(z)) {
            if zone.is_installed() {
                add_zone_data(&mut s, zone);
            }
        }
    }
    for d in &host.datasets {
        let ds = if d.volume {
            Dataset {
                volume: true,
                mountpoint: "-".into(),
                zoned: false,
            }
        } else {
            Dataset::fs(
                d.mountpoint.clone().unwrap_or(format!("/{}", d.name)),
                false,
            )
        };
        s.datasets.insert(d.name.clone(), ds);
    }
    // Every dataset's parents exist.
    let names: Vec<String> = s.datasets.keys().cloned().collect();
    for name in names {
        let mut parent = name.as_str();
        while let Some((p, _)) = parent.rsplit_once('/') {
            s.datasets
                .entry(p.to_string())
                .or_insert_with(|| Dataset::fs(format!("/{p}"), false));
            parent = p;
        }
    }
    // Mounted file systems are directories.
    let mounted: Vec<String> = s
        .datasets
        .values()
        .filter(|d| !d.volume && !d.zoned && d.mountpoint.starts_with('/'))
        .map(|d| d.mountpoint.clone())
        .collect();
    s.dirs.extend(mounted);
    s
}

/// `zfs list -H -o name,type,mountpoint,zoned`, depth first with children by name.
pub fn zfs_list(storage: &HostStorage) -> String {
    let mut names: Vec<&String> = storage.datasets.keys().collect();
    names.sort_by(|a, b| a.split('/').cmp(b.split('/')));
    let mut out = String::new();
    for name in names {
        let Some(d) = storage.datasets.get(name) else {
            continue;
        };
        if d.volume {
            let _ = writeln!(out, "{name}\tvolume\t-\t-");
        } else {
            let zoned = if d.zoned { "on" } else { "off" };
            let _ = writeln!(out, "{name}\tfilesystem\t{}\t{zoned}", d.mountpoint);
        }
    }
    out
}

/// Every path a manifest of the fleet makes zoneadm look at, sorted.
pub fn probed_paths(plan: &Plan) -> Vec<String> {
    let mut paths = BTreeSet::new();
    for zone in plan.zones.iter().filter(|z| plan.has_manifest(z)) {
        paths.extend(zone.ipds.iter().cloned());
        for fs in &zone.fs {
            if fs.fs_type == "zfs" || type_not_allowed(&fs.fs_type) {
                continue;
            }
            paths.insert(fs.special.clone());
            paths.insert(fs_program(&fs.fs_type, "mount"));
            paths.insert(fs_program(&fs.fs_type, "fsck"));
            if let Some(raw) = &fs.raw {
                paths.insert(raw.clone());
            }
        }
    }
    paths.into_iter().collect()
}

/// What `ls -ldL` finds at a path.
enum Entry {
    Program,
    Directory { group: &'static str },
    Device { mode: &'static str },
}

/// `ls -ldL -- <paths>`: present paths on stdout, absent ones on stderr, exit 2 if any.
pub fn paths(seed: u64, host: &HostPlan, storage: &HostStorage, probed: &[String]) -> Output {
    let (mount, fsck) = os::fs_programs(host.os);
    let has_type =
        |t: &str, list: &[&str]| list.contains(&t) || host.fs_types.iter().any(|x| x == t);
    let mut out = Output::default();
    for path in probed {
        let program = path
            .strip_prefix("/usr/lib/fs/")
            .and_then(|rest| rest.split_once('/'));
        let entry = match program {
            Some((t, "mount")) if has_type(t, mount) => Some(Entry::Program),
            Some((t, "fsck")) if has_type(t, fsck) => Some(Entry::Program),
            Some(_) => None,
            None if storage.block_devices.contains(path) => {
                Some(Entry::Device { mode: "brw-r-----" })
            }
            None if storage.char_devices.contains(path) => {
                Some(Entry::Device { mode: "crw-r-----" })
            }
            None if storage.dirs.contains(path) => Some(Entry::Directory {
                group: match path.as_str() {
                    "/lib" => "bin",
                    "/platform" | "/sbin" | "/usr" => "sys",
                    _ => "root",
                },
            }),
            None => None,
        };
        let Some(entry) = entry else {
            let _ = writeln!(out.stderr, "{path}: No such file or directory");
            continue;
        };
        // Sizes and dates depend on the release and the path only, so that hosts of a
        // release with the same storage have the same output.
        let mut rng = Rng::new(seed ^ fnv1a(path.as_bytes()), &format!("ls/{}", host.os));
        let date = civil(rng.range(12_000, 19_000) as i64 * DAY).ls_date();
        let (mode, links, group, size) = match entry {
            Entry::Device { mode } => {
                let size = format!("{:>3},{:>3}", rng.range(30, 250), rng.range(0, 63));
                (mode, 1, "sys", size)
            }
            Entry::Directory { group } => {
                let n = rng.range(2, 44);
                ("drwxr-xr-x", n, group, (n + rng.range(0, 20)).to_string())
            }
            Entry::Program => ("-r-xr-xr-x", 1, "bin", rng.range(8_000, 40_000).to_string()),
        };
        let _ = writeln!(
            out.stdout,
            "{mode} {links:>3} root     {group:<8} {size:>7} {date} {path}"
        );
    }
    if !out.stderr.is_empty() {
        out.exit = 2;
    }
    out
}
