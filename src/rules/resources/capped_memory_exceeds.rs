//! ZM406: advisory, a `capped-memory physical` cap above the target's RAM caps nothing.

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM406",
    name: "capped-memory-exceeds",
    severity: Warning,
    scope: Class,
    origin: "advisory (capacity)",
    summary: "the zone's capped-memory physical exceeds the target's RAM",
    explanation: "\
What it checks: the zone's capped-memory physical (mcap physcap) against the target's
memory size (prtconf).

Why it matters: the zone attaches and boots, but its cap is larger than the machine: the
zone was sized for a bigger host and may page heavily or starve the other zones.

How to fix: pick a larger target, or lower the cap if the zone really fits.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let Some(cap) = pair.manifest.mcap_physcap.as_deref() else {
        return Ok(Ran::NotApplicable);
    };
    let memory = Pair::need(&pair.target.memory)?;
    match cap.trim().parse::<u64>() {
        Ok(bytes) if bytes > memory.bytes => out.push(format!(
            "capped-memory physical is {} MiB; the target has {} MiB of RAM",
            bytes / (1024 * 1024),
            memory.bytes / (1024 * 1024)
        )),
        Ok(_) => {}
        Err(_) => out.push(format!(
            "capped-memory physical {cap:?} is not a number of bytes"
        )),
    }
    Ok(Ran::Checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    use crate::facts::memory::Memory;

    fn target(mib: u64) -> crate::facts::HostFacts {
        let mut h = host();
        h.memory = Ok(Memory {
            bytes: mib * 1024 * 1024,
        });
        h
    }

    #[test]
    fn fires_when_cap_exceeds_ram() {
        let mut m = manifest();
        m.mcap_physcap = Some((64u64 << 30).to_string());
        assert_eq!(
            messages(&RULE, &m, &target(32768), None),
            vec!["capped-memory physical is 65536 MiB; the target has 32768 MiB of RAM"]
        );
    }

    #[test]
    fn passes_when_cap_fits() {
        let mut m = manifest();
        m.mcap_physcap = Some((4u64 << 30).to_string());
        assert!(messages(&RULE, &m, &target(32768), None).is_empty());
    }
}
