//! ZM403: the zone's pool must exist on the target (zoneadm check 17).

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM403",
    name: "pool-unavailable",
    severity: Warning,
    scope: Class,
    origin: "zoneadm attach check 17",
    summary: "the zone's resource pool does not exist on the target",
    explanation: "\
What it checks: when the zone has a pool property, that the target's pools facility is
active (pooladm) and has a pool of that name.

Why it matters: the zone attaches and boots in the default pool instead: Solaris warns
\"WARNING: pools facility not active; zone will not be bound to pool '...'.\" or \"WARNING:
pool '...' not found. using default pool\". CPU isolation and licensing based on the pool
are lost.

How to fix: enable pools on the target (pooladm -e) and create the pool, or clear the
zone's pool property.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let Some(pool) = pair.manifest.zone.pool.as_deref().filter(|p| !p.is_empty()) else {
        return Ok(Ran::NotApplicable);
    };
    let pools = Pair::need(&pair.target.pools)?;
    if !pools.active {
        let evidence = pools.message.clone().unwrap_or_default();
        out.push_with(
            format!("WARNING: pools facility not active; zone will not be bound to pool '{pool}'."),
            evidence,
        );
    } else if !pools.pools.contains(pool) {
        out.push(format!(
            "WARNING: pool '{pool}' not found. using default pool"
        ));
    }
    Ok(Ran::Checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    use crate::facts::pooladm::Pools;

    fn pools(active: bool, names: &[&str]) -> crate::facts::HostFacts {
        let mut h = host();
        h.pools = Ok(Pools {
            active,
            pools: names.iter().map(|s| s.to_string()).collect(),
            message: None,
        });
        h
    }

    #[test]
    fn fires_when_inactive_or_missing() {
        let mut m = manifest();
        m.zone.pool = Some("web".into());
        assert_eq!(
            messages(&RULE, &m, &pools(false, &[]), None),
            vec!["WARNING: pools facility not active; zone will not be bound to pool 'web'."]
        );
        assert_eq!(
            messages(&RULE, &m, &pools(true, &["pool_default"]), None),
            vec!["WARNING: pool 'web' not found. using default pool"]
        );
    }

    #[test]
    fn passes_when_pool_exists_or_none_set() {
        let mut m = manifest();
        assert_eq!(run_rule(&RULE, &m, &host(), None).0, Ok(Ran::NotApplicable));
        m.zone.pool = Some("web".into());
        assert!(messages(&RULE, &m, &pools(true, &["pool_default", "web"]), None).is_empty());
    }
}
