//! What differs between releases: /etc/release, uname, brands, templates, DTDs and the
//! lists of rctls, privileges and scheduling classes. The texts are the hand-made
//! reference snapshot's (tests/fixtures/snapshots/handmade, STORY.md gives their
//! provenance), so a generated host of a release reads exactly like the reference one.

use super::clock::{DAY, civil};
use super::rng::Rng;
use super::spec::{Arch, Machine, Os};

/// The output of one command.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub exit: i32,
}

impl Output {
    pub fn ok(stdout: impl Into<String>) -> Output {
        Output {
            stdout: stdout.into(),
            ..Output::default()
        }
    }
}

const DTD_2006: &str = include_str!("templates/zonecfg-2006.dtd");
const DTD_2010: &str = include_str!("templates/zonecfg-2010.dtd");
const DTD_S11: &str = include_str!("templates/zonecfg-s11.dtd");
const DEFAULT_NATIVE: &str = include_str!("templates/SUNWdefault-native.xml");
const DEFAULT_IPKG: &str = include_str!("templates/SUNWdefault-ipkg.xml");
const RCTLADM_S10U3: &str = include_str!("templates/rctladm-s10u3.txt");
const RCTLADM_S10: &str = include_str!("templates/rctladm-s10.txt");
const RCTLADM_S11: &str = include_str!("templates/rctladm-s11.txt");
const RCTLADM_OMNIOS: &str = include_str!("templates/rctladm-omnios.txt");
const PPRIV_S10U3: &str = include_str!("templates/ppriv-s10u3.txt");
const PPRIV_S10: &str = include_str!("templates/ppriv-s10.txt");
const PPRIV_S11: &str = include_str!("templates/ppriv-s11.txt");
const PPRIV_OMNIOS: &str = include_str!("templates/ppriv-omnios.txt");
const PRTCONF_SUN4V_S10: &str = include_str!("templates/prtconf-sun4v-s10.txt");
const PRTCONF_SUN4V_S11: &str = include_str!("templates/prtconf-sun4v-s11.txt");
const PRTCONF_SUN4U: &str = include_str!("templates/prtconf-sun4u.txt");
const PRTCONF_I86PC: &str = include_str!("templates/prtconf-i86pc.txt");

/// Solaris 10 updates: name, build tag number, assembly date (y, m, d).
const S10_UPDATES: [(&str, &str, (i64, u32, u32)); 11] = [
    ("1/06", "u1wos_19a", (2005, 12, 6)),
    ("6/06", "u2wos_09a", (2006, 5, 15)),
    ("11/06", "u3wos_10", (2006, 11, 14)),
    ("8/07", "u4wos_12b", (2007, 7, 16)),
    ("5/08", "u5wos_10", (2008, 3, 24)),
    ("10/08", "u6wos_07b", (2008, 9, 27)),
    ("5/09", "u7wos_08", (2009, 3, 30)),
    ("10/09", "u8wos_08a", (2009, 9, 16)),
    ("9/10", "u9wos_14a", (2010, 8, 11)),
    ("8/11", "u10wos_17b", (2011, 6, 23)),
    ("1/13", "u11wos_24a", (2013, 1, 17)),
];

fn centered(text: &str, width: usize) -> String {
    let pad = width.saturating_sub(text.len()) / 2;
    format!("{}{text}", " ".repeat(pad))
}

/// The `entire` version of a release when the spec gives none.
pub fn default_entire(os: Os) -> &'static str {
    match os {
        Os::OmniOs => "11-151046.0:20230503T102230Z",
        _ => "11.4-11.4.42.0.1.111.0:20220223T100004Z",
    }
}

/// The publisher of the release's `entire`.
pub fn publisher(os: Os) -> &'static str {
    match os {
        Os::OmniOs => "omnios",
        _ => "solaris",
    }
}

/// The timestamp of an `entire` version (`...:20220223T100004Z`) in seconds.
fn entire_time(entire: &str) -> Option<i64> {
    let stamp = entire.rsplit_once(':')?.1;
    let date = stamp.get(0..8)?;
    let (y, m, d) = (
        date.get(0..4)?.parse().ok()?,
        date.get(4..6)?.parse().ok()?,
        date.get(6..8)?.parse().ok()?,
    );
    Some(super::clock::days_from_civil(y, m, d) * DAY)
}

