//! One host directory: its facts, its zones' files and `host.json`.

use std::path::Path;

use super::clock::civil;
use super::os::{self, Output};
use super::plan::{HostPlan, Plan};
use super::platform::{self, HostZones};
use super::rng::Rng;
use super::software::Software;
use super::spec::{FactFault, ManifestFault, Os};
use super::write::{ErrorRecord, HostJson, Ordered, Record, Writer, to_json};
use super::zonexml::{Form, truncate, zone_xml};
use super::{GenError, network, storage};
use crate::collect::FactId;
use crate::collect::command::{RemoteCommand, RemotePath, ZoneName};
use crate::software::ZoneLayout;

/// What every host shares: the spec's seed and time, the software cache, the paths probe.
pub struct Fleet<'a> {
    pub seed: u64,
    pub created: i64,
    pub plan: &'a Plan,
    pub probed: &'a [String],
    pub software: Software<'a>,
    pub writer: Writer,
}

/// Facts collected on each release, in catalogue order.
fn facts_of(os: Os) -> Vec<FactId> {
    use FactId::*;
    let mut ids = vec![
        UnameA,
        Release,
        ZoneadmList,
        Brands,
        DefaultBrand,
        ZonecfgDtd,
    ];
    if os.is_s10() {
        ids.push(Ifconfig);
    } else {
        ids.push(IpadmAddr);
    }
    ids.extend([
        DladmLink, ZfsList, Psrinfo, Memory, Pooladm, Rctladm, Ppriv, Dispadmin,
    ]);
    if os.is_s10() {
        ids.extend([
            Svr4Pkginfo,
            Svr4Depend,
            Svr4ContentsDirs,
            Svr4GzOnly,
            Showrev,
        ]);
    } else {
        ids.push(IpsEntire);
    }
    ids.push(Paths);
    ids
}

/// Typical run time of a command, for `host.json`.
fn millis(rng: &mut Rng, id: FactId) -> u64 {
    use FactId::*;
    match id {
        Svr4Pkginfo | Svr4ContentsDirs | Showrev => rng.range(900, 4000),
        Svr4Depend | IpsEntire | Memory => rng.range(300, 2500),
        ZfsList | DladmLink => rng.range(80, 450),
        _ => rng.range(9, 120),
    }
}

/// The command zonescan sends for a zone's manifest (no zonepath) or its image's
/// `entire` (with the zonepath), so that recordings match live collection byte for byte.
fn zone_command(
    zone: &super::plan::ZonePlan,
    zonepath: Option<&str>,
) -> Result<RemoteCommand, GenError> {
    let name = ZoneName::new(&zone.name).map_err(|e| GenError::Internal(e.to_string()))?;
    Ok(match zonepath {
        None => RemoteCommand::Detach(name),
        Some(p) => RemoteCommand::ZoneEntire {
            zone: name,
            zonepath: RemotePath::new(p).map_err(|e| GenError::Internal(e.to_string()))?,
        },
    })
}

fn quote(path: &str) -> String {
    format!("'{}'", path.replace('\'', "'\\''"))
}

