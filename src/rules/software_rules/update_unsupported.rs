//! ZM106: `attach -u` exists only from Solaris 10 10/08 (update 6).

use crate::rules::{Findings, NotRun, Pair, Ran, rule};

/// Solaris 10 10/08 is update 6, the first with `zoneadm attach -u`.
const FIRST_UPDATE_WITH_ATTACH_U: u32 = 6;

rule! {
    code: "ZM106",
    name: "update-on-attach-unsupported",
    severity: Error,
    origin: "zoneadm attach -u availability (S10 10/08)",
    summary: "the software differs and the target's Solaris 10 update predates attach -u",
    explanation: "\
What it checks: when a native zone's inventory differs from the target's but nothing would
be downgraded (so the verdict would be \"update\"), whether the target can do attach -u at
all: the option appeared in Solaris 10 10/08 (update 6). The update comes from the target's
/etc/release (s10s_uNN... build tag).

Why it matters: on an older update, the only attach is the exact-match one, which fails.

How to fix: update the target to Solaris 10 10/08 or later, or pick a target whose software
matches the zone's exactly.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    let Some(native) = pair.native_software()? else {
        return Ok(Ran::NotApplicable);
    };
    if native.diff.is_empty() || !native.downgrades.is_empty() {
        return Ok(Ran::NotApplicable);
    }
    let release = Pair::need(&pair.target.release)?;
    if let Some(update) = release.s10_update
        && update < FIRST_UPDATE_WITH_ATTACH_U
    {
        out.push_with(
            format!(
                "the software differs, and attach -u needs Solaris 10 10/08 or later; the target is update {update}"
            ),
            release.line.clone(),
        );
    }
    Ok(Ran::Checked)
}