/// `/etc/release`.
pub fn release(os: Os, arch: Arch, entire: &str) -> String {
    match os {
        Os::S10(u) => {
            let (name, tag, (y, m, d)) = S10_UPDATES[usize::from(u.clamp(1, 11)) - 1];
            let isa = match arch {
                Arch::Sparc => ("s10s", "SPARC"),
                Arch::I386 => ("s10x", "X86"),
            };
            let vendor = if u >= 9 { "Oracle Solaris" } else { "Solaris" };
            let title = format!("{vendor} 10 {name} {}_{tag} {}", isa.0, isa.1);
            let assembled = civil(super::clock::days_from_civil(y, m, d) * DAY).assembled();
            let mut lines = vec![centered(&title, 82)];
            if u >= 9 {
                let years = if u >= 10 {
                    format!("1983, {y}")
                } else {
                    y.to_string()
                };
                lines.push(centered(
                    &format!(
                        "Copyright (c) {years}, Oracle and/or its affiliates. All rights reserved."
                    ),
                    81,
                ));
            } else {
                lines.push(centered(
                    &format!("Copyright {y} Sun Microsystems, Inc.  All Rights Reserved."),
                    81,
                ));
                lines.push(centered("Use is subject to license terms.", 81));
            }
            lines.push(centered(&format!("Assembled {assembled}"), 81));
            lines.iter().map(|l| format!("{l}\n")).collect()
        }
        Os::S11_4 => {
            let isa = match arch {
                Arch::Sparc => "SPARC",
                Arch::I386 => "X86",
            };
            // Assembled a few days before the `entire` was published.
            let when = civil(entire_time(entire).unwrap_or(0) - 6 * DAY);
            format!(
                "{}\n  Copyright (c) 1983, {}, Oracle and/or its affiliates.\n{}\n",
                centered(&format!("Oracle Solaris 11.4 {isa}"), 83),
                when.year,
                centered(&format!("Assembled {}", when.assembled()), 82)
            )
        }
        Os::OmniOs => {
            let year = civil(entire_time(entire).unwrap_or(0)).year;
            format!(
                "  OmniOS v11 r{}\n  Copyright (c) 2012-2017 OmniTI Computer Consulting, Inc.\n  \
                 Copyright (c) 2017-{year} OmniOS Community Edition (OmniOSce) Association.\n  \
                 All rights reserved. Use is subject to licence terms.\n",
                omnios_release(entire)
            )
        }
    }
}

/// `151046` of `11-151046.0:...`.
fn omnios_release(entire: &str) -> &str {
    entire
        .split_once('-')
        .map(|(_, rest)| rest.split(['.', ':']).next().unwrap_or(rest))
        .unwrap_or(entire)
}

/// `uname -v`: the kernel patch on Solaris 10, the SRU build on 11.4, the git build on
/// OmniOS.
pub fn uname_version(os: Os, kernel: (u32, u32), entire: &str, seed: u64) -> String {
    match os {
        Os::S10(_) => format!("Generic_{:06}-{:02}", kernel.0, kernel.1),
        Os::S11_4 => {
            // 11.4-11.4.42.0.1.111.0 -> 11.4.42.111.0
            let branch = entire
                .split_once('-')
                .map_or("", |(_, b)| b.split(':').next().unwrap_or(b));
            let parts: Vec<&str> = branch.split('.').collect();
            match parts.as_slice() {
                [a, b, sru, _, _, build, fix, ..] => format!("{a}.{b}.{sru}.{build}.{fix}"),
                _ => branch.to_string(),
            }
        }
        Os::OmniOs => {
            let release = omnios_release(entire);
            let hash = Rng::new(seed, &format!("omnios/{release}")).hex(10);
            format!("omnios-r{release}-{hash}")
        }
    }
}

/// `uname -i`.
pub fn platform_name(os: Os, machine: Machine, model: &str) -> String {
    match (os, machine) {
        (_, Machine::I86pc) => "i86pc".to_string(),
        (Os::S11_4, m) => m.as_str().to_string(),
        _ => model.to_string(),
    }
}

pub fn default_model(os: Os, machine: Machine) -> &'static str {
    match (os, machine) {
        (_, Machine::I86pc) => "i86pc",
        (_, Machine::Sun4u) => "SUNW,Sun-Fire-V240",
        (Os::S10(_), Machine::Sun4v) => "SUNW,SPARC-Enterprise-T5220",
        (_, Machine::Sun4v) => "ORCL,SPARC-T7-1",
    }
}

pub fn default_links(os: Os, machine: Machine) -> Vec<String> {
    let (prefix, n) = match (os, machine) {
        (Os::S10(_), Machine::Sun4u) => ("bge", 4),
        (Os::S10(_), _) => ("e1000g", 4),
        (Os::S11_4, _) => ("net", 4),
        (Os::OmniOs, _) => ("igb", 2),
    };
    (0..n).map(|i| format!("{prefix}{i}")).collect()
}