impl Fleet<'_> {
    /// The output of one fact, and the share key when identical hosts have identical output.
    fn fact(
        &mut self,
        host: &HostPlan,
        hz: &HostZones<'_>,
        st: &storage::HostStorage,
        id: FactId,
    ) -> Result<(Output, Option<String>), GenError> {
        use FactId::*;
        let arch = host.machine.arch();
        let fam = host.family.map(|f| (f, host.level));
        let os = host.os;
        Ok(match id {
            UnameA => {
                let kernel = match fam {
                    Some((f, l)) => self
                        .software
                        .family(f)?
                        .level(l)
                        .map_or((0, 0), |lv| lv.kernel),
                    None => (0, 0),
                };
                let line = format!(
                    "SunOS {} {} {} {} {} {}\n",
                    host.name,
                    if os.is_s10() { "5.10" } else { "5.11" },
                    os::uname_version(os, kernel, &host.entire, self.seed),
                    host.machine.as_str(),
                    arch.as_str(),
                    os::platform_name(os, host.machine, &host.model)
                );
                (Output::ok(line), None)
            }
            Release => (
                Output::ok(os::release(os, arch, &host.entire)),
                Some(format!("release/{os}/{}/{}", arch.as_str(), host.entire)),
            ),
            ZoneadmList => (Output::ok(platform::zoneadm_list(host, hz)), None),
            Brands => (
                Output::ok(os::brands(os, arch)),
                Some(format!("brands/{os}/{}", arch.as_str())),
            ),
            DefaultBrand => (os::default_brand(os), Some(format!("default-brand/{os}"))),
            ZonecfgDtd => (Output::ok(os::dtd(os)), Some(format!("dtd/{os}"))),
            Ifconfig => (Output::ok(network::ifconfig(host, hz)), None),
            IpadmAddr => (Output::ok(network::ipadm(self.seed, host)), None),
            DladmLink => (Output::ok(network::dladm(host, hz)), None),
            ZfsList => (Output::ok(storage::zfs_list(st)), None),
            Psrinfo => (
                Output::ok(platform::psrinfo(self.seed, host, self.created)),
                None,
            ),
            Memory => {
                let text = os::prtconf(
                    os,
                    host.machine,
                    &host.model,
                    host.cpus,
                    u64::from(host.memory_gb) * 1024,
                );
                let key = format!(
                    "memory/{os}/{}/{}/{}/{}",
                    host.machine.as_str(),
                    host.model,
                    host.cpus,
                    host.memory_gb
                );
                (Output::ok(text), Some(key))
            }
            Pooladm => {
                let out = platform::pooladm(self.seed, host);
                let key = host.pools.is_none().then(|| "pooladm/inactive".to_string());
                (out, key)
            }
            Rctladm => (
                Output::ok(os::rctladm(os, arch)),
                Some(format!("rctladm/{os}/{}", arch.as_str())),
            ),
            Ppriv => (Output::ok(os::ppriv(os)), Some(format!("ppriv/{os}"))),
            Dispadmin => (
                Output::ok(os::dispadmin(os, host.fss)),
                Some(format!("dispadmin/{os}/{}", host.fss)),
            ),
            Svr4Pkginfo | Svr4Depend | Svr4GzOnly | Showrev | Svr4ContentsDirs => {
                let Some((f, l)) = fam else {
                    return Err(GenError::Internal(format!(
                        "{}: SVR4 facts without a family",
                        host.name
                    )));
                };
                let key = format!("{id}/{f}/{l}");
                if id == Svr4ContentsDirs {
                    let text = self.software.contents((f, l, host.machine))?;
                    return Ok((
                        Output::ok(text.as_str()),
                        Some(format!("{key}/{}", host.machine.as_str())),
                    ));
                }
                let t = self.software.texts(f, l)?;
                let text = match id {
                    Svr4Pkginfo => &t.pkginfo,
                    Svr4Depend => &t.depend,
                    Svr4GzOnly => &t.gz_only,
                    _ => &t.showrev,
                };
                (Output::ok(text.as_str()), Some(key))
            }
            IpsEntire => {
                let line = format!("pkg://{}/entire@{}   i--\n", os::publisher(os), host.entire);
                (
                    Output::ok(line),
                    Some(format!("entire/{os}/{}", host.entire)),
                )
            }
            Paths => (storage::paths(self.seed, host, st, self.probed), None),
        })
    }

    /// Writes `hosts/<name>/`.
    pub fn write_host(&mut self, out: &Path, index: usize) -> Result<(), GenError> {
        let plan = self.plan;
        let host = plan
            .hosts
            .get(index)
            .ok_or_else(|| GenError::Internal(format!("no host #{index}")))?;
        let dir = out.join("hosts").join(&host.name);
        let mut rng = Rng::new(self.seed, &format!("host/{}", host.name));
        let collected = civil(self.created + 7 + index as i64 % 60 + rng.range(0, 5) as i64);
        let mut facts = Ordered::default();
        let mut zones = Ordered::default();
        let mut errors = Vec::new();
        let address = host.address.map(|a| a.to_string());
        if host.unreachable {
            let a = address.clone().unwrap_or_else(|| host.name.clone());
            let message = format!("ssh: connect to host {a} port 22: Connection timed out");
            self.writer.file(
                &dir.join("facts/uname-a.err"),
                format!("{message}\n").as_bytes(),
                None,
            )?;
            facts.0.push((
                "uname-a".to_string(),
                Record {
                    command: command(FactId::UnameA, self.probed),
                    exit: 255,
                    ms: 60_012,
                },
            ));
            errors.push(ErrorRecord {
                fact: None,
                zone: None,
                message: message.clone(),
            });
            errors.push(ErrorRecord {
                fact: Some("uname-a".into()),
                zone: None,
                message,
            });
            for id in facts_of(host.os).into_iter().skip(1) {
                errors.push(ErrorRecord {
                    fact: Some(id.to_string()),
                    zone: None,
                    message: format!("not attempted: no ssh connection to {a}"),
                });
            }
        } else {
            let host_zones: Vec<_> = host
                .zones
                .iter()
                .filter_map(|&z| plan.zones.get(z))
                .collect();
            let hz = HostZones::new(self.seed, host, host_zones);
            let st = storage::host_storage(plan, index);
            for id in facts_of(host.os) {
                if id == FactId::Paths && self.probed.is_empty() {
                    continue;
                }
                let (mut output, mut key) = self.fact(host, &hz, &st, id)?;
                match host.faults.get(&id) {
                    Some(FactFault::Missing) => continue,
                    Some(FactFault::Timeout) => {
                        errors.push(ErrorRecord {
                            fact: Some(id.to_string()),
                            zone: None,
                            message: "timed out after 60 s".into(),
                        });
                        continue;
                    }
                    Some(FactFault::Failed) => {
                        let program = id
                            .spec()
                            .command
                            .split_whitespace()
                            .find(|w| w.starts_with("/usr/"))
                            .unwrap_or("sh");
                        output = Output {
                            stdout: String::new(),
                            stderr: format!("{program}: Permission denied\n"),
                            exit: 1,
                        };
                        key = None;
                    }
                    Some(FactFault::Garbled) => {
                        // A chatty login profile printed its banner into the command's output.
                        output.stdout = format!(
                            "Oracle Corporation      SunOS 5.10      Generic Patch   January 2005\n{}",
                            output.stdout
                        );
                        key = None;
                    }
                    None => {}
                }
                let facts_dir = dir.join("facts");
                self.writer.file(
                    &facts_dir.join(format!("{id}.out")),
                    output.stdout.as_bytes(),
                    key.as_deref(),
                )?;
                if !output.stderr.is_empty() {
                    let err_key = key.as_ref().map(|k| format!("{k}/stderr"));
                    self.writer.file(
                        &facts_dir.join(format!("{id}.err")),
                        output.stderr.as_bytes(),
                        err_key.as_deref(),
                    )?;
                }
                facts.0.push((
                    id.to_string(),
                    Record {
                        command: command(id, self.probed),
                        exit: output.exit,
                        ms: millis(&mut rng, id),
                    },
                ));
            }
            self.write_zones(host, &hz, &dir, &mut rng, &mut zones, &mut errors)?;
        }
        let mut roles = Vec::new();
        if host.source {
            roles.push("source");
        }
        if host.candidate {
            roles.push("candidate");
        }
        let json = HostJson {
            name: &host.name,
            address,
            roles,
            tags: &host.tags,
            collected_at: collected.rfc3339(),
            transport: "ssh",
            facts,
            zones,
            errors,
        };
        self.writer
            .file(&dir.join("host.json"), &to_json(&json)?, None)
    }

    fn write_zones(
        &mut self,
        host: &HostPlan,
        hz: &HostZones<'_>,
        dir: &Path,
        rng: &mut Rng,
        records: &mut Ordered<Ordered<Record>>,
        errors: &mut Vec<ErrorRecord>,
    ) -> Result<(), GenError> {
        for zone in &hz.zones {
            let zdir = dir.join("zones").join(&zone.name);
            let mut rec = Ordered::default();
            if self.plan.has_manifest(zone) {
                let form_inventory;
                let form = match (zone.brand, host.family) {
                    (super::spec::Brand::Native, Some(f)) => {
                        let layout = ZoneLayout {
                            inherited_pkg_dirs: zone.ipds.clone(),
                            fs_dirs: zone.fs.iter().map(|f| f.dir.clone()).collect(),
                        };
                        form_inventory = self
                            .software
                            .inventory((f, host.level, host.machine), layout)?;
                        Form::Detached {
                            inventory: form_inventory.as_str(),
                        }
                    }
                    _ => Form::Config,
                };
                let mut doc = zone_xml(zone, host.os, &form);
                let (mut exit, mut ms) = (0, rng.range(300, 5000));
                if zone.manifest_fault == ManifestFault::Truncated {
                    doc = truncate(&doc);
                    exit = 143;
                    ms = 120_000;
                    errors.push(ErrorRecord {
                        fact: None,
                        zone: Some(zone.name.clone()),
                        message: "detach -n: timed out after 120 s".into(),
                    });
                }
                self.writer
                    .file(&zdir.join("manifest.xml"), doc.as_bytes(), None)?;
                let command = zone_command(zone, None)?.text(host.escalation);
                rec.0
                    .push(("manifest".to_string(), Record { command, exit, ms }));
            }
            if host.candidate {
                let doc = zone_xml(zone, host.os, &Form::Config);
                self.writer
                    .file(&zdir.join("config.xml"), doc.as_bytes(), None)?;
                let command = format!("LC_ALL=C /usr/bin/cat /etc/zones/{}.xml", zone.name);
                rec.0.push((
                    "config".to_string(),
                    Record {
                        command,
                        exit: 0,
                        ms: rng.range(3, 15),
                    },
                ));
            }
            if self.plan.has_manifest(zone) && zone.brand.is_ips() {
                let entire = zone.entire.as_deref().unwrap_or(&host.entire);
                let line = format!("pkg://{}/entire@{entire}   i--\n", os::publisher(host.os));
                let key = format!("entire/{}/{entire}", host.os);
                self.writer
                    .file(&zdir.join("ips-entire.out"), line.as_bytes(), Some(&key))?;
                let command = zone_command(zone, Some(&zone.zonepath))?.text(host.escalation);
                rec.0.push((
                    "ips-entire".to_string(),
                    Record {
                        command,
                        exit: 0,
                        ms: rng.range(1500, 4000),
                    },
                ));
            }
            if !rec.0.is_empty() {
                records.0.push((zone.name.clone(), rec));
            }
        }
        Ok(())
    }
}

/// The command line `host.json` records for a fact.
fn command(id: FactId, probed: &[String]) -> String {
    let mut command = format!("LC_ALL=C {}", id.spec().command);
    if id == FactId::Paths {
        for p in probed {
            command.push(' ');
            command.push_str(&quote(p));
        }
    }
    command
}
