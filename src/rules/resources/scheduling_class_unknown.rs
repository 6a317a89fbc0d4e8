//! ZM407: advisory, the zone's scheduling class must be configured on the target.

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM407",
    name: "scheduling-class-unknown",
    severity: Warning,
    scope: Class,
    origin: "advisory (zone boot)",
    summary: "the zone's scheduling-class is not configured on the target",
    explanation: "\
What it checks: the zone's scheduling-class property against the classes the target has
loaded (dispadmin -l).

Why it matters: zoneadm does not check it on attach; at boot the zone falls back to the
default class, and FSS-based CPU shares (zone.cpu-shares) no longer apply.

How to fix: load the class on the target (for FSS, dispadmin -d FSS and a reboot), or
change the zone's scheduling-class.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let Some(class) = pair
        .manifest
        .zone
        .scheduling_class
        .as_deref()
        .filter(|c| !c.is_empty())
    else {
        return Ok(Ran::NotApplicable);
    };
    let classes = Pair::need(&pair.target.sched_classes)?;
    if !classes.names.contains(class) {
        let have = classes.names.iter().cloned().collect::<Vec<_>>().join(" ");
        out.push_with(
            format!("scheduling class {class} is not configured on the target"),
            format!("configured classes: {have}"),
        );
    }
    Ok(Ran::Checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    use crate::facts::dispadmin::SchedClasses;

    fn target(names: &[&str]) -> crate::facts::HostFacts {
        let mut h = host();
        h.sched_classes = Ok(SchedClasses {
            names: names.iter().map(|s| s.to_string()).collect(),
        });
        h
    }

    #[test]
    fn fires_when_class_missing() {
        let mut m = manifest();
        m.zone.scheduling_class = Some("FSS".into());
        assert_eq!(
            messages(&RULE, &m, &target(&["SYS", "TS", "IA"]), None).len(),
            1
        );
    }

    #[test]
    fn passes_when_class_loaded() {
        let mut m = manifest();
        m.zone.scheduling_class = Some("FSS".into());
        assert!(messages(&RULE, &m, &target(&["SYS", "TS", "FSS"]), None).is_empty());
    }
}