/// `/zones/{zone}`, or Solaris 11's `/system/zones/{zone}`.
pub fn default_zonepath(os: Os) -> &'static str {
    match os {
        Os::S11_4 => "/system/zones/{zone}",
        _ => "/zones/{zone}",
    }
}

/// `ls -1 /usr/lib/brand/*/config.xml`.
pub fn brands(os: Os, arch: Arch) -> String {
    let names: &[&str] = match (os, arch) {
        (Os::S10(u), _) if u < 4 => &["native"],
        (Os::S10(_), Arch::Sparc) => &["native", "solaris8", "solaris9"],
        (Os::S10(_), Arch::I386) => &["lx", "native"],
        (Os::S11_4, _) => &["solaris-kz", "solaris", "solaris10"],
        (Os::OmniOs, _) => &["bhyve", "ipkg", "lipkg", "lx", "pkgsrc", "sparse"],
    };
    names
        .iter()
        .map(|b| format!("/usr/lib/brand/{b}/config.xml\n"))
        .collect()
}

/// `cat /etc/zones/SUNWdefault.xml`: Solaris 11 names its templates `SYS*` instead.
pub fn default_brand(os: Os) -> Output {
    match os {
        Os::S10(_) => Output::ok(DEFAULT_NATIVE),
        Os::OmniOs => Output::ok(DEFAULT_IPKG),
        Os::S11_4 => Output {
            stdout: String::new(),
            stderr: "cat: cannot open /etc/zones/SUNWdefault.xml: No such file or directory\n"
                .into(),
            exit: 2,
        },
    }
}

/// Which zonecfg DTD the release ships: the 2006 one before `ip-type` (8/07).
pub fn dtd(os: Os) -> &'static str {
    match os {
        Os::S10(u) if u < 4 => DTD_2006,
        Os::S11_4 => DTD_S11,
        _ => DTD_2010,
    }
}

pub fn rctladm(os: Os, arch: Arch) -> String {
    match os {
        Os::S10(u) if u < 4 => RCTLADM_S10U3.to_string(),
        Os::S10(_) => RCTLADM_S10.to_string(),
        // Application Data Integrity exists on SPARC M7 and later only.
        Os::S11_4 if arch == Arch::I386 => RCTLADM_S11
            .lines()
            .filter(|l| !l.contains("adi-metadata"))
            .map(|l| format!("{l}\n"))
            .collect(),
        Os::S11_4 => RCTLADM_S11.to_string(),
        Os::OmniOs => RCTLADM_OMNIOS.to_string(),
    }
}

pub fn ppriv(os: Os) -> &'static str {
    match os {
        Os::S10(u) if u < 4 => PPRIV_S10U3,
        Os::S10(_) => PPRIV_S10,
        Os::S11_4 => PPRIV_S11,
        Os::OmniOs => PPRIV_OMNIOS,
    }
}

/// Whether FSS is configured when the spec does not say: not before 8/07 here.
pub fn default_fss(os: Os) -> bool {
    !matches!(os, Os::S10(u) if u < 4)
}

/// `dispadmin -l`.
pub fn dispadmin(os: Os, fss: bool) -> String {
    let classes: &[(&str, &str)] = match os {
        Os::S10(_) => &[
            ("SYS", "System Class"),
            ("TS", "Time Sharing"),
            ("FX", "Fixed Priority"),
            ("IA", "Interactive"),
            ("FSS", "Fair Share"),
            ("RT", "Real Time"),
        ],
        _ => &[
            ("SYS", "System Class"),
            ("TS", "Time Sharing"),
            ("SDC", "System Duty-Cycle Class"),
            ("FX", "Fixed Priority"),
            ("IA", "Interactive"),
            ("RT", "Real Time"),
            ("FSS", "Fair Share"),
        ],
    };
    let mut out = String::from("CONFIGURED CLASSES\n==================\n\n");
    for (name, desc) in classes {
        if *name == "FSS" && !fss {
            continue;
        }
        out.push_str(&format!("{name}\t({desc})\n"));
    }
    out
}

