//! ZM405: advisory, `dedicated-cpu` needs at least `ncpu_min` online CPUs on the target.

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM405",
    name: "dedicated-cpu-exceeds",
    severity: Error,
    scope: Class,
    origin: "advisory (boot of the temporary pool)",
    summary: "the zone's dedicated-cpu minimum exceeds the target's online CPUs",
    explanation: "\
What it checks: the lower bound of the zone's dedicated-cpu ncpus against the number of
CPUs online on the target (psrinfo: on-line and no-intr).

Why it matters: zoneadm does not check this on attach, but at boot the zone's temporary
pool cannot get its minimum and the zone does not boot. The CPUs other zones already hold
are not counted here.

How to fix: lower ncpus (zonecfg select dedicated-cpu; set ncpus=...), or pick a larger
target.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let Some(dcpu) = &pair.manifest.dedicated_cpu else {
        return Ok(Ran::NotApplicable);
    };
    let cpus = Pair::need(&pair.target.cpus)?;
    match dcpu.ncpu_min.trim().parse::<u32>() {
        Ok(min) if min > cpus.online => out.push_with(
            format!(
                "dedicated-cpu needs at least {min} CPUs; the target has {} online",
                cpus.online
            ),
            format!("ncpus={}-{}", dcpu.ncpu_min, dcpu.ncpu_max),
        ),
        Ok(_) => {}
        Err(_) => out.push(format!(
            "dedicated-cpu ncpu_min {:?} is not a number",
            dcpu.ncpu_min
        )),
    }
    Ok(Ran::Checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    use crate::facts::psrinfo::Cpus;
    use crate::manifest::DedicatedCpu;

    fn target(online: u32) -> crate::facts::HostFacts {
        let mut h = host();
        h.cpus = Ok(Cpus {
            total: online + 2,
            online,
        });
        h
    }

    fn dcpu(min: &str) -> crate::manifest::Manifest {
        let mut m = manifest();
        m.dedicated_cpu = Some(DedicatedCpu {
            ncpu_min: min.into(),
            ncpu_max: "16".into(),
            importance: None,
        });
        m
    }

    #[test]
    fn fires_when_too_few_cpus() {
        assert_eq!(
            messages(&RULE, &dcpu("8"), &target(4), None),
            vec!["dedicated-cpu needs at least 8 CPUs; the target has 4 online"]
        );
    }

    #[test]
    fn passes_when_enough() {
        assert!(messages(&RULE, &dcpu("4"), &target(4), None).is_empty());
    }
}
