//! ZM310: a delegated dataset must exist and be neither a volume nor contain one
//! (zoneadm check 19).

use crate::facts::zfs::DatasetKind;
use crate::rules::{Findings, NotRun, Pair, Ran, rule};

rule! {
    code: "ZM310",
    name: "dataset-invalid",
    severity: Error,
    scope: Pair,
    origin: "zoneadm attach check 19",
    summary: "a delegated dataset is missing on the target, or is or contains a volume",
    explanation: "\
What it checks: for every dataset resource, that the dataset exists in the target's ZFS
pools (zfs list) and that neither it nor any dataset below it is a volume (zvol).

Why it matters: zoneadm stops with \"could not verify zfs dataset ...: dataset does not
exist\" or \"... volumes cannot be specified as a zone dataset resource\". Delegated
datasets live in a pool that must move with the zone (zpool export/import, or
replication). Solaris also refuses an inherited mountpoint; zfs list does not show the
property's source, so zonescan does not check that.

How to fix: import or replicate the pool/dataset on the target before attaching; delegate
volumes with add device instead.",
    check: check,
}

fn check(pair: &Pair<'_>, out: &mut Findings) -> Result<Ran, NotRun> {
    if pair.manifest.datasets.is_empty() {
        return Ok(Ran::NotApplicable);
    }
    let list = Pair::need(&pair.target.zfs)?;
    for ds in &pair.manifest.datasets {
        let name = &ds.name;
        match list.datasets.get(name) {
            None => out.push(format!(
                "could not verify zfs dataset {name}: dataset does not exist"
            )),
            Some(d) if d.kind == DatasetKind::Volume => out.push(format!(
                "could not verify zfs dataset {name}: volumes cannot be specified as a zone dataset resource"
            )),
            Some(_) => {
                if let Some((child, _)) = list
                    .children(name)
                    .find(|(_, d)| d.kind == DatasetKind::Volume)
                {
                    out.push_with(
                        format!("could not verify zfs dataset {name}: volumes cannot be specified as a zone dataset resource"),
                        format!("{child} is a volume"),
                    );
                }
            }
        }
    }
    Ok(Ran::Checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    use crate::facts::zfs::DatasetKind;
    use crate::manifest::{DatasetRes, Filesystem};

    fn delegated(name: &str) -> crate::manifest::Manifest {
        let mut m = manifest();
        m.datasets = vec![DatasetRes {
            name: name.into(),
            alias: None,
        }];
        let _ = Filesystem::default();
        m
    }

    #[test]
    fn fires_on_missing_or_volume_or_volume_child() {
        let t = pool(&[
            ("tank/web01", DatasetKind::Filesystem, "/tank/web01"),
            ("tank/web01/swap", DatasetKind::Volume, "-"),
            ("tank/v", DatasetKind::Volume, "-"),
        ]);
        assert_eq!(
            messages(&RULE, &delegated("tank/x"), &t, None),
            vec!["could not verify zfs dataset tank/x: dataset does not exist"]
        );
        let vol = "could not verify zfs dataset tank/v: volumes cannot be specified as a zone dataset resource";
        assert_eq!(messages(&RULE, &delegated("tank/v"), &t, None), vec![vol]);
        assert_eq!(messages(&RULE, &delegated("tank/web01"), &t, None).len(), 1);
    }

    #[test]
    fn passes_on_plain_filesystem() {
        let t = pool(&[
            ("tank/web01", DatasetKind::Filesystem, "/tank/web01"),
            ("tank/web011/swap", DatasetKind::Volume, "-"),
        ]);
        assert!(messages(&RULE, &delegated("tank/web01"), &t, None).is_empty());
    }
}