/// `prtconf`: the banner, the memory line and the device tree of the platform.
pub fn prtconf(os: Os, machine: Machine, model: &str, cpus: u32, memory_mb: u64) -> String {
    let (vendor, body) = match (os, machine) {
        (Os::OmniOs, _) => ("Unknown Hardware Vendor", PRTCONF_I86PC),
        (_, Machine::I86pc) => ("Sun Microsystems", PRTCONF_I86PC),
        (_, Machine::Sun4u) => ("Sun Microsystems", PRTCONF_SUN4U),
        (Os::S10(_), Machine::Sun4v) => ("Sun Microsystems", PRTCONF_SUN4V_S10),
        (_, Machine::Sun4v) => ("Oracle Corporation", PRTCONF_SUN4V_S11),
    };
    let cpu_lines: String = (0..cpus)
        .map(|i| match machine {
            Machine::Sun4v => "    cpu (driver not attached)\n".to_string(),
            Machine::Sun4u => format!(
                "    SUNW,UltraSPARC-IIIi (driver not attached)\n    memory-controller, instance #{i}\n"
            ),
            Machine::I86pc => format!("        cpu, instance #{i}\n"),
        })
        .collect();
    let body = body.replace("@CPUS@\n", &cpu_lines);
    format!(
        "System Configuration:  {vendor}  {}\nMemory size: {memory_mb} Megabytes\n\
         System Peripherals (Software Nodes):\n\n{model}\n{body}",
        machine.as_str()
    )
}

/// File system types whose mount program exists on every host of the release, and those
/// of them that have an fsck program.
pub fn fs_programs(os: Os) -> (&'static [&'static str], &'static [&'static str]) {
    match os {
        Os::S10(_) | Os::S11_4 | Os::OmniOs => (
            &[
                "autofs", "ctfs", "dev", "fd", "hsfs", "lofs", "mntfs", "nfs", "objfs", "pcfs",
                "proc", "sharefs", "smbfs", "tmpfs", "udfs", "ufs", "zfs",
            ],
            &["pcfs", "udfs", "ufs"],
        ),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    const HANDMADE: &str = "tests/fixtures/snapshots/handmade/hosts";

    fn fixture(host: &str, fact: &str) -> String {
        std::fs::read_to_string(format!("{HANDMADE}/{host}/facts/{fact}.out")).unwrap()
    }

    #[test]
    fn release_files_match_the_reference_snapshot() {
        let u11 = release(Os::S10(11), Arch::Sparc, "");
        assert_eq!(u11, fixture("s10-fra-01", "release"));
        let u3 = release(Os::S10(3), Arch::Sparc, "");
        assert_eq!(u3, fixture("s10-ams-04", "release"));
        let s11 = release(Os::S11_4, Arch::Sparc, default_entire(Os::S11_4));
        assert_eq!(s11, fixture("s11-fra-05", "release"));
        let omni = release(Os::OmniOs, Arch::I386, default_entire(Os::OmniOs));
        assert_eq!(omni, fixture("omni-fra-07", "release"));
    }

    #[test]
    fn other_texts_match_the_reference_snapshot() {
        assert_eq!(
            dispadmin(Os::S10(11), true),
            fixture("s10-fra-01", "dispadmin")
        );
        assert_eq!(
            dispadmin(Os::S10(3), false),
            fixture("s10-ams-04", "dispadmin")
        );
        assert_eq!(
            dispadmin(Os::S11_4, true),
            fixture("s11-fra-05", "dispadmin")
        );
        assert_eq!(
            brands(Os::S10(11), Arch::Sparc),
            fixture("s10-fra-01", "brands")
        );
        assert_eq!(
            brands(Os::S11_4, Arch::Sparc),
            fixture("s11-fra-05", "brands")
        );
        assert_eq!(
            brands(Os::OmniOs, Arch::I386),
            fixture("omni-fra-07", "brands")
        );
        let t5220 = prtconf(
            Os::S10(11),
            Machine::Sun4v,
            default_model(Os::S10(11), Machine::Sun4v),
            64,
            65536,
        );
        assert_eq!(t5220, fixture("s10-fra-01", "memory"));
        let v240 = prtconf(Os::S10(3), Machine::Sun4u, "SUNW,Sun-Fire-V240", 2, 8192);
        assert_eq!(v240, fixture("s10-ams-04", "memory"));
        let omni = prtconf(Os::OmniOs, Machine::I86pc, "i86pc", 8, 32768);
        assert_eq!(omni, fixture("omni-fra-07", "memory"));
        assert_eq!(
            uname_version(Os::S11_4, (0, 0), default_entire(Os::S11_4), 0),
            "11.4.42.111.0"
        );
        assert_eq!(
            uname_version(Os::S10(11), (150400, 59), "", 0),
            "Generic_150400-59"
        );
    }
}
